/**
 * Which endpoint a setting names, as "provider origin" (e.g. "openai wss://api.openai.com",
 * "custom wss://host:8443"): what a key is bound to. Pure, so the window can show whether
 * the key it has on file fits the endpoint being edited — main decides what is sent.
 */
import type { ProviderId } from './health';

export const OPENAI_ORIGIN = 'wss://api.openai.com';

/** Realtime endpoint identity of the embedded simulator (its port changes every run). */
export const SIMULATOR_IDENTITY = 'simulator';

export interface EndpointSettings {
  provider: ProviderId;
  azureResource: string;
  customUrl: string;
}

/** The wss origin of an Azure resource given by name or URL; null when it is neither. */
export function azureOrigin(resource: string): string | null {
  const value = resource.trim();
  if (!value) return null;
  if (/^[a-z0-9-]+$/i.test(value)) return `wss://${value.toLowerCase()}.openai.azure.com`;
  try {
    const url = new URL(value);
    const protocol = url.protocol === 'http:' || url.protocol === 'ws:' ? 'ws:' : 'wss:';
    return `${protocol}//${url.host}`;
  } catch {
    return null;
  }
}

/** "provider origin"; null where no key can go (the simulator, or no valid endpoint). */
export function endpointIdentity(settings: EndpointSettings): string | null {
  switch (settings.provider) {
    case 'openai':
      return `openai ${OPENAI_ORIGIN}`;
    case 'azure': {
      const origin = azureOrigin(settings.azureResource);
      return origin && `azure ${origin}`;
    }
    case 'custom':
      try {
        return settings.customUrl.trim()
          ? `custom ${new URL(settings.customUrl.trim()).origin}`
          : null;
      } catch {
        return null;
      }
    case 'simulator':
      return null;
  }
}

/** An identity in words: "OpenAI", "Azure OpenAI (res.openai.azure.com)", "custom URL (host)". */
export function describeEndpointIdentity(identity: string | null): string {
  if (!identity) return 'no endpoint';
  const [provider, origin = ''] = identity.split(' ');
  const host = origin.replace(/^[a-z]+:\/\//, '');
  if (provider === 'openai') return 'OpenAI';
  if (provider === 'azure') return `Azure OpenAI (${host})`;
  if (provider === 'custom') return `the custom URL ${host}`;
  return 'an endpoint Hark no longer knows';
}
