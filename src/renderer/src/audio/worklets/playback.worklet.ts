/**
 * Playback: a long-lived node around PlaybackRing (PCM16 → float at 24 kHz, adaptive
 * prebuffer, played-sample count per item). Bursts of deltas queue up instead of
 * speeding up; an underrun pauses, it never tears the node down.
 *
 * Reply audio comes straight from main over a port the page hands over once
 * (`{type: 'port'}`, see src/shared/audio-port-protocol.ts), so it never waits on the
 * page's main thread; played-sample reports go back to main the same way. Without a port
 * (an older preload), the page pushes the audio it gets over IPC.
 */
import { PlaybackRing, type PlaybackProgress } from '../playback-ring';
import { ReportSchedule } from '../report-schedule';
import type {
  PlaybackPortCommand,
  PlaybackPortReport,
} from '../../../../shared/audio-port-protocol';
import { HoldFade } from '../hold-fade';

export type PlaybackCommand =
  | { type: 'push'; itemId: string; pcm: ArrayBuffer }
  /** No more audio is coming for now: play out the tail without waiting for a prebuffer. */
  | { type: 'end' }
  /** Silence at once (barge-in). */
  | { type: 'clear' }
  /** Main's playback port: reply audio in, played-sample reports out. */
  | { type: 'port'; port: MessagePort }
  /** Fade out and keep the place (true), or fade back in from it (false). */
  | { type: 'hold'; held: boolean };

export type PlaybackProgressMessage = {
  type: 'progress';
  /** Context frame at the end of the quantum just rendered. */
  frame: number;
  /** Wall clock (ms) when it was rendered: how stale the report is when it arrives. */
  sentAt: number;
  /** Wall clock (ms) when the first audio of the playing item reached this worklet. */
  audioAt: number | null;
} & PlaybackProgress;

/** Audio came over main's port while nothing played: the page resumes a suspended context. */
export interface PlaybackIncomingMessage {
  type: 'incoming';
}

const PROGRESS_EVERY_QUANTA = 8; // ≈ 43 ms at 24 kHz, while audio plays

class PlaybackProcessor extends AudioWorkletProcessor {
  private readonly ring = new PlaybackRing({ sampleRate });
  private readonly schedule = new ReportSchedule(PROGRESS_EVERY_QUANTA);
  private main: MessagePort | null = null;
  /** The item main named last on its port: bare audio that follows is its. */
  private portItem: string | null = null;
  private audioAt: number | null = null;
  private audioAtItem: string | null = null;
  private readonly hold = new HoldFade();

  constructor() {
    super();
    this.port.onmessage = (event: MessageEvent<PlaybackCommand>) => {
      const message = event.data;
      if (message.type === 'push') this.push(message.itemId, message.pcm);
      else if (message.type === 'port') this.attach(message.port);
      else if (message.type === 'end') this.ring.end();
      else if (message.type === 'hold') this.hold.set(message.held);
      else this.clear();
    };
  }

  private attach(port: MessagePort): void {
    this.main?.close();
    this.main = port;
    this.portItem = null;
    port.onmessage = (event: MessageEvent<ArrayBuffer | Uint8Array | PlaybackPortCommand>) => {
      const data = event.data;
      if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
        if (this.portItem === null) return; // audio of no known item
        if (!this.ring.isPlaying && this.ring.bufferedSamples === 0)
          this.port.postMessage({ type: 'incoming' } satisfies PlaybackIncomingMessage);
        this.push(this.portItem, data);
      } else if (data.type === 'item') {
        this.portItem = data.itemId;
        this.ring.limitPrebuffer(data.maxBufferMs ?? null);
      } else if (data.type === 'end') this.ring.end();
      else if (data.type === 'clear') this.clear();
    };
  }

  private push(itemId: string, pcm: ArrayBuffer | ArrayBufferView): void {
    const samples =
      pcm instanceof ArrayBuffer
        ? new Int16Array(pcm, 0, pcm.byteLength >> 1)
        : pcm.byteOffset % 2 === 0
          ? new Int16Array(pcm.buffer, pcm.byteOffset, pcm.byteLength >> 1)
          : new Int16Array(pcm.buffer.slice(pcm.byteOffset, pcm.byteOffset + pcm.byteLength - 1));
    if (itemId !== this.audioAtItem) {
      this.audioAtItem = itemId;
      this.audioAt = Date.now();
    }
    this.ring.pushPcm16(itemId, samples);
  }

  private clear(): void {
    this.ring.clear();
    this.hold.reset();
    this.schedule.cleared(); // reported after the next, silent, quantum
  }

  process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const output = outputs[0];
    if (output && output.length > 0) {
      if (this.hold.renders) this.ring.render(output);
      this.hold.shape(output);
    }
    if (this.schedule.afterRender(this.ring.bufferedSamples, this.ring.isPlaying)) {
      const frame = currentFrame + (output?.[0]?.length ?? 128);
      const progress = this.ring.progress();
      const message: PlaybackProgressMessage = {
        type: 'progress',
        frame,
        sentAt: Date.now(),
        audioAt: progress.itemId === this.audioAtItem ? this.audioAt : null,
        ...progress,
      };
      this.port.postMessage(message);
      if (this.main && progress.itemId !== null) {
        const report: PlaybackPortReport = {
          type: 'played',
          itemId: progress.itemId,
          playedMs: (progress.playedSamples * 1000) / sampleRate,
          bufferedMs: (progress.bufferedSamples * 1000) / sampleRate,
          underruns: progress.underruns,
        };
        this.main.postMessage(report);
      }
    }
    return true;
  }
}

registerProcessor('hark-playback', PlaybackProcessor);
