/**
 * The key is bound to the endpoint it was entered for: provider + origin. Main decides,
 * from the stored binding and the current settings, whether the key may be sent; the window
 * can only change settings, and a change of provider, custom URL or Azure resource makes the
 * stored key unusable until the user enters the key for the new endpoint. Pure.
 */
import {
  endpointIdentity,
  OPENAI_ORIGIN,
  SIMULATOR_IDENTITY,
  type EndpointSettings,
} from '../../shared/endpoint-identity';
import type { Endpoint } from './providers';
import type { StoredKey } from '../settings/settings-model';

export { endpointIdentity } from '../../shared/endpoint-identity';

export interface KeyAccess {
  /** The key to send to the current endpoint, or null: none was entered for it. */
  key: string | null;
  /** A key is stored (for this endpoint or another). */
  hasKey: boolean;
  /** A key is stored but was entered for another endpoint: "enter the key for this endpoint". */
  keyForOtherEndpoint: boolean;
}

export function keyAccess(settings: EndpointSettings, stored: StoredKey | null): KeyAccess {
  const identity = endpointIdentity(settings);
  const fits = stored !== null && identity !== null && stored.endpoint === identity;
  return {
    key: fits ? stored.key : null,
    hasKey: stored !== null,
    keyForOtherEndpoint: stored !== null && !fits && settings.provider !== 'simulator',
  };
}

/**
 * A key saved before keys were bound belongs to the endpoint the settings named when it was
 * last used (OpenAI, Hark's default, when they named none); it is bound there once, so that
 * no later change of settings can redirect it.
 */
export function bindUnboundKey(
  stored: StoredKey | null,
  settings: EndpointSettings,
): StoredKey | null {
  if (!stored || stored.endpoint !== null) return stored;
  return { key: stored.key, endpoint: endpointIdentity(settings) ?? `openai ${OPENAI_ORIGIN}` };
}

/**
 * The Realtime endpoint a setting names, for binding an MCP token (which travels inside
 * `session.update`): its identity, or "simulator" for the embedded simulator (no key goes
 * there, but a token entered while using it belongs to it and nowhere else).
 */
export function realtimeIdentity(settings: EndpointSettings): string | null {
  return settings.provider === 'simulator' ? SIMULATOR_IDENTITY : endpointIdentity(settings);
}

/** The same identity for the endpoint a session actually opened (the settings may have moved on). */
export function realtimeIdentityOfEndpoint(
  endpoint: Pick<Endpoint, 'provider' | 'url'>,
): string | null {
  if (endpoint.provider === 'simulator') return SIMULATOR_IDENTITY;
  try {
    return `${endpoint.provider} ${new URL(endpoint.url).origin}`;
  } catch {
    return null;
  }
}
