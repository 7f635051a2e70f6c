import { pcm16BytesToMs } from './audio';

/** What the simulator "hears" in an utterance (it does no speech recognition itself). */
export type Transcriber = (pcm: Buffer) => string;

export const placeholderTranscript = (pcm: Buffer): string =>
  `[simulated transcript of ${(pcm16BytesToMs(pcm.byteLength) / 1000).toFixed(1)} s of audio]`;
