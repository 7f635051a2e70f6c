import type { SettingsView, ValidSettingsUpdate } from '../../shared/ipc';
import { DEFAULT_HOLD_CHORD, DEFAULT_TOGGLE_ACCELERATOR } from '../../shared/chord';
import { SETTINGS_FIELD_NAMES, type StoredSettings } from '../../shared/settings-schema';
import { DEFAULT_SESSION_SETTINGS } from '../realtime/session-config';
import { DEFAULT_BACKEND_MODEL } from '../live/protocol';

export type { StoredSettings } from '../../shared/settings-schema';

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
  engine: 'realtime',
  liveModel: 'gpt-live-1.1',
  liveBackendModel: DEFAULT_BACKEND_MODEL,
};

/** The settings file's format. 1: the unversioned files of Hark ≤ 0.1; 2: `version` added. */
export const SETTINGS_VERSION = 2;

export interface SettingsStore {
  load(): StoredSettings;
  /** Throws when the settings could not be written; then nothing on disk changed. */
  save(settings: StoredSettings): void;
}

/** The key and the endpoint it was entered for (see endpoint-binding.ts). */
export interface StoredKey {
  key: string;
  /** The endpoint identity; null for a key saved by a Hark that did not record it. */
  endpoint: string | null;
}

export interface SecretStore {
  read(): StoredKey | null;
  /** null forgets the key. Throws when it could not be stored; then nothing changed. */
  write(value: StoredKey | null): void;
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
  private value: StoredKey | null;

  /** A key given without its endpoint is bound to the endpoint of the settings it starts with. */
  constructor(key: string | null = null, endpoint: string | null = null) {
    this.value = key ? { key, endpoint } : null;
  }
  read(): StoredKey | null {
    return this.value && { ...this.value };
  }
  write(value: StoredKey | null): void {
    this.value = value && { ...value };
  }
}

export function toView(
  settings: StoredSettings,
  key: Pick<SettingsView, 'hasKey' | 'keyForOtherEndpoint' | 'keyEndpoint' | 'keyProblem'>,
): SettingsView {
  return { ...settings, ...key };
}

/** Merge an update, keeping fields it does not mention. The key is handled by the caller. */
export function applyUpdate(settings: StoredSettings, update: ValidSettingsUpdate): StoredSettings {
  const next = { ...settings };
  for (const field of SETTINGS_FIELD_NAMES) {
    const value = update[field];
    if (value !== undefined) (next as Record<string, unknown>)[field] = value;
  }
  return next;
}
