import { SAMPLE_RATE } from '../../shared/audio/format';

/** Input quieter than this share of what the speaker is playing right now is taken for echo. */
const ECHO_RATIO = 0.6;
/** Below this the input is room noise anyway. */
const NOISE_FLOOR = 0.01;
/** Echo arrives late (output buffer, a Bluetooth speaker, the room): look this far back. */
const ECHO_DELAY_MS = 500;
/** …and this far ahead (playback reports come every ~40 ms). */
const LOOKAHEAD_MS = 100;
/** Echo lingers a little after playback ends. */
const TAIL_MS = 300;
const BLOCK_MS = 20;
const BLOCK_BYTES = (SAMPLE_RATE * BLOCK_MS * 2) / 1000;
/** Ten minutes of levels per reply at most. */
const MAX_BLOCKS = (10 * 60 * 1000) / BLOCK_MS;

/**
 * Hands-free without headphones: the assistant's voice comes back through the microphone
 * and the server's voice detection would take it for the user — the assistant interrupts
 * itself. Hark knows what the speaker is playing at each moment (the reply's audio and the
 * playback position), so while it plays, input frames quieter than the reply at that point
 * are sent as silence (timing kept); the user talking over it, louder, passes untouched.
 */
export class EchoGuard {
  private itemId: string | null = null;
  /** The reply's loudness per 20 ms block, from its start. */
  private levels: number[] = [];
  private pending = new Uint8Array(0);
  private playedMs = 0;
  private reportedAt = 0;
  private playingUntil = 0;
  suppressed = 0;

  /**
   * Reply audio as it arrives (it plays later, at the reported position). Levels are read
   * in place; only a partial block (< 20 ms) is kept between deltas.
   */
  noteOutput(itemId: string, pcm: Uint8Array): void {
    if (itemId !== this.itemId) {
      this.itemId = itemId;
      this.levels = [];
      this.pending = new Uint8Array(0);
    }
    let offset = 0;
    if (this.pending.length > 0) {
      const missing = BLOCK_BYTES - this.pending.length;
      const block = new Uint8Array(this.pending.length + Math.min(missing, pcm.byteLength));
      block.set(this.pending);
      block.set(pcm.subarray(0, block.length - this.pending.length), this.pending.length);
      if (block.length < BLOCK_BYTES) {
        this.pending = block;
        return;
      }
      this.addLevel(block);
      offset = missing;
    }
    for (; offset + BLOCK_BYTES <= pcm.byteLength; offset += BLOCK_BYTES) {
      this.addLevel(pcm.subarray(offset, offset + BLOCK_BYTES));
    }
    this.pending = pcm.slice(offset);
  }

  private addLevel(block: Uint8Array): void {
    if (this.levels.length < MAX_BLOCKS) this.levels.push(rmsOfPcm16Bytes(block));
  }

  /** Where the speaker is in the reply, from the renderer's playback reports. */
  notePlayback(itemId: string, playedMs: number, bufferedMs: number, now: number): void {
    if (itemId !== this.itemId) return;
    this.playedMs = playedMs;
    this.reportedAt = now;
    this.playingUntil =
      bufferedMs > 0 ? now + bufferedMs + TAIL_MS : Math.min(this.playingUntil, now + TAIL_MS);
  }

  /** Playback was stopped (barge-in): nothing more is coming out of the speaker. */
  stopped(now: number): void {
    this.playingUntil = now;
  }

  isPlaying(now: number): boolean {
    return now < this.playingUntil;
  }

  /** How loud the speaker is around now, allowing for the echo's delay. */
  outputLevelAt(now: number): number {
    const position = this.playedMs + Math.max(0, now - this.reportedAt);
    const from = Math.max(0, Math.floor((position - ECHO_DELAY_MS) / BLOCK_MS));
    const to = Math.min(this.levels.length - 1, Math.floor((position + LOOKAHEAD_MS) / BLOCK_MS));
    let level = 0;
    for (let i = from; i <= to; i++) level = Math.max(level, this.levels[i]!);
    return level;
  }

  /** The frame to send: the input itself, or silence of the same length when it is echo. */
  filter(frame: Uint8Array, now: number): Uint8Array {
    if (!this.isPlaying(now)) return frame;
    if (rmsOfPcm16Bytes(frame) >= Math.max(NOISE_FLOOR, this.outputLevelAt(now) * ECHO_RATIO))
      return frame;
    this.suppressed++;
    return new Uint8Array(frame.byteLength);
  }
}

/** RMS level (0..1) of little-endian PCM16 bytes, read in place (no copy, any alignment). */
export function rmsOfPcm16Bytes(bytes: Uint8Array): number {
  const samples = bytes.byteLength >> 1;
  if (samples === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples * 2; i += 2) {
    const s = ((bytes[i]! | (bytes[i + 1]! << 8)) << 16) >> 16;
    sum += s * s;
  }
  return Math.sqrt(sum / samples) / 32768;
}
