import { pcm16BytesToMs } from './audio';

/**
 * What the simulator "hears" in an utterance (it does no speech recognition itself);
 * `prompt` is the session's transcription prompt (the vocabulary), when it has one.
 */
export type Transcriber = (pcm: Buffer, prompt?: string) => string;

/**
 * Names the audio's length, and echoes the vocabulary the session asked for, so a test can
 * see that the prompt reached the transcriber.
 */
export const placeholderTranscript = (pcm: Buffer, prompt?: string): string =>
  `[simulated transcript of ${(pcm16BytesToMs(pcm.byteLength) / 1000).toFixed(1)} s of audio${prompt ? `, vocabulary: ${prompt}` : ''}]`;
