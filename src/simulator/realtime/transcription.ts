import type {
  AudioTranscription,
  ConversationItemInputAudioTranscriptionCompletedEvent,
} from 'openai/resources/realtime/realtime';
import { pcm16BytesToMs } from '../audio';
import { inputAudioTokens, textTokens } from './usage';

/**
 * What the simulator "hears" in a committed turn (it does no speech recognition itself);
 * `prompt` is the session's transcription prompt (the vocabulary), when it has one.
 */
export type Transcriber = (pcm: Buffer, prompt?: string) => string;

export interface Transcription {
  transcript: string;
  deltas: string[];
  usage: ConversationItemInputAudioTranscriptionCompletedEvent['usage'];
}

/**
 * Names the audio's length, and echoes the vocabulary the session asked for, so a test can
 * see that the prompt reached the transcriber.
 */
export const placeholderTranscript = (pcm: Buffer, prompt?: string): string =>
  `[simulated transcript of ${(pcm16BytesToMs(pcm.byteLength) / 1000).toFixed(1)} s of audio${prompt ? `, vocabulary: ${prompt}` : ''}]`;

/**
 * Transcribe a committed turn as the configured model reports it: `whisper-1` in one delta
 * with a duration usage, the gpt-4o transcribe models word by word with token usage.
 */
export function transcribe(
  pcm: Buffer,
  config: AudioTranscription,
  hook?: Transcriber,
): Transcription {
  const prompt = config.prompt?.trim() || undefined;
  const transcript = (hook ?? placeholderTranscript)(pcm, prompt);
  const ms = pcm16BytesToMs(pcm.byteLength);
  if (config.model === 'whisper-1') {
    return {
      transcript,
      deltas: transcript ? [transcript] : [],
      usage: { type: 'duration', seconds: Number((ms / 1000).toFixed(3)) },
    };
  }
  const audioTokens = inputAudioTokens(ms);
  const outputTokens = textTokens(transcript);
  return {
    transcript,
    deltas: transcript.split(/(?<= )/).filter(Boolean),
    usage: {
      type: 'tokens',
      input_tokens: audioTokens,
      input_token_details: { text_tokens: 0, audio_tokens: audioTokens },
      output_tokens: outputTokens,
      total_tokens: audioTokens + outputTokens,
    },
  };
}
