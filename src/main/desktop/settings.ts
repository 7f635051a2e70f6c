import { copyFileSync, renameSync } from 'node:fs';
import {
  DEFAULT_SETTINGS,
  type SettingsStore,
  type StoredSettings,
} from '../settings/settings-model';
import { writeFileAtomic } from './atomic-write';
import {
  MAX_SETTINGS_BYTES,
  parseSettingsText,
  serializeSettings,
  SettingsFileError,
} from './settings-file';
import { NotASmallFileError, readSmallFile, setAside } from '../files/small-file';

/**
 * Settings as JSON in the user-data folder, checked by the IPC schema, written atomically.
 * A file that is not settings at all is set aside (not deleted) and the defaults used; a
 * field that fails its check is reset and reported, with a copy of the file kept first. The
 * notice names a kept copy only when it was really written.
 */
export class JsonSettingsStore implements SettingsStore {
  /** Set when the file on disk could not be used as it was; the caller tells the user. */
  problem: string | null = null;

  constructor(
    private readonly path: string,
    private readonly now: () => number = Date.now,
  ) {}

  load(): StoredSettings {
    this.problem = null;
    let text: string;
    try {
      // A FIFO, a device, a folder or a huge file at the path must not hang or flood startup.
      const bytes = readSmallFile(this.path, MAX_SETTINGS_BYTES);
      if (bytes === null) return { ...DEFAULT_SETTINGS };
      text = bytes.toString('utf8');
    } catch (error) {
      if (error instanceof NotASmallFileError) {
        const aside = setAside(this.path, `${this.path}.damaged-${this.now()}`);
        this.problem = `Your settings file could not be used (${error.message}); the defaults are in use.${aside}`;
        return { ...DEFAULT_SETTINGS };
      }
      this.problem = `Your settings file could not be read (${describe(error)}); the defaults are in use for now, and the file was left as it is.`;
      return { ...DEFAULT_SETTINGS };
    }
    try {
      const parsed = parseSettingsText(text);
      const notes: string[] = [];
      if (parsed.resetFields.length)
        notes.push(
          `these settings were not valid and are back to their defaults: ${parsed.resetFields.join('; ')}`,
        );
      if (parsed.newerVersion !== null)
        notes.push(
          `the file was written by a newer Hark (format ${parsed.newerVersion}); settings this version does not know are ignored`,
        );
      else if (parsed.unknownFields.length)
        notes.push(`unknown settings were ignored: ${parsed.unknownFields.join(', ')}`);
      if (notes.length) {
        const copy = this.keepCopy(`${this.path}.before-${this.now()}`, copyFileSync);
        this.problem = `In your settings file, ${notes.join('; ')}.${copy}`;
      }
      return parsed.settings;
    } catch (error) {
      if (!(error instanceof SettingsFileError)) throw error;
      const copy = this.keepCopy(`${this.path}.damaged-${this.now()}`, renameSync);
      this.problem = `Your settings file could not be used (${error.message}); the defaults are in use.${copy}`;
      return { ...DEFAULT_SETTINGS };
    }
  }

  save(settings: StoredSettings): void {
    writeFileAtomic(this.path, serializeSettings(settings), 0o600);
  }

  /** Keep the original file (copied or moved); the sentence names it only if that worked. */
  private keepCopy(target: string, keep: (from: string, to: string) => void): string {
    try {
      keep(this.path, target);
      return ` The original was kept as ${target}.`;
    } catch (error) {
      return ` (A copy of the original could not be kept: ${describe(error)}.)`;
    }
  }
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.slice(0, 200);
}
