import type { ModelPrice } from '@shared/assistant';
import { formatCost } from '@shared/assistant-format';

/**
 * Audio tokens per minute of speech, as the Realtime API counts them (and the simulator
 * mirrors): 10 per second of your audio, 20 per second of the model's.
 */
export const AUDIO_IN_TOKENS_PER_MINUTE = 600;
export const AUDIO_OUT_TOKENS_PER_MINUTE = 1200;

/** US$ for one minute of speech, from a price per million tokens. */
export function perMinute(dollarsPerMillion: number, tokensPerMinute: number): number {
  return (Number(dollarsPerMillion) * tokensPerMinute) / 1_000_000;
}

/** "≈ $0.019 a minute of your speech, $0.077 a minute of Hark's" for a price table row. */
export function describeSpeechPrices(
  price: Pick<ModelPrice, 'audioInput' | 'audioOutput'>,
): string {
  const heard = formatCost(perMinute(price.audioInput, AUDIO_IN_TOKENS_PER_MINUTE));
  const spoken = formatCost(perMinute(price.audioOutput, AUDIO_OUT_TOKENS_PER_MINUTE));
  return `≈ ${heard} a minute of your speech, ${spoken} a minute of Hark's`;
}
