import { bytesToPcm16, pcm16ToFloat } from '@shared/audio/dsp';
import { SAMPLE_RATE } from '@shared/audio/format';
import { audioContext, audioUse, ensureRunning } from './audio-context';

/** A voice sample from main (base64 PCM16 LE mono 24 kHz) as samples for an AudioBuffer. */
export function decodeSample(base64: string): Float32Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return pcm16ToFloat(bytesToPcm16(bytes));
}

/**
 * Play a voice sample once on the reply speaker (the shared context); resolves when it has
 * played. Starting another sample stops the one playing.
 */
let playing: AudioBufferSourceNode | null = null;
export async function playSample(base64: string): Promise<void> {
  const samples = decodeSample(base64);
  const context = audioContext();
  audioUse.set('sample', true);
  try {
    if (!(await ensureRunning(context))) throw new Error('The speaker is not available yet.');
    const buffer = context.createBuffer(1, samples.length, SAMPLE_RATE);
    buffer.copyToChannel(samples as Float32Array<ArrayBuffer>, 0);
    playing?.stop();
    const source = context.createBufferSource();
    playing = source;
    source.buffer = buffer;
    source.connect(context.destination);
    await new Promise<void>((resolve) => {
      source.onended = () => resolve();
      source.start();
    });
    if (playing === source) playing = null;
  } finally {
    audioUse.set('sample', false);
  }
}
