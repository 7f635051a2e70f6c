import type { SettingsUpdate, SettingsView } from '../../shared/ipc';
import { DEFAULT_HOLD_CHORD, DEFAULT_TOGGLE_ACCELERATOR } from '../../shared/chord';
import { DEFAULT_SESSION_SETTINGS } from './session-config';

/** What Hark persists: everything the window may see, less `hasKey` (the key lives apart, in a SecretStore). */
export type StoredSettings = Omit<SettingsView, 'hasKey'>;

export const DEFAULT_SETTINGS: StoredSettings = {
  provider: 'simulator',
  model: DEFAULT_SESSION_SETTINGS.model,
  voice: DEFAULT_SESSION_SETTINGS.voice,
  azureResource: '',
  customUrl: '',
  onboarded: false,
  voiceProcessing: true,
  micDeviceId: '',
  holdHotkey: DEFAULT_HOLD_CHORD,
  toggleHotkey: DEFAULT_TOGGLE_ACCELERATOR,
  earcons: false,
  turnDetection: 'push-to-talk',
};

export interface SettingsStore {
  load(): StoredSettings;
  save(settings: StoredSettings): void;
}

export interface SecretStore {
  getKey(): string | null;
  /** null removes the key. */
  setKey(key: string | null): void;
}

export class MemorySettingsStore implements SettingsStore {
  constructor(private settings: StoredSettings = { ...DEFAULT_SETTINGS }) {}
  load(): StoredSettings {
    return { ...this.settings };
  }
  save(settings: StoredSettings): void {
    this.settings = { ...settings };
  }
}

export class MemorySecretStore implements SecretStore {
  constructor(private key: string | null = null) {}
  getKey(): string | null {
    return this.key;
  }
  setKey(key: string | null): void {
    this.key = key;
  }
}

export function toView(settings: StoredSettings, hasKey: boolean): SettingsView {
  return { ...settings, hasKey };
}

/** Merge an update, keeping fields it does not mention. The key is handled by the caller. */
export function applyUpdate(settings: StoredSettings, update: SettingsUpdate): StoredSettings {
  const { apiKey: _key, ...rest } = update;
  const next = { ...settings };
  for (const [field, value] of Object.entries(rest)) {
    if (value !== undefined) (next as Record<string, unknown>)[field] = value;
  }
  return next;
}
