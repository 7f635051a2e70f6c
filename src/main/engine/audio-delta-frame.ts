/**
 * The fast path for audio deltas: an engine's audio event (`response.output_audio.delta`
 * for Realtime, `session.output_audio.delta` for GPT-Live) is ~1.3 KB of base64 behind
 * ~150 bytes of ids. Only the ids go through `JSON.parse`; the base64 is cut out of the
 * frame's bytes and decoded once into a buffer of its own.
 *
 * It either gives exactly what `JSON.parse` of the whole frame gives (the same event, the
 * same PCM) or `null`, and the caller parses the frame in full. Accepted: a frame that
 * starts with `{"type":"<type>"` and ends with `,"delta":"<base64>"}`, the base64 without
 * quotes or backslashes, canonical (length a multiple of 4, decoding to exactly the bytes
 * its length promises) and whole PCM16 samples. Why the result is the full parse's: the
 * frame minus its last member, closed with `}`, parses only if that comma stands outside
 * any string at the object's top level, so `"delta"` there is the object's last key (the
 * one JSON.parse keeps); its value runs to the closing quote as read here.
 */
import type { IncomingEvent } from '../realtime/protocol';

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
const CLOSE_BRACE = 0x7d;
const EQUALS = 0x3d;
const DELTA_KEY = Buffer.from('"delta":"', 'latin1');
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
    const size = frame.byteLength;
    if (size <= prefix.byteLength + DELTA_KEY.byteLength + 2) return null;
    if (frame.compare(prefix, 0, prefix.byteLength, 0, prefix.byteLength) !== 0) return null;
    // The delta comes last, as the service and the simulator send it: `…,"delta":"…"}`.
    if (frame[size - 1] !== CLOSE_BRACE || frame[size - 2] !== QUOTE) return null;
    const key = frame.lastIndexOf(DELTA_KEY);
    if (key < 0 || frame[key - 1] !== COMMA) return null;
    const deltaStart = key + DELTA_KEY.byteLength;
    const deltaEnd = size - 2;
    const length = deltaEnd - deltaStart;
    if (length <= 0 || length % 4 !== 0) return null;
    if (frame.indexOf(QUOTE, deltaStart) !== deltaEnd) return null;
    const escape = frame.indexOf(BACKSLASH, deltaStart);
    if (escape !== -1) return null;
    let event: unknown;
    try {
      event = JSON.parse(`${frame.toString('utf8', 0, key - 1)}}`);
    } catch {
      return null;
    }
    if (!isEvent(event) || event.type !== this.options.type) return null;
    const padding =
      (frame[deltaEnd - 1] === EQUALS ? 1 : 0) + (frame[deltaEnd - 2] === EQUALS ? 1 : 0);
    const bytes = (length / 4) * 3 - padding;
    if (bytes % 2 !== 0) return null; // half a sample: the full path warns about it
    const delta = frame.toString('latin1', deltaStart, deltaEnd);
    // A buffer of its own (not a pool view): it crosses to the page as exactly the audio.
    const pcm = Buffer.allocUnsafeSlow(bytes);
    // Fewer bytes than promised: characters outside base64 were skipped, or padding inside.
    if (pcm.write(delta, 'base64') !== bytes) return null;
    event.delta = delta;
    if (this.options.skipSilence && isAllZero(pcm)) return { kind: 'silence', event };
    return { kind: 'audio', event, pcm };
  }
}

function isEvent(value: unknown): value is AudioDeltaEvent {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { type?: unknown }).type === 'string'
  );
}

/** Every byte zero (memcmp against a zero page, not a JS loop). */
export function isAllZero(bytes: Uint8Array): boolean {
  for (let offset = 0; offset < bytes.byteLength; offset += ZEROS.byteLength) {
    const end = Math.min(bytes.byteLength, offset + ZEROS.byteLength);
    if (ZEROS.compare(bytes, offset, end, 0, end - offset) !== 0) return false;
  }
  return true;
}
