/**
 * Who may reach the web preview, decided from the request line and headers alone:
 * the `Host` must be the preview's own loopback origin (no DNS rebinding), the target an
 * origin-form path whose first segment is the per-run token. Total: any target, however
 * malformed, yields a status, never an exception.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface PreviewSite {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** `127.0.0.1:PORT`, the only `Host` answered. */
  host: string;
  token: string;
}

export type Admission =
  /** `path`: the decoded segments after the token (`[]` for `/<token>`, `['']` for `/<token>/`). */
  { ok: true; path: string[] } | { ok: false; status: 400 | 403; text: string };

export const TOKEN_REFUSAL = 'This Hark preview needs the link with its token.';

export function admit(
  request: { url?: string; headers: IncomingHttpHeaders },
  site: PreviewSite,
): Admission {
  if (request.headers.host !== site.host) {
    return { ok: false, status: 403, text: `This Hark preview answers only at ${site.origin}.` };
  }
  const target = request.url ?? '';
  // Origin-form only: absolute-form (`http://…`), `*` and garbage are a 400. The origin is
  // prefixed, never used as a base, so `//x` stays a path on this host (and lacks the token).
  if (!target.startsWith('/')) return badTarget();
  let pathname: string;
  try {
    const url = new URL(`${site.origin}${target}`);
    if (url.host !== site.host) return badTarget();
    pathname = url.pathname;
  } catch {
    return badTarget();
  }
  const [first, ...rest] = pathname.slice(1).split('/');
  if (first === undefined || !sameSecret(first, site.token)) return refuseToken();
  const path: string[] = [];
  for (const segment of rest) {
    try {
      path.push(decodeURIComponent(segment));
    } catch {
      return badTarget();
    }
  }
  return { ok: true, path };
}

function refuseToken(): Admission {
  return { ok: false, status: 403, text: TOKEN_REFUSAL };
}

function badTarget(): Admission {
  return { ok: false, status: 400, text: 'Bad request target.' };
}

function sameSecret(given: string, token: string): boolean {
  const left = Buffer.from(given);
  const right = Buffer.from(token);
  return left.length === right.length && timingSafeEqual(left, right);
}
