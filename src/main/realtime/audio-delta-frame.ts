/**
 * The fast path for audio deltas: an engine's audio event (`response.output_audio.delta`
 * for Realtime, `session.output_audio.delta` for GPT-Live) is ~1.3 KB of base64 behind
 * ~150 bytes of ids. `JSON.parse` of the whole frame scans and copies the base64 twice
 * (parse, then decode); here the base64 is cut out of the frame's bytes, decoded once into
 * a buffer of its own, and only the rest of the frame goes through the real JSON parser.
 *
 * It either gives exactly what the full parse gives (the same event, the same PCM) or
 * `null`, and the caller parses the frame in full. Accepted only: a frame that starts with
 * `{"type":"<type>"`; a flat object (no nested values); its last `"delta":"` key follows
 * `{` or `,`, holds canonical base64 of whole PCM16 samples (no escapes, length a multiple
 * of 4, decoding to exactly the bytes its length promises) and is the frame's last `delta`
 * key. Why that is enough: the bytes before the value are parsed as they are, so the value
 * is the `delta` key's; a later `delta` key would override it, so there must be none.
 */
import type { IncomingEvent } from './protocol';

export interface AudioDeltaFrameOptions {
  /** The engine's audio event type, e.g. `response.output_audio.delta`. */
  type: string;
  /** Drop deltas whose PCM is all zeros (GPT-Live sends silence between turns). */
  skipSilence?: boolean;
}

export type AudioDeltaRead =
  /** `event` is what `JSON.parse` gives; `pcm` its decoded delta, an ArrayBuffer of its own. */
  | { kind: 'audio'; event: AudioDeltaEvent; pcm: Buffer }
  /** All zeros and `skipSilence` asked for: nothing to forward. */
  | { kind: 'silence'; event: AudioDeltaEvent };

export interface AudioDeltaEvent extends IncomingEvent {
  delta: string;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const EQUALS = 0x3d;
const DELTA_KEY = Buffer.from('"delta":"', 'latin1');
const DELTA_NAME = Buffer.from('"delta"', 'latin1');
const ZEROS = Buffer.alloc(64 * 1024);

/** Options compiled once per connection: the frame prefix that marks the event. */
export class AudioDeltaFrameReader {
  private readonly prefix: Buffer;

  constructor(readonly options: AudioDeltaFrameOptions) {
    this.prefix = Buffer.from(`{"type":${JSON.stringify(options.type)}`, 'utf8');
  }

  /** The audio event read cheaply, or null: parse the frame in full. */
  read(frame: Buffer): AudioDeltaRead | null {
    const { prefix } = this;
    if (frame.byteLength <= prefix.byteLength) return null;
    if (frame.compare(prefix, 0, prefix.byteLength, 0, prefix.byteLength) !== 0) return null;
    const next = frame[prefix.byteLength];
    if (next !== COMMA && next !== 0x7d) return null; // `{"type":"x.delta_more"…` is another type
    const key = frame.lastIndexOf(DELTA_KEY);
    if (key <= 0) return null;
    const before = frame[key - 1];
    if (before !== COMMA && before !== OPEN_BRACE) return null;
    const start = key + DELTA_KEY.byteLength;
    const end = frame.indexOf(QUOTE, start);
    if (end < 0) return null;
    const length = end - start;
    if (length === 0 || length % 4 !== 0) return null;
    const escape = frame.indexOf(BACKSLASH, start);
    if (escape !== -1 && escape < end) return null;
    // Nothing after the value may be another `delta` key (plain, or spelled with escapes).
    if (frame.indexOf(DELTA_NAME, end) !== -1) return null;
    const afterEscape = frame.indexOf(BACKSLASH, end);
    if (afterEscape !== -1) return null;

    let rest: unknown;
    try {
      rest = JSON.parse(frame.toString('utf8', 0, start) + frame.toString('utf8', end));
    } catch {
      return null;
    }
    if (!isFlatEvent(rest) || rest.type !== this.options.type || rest.delta !== '') return null;

    const padding = (frame[end - 1] === EQUALS ? 1 : 0) + (frame[end - 2] === EQUALS ? 1 : 0);
    const bytes = (length / 4) * 3 - padding;
    if (bytes % 2 !== 0) return null; // half a sample: the full path warns about it
    const delta = frame.toString('latin1', start, end);
    // A buffer of its own (not a pool view): it crosses to the page as exactly the audio.
    const pcm = Buffer.allocUnsafeSlow(bytes);
    // Fewer bytes than promised: characters outside base64 were skipped, or padding inside.
    if (pcm.write(delta, 'base64') !== bytes) return null;
    const event = rest as AudioDeltaEvent;
    event.delta = delta;
    if (this.options.skipSilence && isAllZero(pcm)) return { kind: 'silence', event };
    return { kind: 'audio', event, pcm };
  }
}

function isFlatEvent(value: unknown): value is AudioDeltaEvent {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  for (const key in value) {
    const field = (value as Record<string, unknown>)[key];
    if (typeof field === 'object' && field !== null) return false;
  }
  return typeof (value as { type?: unknown }).type === 'string';
}

/** Every byte zero (memcmp against a zero page, not a JS loop). */
export function isAllZero(bytes: Uint8Array): boolean {
  for (let offset = 0; offset < bytes.byteLength; offset += ZEROS.byteLength) {
    const end = Math.min(bytes.byteLength, offset + ZEROS.byteLength);
    if (ZEROS.compare(bytes, offset, end, 0, end - offset) !== 0) return false;
  }
  return true;
}
