import playbackWorkletUrl from './worklets/playback.worklet.ts?worker&url';
import { SAMPLE_RATE } from '@shared/audio/format';
import { audioContext, audioUse, ensureRunning } from './audio-context';
import type {
  PlaybackCommand,
  PlaybackIncomingMessage,
  PlaybackProgressMessage,
} from './worklets/playback.worklet';

export interface PlaybackStatus {
  itemId: string | null;
  playedMs: number;
  bufferedMs: number;
  underruns: number;
  playing: boolean;
  /** Main hears the played samples from the worklet itself (its port): the page need not tell it. */
  reportedByWorklet: boolean;
}

/**
 * The speaker side: one long-lived playback worklet, an analyser after it for the output
 * meter, and progress reports (samples actually played per item) for precise truncation.
 * The worklet reports only while audio is buffered or playing, and once when it drains;
 * the shared context is suspended a short while after that and resumed by the next reply.
 *
 * Given a port from main (`mainPort`), the worklet takes reply audio and `end`/`clear`
 * straight from main and reports back to it; the page then only meters, shows progress,
 * silences at once on a press, and resumes the context when audio comes in.
 */
export class Player {
  private node: AudioWorkletNode | null = null;
  private analyser: AnalyserNode | null = null;
  private starting: Promise<boolean> | null = null;
  private queued: PlaybackCommand[] = [];
  private readonly levelBuffer = new Float32Array(512);

  private direct = false;

  constructor(
    private readonly onStatus: (status: PlaybackStatus) => void,
    private readonly mainPort: () => Promise<MessagePort | null> = () => Promise.resolve(null),
  ) {}

  /** Create the node (once). Safe to call often; audio pushed meanwhile is queued, not lost. */
  start(): Promise<boolean> {
    this.starting ??= this.create();
    return this.starting;
  }

  push(itemId: string, pcm: Uint8Array): void {
    // Copy into a fresh, aligned buffer that can be transferred to the worklet.
    const buffer = pcm.slice().buffer;
    audioUse.set('playback', true);
    this.post({ type: 'push', itemId, pcm: buffer }, [buffer]);
    void this.start();
  }

  /** Main's port carries the end in order with the audio; only the IPC path needs this. */
  end(): void {
    if (this.direct) return;
    this.post({ type: 'end' });
  }

  /** Silence at once: the worklet drops its buffer on the next render quantum. */
  stop(): void {
    this.queued = this.queued.filter((c) => c.type !== 'push');
    this.post({ type: 'clear' });
    audioUse.set('playback', false);
  }

  /** Hold the reply in place, faded out (true), or fade it back in from there (false). */
  hold(held: boolean): void {
    this.post({ type: 'hold', held });
  }

  /** Output level 0..1, read from the analyser after the worklet. */
  level(): number {
    if (!this.analyser) return 0;
    this.analyser.getFloatTimeDomainData(this.levelBuffer);
    let sum = 0;
    for (const v of this.levelBuffer) sum += v * v;
    return Math.sqrt(sum / this.levelBuffer.length);
  }

  private post(command: PlaybackCommand, transfer: Transferable[] = []): void {
    if (this.node) this.node.port.postMessage(command, transfer);
    else this.queued.push(command);
  }

  private async create(): Promise<boolean> {
    const context = audioContext();
    try {
      await context.audioWorklet.addModule(playbackWorkletUrl);
    } catch {
      this.starting = null;
      return false;
    }
    const node = new AudioWorkletNode(context, 'hark-playback', {
      numberOfInputs: 0,
      numberOfOutputs: 1,
      outputChannelCount: [1],
    });
    const analyser = context.createAnalyser();
    analyser.fftSize = 512;
    node.connect(analyser);
    analyser.connect(context.destination);
    node.port.onmessage = (
      event: MessageEvent<PlaybackProgressMessage | PlaybackIncomingMessage>,
    ) => {
      const m = event.data;
      if (m.type === 'incoming') {
        audioUse.set('playback', true);
        return;
      }
      audioUse.set('playback', m.playing || m.bufferedSamples > 0);
      this.onStatus({
        itemId: m.itemId,
        playedMs: (m.playedSamples * 1000) / SAMPLE_RATE,
        bufferedMs: (m.bufferedSamples * 1000) / SAMPLE_RATE,
        underruns: m.underruns,
        playing: m.playing,
        reportedByWorklet: this.direct,
      });
    };
    const port = await this.mainPort();
    if (port) {
      node.port.postMessage({ type: 'port', port } satisfies PlaybackCommand, [port]);
      this.direct = true;
    }
    this.node = node;
    this.analyser = analyser;
    for (const command of this.queued.splice(0)) {
      node.port.postMessage(command, command.type === 'push' ? [command.pcm] : []);
    }
    await ensureRunning(context);
    return true;
  }
}
