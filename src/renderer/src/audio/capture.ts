import captureWorkletUrl from './worklets/capture.worklet.ts?worker&url';
import { audioContext, ensureRunning } from './audio-context';
import { classifyGetUserMediaError, micError, type MicError } from './mic-errors';
import type { CaptureCommand, CaptureFrameMessage } from './worklets/capture.worklet';

export interface CaptureCallbacks {
  /** A 20 ms PCM16 frame; ownership passes to the callee. */
  onFrame(pcm: Uint8Array): void;
  onLevel(rms: number): void;
  onError(error: MicError): void;
}

/** After this long of exact zeros the mic is reported as silent (a blocked mic's signature). */
const SILENCE_REPORT_MS = 1500;

/**
 * The microphone: getUserMedia with the platform's echo canceller, noise suppression and
 * AGC on, through the capture worklet. Frames go out as they come and are not kept.
 */
export class MicCapture {
  private stream: MediaStream | null = null;
  private source: MediaStreamAudioSourceNode | null = null;
  private node: AudioWorkletNode | null = null;
  private sending = false;
  private silentMs = 0;
  private silenceReported = false;
  private stopping = false;

  constructor(
    private readonly callbacks: CaptureCallbacks,
    /** A fresh port to main for each capture node: frames then bypass this thread. */
    private readonly mainPort: () => Promise<MessagePort | null> = () => Promise.resolve(null),
  ) {}

  get isOpen(): boolean {
    return this.stream !== null;
  }

  /**
   * Open the mic (once); resolves false after reporting why it could not. Voice processing
   * (echo cancellation, noise suppression, AGC) is on unless the user turned it off, e.g.
   * for a headset or a studio microphone.
   */
  async open(options: { deviceId?: string; voiceProcessing: boolean }): Promise<boolean> {
    if (this.stream) return true;
    if (!navigator.mediaDevices?.getUserMedia) {
      this.callbacks.onError(micError('unsupported'));
      return false;
    }
    const context = audioContext();
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        audio: {
          ...(options.deviceId ? { deviceId: { exact: options.deviceId } } : {}),
          channelCount: 1,
          echoCancellation: options.voiceProcessing,
          noiseSuppression: options.voiceProcessing,
          autoGainControl: options.voiceProcessing,
        },
      });
    } catch (error) {
      this.callbacks.onError(classifyGetUserMediaError(error));
      return false;
    }
    const track = stream.getAudioTracks()[0];
    if (!track) {
      this.callbacks.onError(micError('no-device'));
      return false;
    }
    try {
      await context.audioWorklet.addModule(captureWorkletUrl);
      if (!(await ensureRunning(context))) {
        stream.getTracks().forEach((t) => t.stop());
        this.callbacks.onError(micError('suspended'));
        return false;
      }
      this.source = context.createMediaStreamSource(stream);
      this.node = new AudioWorkletNode(context, 'hark-capture', {
        numberOfInputs: 1,
        numberOfOutputs: 0,
        channelCount: 1,
        channelCountMode: 'explicit',
      });
      this.node.port.onmessage = (event: MessageEvent<CaptureFrameMessage>) =>
        this.onFrame(event.data);
      const port = await this.mainPort();
      if (port) this.node.port.postMessage({ type: 'port', port } satisfies CaptureCommand, [port]);
      this.source.connect(this.node);
    } catch (error) {
      stream.getTracks().forEach((t) => t.stop());
      this.callbacks.onError(
        micError('failed', error instanceof Error ? error.message : String(error)),
      );
      return false;
    }
    track.addEventListener('ended', () => {
      if (!this.stopping) this.callbacks.onError(micError('device-lost'));
      this.close();
    });
    this.stream = stream;
    this.silentMs = 0;
    this.silenceReported = false;
    return true;
  }

  /** Start or stop handing frames to onFrame; levels are reported either way. */
  setSending(sending: boolean): void {
    this.sending = sending;
    this.node?.port.postMessage({ type: 'sending', on: sending } satisfies CaptureCommand);
    if (sending) {
      this.silentMs = 0;
      this.silenceReported = false;
    }
  }

  close(): void {
    this.stopping = true;
    this.sending = false;
    this.source?.disconnect();
    if (this.node) this.node.port.onmessage = null;
    this.node?.disconnect();
    this.stream?.getTracks().forEach((t) => t.stop());
    this.stream = null;
    this.source = null;
    this.node = null;
    this.stopping = false;
  }

  private onFrame(message: CaptureFrameMessage): void {
    this.callbacks.onLevel(message.rms);
    if (!this.sending) return; // nothing is kept: a frame not sent is gone
    if (message.silent) {
      this.silentMs += 20;
      if (this.silentMs >= SILENCE_REPORT_MS && !this.silenceReported) {
        this.silenceReported = true;
        this.callbacks.onError(micError('silent'));
      }
    } else {
      this.silentMs = 0;
    }
    if (message.pcm) this.callbacks.onFrame(new Uint8Array(message.pcm));
  }
}
