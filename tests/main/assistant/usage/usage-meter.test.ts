import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICES, priceFor } from '../../../../src/main/assistant/usage/prices';
import { costOf, countsOf, UsageMeter } from '../../../../src/main/assistant/usage/usage-meter';
import { costTarget } from '../../../../src/main/assistant/usage/cost-target';

const NO_TARGET = { itemId: null, callIds: [] };

const usage = {
  input_tokens: 1_200,
  output_tokens: 500,
  total_tokens: 1_700,
  input_token_details: {
    text_tokens: 200,
    audio_tokens: 1_000,
    image_tokens: 0,
    cached_tokens: 600,
    cached_tokens_details: { text_tokens: 100, audio_tokens: 500, image_tokens: 0 },
  },
  output_token_details: { text_tokens: 100, audio_tokens: 400 },
};

describe('usage and cost', () => {
  it('counts each kind of token; cached is part of the input, not added to it', () => {
    expect(countsOf(usage)).toEqual({
      inputText: 200,
      inputAudio: 1_000,
      inputImage: 0,
      inputCached: 600,
      outputText: 100,
      outputAudio: 400,
    });
  });

  it('prices cached tokens at the cached rate', () => {
    const price = DEFAULT_PRICES['gpt-realtime']!;
    // text: 100 × 4 + 100 × 0.4; audio: 500 × 32 + 500 × 0.4; out: 100 × 16 + 400 × 64 (per million)
    const expected = (100 * 4 + 100 * 0.4 + 500 * 32 + 500 * 0.4 + 100 * 16 + 400 * 64) / 1e6;
    expect(costOf(usage, price)).toBeCloseTo(expected, 12);
  });

  it('assigns cached tokens to text first when the service gives no breakdown', () => {
    const price = DEFAULT_PRICES['gpt-realtime']!;
    const plain = {
      input_token_details: { text_tokens: 50, audio_tokens: 100, cached_tokens: 80 },
      output_token_details: {},
    };
    const expected = (50 * 0.4 + 30 * 0.4 + 70 * 32) / 1e6;
    expect(costOf(plain, price)).toBeCloseTo(expected, 12);
  });

  it('keeps totals from a service that sends no details, and ignores nonsense', () => {
    expect(countsOf({ input_tokens: 10, output_tokens: 4 })).toMatchObject({
      inputText: 10,
      outputText: 4,
    });
    expect(
      countsOf({ input_token_details: { text_tokens: -5, audio_tokens: Number.NaN } }),
    ).toMatchObject({
      inputText: 0,
      inputAudio: 0,
    });
    expect(countsOf(null)).toMatchObject({ inputText: 0, outputAudio: 0 });
  });

  it('sums turns into the session and applies the spend cap', () => {
    const meter = new UsageMeter();
    const first = meter.add('gpt-realtime', 'resp_1', { itemId: 'item_1', callIds: [] }, usage);
    const second = meter.add(
      'gpt-realtime',
      'resp_2',
      { itemId: null, callIds: ['call_1'] },
      usage,
    );
    expect(second.session.inputAudio).toBe(2_000);
    expect(second.responses).toBe(2);
    expect(second.sessionCost).toBeCloseTo(first.turnCost! * 2, 12);
    expect(meter.overCap(0)).toBe(false);
    expect(meter.overCap(second.sessionCost!)).toBe(true);
    expect(meter.overCap(1)).toBe(false);
    meter.reset();
    expect(meter.totalCost).toBe(0);
  });

  it('shows no price rather than a wrong one for a model missing from the table', () => {
    const meter = new UsageMeter();
    const message = meter.add('my-azure-deployment', 'resp_1', NO_TARGET, usage);
    expect(message.turnCost).toBeNull();
    expect(message.sessionCost).toBeNull();
    expect(meter.overCap(0.0001)).toBe(false);
  });

  it('finds a dated snapshot’s family price, but not another model’s', () => {
    expect(priceFor(DEFAULT_PRICES, 'gpt-realtime-2025-08-28')).toBe(
      DEFAULT_PRICES['gpt-realtime'],
    );
    expect(priceFor(DEFAULT_PRICES, 'gpt-realtime-mini')).toBe(DEFAULT_PRICES['gpt-realtime-mini']);
    expect(priceFor(DEFAULT_PRICES, 'gpt-realtime-2')).toBeNull();
    expect(priceFor(DEFAULT_PRICES, 'toString')).toBeNull();
  });

  it('uses an edited price table', () => {
    const meter = new UsageMeter();
    meter.setPrices({
      custom: { ...DEFAULT_PRICES['gpt-realtime']!, audioOutput: 0, textOutput: 0 },
    });
    const message = meter.add('custom', 'r', NO_TARGET, {
      output_token_details: { audio_tokens: 1_000 },
    });
    expect(message.turnCost).toBe(0);
  });

  it('sends each reply its target: the message, else the calls of a tool-only reply', () => {
    const meter = new UsageMeter();
    const spoken = meter.add('gpt-realtime', 'resp_1', { itemId: 'item_1', callIds: [] }, usage);
    const toolOnly = meter.add(
      'gpt-realtime',
      'resp_2',
      { itemId: null, callIds: ['call_1'] },
      usage,
    );
    expect(spoken).toMatchObject({ itemId: 'item_1', callIds: [] });
    expect(toolOnly).toMatchObject({ itemId: null, callIds: ['call_1'] });
    // Every reply is billed, a tool-only one too: the lines add up to the total.
    expect(spoken.turnCost! + toolOnly.turnCost!).toBeCloseTo(toolOnly.sessionCost!, 12);
  });
});

describe('costTarget', () => {
  it('is the last message of the reply, and every function call it made', () => {
    expect(
      costTarget({
        output: [
          { type: 'function_call', id: 'item_f1', call_id: 'call_1', name: 'a', arguments: '{}' },
          { type: 'message', id: 'item_m1', role: 'assistant', content: [] },
          { type: 'function_call', id: 'item_f2', call_id: 'call_2', name: 'b', arguments: '{}' },
          { type: 'message', id: 'item_m2', role: 'assistant', content: [] },
        ],
      }),
    ).toEqual({ itemId: 'item_m2', callIds: ['call_1', 'call_2'] });
    expect(
      costTarget({
        output: [
          { type: 'function_call', id: 'item_f', call_id: 'call_9', name: 'a', arguments: '{}' },
        ],
      }),
    ).toEqual({ itemId: null, callIds: ['call_9'] });
    expect(costTarget({})).toEqual({ itemId: null, callIds: [] });
  });
});
