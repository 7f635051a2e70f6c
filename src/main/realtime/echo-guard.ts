import { rmsPcm16 } from '../../shared/audio/dsp';

/** Input quieter than this share of the reply's level, while the reply plays, is taken for echo. */
const ECHO_RATIO = 0.6;
/** Below this the input is room noise anyway. */
const NOISE_FLOOR = 0.01;
/** Echo lingers in rooms (and in the speaker's buffer) a little after playback ends. */
const TAIL_MS = 300;

/**
 * Hands-free without headphones: the assistant's voice comes back through the microphone
 * and the server's voice detection would take it for the user — the assistant interrupts
 * itself. While Hark's own reply is playing, input frames quieter than the reply are sent
 * as silence (timing kept); louder input — the user talking over it — passes untouched.
 */
export class EchoGuard {
  private replyRms = 0;
  private playingUntil = 0;
  suppressed = 0;

  /** The level of reply audio as it arrives (a running average of its loudness). */
  noteOutput(pcm: Uint8Array): void {
    const samples = new Int16Array(
      pcm.buffer.slice(pcm.byteOffset, pcm.byteOffset + (pcm.byteLength & ~1)),
    );
    const rms = rmsPcm16(samples);
    this.replyRms = this.replyRms === 0 ? rms : this.replyRms * 0.8 + rms * 0.2;
  }

  /** What the speaker still holds, from the renderer's playback reports. */
  notePlayback(bufferedMs: number, now: number): void {
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

  /** The frame to send: the input itself, or silence of the same length when it is echo. */
  filter(frame: Uint8Array, now: number): Uint8Array {
    if (!this.isPlaying(now)) return frame;
    const samples = new Int16Array(
      frame.buffer.slice(frame.byteOffset, frame.byteOffset + (frame.byteLength & ~1)),
    );
    const rms = rmsPcm16(samples);
    if (rms >= Math.max(NOISE_FLOOR, this.replyRms * ECHO_RATIO)) return frame;
    this.suppressed++;
    return new Uint8Array(frame.byteLength);
  }
}
