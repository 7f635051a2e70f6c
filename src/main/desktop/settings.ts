import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { chordLabel, parseChord } from '../../shared/chord';
import type { ProviderId } from '../../shared/health';
import {
  DEFAULT_SETTINGS,
  type SettingsStore,
  type StoredSettings,
} from '../realtime/settings-model';

const PROVIDERS: ProviderId[] = ['openai', 'azure', 'custom', 'simulator'];

/**
 * Settings as JSON in the user-data folder, written atomically. A damaged file is set
 * aside (not deleted) and the defaults are used, so nothing is lost and the app starts.
 */
export class JsonSettingsStore implements SettingsStore {
  /** Set when the file on disk could not be read; the caller tells the user. */
  problem: string | null = null;

  constructor(private readonly path: string) {}

  load(): StoredSettings {
    if (!existsSync(this.path)) return { ...DEFAULT_SETTINGS };
    try {
      return parseSettings(JSON.parse(readFileSync(this.path, 'utf8')));
    } catch (error) {
      const aside = `${this.path}.damaged-${Date.now()}`;
      try {
        renameSync(this.path, aside);
      } catch {
        // If even that fails, the defaults still let the app start.
      }
      this.problem = `Your settings file could not be read (${error instanceof Error ? error.message : String(error)}); it was kept as ${aside} and the defaults are in use.`;
      return { ...DEFAULT_SETTINGS };
    }
  }

  save(settings: StoredSettings): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, this.path);
  }
}

export function parseSettings(value: unknown): StoredSettings {
  if (typeof value !== 'object' || value === null) throw new Error('not a JSON object');
  const input = value as Record<string, unknown>;
  const out: StoredSettings = { ...DEFAULT_SETTINGS };
  if (PROVIDERS.includes(input.provider as ProviderId)) out.provider = input.provider as ProviderId;
  for (const key of ['model', 'voice', 'azureResource', 'customUrl', 'micDeviceId'] as const) {
    if (typeof input[key] === 'string') out[key] = input[key];
  }
  if (typeof input.onboarded === 'boolean') out.onboarded = input.onboarded;
  if (typeof input.voiceProcessing === 'boolean') out.voiceProcessing = input.voiceProcessing;
  if (typeof input.earcons === 'boolean') out.earcons = input.earcons;
  if (typeof input.holdHotkey === 'string') {
    try {
      out.holdHotkey = chordLabel(parseChord(input.holdHotkey));
    } catch {
      // keep the default: a chord from a newer or edited file that this version cannot use
    }
  }
  if (typeof input.toggleHotkey === 'string') out.toggleHotkey = input.toggleHotkey;
  if (['push-to-talk', 'server_vad', 'semantic_vad'].includes(input.turnDetection as string)) {
    out.turnDetection = input.turnDetection as StoredSettings['turnDetection'];
  }
  return out;
}
