import { describe, expect, it } from 'vitest';
import {
  ProviderConfigError,
  redactSecret,
  resolveEndpoint,
} from '../../../src/main/engine/providers';

describe('resolveEndpoint', () => {
  it('OpenAI: GA URL with the model, Bearer auth, never an OpenAI-Beta header', () => {
    const e = resolveEndpoint({ kind: 'openai', apiKey: 'sk-test', model: 'gpt-realtime' });
    expect(e.url).toBe('wss://api.openai.com/v1/realtime?model=gpt-realtime');
    expect(e.headers).toEqual({ Authorization: 'Bearer sk-test' });
    expect(Object.keys(e.headers).map((k) => k.toLowerCase())).not.toContain('openai-beta');
  });

  it('Azure: resource name to the GA v1 path with an api-key header', () => {
    const e = resolveEndpoint({
      kind: 'azure',
      apiKey: 'az',
      azureResource: 'my-res',
      model: 'my-deploy',
    });
    expect(e.url).toBe('wss://my-res.openai.azure.com/openai/v1/realtime?model=my-deploy');
    expect(e.headers).toEqual({ 'api-key': 'az' });
  });

  it('keeps an explicit URL exactly, query included', () => {
    const url = 'wss://proxy.example/v1/realtime?model=gpt-realtime&x=1';
    expect(resolveEndpoint({ kind: 'openai', apiKey: 'k', url }).url).toBe(url);
    expect(resolveEndpoint({ kind: 'custom', url }).url).toBe(url);
  });

  it('custom: picks the header convention from the host', () => {
    expect(
      resolveEndpoint({
        kind: 'custom',
        apiKey: 'k',
        url: 'wss://a.openai.azure.com/openai/v1/realtime',
      }).headers,
    ).toEqual({ 'api-key': 'k' });
    expect(
      resolveEndpoint({ kind: 'custom', apiKey: 'k', url: 'ws://127.0.0.1:1/' }).headers,
    ).toEqual({ Authorization: 'Bearer k' });
  });

  it('simulator: no headers and a clear label', () => {
    const e = resolveEndpoint({ kind: 'simulator', url: 'ws://127.0.0.1:5/v1/realtime' });
    expect(e.headers).toEqual({});
    expect(e.label).toBe('Simulator');
  });

  it('rejects missing keys, bad URLs and keys with whitespace with a clear message', () => {
    expect(() => resolveEndpoint({ kind: 'openai' })).toThrow(/needs an API key/);
    expect(() => resolveEndpoint({ kind: 'openai', apiKey: 'sk a' })).toThrow(
      /spaces or line breaks/,
    );
    expect(() => resolveEndpoint({ kind: 'custom', url: 'https://x' })).toThrow(
      /must start with ws:\/\/ or wss:\/\//,
    );
    expect(() => resolveEndpoint({ kind: 'custom', url: 'javascript:alert(1)' })).toThrow(
      /must start with ws:\/\/ or wss:\/\//,
    );
    expect(() => resolveEndpoint({ kind: 'custom', url: 'not a url' })).toThrow(
      ProviderConfigError,
    );
    expect(() => resolveEndpoint({ kind: 'azure', apiKey: 'k' })).toThrow(/resource name/);
  });

  it('sends a key over plain ws:// only to this machine', () => {
    for (const url of ['ws://127.0.0.1:9/x', 'ws://localhost:9/x', 'ws://[::1]:9/x']) {
      expect(resolveEndpoint({ kind: 'custom', apiKey: 'sk-local', url }).url).toBe(url);
    }
    for (const url of ['ws://example.com/x', 'ws://10.0.0.1/x', 'ws://127.0.0.1.evil.com/x']) {
      expect(() => resolveEndpoint({ kind: 'custom', apiKey: 'sk-remote', url })).toThrow(
        /must use wss:\/\//,
      );
    }
    expect(() =>
      resolveEndpoint({ kind: 'azure', apiKey: 'k', azureResource: 'http://example.com' }),
    ).toThrow(/must use wss:\/\//);
    expect(
      resolveEndpoint({ kind: 'azure', apiKey: 'k', azureResource: 'http://127.0.0.1:8' }).url,
    ).toMatch(/^ws:\/\/127\.0\.0\.1:8\//);
  });

  it('never echoes a credential from a URL in its errors', () => {
    expect(() =>
      resolveEndpoint({
        kind: 'custom',
        url: 'ws://evil.example/v1/sk-proj-abcdefgh12345678?token=hunter22',
      }),
    ).toThrow(/^(?!.*(abcdefgh12345678|hunter22)).*$/s);
  });
});

describe('redactSecret', () => {
  it('removes every occurrence of the key', () => {
    expect(redactSecret('a sk-secret b sk-secret', 'sk-secret')).toBe(
      'a [API key redacted] b [API key redacted]',
    );
    expect(redactSecret('nothing', undefined)).toBe('nothing');
  });
});
