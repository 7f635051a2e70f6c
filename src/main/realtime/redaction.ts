/**
 * The one redaction Hark applies where outside text enters it (close reasons, HTTP bodies,
 * error events, transcripts) and where it writes text out (logs, the doctor). It removes
 * the stored key in every form it was seen in (as entered, trimmed, URL-encoded), the values
 * of `Authorization` / `api-key`-style fields, `sk-…` / `ek_…`-shaped secrets, and secrets in
 * URLs (user info, query values, token-like path segments).
 */

export const KEY_REDACTED = '[API key redacted]';
export const REDACTED = '[redacted]';

/** Shorter "secrets" would redact ordinary words; no real key is this short. */
const MIN_SECRET_LENGTH = 4;
/** Deeper than any event Hark reads; stops a hostile structure from recursing forever. */
const MAX_DEPTH = 32;
/** Query parameters whose values are configuration, not credentials. */
const PUBLIC_QUERY_PARAMS = new Set([
  'model',
  'deployment',
  'api-version',
  'api_version',
  'intent',
]);

const SECRET_SHAPES = [
  /\bsk-[A-Za-z0-9_\-*.]{6,}/g, // OpenAI keys (sk-…, sk-proj-…), also masked echoes
  /\bek_[A-Za-z0-9_\-*.]{6,}/g, // ephemeral client secrets
];
/** `Authorization: Bearer x`, `"authorization":"x"`, `Proxy-Authorization=Basic x`. */
const AUTH_HEADER =
  /\b((?:proxy-)?authorization)(["']?\s*[:=]\s*["']?)(?:(bearer|basic|token)\s+)?([^\s"',;&]+)/gi;
/** `api-key: x`, `"api_key": "x"`, `access_token=x`, `password=x`, `token: x`. */
const KEY_FIELD =
  /\b(x-api-key|api[-_ ]?key|access[-_]?token|auth[-_]?token|refresh[-_]?token|client[-_]?secret|secret|password|token|sig|signature)(["']?\s*[:=]\s*["']?)([^\s"',;&<>]+)/gi;
const URL_IN_TEXT = /\b(?:wss?|https?):\/\/[^\s"'<>`]+/gi;
/** A path segment that reads like a credential: long, with both letters and digits. */
const TOKEN_SEGMENT = /^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_\-.~%+=]{16,}$/;

/** The forms in which a secret can come back: as entered, trimmed, URL-encoded, without "Bearer ". */
export function secretVariants(secret: string | null | undefined): string[] {
  if (!secret) return [];
  const trimmed = secret.trim();
  const bare = trimmed.replace(/^(?:bearer|basic)\s+/i, '');
  const forms = new Set([secret, trimmed, bare, encodeURIComponent(bare)]);
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}

export class Redactor {
  /** Longest first, so a secret that contains another is replaced whole. */
  private readonly literals: string[];

  constructor(secrets: Iterable<string | null | undefined> = []) {
    const all = new Set<string>();
    for (const secret of secrets) for (const form of secretVariants(secret)) all.add(form);
    this.literals = [...all].sort((a, b) => b.length - a.length);
  }

  /** A redactor that also knows these secrets. */
  with(...secrets: (string | null | undefined)[]): Redactor {
    return new Redactor([...this.literals, ...secrets]);
  }

  text(value: string): string {
    let out = value;
    for (const literal of this.literals) {
      if (out.includes(literal)) out = out.split(literal).join(KEY_REDACTED);
    }
    out = out.replace(URL_IN_TEXT, (url) => redactUrl(url));
    out = out.replace(
      AUTH_HEADER,
      (_m, name: string, sep: string, scheme: string | undefined) =>
        `${name}${sep}${scheme ? `${scheme} ` : ''}${REDACTED}`,
    );
    out = out.replace(KEY_FIELD, (match, name: string, sep: string, value: string) =>
      value === REDACTED || value === KEY_REDACTED || value.startsWith('[')
        ? match
        : `${name}${sep}${REDACTED}`,
    );
    for (const shape of SECRET_SHAPES) out = out.replace(shape, REDACTED);
    return out;
  }

  /** A copy of a JSON-like value with every string redacted (keys too). */
  deep<T>(value: T): T {
    return this.walk(value, 0) as T;
  }

  private walk(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return this.text(value);
    if (value === null || typeof value !== 'object') return value;
    if (depth >= MAX_DEPTH) return REDACTED;
    if (Array.isArray(value)) return value.map((item) => this.walk(item, depth + 1));
    if (ArrayBuffer.isView(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[this.text(key)] = this.walk(item, depth + 1);
    }
    return out;
  }
}

/** Redaction by shape alone (no known key): logs and text whose key is unknown. */
export const shapeRedactor = new Redactor();

export function redactText(text: string, ...secrets: (string | null | undefined)[]): string {
  return (secrets.length ? new Redactor(secrets) : shapeRedactor).text(text);
}

/**
 * A URL safe to show: user info dropped, query values other than configuration (model,
 * deployment, api-version) replaced, token-like path segments replaced, fragment dropped.
 * Text that does not parse is cut to its scheme and host-looking part.
 */
export function redactUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    const head = /^([a-z][a-z0-9+.-]*:\/\/)?([^/?#@\s]*@)?([^/?#\s]*)/i.exec(raw);
    return head
      ? `${head[1] ?? ''}${head[3] ?? ''}${raw.length > (head[0]?.length ?? 0) ? `/${REDACTED}` : ''}`
      : REDACTED;
  }
  const userInfo = url.username || url.password ? `${REDACTED}@` : '';
  const path =
    url.pathname === '/' && !/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*\//i.test(raw)
      ? '' // "http://proxy:3128" stays as written
      : url.pathname
          .split('/')
          .map((segment) => (isSecretSegment(segment) ? REDACTED : segment))
          .join('/');
  const query = [...url.searchParams.entries()]
    .map(([name, value]) =>
      PUBLIC_QUERY_PARAMS.has(name.toLowerCase()) && !isSecretSegment(value)
        ? `${encodeURIComponent(name)}=${encodeURIComponent(value)}`
        : `${encodeURIComponent(name)}=${REDACTED}`,
    )
    .join('&');
  return `${url.protocol}//${userInfo}${url.host}${path}${query ? `?${query}` : ''}`;
}

function isSecretSegment(segment: string): boolean {
  let decoded = segment;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    // keep it encoded: still judged by its shape
  }
  return (
    TOKEN_SEGMENT.test(decoded) ||
    SECRET_SHAPES.some((shape) => new RegExp(shape.source).test(decoded))
  );
}

/**
 * The secrets an endpoint carries: its credential headers and whatever in its URL could be
 * a credential (user info, non-configuration query values, token-like path segments).
 */
export function endpointSecrets(endpoint: {
  url: string;
  headers: Record<string, string>;
}): string[] {
  const secrets: string[] = [];
  for (const [name, value] of Object.entries(endpoint.headers)) {
    if (/^(authorization|api-key|x-api-key|proxy-authorization)$/i.test(name)) secrets.push(value);
  }
  try {
    const url = new URL(endpoint.url);
    if (url.password) secrets.push(decodeSafely(url.password));
    if (url.username) secrets.push(decodeSafely(url.username));
    for (const [name, value] of url.searchParams) {
      if (!PUBLIC_QUERY_PARAMS.has(name.toLowerCase())) secrets.push(value);
    }
    for (const segment of url.pathname.split('/')) {
      if (isSecretSegment(segment)) secrets.push(decodeSafely(segment), segment);
    }
  } catch {
    // An endpoint URL that does not parse never opened a socket either.
  }
  return secrets;
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
