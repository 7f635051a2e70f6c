import { describe, expect, it } from 'vitest';
import { endpointIdentity } from '../../../src/main/engine/endpoint-binding';
import { endpointFor } from '../../../src/main/engine/link/endpoint-source';
import {
  liveUrlOf,
  ProviderConfigError,
  resolveEndpoint,
} from '../../../src/main/engine/providers';
import { DEFAULT_SETTINGS } from '../../../src/main/settings/settings-model';

describe('GPT-Live endpoints', () => {
  it('keeps what comes before /v1/realtime (the embedded simulator’s secret), drops the query', () => {
    expect(liveUrlOf('ws://127.0.0.1:5/abc123/v1/realtime?model=gpt-realtime')).toBe(
      'ws://127.0.0.1:5/abc123/v1/live/sessions',
    );
    expect(liveUrlOf('wss://api.openai.com/v1/realtime?model=x')).toBe(
      'wss://api.openai.com/v1/live/sessions',
    );
    expect(liveUrlOf('wss://example.com/other')).toBe('wss://example.com/v1/live/sessions');
  });

  it('OpenAI: same origin and key as Realtime, /v1/live/sessions, the model never in the URL', () => {
    const settings = {
      ...DEFAULT_SETTINGS,
      provider: 'openai' as const,
      engine: 'live' as const,
      liveModel: 'gpt-live-1',
    };
    const live = endpointFor(settings, 'sk-test');
    const realtimeSettings = { ...settings, engine: 'realtime' as const };
    const realtime = endpointFor(realtimeSettings, 'sk-test');
    expect(live).toMatchObject({
      engine: 'live',
      url: 'wss://api.openai.com/v1/live/sessions',
      model: 'gpt-live-1',
      headers: { Authorization: 'Bearer sk-test' },
    });
    expect(new URL(live.url).origin).toBe(new URL(realtime.url).origin);
    // The key's binding is provider + origin: the same for both engines.
    expect(endpointIdentity(settings)).toBe(endpointIdentity(realtimeSettings));
  });

  it('Azure says plainly that GPT-Live is not available there', () => {
    expect(() =>
      resolveEndpoint({ kind: 'azure', engine: 'live', apiKey: 'k', azureResource: 'res' }),
    ).toThrow(ProviderConfigError);
    expect(() =>
      resolveEndpoint({ kind: 'azure', engine: 'live', apiKey: 'k', azureResource: 'res' }),
    ).toThrow(/not available on Azure/);
  });

  it('custom: at the URL given; simulator: its Live route beside the Realtime one', () => {
    expect(
      resolveEndpoint({
        kind: 'custom',
        engine: 'live',
        url: 'wss://relay.example/live',
        model: 'gpt-live-1.1',
      }),
    ).toMatchObject({ engine: 'live', url: 'wss://relay.example/live', headers: {} });
    expect(
      resolveEndpoint({
        kind: 'simulator',
        engine: 'live',
        url: 'ws://127.0.0.1:4000/v1/realtime?model=gpt-realtime',
      }),
    ).toMatchObject({ url: 'ws://127.0.0.1:4000/v1/live/sessions', model: 'gpt-live-1.1' });
  });
});
