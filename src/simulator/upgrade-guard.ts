import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Who may open a session on an embedded simulator. The standalone simulator is open to any
 * local client (documented); the one Hark embeds (app and web preview) admits only its own:
 * the first path segment must be a per-run secret, and a browser `Origin` must be one of
 * `allowedOrigins` (Node clients send none). So a web page the user visits cannot reach it.
 */
export interface UpgradeGuard {
  /** Random per run; the session URL is `/<pathSecret>/v1/realtime?…`. */
  pathSecret: string;
  /** Browser origins admitted besides "no Origin header" (e.g. the app's own `app://hark`). */
  allowedOrigins?: readonly string[];
}

export type Admission =
  | { ok: true; /** The request path with the secret removed, e.g. `/v1/realtime`. */ path: string }
  | { ok: false; status: 403; message: string };

const REFUSED = { ok: false, status: 403, message: 'Forbidden.' } as const;

/** Whether this upgrade may proceed, and the path it names once the secret is stripped. */
export function admitUpgrade(request: IncomingMessage, guard: UpgradeGuard | undefined): Admission {
  let url: URL;
  try {
    url = new URL(request.url ?? '/', 'http://127.0.0.1');
  } catch {
    return REFUSED;
  }
  if (!guard) return { ok: true, path: url.pathname };
  const origin = request.headers.origin;
  if (origin !== undefined && !(guard.allowedOrigins ?? []).includes(origin)) return REFUSED;
  const [, first = '', ...rest] = url.pathname.split('/');
  if (!sameSecret(first, guard.pathSecret)) return REFUSED;
  return { ok: true, path: `/${rest.join('/')}` };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && b.length > 0 && timingSafeEqual(a, b);
}

/** The plain HTTP answer to a refused upgrade (written on the raw socket, then closed). */
export function refusalResponse(status: number, message: string): string {
  const body = JSON.stringify({
    error: { message, type: 'invalid_request_error', code: 'forbidden' },
  });
  return (
    `HTTP/1.1 ${status} Forbidden\r\nConnection: close\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}
