/**
 * The one redaction Hark applies where outside text enters it (close reasons, HTTP bodies,
 * error events, transcripts) and where it writes text out (logs, the doctor). It removes
 * the stored key in every form it was seen in (as entered, trimmed, URL-encoded), the values
 * of `Authorization` / `api-key`-style fields, `sk-…` / `ek_…`-shaped secrets, and secrets in
 * URLs (user info, query values, token-like path segments). Any run of `MIN_FRAGMENT`
 * characters of a known secret is removed too (a key quoted without its prefix, or in part),
 * and text longer than `MAX_REDACTED_CHARS` is cut before it is redacted, so one hostile
 * frame costs bounded time and memory. Structured output (JSON, URLs, Markdown) is redacted
 * value by value (`deep`), never as serialized text.
 */

export const KEY_REDACTED = '[API key redacted]';
export const REDACTED = '[redacted]';

/** Shorter "secrets" would redact ordinary words; no real key is this short. */
const MIN_SECRET_LENGTH = 4;
/** A key cut short at the end of a stream is redacted from this many characters on. */
const MIN_CUT_SECRET = 8;
/** A run of this many characters of a known secret is redacted wherever it appears. */
export const MIN_FRAGMENT = 12;
/**
 * Longer text is cut to this many characters before it is redacted (no server text Hark
 * shows, logs or exports is near it; audio deltas are never redacted as text).
 */
export const MAX_REDACTED_CHARS = 64 * 1024;
/** What one `deep` call redacts at most (characters, and strings/objects visited); the rest is cut. */
export const DEEP_BUDGET = { chars: 4 * MAX_REDACTED_CHARS, nodes: 20_000 };
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

/**
 * Secrets recognised by their shape, each by its fixed start: OpenAI keys (`sk-…`,
 * `sk-proj-…`, also masked echoes) and ephemeral client secrets (`ek_…`). A shape added
 * here is guarded by MIGHT_MATCH_A_PATTERN through its start.
 */
const SECRET_SHAPE_STARTS = ['sk-', 'ek_'] as const;
const SECRET_SHAPES = SECRET_SHAPE_STARTS.map(
  (start) => new RegExp(`\\b${start}[A-Za-z0-9_\\-*.]{6,}`, 'g'),
);
/** `Authorization: Bearer x`, `"authorization":"x"`, `Proxy-Authorization=Basic x`. */
const AUTH_HEADER =
  /\b((?:proxy-)?authorization)(["']?\s*[:=]\s*["']?)(?:(bearer|basic|token)\s+)?([^\s"',;&]+)/gi;
/** `api-key: x`, `"api_key": "x"`, `access_token=x`, `password=x`, `token: x`. */
const KEY_FIELD =
  /\b(x-api-key|api[-_ ]?key|access[-_]?token|auth[-_]?token|refresh[-_]?token|client[-_]?secret|secret|password|token|sig|signature)(["']?\s*[:=]\s*["']?)([^\s"',;&<>]+)/gi;
const URL_IN_TEXT = /\b(?:wss?|https?):\/\/[^\s"'<>`\\]+/gi;
/** Every pattern `Redactor.text` runs; a new one goes here too (its test checks the guard). */
export const TEXT_PATTERNS: readonly RegExp[] = [
  URL_IN_TEXT,
  AUTH_HEADER,
  KEY_FIELD,
  ...SECRET_SHAPES,
];
/**
 * What every pattern in TEXT_PATTERNS needs: a `:` or `=` (a URL's scheme, a field's
 * separator) or a shape's start. Text without any is left as the literal and fragment
 * checks leave it, without running the patterns.
 */
export const MIGHT_MATCH_A_PATTERN = new RegExp(`[:=]|${SECRET_SHAPE_STARTS.join('|')}`);
/** A path segment that reads like a credential: long, with both letters and digits. */
const TOKEN_SEGMENT = /^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_\-.~%+=]{16,}$/;

/**
 * The longest secret-like run a stream holds back waiting for its end: a key (at most 512
 * characters) with its field name and "Bearer ", or a URL. Longer runs are let through,
 * redacted as they stand.
 */
export const MAX_HELD_SECRET = 1024;

/** Every proper or full prefix of each word, as one alternation (longest first). */
function prefixesOf(words: string[]): string {
  const all = new Set<string>();
  for (const word of words) for (let n = 1; n <= word.length; n++) all.add(word.slice(0, n));
  return [...all]
    .sort((a, b) => b.length - a.length)
    .map((p) => p.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&'))
    .join('|');
}

const FIELD_NAMES = [
  ...['api', 'access', 'auth', 'refresh', 'client'].flatMap((head) => {
    const tail = { api: 'key', access: 'token', auth: 'token', refresh: 'token', client: 'secret' }[
      head
    ]!;
    return ['-', '_', ' ', ''].map((joint) => `${head}${joint}${tail}`);
  }),
  'x-api-key',
  'secret',
  'password',
  'token',
  'sig',
  'signature',
  'authorization',
  'proxy-authorization',
];
const FIELD_NAME = FIELD_NAMES.map((n) => n.replace(/-/g, '\\-')).join('|');

/**
 * A suffix that could still grow into something the redaction removes: part of a field name,
 * a field name with its separator and a value so far, `sk-` / `ek_` and what follows, or a
 * URL so far. Anchored at the end; `exec` finds the earliest start.
 */
const PARTIAL_SECRET_AT_END = new RegExp(
  [
    `\\b(?:${prefixesOf(FIELD_NAMES)})$`,
    `\\b(?:${FIELD_NAME})["']?\\s*(?:[:=]\\s*["']?(?:(?:bearer|basic|token)\\s+)?[^\\s"',;&]*)?$`,
    `\\b(?:s|sk|sk-[A-Za-z0-9_\\-*.]*|e|ek|ek_[A-Za-z0-9_\\-*.]*)$`,
    `\\b(?:${prefixesOf(['ws://', 'wss://', 'http://', 'https://'])}|(?:wss?|https?):\\/\\/[^\\s"'<>\`]*)$`,
  ].join('|'),
  'i',
);

/** The forms in which a secret can come back: as entered, trimmed, URL-encoded, without "Bearer ". */
export function secretVariants(secret: string | null | undefined): string[] {
  if (!secret) return [];
  const trimmed = secret.trim();
  const bare = trimmed.replace(/^(?:bearer|basic)\s+/i, '');
  const forms = new Set([secret, trimmed, bare, encodeURIComponent(bare)]);
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}

/** `text` cut to `MAX_REDACTED_CHARS`, saying how much was cut. */
export function capText(text: string): string {
  return text.length > MAX_REDACTED_CHARS
    ? `${text.slice(0, MAX_REDACTED_CHARS)}… [${text.length - MAX_REDACTED_CHARS} characters cut]`
    : text;
}

export class Redactor {
  /** Longest first, so a secret that contains another is replaced whole. */
  private readonly literals: string[];
  /** Every `MIN_FRAGMENT`-character substring of every secret at least that long. */
  private readonly fragments = new Set<string>();
  /** Which UTF-16 code units occur in those secrets: only runs of them can hold a fragment. */
  private alphabet: Uint8Array | null = null;

  constructor(secrets: Iterable<string | null | undefined> = []) {
    const all = new Set<string>();
    for (const secret of secrets) for (const form of secretVariants(secret)) all.add(form);
    this.literals = [...all].sort((a, b) => b.length - a.length);
    for (const literal of this.literals) {
      if (literal.length < MIN_FRAGMENT) continue;
      this.alphabet ??= new Uint8Array(0x10000);
      for (let i = 0; i + MIN_FRAGMENT <= literal.length; i++)
        this.fragments.add(literal.slice(i, i + MIN_FRAGMENT));
      for (let i = 0; i < literal.length; i++) this.alphabet[literal.charCodeAt(i)] = 1;
    }
  }

  /**
   * `value` with every run of `MIN_FRAGMENT` or more characters of a known secret replaced.
   * `before` is text already passed on just ahead of `value` (the end of the same stream):
   * a run that starts there and continues here is caught, and only its part in `value` is
   * replaced (what went out stays under `MIN_FRAGMENT` characters).
   */
  fragmentsRedacted(value: string, before = ''): string {
    const alphabet = this.alphabet;
    if (!alphabet) return value;
    const carry = before.slice(-(MIN_FRAGMENT - 1));
    const joined = carry ? carry + value : value;
    if (joined.length < MIN_FRAGMENT) return value;
    const spans: [number, number][] = [];
    let runStart = -1;
    for (let at = 0; at <= joined.length; at++) {
      if (at < joined.length && alphabet[joined.charCodeAt(at)] === 1) {
        if (runStart < 0) runStart = at;
        continue;
      }
      if (runStart >= 0 && at - runStart >= MIN_FRAGMENT)
        for (let i = runStart; i + MIN_FRAGMENT <= at; i++) {
          if (!this.fragments.has(joined.slice(i, i + MIN_FRAGMENT))) continue;
          const from = Math.max(i, carry.length);
          const to = i + MIN_FRAGMENT;
          const last = spans[spans.length - 1];
          if (last && from <= last[1]) last[1] = Math.max(last[1], to);
          else spans.push([from, to]);
        }
      runStart = -1;
    }
    if (spans.length === 0) return value;
    let out = '';
    let at = carry.length;
    for (const [from, to] of spans) {
      out += joined.slice(at, from) + KEY_REDACTED;
      at = to;
    }
    return out + joined.slice(at);
  }

  /**
   * Where the end of `text` could be the start of a secret that is not complete yet (a key,
   * a `sk-…`, an `Authorization: Bearer` or `token=` value, a URL), as the index of the
   * earliest such start; `text.length` when no suffix could be. Looks at the last
   * `MAX_HELD_SECRET` characters only. Streamed deltas hold this tail back (delta-redaction.ts).
   */
  secretTailStart(text: string): number {
    const from = Math.max(0, text.length - MAX_HELD_SECRET);
    let start = text.length;
    for (const literal of this.literals) {
      // A proper prefix of the literal at the end: only its first character can begin one.
      let i = text.indexOf(literal[0]!, Math.max(from, text.length - literal.length + 1));
      while (i !== -1 && i < start) {
        if (literal.startsWith(text.slice(i))) {
          start = i;
          break;
        }
        i = text.indexOf(literal[0]!, i + 1);
      }
    }
    const window = from > 0 ? text.slice(from) : text;
    const partial = PARTIAL_SECRET_AT_END.exec(window);
    if (partial) start = Math.min(start, from + partial.index);
    return start;
  }

  /**
   * The text of a stream that ended: redacted, and a key cut short at its very end (a proper
   * prefix of at least `MIN_CUT_SECRET` characters, no whole key to match) replaced too.
   */
  finalText(value: string): string {
    for (const literal of this.literals) {
      for (let n = Math.min(literal.length - 1, value.length); n >= MIN_CUT_SECRET; n--) {
        if (value.endsWith(literal.slice(0, n)))
          return `${this.text(value.slice(0, value.length - n))}${KEY_REDACTED}`;
      }
    }
    return this.text(value);
  }

  /**
   * How the beginning of a stream relates to the end of a known secret — the rest of a key
   * whose start went out in another stream (another content part, item or type): the length
   * of the longest such beginning of at least `MIN_CUT_SECRET` characters (0: none), or
   * `'undecided'` while the text so far could still grow into one.
   */
  secretHeadCut(text: string): number | 'undecided' {
    if (!text) return 'undecided';
    let cut = 0;
    let undecided = false;
    for (const literal of this.literals) {
      for (let k = 1; literal.length - k >= MIN_CUT_SECRET; k++) {
        const suffix = literal.slice(k);
        if (suffix.length > cut && text.startsWith(suffix)) cut = suffix.length;
        else if (suffix.length > text.length && suffix.startsWith(text)) undecided = true;
      }
    }
    return undecided && cut === 0 ? 'undecided' : cut;
  }

  /** `value` with a beginning that ends a known secret replaced (see secretHeadCut). */
  headText(value: string): string {
    const cut = this.secretHeadCut(value);
    if (cut === 'undecided') return value.length >= MIN_CUT_SECRET ? KEY_REDACTED : value;
    return cut > 0 ? `${KEY_REDACTED}${value.slice(cut)}` : value;
  }

  /** A redactor that also knows these secrets. */
  with(...secrets: (string | null | undefined)[]): Redactor {
    return new Redactor([...this.literals, ...secrets]);
  }

  /**
   * Plain text redacted (cut to `MAX_REDACTED_CHARS` first). `before`: what went out just
   * ahead of it in the same stream (see fragmentsRedacted). Not for serialized JSON, URLs
   * or Markdown: redact their values (`deep`), then serialize.
   */
  text(value: string, before = ''): string {
    let out = capText(value);
    for (const literal of this.literals) {
      if (out.includes(literal)) out = out.split(literal).join(KEY_REDACTED);
    }
    out = this.fragmentsRedacted(out, before);
    // Most server text (ids, keys, words) has none of what the patterns below need: skip them.
    if (!MIGHT_MATCH_A_PATTERN.test(out)) return out;
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

  /**
   * A copy of a JSON-like value with every string redacted (keys too). Bounded per call
   * (DEEP_BUDGET): past it strings are cut and further values replaced, so a hostile frame
   * cannot make redaction take seconds or gigabytes.
   */
  deep<T>(value: T): T {
    return this.walk(value, 0, { ...DEEP_BUDGET }) as T;
  }

  private walk(value: unknown, depth: number, budget: { chars: number; nodes: number }): unknown {
    if (value === null || (typeof value !== 'object' && typeof value !== 'string')) return value;
    if (--budget.nodes < 0 || depth >= MAX_DEPTH) return REDACTED;
    if (typeof value === 'string') {
      const room = Math.max(0, budget.chars);
      budget.chars -= value.length;
      return value.length <= room
        ? this.text(value)
        : `${this.text(value.slice(0, room))}… [${value.length - room} characters cut]`;
    }
    if (Array.isArray(value)) return value.map((item) => this.walk(item, depth + 1, budget));
    if (ArrayBuffer.isView(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[this.text(key)] = this.walk(item, depth + 1, budget);
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
