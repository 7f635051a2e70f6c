import { randomBytes } from 'node:crypto';
import type { ProviderId } from '../../../shared/health';
import { resolveEndpoint, type Endpoint } from '../providers';
import type { StoredSettings } from '../../settings/settings-model';
import { RealtimeSimulator, type SimulatorOptions } from '../../../simulator/server';

/** The window's origin (desktop/app-protocol.ts, which only Electron code may import). */
const APP_WINDOW_ORIGIN = 'app://hark';

export const PROVIDER_LABELS: Record<ProviderId, string> = {
  simulator: 'Simulator',
  openai: 'OpenAI',
  azure: 'Azure OpenAI',
  custom: 'Custom',
};

/** Without a key Hark talks to its simulator, and says so. */
export function effectiveProvider(settings: StoredSettings, key: string | null): ProviderId {
  if (settings.provider === 'simulator' || settings.provider === 'custom') return settings.provider;
  return key ? settings.provider : 'simulator';
}

/** The endpoint these settings and this key describe; throws ProviderConfigError when they cannot work. */
export function endpointFor(settings: StoredSettings, key: string | null): Endpoint {
  return resolveEndpoint({
    kind: settings.provider,
    engine: settings.engine,
    apiKey: key ?? undefined,
    model: settings.engine === 'live' ? settings.liveModel : settings.model,
    azureResource: settings.azureResource,
    url: settings.provider === 'custom' ? settings.customUrl : undefined,
  });
}

/**
 * The one place that decides where a session goes: the configured provider with the key
 * entered for it, or Hark's embedded simulator (started once, even when two connects race).
 */
export class EndpointSource {
  private simulator: RealtimeSimulator | null = null;
  private simulatorStarted: Promise<string> | null = null;

  constructor(
    /** The key entered for the endpoint these settings name; null when none was (endpoint-binding.ts). */
    private readonly keyFor: (settings: StoredSettings) => string | null,
    private readonly simulatorOptions?: SimulatorOptions,
  ) {}

  /** The embedded simulator, once a simulator session has started it. */
  get embeddedSimulator(): RealtimeSimulator | null {
    return this.simulator;
  }

  provider(settings: StoredSettings): ProviderId {
    return effectiveProvider(settings, this.keyFor(settings));
  }

  /** Resolve the endpoint for the next session (starting the simulator when it is the one). */
  async current(settings: StoredSettings): Promise<Endpoint> {
    if (this.provider(settings) === 'simulator') {
      if (!this.simulator) {
        // Only Hark may use its embedded simulator: a per-run secret in the path, and no
        // browser origin but the app's (a web page the user visits could otherwise connect).
        this.simulator = new RealtimeSimulator({
          ...this.simulatorOptions,
          guard: {
            pathSecret: randomBytes(24).toString('base64url'),
            allowedOrigins: [APP_WINDOW_ORIGIN],
          },
        });
        this.simulatorStarted = this.simulator.start();
      }
      const simulator = this.simulator;
      await this.simulatorStarted;
      return resolveEndpoint({
        kind: 'simulator',
        engine: settings.engine,
        url: simulator.url,
        model: settings.engine === 'live' ? settings.liveModel : settings.model,
      });
    }
    return endpointFor(settings, this.keyFor(settings));
  }

  async dispose(): Promise<void> {
    await this.simulatorStarted?.catch(() => undefined);
    await this.simulator?.stop();
    this.simulator = null;
    this.simulatorStarted = null;
  }
}
