/** The engine part of the connection settings, and where GPT-Live can be used. Pure. */
import type { ProviderId } from './health';
import type { StoredSettings } from './settings-schema';

export type EngineFields = Pick<StoredSettings, 'engine' | 'liveModel' | 'liveBackendModel'>;

export function engineFieldsOf(settings: EngineFields): EngineFields {
  return {
    engine: settings.engine,
    liveModel: settings.liveModel,
    liveBackendModel: settings.liveBackendModel,
  };
}

/** Whether GPT-Live can be chosen with this provider, in the words the form shows. */
export function liveAvailability(provider: ProviderId): { available: boolean; text: string } {
  switch (provider) {
    case 'openai':
      return {
        available: true,
        text: 'GPT-Live uses the same key at wss://api.openai.com/v1/live/sessions. Billed per minute ($0.05) plus the backend model’s tokens.',
      };
    case 'azure':
      return {
        available: false,
        text: 'GPT-Live is not available on Azure OpenAI in Hark: use Realtime there, or OpenAI for GPT-Live.',
      };
    case 'custom':
      return {
        available: true,
        text: 'GPT-Live is available at the URL you give: enter its /v1/live/sessions address above.',
      };
    case 'simulator':
      return { available: true, text: 'The simulator speaks both engines.' };
  }
}
