import { Emitter } from '../../../shared/emitter';
import type { InspectorEntry } from '../../../shared/assistant';
import { imagePlaceholder } from '../../../shared/image-attachment';
import { factsOfDataUrl } from '../look/image-check';

/** One event on the wire, as the link's tap reports it (unredacted, audio included). */
export interface WireEvent {
  direction: 'sent' | 'received';
  at: number;
  type: string;
  bytes: number;
  event: object;
}

/** Removes secrets from text (the realtime redaction module's `Redactor` fits). */
export interface TextRedactor {
  text(value: string): string;
}

export interface EventLogOptions {
  /** Entries kept; the oldest go first. */
  maxEntries?: number;
  /** Characters of JSON kept in all; the oldest go first. */
  maxChars?: number;
  /** One entry's JSON beyond this is cut (a huge session.update or item). */
  maxEntryChars?: number;
  redactor: TextRedactor;
}

/** Keys that carry base64 audio in Realtime events (input appends, output deltas, retrieved items). */
const AUDIO_KEYS = new Set(['audio', 'delta']);
/** Keys whose values are credentials whatever they look like (MCP tool config). */
const SECRET_KEYS = new Set(['authorization', 'api_key', 'api-key', 'headers', 'client_secret']);
const MIN_ELIDED_CHARS = 64;

interface EventLogEvents extends Record<string, unknown> {
  entry: InspectorEntry;
  cleared: undefined;
}

/**
 * The event inspector's memory: the last client and server events, each as JSON with
 * audio and image payloads elided and secrets redacted before it is stored — so neither the panel,
 * nor an exported file, nor a screenshot can carry the key or minutes of audio.
 * Bounded by count and by characters.
 */
export class EventLog extends Emitter<EventLogEvents> {
  private entries: InspectorEntry[] = [];
  private chars = 0;
  private seq = 0;
  private readonly maxEntries: number;
  private readonly maxChars: number;
  private readonly maxEntryChars: number;

  constructor(private readonly options: EventLogOptions) {
    super();
    this.maxEntries = options.maxEntries ?? 1_000;
    this.maxChars = options.maxChars ?? 2_000_000;
    this.maxEntryChars = options.maxEntryChars ?? 20_000;
  }

  /** Wire events waiting to be recorded (recordSoon), oldest first. */
  private pending: WireEvent[] = [];

  get size(): number {
    this.flush();
    return this.entries.length;
  }

  /**
   * Record `wire` once the current turn of the event loop is done: redacting and serializing
   * an event is work the reply's first audio, which may be next on the socket, need not wait
   * for. Anything that reads the log records what is pending first, in order. The event must
   * not change after it is handed over: the wire tap's rule (engine/link/wire-tap.ts).
   */
  recordSoon(wire: WireEvent): void {
    if (this.pending.push(wire) === 1) setImmediate(() => this.flush());
  }

  /** Record what recordSoon holds, now. */
  flush(): void {
    if (this.pending.length === 0) return;
    const waiting = this.pending;
    this.pending = [];
    for (const wire of waiting) this.add(wire);
  }

  /** Record `wire` now (after anything recordSoon holds). */
  record(wire: WireEvent): InspectorEntry {
    this.flush();
    return this.add(wire);
  }

  private add(wire: WireEvent): InspectorEntry {
    // Redacted value by value, then serialized: redacting the JSON text could break it.
    let json = safeJson(wire.event, (text) => this.options.redactor.text(text), this.maxEntryChars);
    if (json.length > this.maxEntryChars)
      json = `${json.slice(0, this.maxEntryChars)}… [${json.length - this.maxEntryChars} more characters not kept]`;
    const entry: InspectorEntry = {
      seq: ++this.seq,
      at: wire.at,
      direction: wire.direction,
      type: this.options.redactor.text(String(wire.type)).slice(0, 200),
      size: wire.bytes,
      json,
    };
    this.entries.push(entry);
    this.chars += json.length;
    while (
      this.entries.length > this.maxEntries ||
      (this.chars > this.maxChars && this.entries.length > 1)
    )
      this.chars -= this.entries.shift()!.json.length;
    this.emit('entry', entry);
    return entry;
  }

  /** Entries in order; `types` keeps only those (a type prefix such as "response." works too). */
  list(filter?: { types?: string[]; afterSeq?: number }): InspectorEntry[] {
    this.flush();
    const types = filter?.types?.filter(Boolean) ?? [];
    return this.entries.filter(
      (e) =>
        (filter?.afterSeq === undefined || e.seq > filter.afterSeq) &&
        (types.length === 0 ||
          types.some((t) => e.type === t || (t.endsWith('.') && e.type.startsWith(t)))),
    );
  }

  clear(): void {
    this.pending = [];
    this.entries = [];
    this.chars = 0;
    this.emit('cleared', undefined);
  }

  /** A file for a bug report: one JSON object per line, oldest first, with a header line. */
  export(appInfo: Record<string, string> = {}): string {
    this.flush();
    const header = JSON.stringify({
      hark_event_log: 1,
      exported_at: new Date().toISOString(),
      entries: this.entries.length,
      note: 'Audio and image payloads are elided and secrets redacted.',
      ...appInfo,
    });
    return [header, ...this.entries.map((e) => JSON.stringify(e))].join('\n') + '\n';
  }
}

/**
 * The event as JSON with audio replaced by its length and credential fields blanked; every
 * string (keys too) passed through `redact`, after being cut to what is left of `maxChars`
 * (the entry is cut there anyway: a huge frame costs no more than that to redact).
 */
export function safeJson(
  event: object,
  redact: (text: string) => string = (text) => text,
  maxChars = Number.POSITIVE_INFINITY,
): string {
  let room = maxChars;
  const cut = (text: string): string => {
    const kept = text.length <= room ? text : `${text.slice(0, Math.max(0, room))}… [cut]`;
    room -= text.length;
    return kept;
  };
  try {
    return JSON.stringify(event, function (key, value: unknown) {
      if (SECRET_KEYS.has(key.toLowerCase()) && value !== null && value !== undefined)
        return '[redacted]';
      if (
        AUDIO_KEYS.has(key) &&
        typeof value === 'string' &&
        value.length >= MIN_ELIDED_CHARS &&
        isAudioHolder(this)
      )
        return `[${value.length} base64 characters of audio elided, ≈${Math.round((value.length * 3) / 4 / 48)} ms]`;
      // An image (an input_image's data URL, wherever it appears) is logged by its facts only;
      // any data URL, however spelt (`DATA:Image/PNG`, leading spaces, no type), is elided.
      if (typeof value === 'string' && DATA_URL.test(value)) return elideImage(value);
      if (typeof value === 'string') return redact(cut(value));
      if (value !== null && typeof value === 'object' && !Array.isArray(value))
        return withRedactedKeys(value as Record<string, unknown>, redact);
      return value;
    });
  } catch (error) {
    return JSON.stringify({
      unserializable: error instanceof Error ? error.message : String(error),
    });
  }
}

/** A data URL as RFC 2397 spells it (the scheme and type in any case), before its comma. */
const DATA_URL = /^\s*data:[a-z0-9.+/-]*(;[^,]*)?,/i;

function elideImage(dataUrl: string): string {
  const facts = factsOfDataUrl(dataUrl);
  return facts
    ? imagePlaceholder(facts)
    : `[image of ${dataUrl.length} data-URL characters elided]`;
}

/** The object itself when no key needs redacting (the usual case), else a copy. */
function withRedactedKeys(
  value: Record<string, unknown>,
  redact: (text: string) => string,
): Record<string, unknown> {
  const keys = Object.keys(value);
  if (keys.every((key) => redact(key) === key)) return value;
  return Object.fromEntries(keys.map((key) => [redact(key), value[key]]));
}

/** A `delta` is audio only in an audio event; transcript deltas are text and stay. */
function isAudioHolder(holder: unknown): boolean {
  if (typeof holder !== 'object' || holder === null) return false;
  const type = (holder as { type?: unknown }).type;
  if (typeof type !== 'string') return true; // an item's content part: { audio: "…" }
  return (
    type === 'input_audio_buffer.append' ||
    type === 'response.output_audio.delta' ||
    type.endsWith('audio')
  );
}
