import { describe, expect, it } from 'vitest';
import {
  AUDIO_IN_TOKENS_PER_MINUTE,
  AUDIO_OUT_TOKENS_PER_MINUTE,
  describeSpeechPrices,
  perMinute,
} from '../../../src/renderer/src/state/prices';

describe('prices per minute of speech', () => {
  it('counts audio tokens per minute as the service does (10/s heard, 20/s spoken)', () => {
    expect(AUDIO_IN_TOKENS_PER_MINUTE).toBe(10 * 60);
    expect(AUDIO_OUT_TOKENS_PER_MINUTE).toBe(20 * 60);
  });

  it('turns US$ per million tokens into US$ per minute', () => {
    expect(perMinute(32, AUDIO_IN_TOKENS_PER_MINUTE)).toBeCloseTo(0.0192, 10);
    expect(perMinute(64, AUDIO_OUT_TOKENS_PER_MINUTE)).toBeCloseTo(0.0768, 10);
    expect(describeSpeechPrices({ audioInput: 32, audioOutput: 64 })).toBe(
      "≈ $0.019 a minute of your speech, $0.077 a minute of Hark's",
    );
  });
});
