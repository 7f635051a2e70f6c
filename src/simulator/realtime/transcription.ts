import type {
  AudioTranscription,
  ConversationItemInputAudioTranscriptionCompletedEvent,
} from 'openai/resources/realtime/realtime';
import { pcm16BytesToMs } from '../audio';
import { placeholderTranscript, type Transcriber } from '../transcriber';
import { inputAudioTokens, textTokens } from './usage';

export type { Transcriber } from '../transcriber';

export interface Transcription {
  transcript: string;
  deltas: string[];
  usage: ConversationItemInputAudioTranscriptionCompletedEvent['usage'];
}

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
