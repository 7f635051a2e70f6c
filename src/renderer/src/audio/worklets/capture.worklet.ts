/**
 * Capture: mono float quanta in, 20 ms PCM16 frames out (480 samples at 24 kHz), each with
 * its level. Buffers are transferred, not copied, and nothing is kept once sent.
 */
import { floatToPcm16, isDigitalSilence, rmsFloat } from '../../../../shared/audio/dsp';
import { FRAME_MS } from '../../../../shared/audio/format';

export interface CaptureFrameMessage {
  type: 'frame';
  pcm: ArrayBuffer;
  rms: number;
  /** Every sample exactly zero: what a mic blocked by the OS often delivers. */
  silent: boolean;
}

class CaptureProcessor extends AudioWorkletProcessor {
  private readonly frameSamples = Math.round((sampleRate * FRAME_MS) / 1000);
  private pending = new Float32Array(this.frameSamples);
  private filled = 0;

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
    const pcm = floatToPcm16(this.pending);
    const message: CaptureFrameMessage = {
      type: 'frame',
      pcm: pcm.buffer as ArrayBuffer,
      rms,
      silent,
    };
    this.port.postMessage(message, [pcm.buffer]);
    this.filled = 0;
  }
}

registerProcessor('hark-capture', CaptureProcessor);
