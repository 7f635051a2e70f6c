import type { RealtimeResponseUsage } from 'openai/resources/realtime/realtime';
import type { ModelPrice, PriceTable, TokenCounts, UsageMessage } from '../../../shared/assistant';
import type { CostTarget } from './cost-target';
import { DEFAULT_PRICES, priceFor } from './prices';

export function emptyCounts(): TokenCounts {
  return {
    inputText: 0,
    inputAudio: 0,
    inputImage: 0,
    inputCached: 0,
    outputText: 0,
    outputAudio: 0,
  };
}

/** Token counts of one `response.done.usage`; absent or nonsensical numbers count as 0. */
export function countsOf(usage: RealtimeResponseUsage | null | undefined): TokenCounts {
  const input = usage?.input_token_details;
  const output = usage?.output_token_details;
  const counts: TokenCounts = {
    inputText: tokens(input?.text_tokens),
    inputAudio: tokens(input?.audio_tokens),
    inputImage: tokens(input?.image_tokens),
    inputCached: tokens(input?.cached_tokens),
    outputText: tokens(output?.text_tokens),
    outputAudio: tokens(output?.audio_tokens),
  };
  // A service that sends only totals: count them as text rather than lose them.
  const inputTotal = tokens(usage?.input_tokens);
  if (!input && inputTotal > 0) counts.inputText = inputTotal;
  const outputTotal = tokens(usage?.output_tokens);
  if (!output && outputTotal > 0) counts.outputText = outputTotal;
  return counts;
}

/** Money for one response. Cached tokens are part of the input counts, billed at the cached rate. */
export function costOf(usage: RealtimeResponseUsage | null | undefined, price: ModelPrice): number {
  const counts = countsOf(usage);
  const details = usage?.input_token_details?.cached_tokens_details;
  let cachedLeft = counts.inputCached;
  const take = (explicit: number | undefined, available: number): number => {
    const value = Math.min(
      explicit !== undefined ? tokens(explicit) : cachedLeft,
      available,
      cachedLeft,
    );
    cachedLeft -= value;
    return value;
  };
  // Without a per-modality breakdown, cached tokens are assigned to text first (a prefix of
  // the conversation is usually the instructions and earlier text).
  const cachedText = take(details?.text_tokens, counts.inputText);
  const cachedAudio = take(details?.audio_tokens, counts.inputAudio);
  const cachedImage = take(details?.image_tokens, counts.inputImage);
  const perToken =
    (counts.inputText - cachedText) * price.textInput +
    cachedText * price.textCachedInput +
    (counts.inputAudio - cachedAudio) * price.audioInput +
    cachedAudio * price.audioCachedInput +
    (counts.inputImage - cachedImage) * price.imageInput +
    cachedImage * price.imageCachedInput +
    counts.outputText * price.textOutput +
    counts.outputAudio * price.audioOutput;
  return perToken / 1_000_000;
}

/**
 * Tokens and money per response and for the conversation so far. A rollover to a new
 * session keeps counting: to the user it is one conversation, and one bill.
 */
export class UsageMeter {
  private session = emptyCounts();
  private sessionCost = 0;
  private unpriced = false;
  private responseCount = 0;
  /** GPT-Live: the latest cumulative seconds of each session of this conversation. */
  private readonly voiceSeconds = new Map<string, number>();

  constructor(private prices: PriceTable = DEFAULT_PRICES) {}

  setPrices(prices: PriceTable): void {
    this.prices = prices;
  }

  get responses(): number {
    return this.responseCount;
  }

  get totalCost(): number | null {
    return this.unpriced ? null : this.sessionCost;
  }

  add(
    model: string,
    responseId: string,
    target: CostTarget,
    usage: RealtimeResponseUsage | null | undefined,
  ): UsageMessage {
    const turn = countsOf(usage);
    for (const key of Object.keys(turn) as (keyof TokenCounts)[]) this.session[key] += turn[key];
    const price = priceFor(this.prices, model);
    const turnCost = price ? costOf(usage, price) : null;
    if (turnCost === null) this.unpriced = true;
    else this.sessionCost += turnCost;
    this.responseCount++;
    return {
      responseId,
      itemId: target.itemId,
      callIds: target.callIds,
      model,
      turn,
      turnCost,
      session: { ...this.session },
      sessionCost: this.totalCost,
      responses: this.responseCount,
    };
  }

  /**
   * GPT-Live's `usage.seconds` of one session: cumulative, so only the growth since that
   * session's previous report is billed (the values are never summed). A new session (a
   * reconnect) starts from zero and adds to the same conversation.
   */
  addVoice(
    model: string,
    session: string,
    cumulativeSeconds: number,
  ): { seconds: number; cost: number | null } {
    const before = this.voiceSeconds.get(session) ?? 0;
    const grown = Math.max(0, cumulativeSeconds - before);
    if (grown > 0) this.voiceSeconds.set(session, cumulativeSeconds);
    const rate = priceFor(this.prices, model)?.voicePerMinute;
    if (rate === undefined) {
      if (grown > 0) this.unpriced = true;
      return { seconds: this.totalVoiceSeconds, cost: null };
    }
    const cost = (grown / 60) * rate;
    this.sessionCost += cost;
    return { seconds: this.totalVoiceSeconds, cost };
  }

  /** Seconds of GPT-Live audio in this conversation, over all its sessions. */
  get totalVoiceSeconds(): number {
    let total = 0;
    for (const seconds of this.voiceSeconds.values()) total += seconds;
    return total;
  }

  /** The per-session spend cap (dollars; 0 or less means none). */
  overCap(capUsd: number): boolean {
    return capUsd > 0 && !this.unpriced && this.sessionCost >= capUsd;
  }

  reset(): void {
    this.session = emptyCounts();
    this.sessionCost = 0;
    this.unpriced = false;
    this.responseCount = 0;
    this.voiceSeconds.clear();
  }
}

function tokens(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}
