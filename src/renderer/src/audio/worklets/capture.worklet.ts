/**
 * Capture: mono float quanta in, 20 ms PCM16 frames out (480 samples at 24 kHz), each with
 * its level. Buffers are transferred, not copied, and nothing is kept once sent.
 *
 * With main's capture port (`{type: 'port'}`, src/shared/audio-port-protocol.ts) the PCM
 * goes straight to main while the page says it may (`{type: 'sending'}`); the page still
 * gets every frame's level and silence flag for its meters and mic checks.
 */
import { floatToPcm16, isDigitalSilence, rmsFloat } from '../../../../shared/audio/dsp';
import { FRAME_MS } from '../../../../shared/audio/format';

export interface CaptureFrameMessage {
  type: 'frame';
  /** The frame's PCM16, or null when it went straight to main (or nowhere: not sending). */
  pcm: ArrayBuffer | null;
  rms: number;
  /** Every sample exactly zero: what a mic blocked by the OS often delivers. */
  silent: boolean;
}

export type CaptureCommand =
  | { type: 'port'; port: MessagePort }
  /** Whether frames go to main now (the page decides, as main tells it). */
  | { type: 'sending'; on: boolean };

class CaptureProcessor extends AudioWorkletProcessor {
  private readonly frameSamples = Math.round((sampleRate * FRAME_MS) / 1000);
  private pending = new Float32Array(this.frameSamples);
  private filled = 0;
  private main: MessagePort | null = null;
  private sending = false;

  constructor() {
    super();
    this.port.onmessage = (event: MessageEvent<CaptureCommand>) => {
      const message = event.data;
      if (message.type === 'port') {
        this.main?.close();
        this.main = message.port;
      } else this.sending = message.on;
    };
  }

  process(inputs: Float32Array[][]): boolean {
    const channels = inputs[0];
    if (!channels || channels.length === 0) return true;
    const first = channels[0]!;
    for (let i = 0; i < first.length; i++) {
      let sample = first[i]!;
      // Downmix if the device gives more than one channel.
      if (channels.length > 1) {
        for (let c = 1; c < channels.length; c++) sample += channels[c]![i]!;
        sample /= channels.length;
      }
      this.pending[this.filled++] = sample;
      if (this.filled === this.frameSamples) this.flush();
    }
    return true;
  }

  private flush(): void {
    const rms = rmsFloat(this.pending);
    const silent = isDigitalSilence(this.pending);
    this.filled = 0;
    if (this.main) {
      if (this.sending) {
        const pcm = floatToPcm16(this.pending);
        this.main.postMessage(pcm.buffer, [pcm.buffer]);
      }
      const message: CaptureFrameMessage = { type: 'frame', pcm: null, rms, silent };
      this.port.postMessage(message);
      return;
    }
    const pcm = floatToPcm16(this.pending);
    const message: CaptureFrameMessage = {
      type: 'frame',
      pcm: pcm.buffer as ArrayBuffer,
      rms,
      silent,
    };
    this.port.postMessage(message, [pcm.buffer]);
  }
}

registerProcessor('hark-capture', CaptureProcessor);
