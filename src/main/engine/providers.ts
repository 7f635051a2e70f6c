/** Where to connect and which headers each provider wants. No `OpenAI-Beta` header, ever. */
import { azureOrigin, OPENAI_ORIGIN } from '../../shared/endpoint-identity';
import { realtimeUrlProblem } from '../../shared/settings-schema';
import type { EngineKind } from './engine';
import { Redactor, redactUrl } from './redaction';

export type ProviderKind = 'openai' | 'azure' | 'custom' | 'simulator';

export const DEFAULT_MODEL = 'gpt-realtime';
export const DEFAULT_LIVE_MODEL = 'gpt-live-1.1';
const OPENAI_URL = `${OPENAI_ORIGIN}/v1/realtime`;
const OPENAI_LIVE_URL = `${OPENAI_ORIGIN}/v1/live/sessions`;

export interface ProviderConfig {
  kind: ProviderKind;
  /** The protocol: Realtime (default) or GPT-Live. */
  engine?: EngineKind | undefined;
  apiKey?: string | undefined;
  model?: string | undefined;
  /** Azure: the resource name, or a full https/wss URL of the resource. */
  azureResource?: string | undefined;
  /** custom and simulator: the exact ws(s) URL, query kept. */
  url?: string | undefined;
}

export interface Endpoint {
  provider: ProviderKind;
  /** The protocol spoken there; Realtime when absent. */
  engine?: EngineKind;
  url: string;
  headers: Record<string, string>;
  /** What to show a user: never contains the key. */
  label: string;
  model: string;
}

export class ProviderConfigError extends Error {
  override name = 'ProviderConfigError';
}

export function resolveEndpoint(config: ProviderConfig): Endpoint {
  if (config.engine === 'live') return resolveLiveEndpoint(config);
  const model = config.model?.trim() || DEFAULT_MODEL;
  switch (config.kind) {
    case 'openai': {
      const key = requireKey(config, 'OpenAI');
      // An explicit URL is used exactly as given (query kept), e.g. a proxy in front of OpenAI.
      const url = config.url
        ? requireWsUrl(config.url)
        : `${OPENAI_URL}?model=${encodeURIComponent(model)}`;
      return {
        provider: 'openai',
        url,
        headers: { Authorization: `Bearer ${key}` },
        label: 'OpenAI',
        model: modelOf(url, model),
      };
    }
    case 'azure': {
      const key = requireKey(config, 'Azure OpenAI');
      const url = config.url
        ? requireWsUrl(config.url)
        : `${azureBase(config.azureResource)}/openai/v1/realtime?model=${encodeURIComponent(model)}`;
      return {
        provider: 'azure',
        url,
        headers: { 'api-key': key },
        label: `Azure (${new URL(url).host})`,
        model: modelOf(url, model),
      };
    }
    case 'custom': {
      const url = requireWsUrl(config.url);
      const headers: Record<string, string> = {};
      if (config.apiKey?.trim()) {
        const key = requireKey(config, 'This endpoint');
        // Azure hosts want `api-key`; everything else speaks the OpenAI convention.
        if (isAzureHost(url)) headers['api-key'] = key;
        else headers.Authorization = `Bearer ${key}`;
      }
      const label = `Custom (${new URL(url).host})`;
      return { provider: 'custom', url, headers, label, model: modelOf(url, model) };
    }
    case 'simulator': {
      const url = requireWsUrl(config.url);
      return { provider: 'simulator', url, headers: {}, label: 'Simulator', model };
    }
  }
}

/**
 * GPT-Live's endpoint: the same origin as Realtime on OpenAI (so the key and its binding carry
 * over), the path /v1/live/sessions, and the model in `session.start` — never in the URL.
 */
function resolveLiveEndpoint(config: ProviderConfig): Endpoint {
  const model = config.model?.trim() || DEFAULT_LIVE_MODEL;
  switch (config.kind) {
    case 'openai': {
      const key = requireKey(config, 'OpenAI');
      const url = config.url ? requireWsUrl(config.url) : OPENAI_LIVE_URL;
      return {
        provider: 'openai',
        engine: 'live',
        url,
        headers: { Authorization: `Bearer ${key}` },
        label: 'OpenAI (GPT-Live)',
        model,
      };
    }
    case 'azure':
      throw new ProviderConfigError(
        'GPT-Live is not available on Azure OpenAI in Hark: choose the Realtime engine for Azure, or use OpenAI for GPT-Live.',
      );
    case 'custom': {
      const url = requireWsUrl(config.url);
      const headers: Record<string, string> = {};
      if (config.apiKey?.trim())
        headers.Authorization = `Bearer ${requireKey(config, 'This endpoint')}`;
      return {
        provider: 'custom',
        engine: 'live',
        url,
        headers,
        label: `Custom GPT-Live (${new URL(url).host})`,
        model,
      };
    }
    case 'simulator': {
      const url = requireWsUrl(config.url);
      return {
        provider: 'simulator',
        engine: 'live',
        url: liveUrlOf(url),
        headers: {},
        label: 'Simulator (GPT-Live)',
        model,
      };
    }
  }
}

/**
 * The GPT-Live URL beside a Realtime one: same origin, `…/v1/live/sessions` in place of
 * `…/v1/realtime` (a prefix before it — the embedded simulator's per-run secret — is kept),
 * no query.
 */
export function liveUrlOf(realtimeUrl: string): string {
  const url = new URL(realtimeUrl);
  const realtime = /\/v1\/realtime\/?$/.exec(url.pathname);
  url.pathname = `${realtime ? url.pathname.slice(0, realtime.index) : ''}/v1/live/sessions`;
  url.search = '';
  return url.toString();
}

function modelOf(url: string, fallback: string): string {
  return new URL(url).searchParams.get('model') ?? fallback;
}

function requireKey(config: ProviderConfig, name: string): string {
  const key = config.apiKey?.trim();
  if (!key)
    throw new ProviderConfigError(
      `${name} needs an API key. Add one in Settings, or use the simulator.`,
    );
  if (/\s/.test(key))
    throw new ProviderConfigError(
      `The ${name} API key contains spaces or line breaks; paste it again.`,
    );
  return key;
}

/** A ws(s) URL; plain ws:// only to this machine, so that no key crosses a network in clear. */
function requireWsUrl(raw: string | undefined): string {
  if (!raw) throw new ProviderConfigError('A URL is required for this provider.');
  const problem = realtimeUrlProblem(raw);
  // The URL may carry a credential of its own: show it redacted.
  if (problem) throw new ProviderConfigError(`The URL ${redactUrl(raw).slice(0, 200)} ${problem}.`);
  return raw;
}

/** The wss origin of an Azure resource given by name or URL (ws:// only to this machine). */
export function azureBase(resource: string | undefined): string {
  const value = resource?.trim();
  if (!value)
    throw new ProviderConfigError('Azure OpenAI needs the resource name (e.g. "my-resource").');
  const origin = azureOrigin(value);
  if (!origin)
    throw new ProviderConfigError(
      `"${value.slice(0, 80)}" is neither an Azure resource name nor a URL.`,
    );
  return requireWsUrl(origin);
}

function isAzureHost(url: string): boolean {
  const host = new URL(url).hostname;
  return host.endsWith('.openai.azure.com') || host.endsWith('.cognitiveservices.azure.com');
}

/** The key (as given and trimmed) and every secret-shaped string in a text, redacted. */
export function redactSecret(text: string, secret: string | undefined): string {
  return new Redactor([secret]).text(text);
}
