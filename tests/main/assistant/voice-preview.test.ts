import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PRICES } from '../../../src/shared/assistant';
import { VoicePreview } from '../../../src/main/assistant/voice-preview';
import { resolveEndpoint } from '../../../src/main/engine/providers';
import { RealtimeSimulator } from '../../../src/simulator/server';

let simulator: RealtimeSimulator;
let url: string;
beforeAll(async () => {
  simulator = new RealtimeSimulator({ pacing: 'fast-stream' });
  url = await simulator.start();
});
afterAll(async () => {
  await simulator.stop();
});

const endpoint = () =>
  Promise.resolve(resolveEndpoint({ kind: 'simulator', url, model: 'gpt-realtime' }));

describe('VoicePreview against the simulator', () => {
  it('renders a sample in a session of its own with the chosen voice, priced, then replays it free', async () => {
    let connections = 0;
    const off = simulator.on('connection', () => connections++);
    const preview = new VoicePreview({ endpoint, prices: () => DEFAULT_PRICES });
    const first = await preview.render('ash');
    expect(first).toMatchObject({ ok: true, cached: false, simulated: true });
    if (!first.ok) throw new Error(first.error);
    const pcm = Buffer.from(first.audio, 'base64');
    expect(pcm.byteLength).toBeGreaterThan(4_800); // more than 100 ms of 24 kHz PCM16
    expect(pcm.byteLength % 2).toBe(0);
    expect(first.tokens).toBeGreaterThan(0);
    expect(first.cost).toBeGreaterThan(0);
    // Its own connection, not the conversation's (whose voice and history it leaves alone).
    expect(connections).toBe(1);

    const again = await preview.render('ash');
    expect(again).toMatchObject({ ok: true, cached: true, tokens: 0, cost: 0 });
    if (!again.ok) throw new Error(again.error);
    expect(again.audio).toBe(first.audio);
    expect(connections).toBe(1);
    off();
  });

  it('reports a service that cannot be reached, with the diagnosis, and charges nothing', async () => {
    const preview = new VoicePreview({
      endpoint: () =>
        Promise.resolve(
          resolveEndpoint({
            kind: 'simulator',
            url: 'ws://127.0.0.1:9/v1/realtime',
            model: 'gpt-realtime',
          }),
        ),
      prices: () => DEFAULT_PRICES,
      timeoutMs: 5_000,
    });
    const result = await preview.render('ash');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.length).toBeGreaterThan(10);
  });

  it('reports a model without a price as tokens only (cost null)', async () => {
    const preview = new VoicePreview({ endpoint, prices: () => ({}) });
    const result = await preview.render('verse');
    expect(result).toMatchObject({ ok: true, cost: null });
  });
});
