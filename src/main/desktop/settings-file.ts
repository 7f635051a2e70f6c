/**
 * Reading the settings file: its text through the same schema as IPC, with migration from
 * older versions. Pure (no fs): a field that fails its check is reported and the default
 * used, never silently dropped.
 */
import { settingsFields, SETTINGS_FIELD_NAMES } from '../../shared/settings-schema';
import {
  DEFAULT_SETTINGS,
  SETTINGS_VERSION,
  type StoredSettings,
} from '../settings/settings-model';

export interface ParsedSettings {
  settings: StoredSettings;
  /** Fields reset to their defaults, with why ("model: …"); empty when all were fine. */
  resetFields: string[];
  /** Fields this version does not know (kept out of the settings). */
  unknownFields: string[];
  /** The file was written by a newer Hark. */
  newerVersion: number | null;
}

export class SettingsFileError extends Error {
  override name = 'SettingsFileError';
}

/** Settings files are small; anything larger is not one. */
export const MAX_SETTINGS_BYTES = 256 * 1024;

/** Parse the file's text; a SettingsFileError when it is not a settings object at all. */
export function parseSettingsText(text: string): ParsedSettings {
  if (text.length > MAX_SETTINGS_BYTES) throw new SettingsFileError('the file is too large');
  // Editors on Windows save UTF-8 with a byte-order mark; JSON.parse refuses it.
  const body = text.replace(/^\uFEFF/, '');
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw new SettingsFileError(
      `it is not valid JSON (${error instanceof Error ? error.message.slice(0, 120) : 'unreadable'})`,
    );
  }
  return parseSettingsValue(value);
}

export function parseSettingsValue(value: unknown): ParsedSettings {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new SettingsFileError(
      `it holds ${Array.isArray(value) ? 'a list' : value === null ? 'null' : `a ${typeof value}`}, not a settings object`,
    );
  const input = migrate(value as Record<string, unknown>);
  const settings: StoredSettings = { ...DEFAULT_SETTINGS };
  const resetFields: string[] = [];
  for (const field of SETTINGS_FIELD_NAMES) {
    if (!Object.hasOwn(input, field)) continue;
    const result = settingsFields[field].safeParse(input[field]);
    if (result.success) (settings as Record<string, unknown>)[field] = result.data;
    else
      resetFields.push(
        `${field} (${(result.error.issues[0]?.message ?? 'invalid').slice(0, 160)})`,
      );
  }
  const known = new Set<string>([...SETTINGS_FIELD_NAMES, 'version']);
  const unknownFields = Object.keys(input)
    .filter((key) => !known.has(key))
    .map((key) => key.slice(0, 40))
    .slice(0, 10);
  const version = typeof input.version === 'number' ? input.version : 1;
  return {
    settings,
    resetFields,
    unknownFields,
    newerVersion: version > SETTINGS_VERSION ? version : null,
  };
}

/** Bring an older file's fields to the current names and meanings. */
function migrate(input: Record<string, unknown>): Record<string, unknown> {
  const version = typeof input.version === 'number' ? input.version : 1;
  const out = { ...input };
  if (version < 2) {
    // Version 1 had no `version` and the same fields; hotkeys were free text then, so a
    // chord or accelerator this version refuses is reported like any other bad field.
    out.version = 2;
  }
  return out;
}

/** The file's text for a save: versioned, stable field order, one field a line. */
export function serializeSettings(settings: StoredSettings): string {
  const ordered: Record<string, unknown> = { version: SETTINGS_VERSION };
  for (const field of SETTINGS_FIELD_NAMES) ordered[field] = settings[field];
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
