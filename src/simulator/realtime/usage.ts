import type {
  RateLimitsUpdatedEvent,
  RealtimeResponseUsage,
} from 'openai/resources/realtime/realtime';

/**
 * Token counts that behave like the service's, so usage displays and budgets can be built
 * offline: ~4 characters per text token, 10 tokens per second of user audio, 20 per second
 * of assistant audio. `cached_tokens` is the part of the input already sent in an earlier
 * response (counted only from 1,024 tokens, in steps of 64, as prompt caching does) and is
 * part of `input_tokens`, not added to it.
 */
export const textTokens = (text: string): number => Math.ceil(text.length / 4);
export const inputAudioTokens = (ms: number): number => Math.ceil(ms / 100);
export const outputAudioTokens = (ms: number): number => Math.ceil(ms / 50);

export interface TokenCount {
  text: number;
  audio: number;
}

export function responseUsage(
  input: TokenCount,
  cachedPrefix: TokenCount,
  output: TokenCount,
): RealtimeResponseUsage {
  const inputTokens = input.text + input.audio;
  const cachedTotal = cachedPrefix.text + cachedPrefix.audio;
  const cached = cachedTotal >= 1024 ? Math.floor(cachedTotal / 64) * 64 : 0;
  const cachedText = Math.min(cachedPrefix.text, cached);
  const outputTokens = output.text + output.audio;
  return {
    total_tokens: inputTokens + outputTokens,
    input_tokens: inputTokens,
    output_tokens: outputTokens,
    input_token_details: {
      text_tokens: input.text,
      audio_tokens: input.audio,
      image_tokens: 0,
      cached_tokens: cached,
      cached_tokens_details: {
        text_tokens: cachedText,
        audio_tokens: cached - cachedText,
        image_tokens: 0,
      },
    },
    output_token_details: { text_tokens: output.text, audio_tokens: output.audio },
  };
}

/** Per-minute limits like a paid tier's; each response reserves its output budget. */
export class RateLimits {
  private requests = 0;
  private tokens = 0;
  private windowStart = Date.now();

  constructor(
    private readonly requestLimit = 5000,
    private readonly tokenLimit = 800_000,
  ) {}

  /** Count one response and the tokens it may use; returns the limits to report. */
  reserve(tokens: number): RateLimitsUpdatedEvent.RateLimit[] {
    const now = Date.now();
    if (now - this.windowStart >= 60_000) {
      this.windowStart = now;
      this.requests = 0;
      this.tokens = 0;
    }
    this.requests++;
    this.tokens += tokens;
    const reset = Math.max(0, (60_000 - (now - this.windowStart)) / 1000);
    return [
      {
        name: 'requests',
        limit: this.requestLimit,
        remaining: Math.max(0, this.requestLimit - this.requests),
        reset_seconds: Number(reset.toFixed(3)),
      },
      {
        name: 'tokens',
        limit: this.tokenLimit,
        remaining: Math.max(0, this.tokenLimit - this.tokens),
        reset_seconds: Number(reset.toFixed(3)),
      },
    ];
  }
}
