/**
 * The settings and the key, kept together: what the window may see, which key may go to the
 * endpoint the settings name (see endpoint-binding.ts), and saves that are all or nothing —
 * the key file, the settings file and memory change together, or none of them does.
 */
import type { SettingsView, ValidSettingsUpdate } from '../../shared/ipc';
import { bindUnboundKey, endpointIdentity, keyAccess } from '../engine/endpoint-binding';
import {
  applyUpdate,
  toView,
  type SecretStore,
  type SettingsStore,
  type StoredKey,
  type StoredSettings,
} from './settings-model';

export type SaveOutcome =
  { ok: true; before: StoredSettings; after: StoredSettings } | { ok: false; error: string };

export class SettingsKeeper {
  private settings: StoredSettings;
  /**
   * The stored key of an older Hark could not be bound to its endpoint (the key file could not
   * be written): it is not sent anywhere, the binding is retried next run, and the window shows
   * this beside the key field until a key is entered.
   */
  bindingProblem: string | null = null;

  constructor(
    private readonly store: SettingsStore,
    private readonly secrets: SecretStore,
  ) {
    this.settings = store.load();
    this.bindLegacyKey();
  }

  get current(): StoredSettings {
    return { ...this.settings };
  }

  view(): SettingsView {
    const stored = this.secrets.read();
    const { hasKey, keyForOtherEndpoint } = keyAccess(this.settings, stored);
    return toView(this.settings, {
      hasKey,
      keyForOtherEndpoint,
      keyEndpoint: stored?.endpoint ?? null,
      keyProblem: this.bindingProblem,
    });
  }

  /** The key for the endpoint the settings name now; null when none was entered for it. */
  key(settings: StoredSettings = this.settings): string | null {
    return keyAccess(settings, this.secrets.read()).key;
  }

  /**
   * Apply an update. `check` sees the settings and the key the save would leave (it throws to
   * refuse, e.g. an endpoint that cannot be reached without a key); only then are the key
   * and the settings written, the key first and put back if the settings cannot be.
   */
  save(
    update: ValidSettingsUpdate,
    check: (next: StoredSettings, key: string | null) => void,
  ): SaveOutcome {
    const before = this.settings;
    const after = applyUpdate(before, update);
    const storedBefore = this.secrets.read();
    const storedAfter = nextStoredKey(storedBefore, update.apiKey, after);
    if (update.apiKey && endpointIdentity(after) === null)
      return { ok: false, error: 'Choose the provider (and its URL or resource) this key is for.' };
    try {
      check(after, keyAccess(after, storedAfter).key);
    } catch (error) {
      return { ok: false, error: messageOf(error) };
    }
    const keyChanges = update.apiKey !== undefined;
    try {
      if (keyChanges) this.secrets.write(storedAfter);
    } catch (error) {
      return {
        ok: false,
        error: `The key could not be saved (${messageOf(error)}); nothing was changed.`,
      };
    }
    try {
      this.store.save(after);
    } catch (error) {
      let restored = true;
      if (keyChanges) {
        try {
          this.secrets.write(storedBefore);
        } catch {
          restored = false;
        }
      }
      return {
        ok: false,
        error: `The settings could not be saved (${messageOf(error)}); ${restored ? 'nothing was changed' : 'the key was changed but the other settings were not'}.`,
      };
    }
    this.settings = after;
    if (keyChanges) this.bindingProblem = null;
    return { ok: true, before, after };
  }

  private bindLegacyKey(): void {
    const stored = this.secrets.read();
    const bound = bindUnboundKey(stored, this.settings);
    if (bound === stored) return;
    try {
      this.secrets.write(bound);
    } catch (error) {
      this.bindingProblem = `Your saved key could not be updated for this version of Hark (${messageOf(error)}), so it is not sent anywhere: enter the key for this endpoint again.`;
    }
  }
}

/** The key entered now is bound to the endpoint the new settings name; "" forgets it. */
function nextStoredKey(
  stored: StoredKey | null,
  apiKey: string | undefined,
  after: StoredSettings,
): StoredKey | null {
  if (apiKey === undefined) return stored;
  if (apiKey === '') return null;
  return { key: apiKey, endpoint: endpointIdentity(after) };
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 300);
}
