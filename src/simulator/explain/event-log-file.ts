import { renameSync, writeFileSync } from 'node:fs';

/**
 * An event log a developer can attach to a bug report, in the format of Hark's inspector
 * export (`hark_event_log: 1`: a header line, then one JSON object per event with seq, at,
 * direction, type, size and json). Audio is elided and secrets are blanked before anything is
 * kept. Bounded; written whole (through a temporary file) at most once a second and on close.
 */
const AUDIO_KEYS = new Set(['audio', 'delta']);
const SECRET_KEYS = new Set(['authorization', 'api_key', 'api-key', 'headers', 'client_secret']);
/** Text that looks like an OpenAI key or a bearer token anywhere in a value. */
const SECRET_TEXT = /\b(sk-[A-Za-z0-9_-]{8,}|Bearer\s+[A-Za-z0-9._~+/-]{8,})/g;
const MAX_ENTRIES = 5_000;
const MAX_ENTRY_CHARS = 20_000;

export interface LoggedEntry {
  seq: number;
  at: number;
  direction: 'sent' | 'received';
  type: string;
  size: number;
  json: string;
  connection: number;
}

export class EventLogFile {
  private entries: LoggedEntry[] = [];
  private seq = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly path: string,
    private readonly about: Record<string, string>,
  ) {}

  /** `direction` is the client's: what the client sent, what it received. */
  record(
    connection: number,
    direction: 'sent' | 'received',
    text: string,
    isBinary: boolean,
  ): void {
    let json: string;
    let type: string;
    try {
      const event = JSON.parse(text) as unknown;
      json = elided(event);
      type =
        typeof (event as { type?: unknown })?.type === 'string'
          ? (event as { type: string }).type
          : '(no type)';
    } catch {
      json = JSON.stringify({ unparsed: `${text.length} characters that are not JSON` });
      type = '(not JSON)';
    }
    if (isBinary) type = `${type} [BINARY message]`;
    if (json.length > MAX_ENTRY_CHARS)
      json = `${json.slice(0, MAX_ENTRY_CHARS)}… [${json.length - MAX_ENTRY_CHARS} more characters not kept]`;
    this.entries.push({
      seq: ++this.seq,
      at: Date.now(),
      direction,
      type: type.replace(SECRET_TEXT, '[redacted]').slice(0, 200),
      size: Buffer.byteLength(text),
      json,
      connection,
    });
    if (this.entries.length > MAX_ENTRIES) this.entries.shift();
    this.timer ??= setTimeout(() => this.flush(), 1_000);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const header = JSON.stringify({
      hark_event_log: 1,
      exported_at: new Date().toISOString(),
      entries: this.entries.length,
      note: 'Audio and image payloads are elided and secrets redacted.',
      ...this.about,
    });
    const body = [header, ...this.entries.map((e) => JSON.stringify(e))].join('\n') + '\n';
    const temporary = `${this.path}.partial`;
    writeFileSync(temporary, body, { mode: 0o600 });
    renameSync(temporary, this.path);
  }
}

/** A data URL as RFC 2397 spells it (the scheme and type in any case), before its comma. */
const DATA_URL = /^\s*data:[a-z0-9.+/-]*(;[^,]*)?,/i;

/** The event as JSON with audio replaced by its length and credentials blanked, on values. */
function elided(event: unknown): string {
  return JSON.stringify(event, function (key, value: unknown) {
    if (SECRET_KEYS.has(key.toLowerCase()) && value !== null && value !== undefined)
      return '[redacted]';
    if (typeof value !== 'string') return value;
    // An input_image's data URL: its length only (the bytes are the user's screen or photo),
    // however spelt (`DATA:Image/PNG`, leading spaces, no type): logged before it is checked.
    if (DATA_URL.test(value)) return `[image data URL of ${value.length} characters elided]`;
    if (AUDIO_KEYS.has(key) && value.length >= 64 && isAudioHolder(this))
      return `[${value.length} base64 characters of audio elided, ≈${Math.round((value.length * 3) / 4 / 48)} ms]`;
    return value.replace(SECRET_TEXT, '[redacted]');
  });
}

function isAudioHolder(holder: unknown): boolean {
  if (typeof holder !== 'object' || holder === null) return false;
  const type = (holder as { type?: unknown }).type;
  if (typeof type !== 'string') return true;
  return type.endsWith('.append') || type.endsWith('audio.delta') || type.endsWith('audio');
}
