/**
 * The fast path for audio deltas: an engine's audio event (`response.output_audio.delta`
 * for Realtime, `session.output_audio.delta` for GPT-Live) is ~1.3 KB of base64 behind
 * ~150 bytes of ids. The ids are read from the frame's text (audio-delta-members.ts, or
 * `JSON.parse` of just them when they look unusual); the base64 is cut out and decoded once
 * into a shared slab (pcm-slab.ts): no ArrayBuffer of its own per delta, which costs more
 * than the decoding. Sinks that cross a process copy the view's bytes (port-scratch.ts).
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
import { DELTA_OPENING, readDeltaMembers } from './audio-delta-members';
import { latin1Text } from './buffer-codecs';
import { PcmSlab } from './pcm-slab';

export interface AudioDeltaFrameOptions {
  /** The engine's audio event type, e.g. `response.output_audio.delta`. */
  type: string;
  /** Drop deltas whose PCM is all zeros (GPT-Live sends silence between turns). */
  skipSilence?: boolean;
}

export type AudioDeltaRead =
  /** `event` is what `JSON.parse` gives; `pcm` its decoded delta (a view; never written to). */
  | { kind: 'audio'; event: AudioDeltaEvent; pcm: Buffer }
  /** All zeros and `skipSilence` asked for: nothing to forward. */
  | { kind: 'silence'; event: AudioDeltaEvent };

export interface AudioDeltaEvent extends IncomingEvent {
  delta: string;
}

const QUOTE = 0x22;
const CLOSE_BRACE = 0x7d;
const EQUALS = 0x3d;
const ZEROS = Buffer.alloc(64 * 1024);

/** Options compiled once per connection: the frame prefix that marks the event. */
export class AudioDeltaFrameReader {
  private readonly prefix: Buffer;
  private readonly slab = new PcmSlab();

  constructor(readonly options: AudioDeltaFrameOptions) {
    this.prefix = Buffer.from(`{"type":${JSON.stringify(options.type)}`, 'utf8');
  }

  /** The audio event read cheaply, or null: parse the frame in full. */
  read(frame: Buffer): AudioDeltaRead | null {
    const { prefix } = this;
    const size = frame.byteLength;
    if (size <= prefix.byteLength + DELTA_OPENING.length + 2) return null;
    if (frame.compare(prefix, 0, prefix.byteLength, 0, prefix.byteLength) !== 0) return null;
    // The delta comes last, as the service and the simulator send it: `…,"delta":"…"}`.
    if (frame[size - 1] !== CLOSE_BRACE || frame[size - 2] !== QUOTE) return null;
    // One character per byte: a multibyte character never passes for ASCII below.
    const text = latin1Text(frame, 0, size);
    let event: Record<string, unknown> | null = { type: this.options.type };
    let opening = readDeltaMembers(text, prefix.byteLength, event);
    if (opening < 0) {
      // Unusual members (another key or order, an escape…): parse just them, when "delta" is last.
      opening = text.lastIndexOf(DELTA_OPENING);
      event = opening < prefix.byteLength ? null : this.parseMembers(frame, opening);
      if (event === null) return null;
    }
    const deltaStart = opening + DELTA_OPENING.length;
    const deltaEnd = size - 2;
    const length = deltaEnd - deltaStart;
    if (length <= 0 || length % 4 !== 0) return null;
    // No scan for a quote or a backslash inside: neither is base64, and any character that
    // is not makes the decoder produce fewer bytes than the length promises (checked below),
    // so a value that does not run exactly to the closing quote never passes.
    const padding =
      (frame[deltaEnd - 1] === EQUALS ? 1 : 0) + (frame[deltaEnd - 2] === EQUALS ? 1 : 0);
    const bytes = (length / 4) * 3 - padding;
    if (bytes % 2 !== 0) return null; // half a sample: the full path warns about it
    const delta = text.slice(deltaStart, deltaEnd);
    const pcm = this.slab.decode(delta, bytes);
    if (pcm === null) return null;
    event.delta = delta;
    const read = event as unknown as AudioDeltaEvent;
    if (this.options.skipSilence && isAllZero(pcm)) return { kind: 'silence', event: read };
    return { kind: 'audio', event: read, pcm };
  }

  /**
   * The frame up to the delta, closed with `}`, through `JSON.parse`, into `event`. The
   * comma before `"delta"` ends the object only if it stands outside any string at the
   * top level, so there `"delta"` is the object's last key, the one JSON.parse keeps.
   */
  private parseMembers(frame: Buffer, membersEnd: number): Record<string, unknown> | null {
    let parsed: unknown;
    try {
      parsed = JSON.parse(`${frame.toString('utf8', 0, membersEnd)}}`);
    } catch {
      return null;
    }
    return isEvent(parsed) && parsed.type === this.options.type
      ? (parsed as unknown as Record<string, unknown>)
      : null;
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
