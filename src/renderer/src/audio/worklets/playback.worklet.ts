/**
 * Playback: a long-lived node around PlaybackRing (PCM16 → float at 24 kHz, adaptive
 * prebuffer, played-sample count per item). Bursts of deltas queue up instead of
 * speeding up; an underrun pauses, it never tears the node down.
 */
import { PlaybackRing, type PlaybackProgress } from '../playback-ring';
import { ReportSchedule } from '../report-schedule';
import { HoldFade } from '../hold-fade';

export type PlaybackCommand =
  | { type: 'push'; itemId: string; pcm: ArrayBuffer }
  /** No more audio is coming for now: play out the tail without waiting for a prebuffer. */
  | { type: 'end' }
  /** Silence at once (barge-in). */
  | { type: 'clear' }
  /** Fade out and keep the place (true), or fade back in from it (false). */
  | { type: 'hold'; held: boolean };

export type PlaybackProgressMessage = {
  type: 'progress';
  /** Context frame at the end of the quantum just rendered. */
  frame: number;
  /** Wall clock (ms) when it was rendered: how stale the report is when it arrives. */
  sentAt: number;
} & PlaybackProgress;

const PROGRESS_EVERY_QUANTA = 8; // ≈ 43 ms at 24 kHz, while audio plays

class PlaybackProcessor extends AudioWorkletProcessor {
  private readonly ring = new PlaybackRing({ sampleRate });
  private readonly schedule = new ReportSchedule(PROGRESS_EVERY_QUANTA);
  private readonly hold = new HoldFade();

  constructor() {
    super();
    this.port.onmessage = (event: MessageEvent<PlaybackCommand>) => {
      const message = event.data;
      if (message.type === 'push') this.ring.pushPcm16(message.itemId, new Int16Array(message.pcm));
      else if (message.type === 'end') this.ring.end();
      else if (message.type === 'hold') this.hold.set(message.held);
      else {
        this.ring.clear();
        this.hold.reset();
        this.schedule.cleared(); // reported after the next, silent, quantum
      }
    };
  }

  process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const output = outputs[0];
    if (output && output.length > 0) {
      if (this.hold.renders) this.ring.render(output);
      this.hold.shape(output);
    }
    if (this.schedule.afterRender(this.ring.bufferedSamples, this.ring.isPlaying)) {
      const frame = currentFrame + (output?.[0]?.length ?? 128);
      const message: PlaybackProgressMessage = {
        type: 'progress',
        frame,
        sentAt: Date.now(),
        ...this.ring.progress(),
      };
      this.port.postMessage(message);
    }
    return true;
  }
}

registerProcessor('hark-playback', PlaybackProcessor);
