import { readFile } from 'node:fs/promises';
import { SAMPLE_RATE } from '../../shared/audio/format';
import { floatToPcm16, mixToMono, resample } from '../../shared/audio/dsp';
import { decodeWav, WavFormatError } from '../../shared/audio/wav';

export interface LoadedSpeech {
  pcm: Int16Array;
  sourceRate: number;
  sourceChannels: number;
  sourceBits: number;
}

/** Read any common WAV and turn it into what the wire wants: 24 kHz mono PCM16. */
export async function loadSpeechWav(path: string): Promise<LoadedSpeech> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new WavFormatError(
      code === 'ENOENT' ? `No such file: ${path}` : `Cannot read ${path}: ${String(error)}`,
    );
  }
  const wav = decodeWav(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  if (wav.channels[0]!.length === 0) throw new WavFormatError(`${path} contains no audio samples.`);
  const mono = mixToMono(wav.channels);
  const at24k = resample(mono, wav.sampleRate, SAMPLE_RATE);
  return {
    pcm: floatToPcm16(at24k),
    sourceRate: wav.sampleRate,
    sourceChannels: wav.channels.length,
    sourceBits: wav.bitsPerSample,
  };
}
