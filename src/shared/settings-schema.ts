/**
 * The settings, as one zod schema per field: the IPC contract (what the window may send and
 * see) and the settings file on disk are both checked with these, and their TypeScript types
 * come from them. Every string is bounded; URLs, hotkeys and names are checked when saved.
 */
import { z } from 'zod';
import { AcceleratorError, parseAccelerator } from './accelerator';
import { ChordError, chordLabel, parseChord } from './chord';

export const PROVIDER_IDS = ['openai', 'azure', 'custom', 'simulator'] as const;
export const TURN_DETECTIONS = ['push-to-talk', 'server_vad', 'semantic_vad'] as const;
/** The voice protocols Hark speaks: Realtime, or GPT-Live (docs/gpt-live.md). */
export const ENGINES = ['realtime', 'live'] as const;
/** GPT-Live's models, newest first. */
export const LIVE_MODEL_CHOICES = ['gpt-live-1.1', 'gpt-live-1'] as const;

export const MAX_KEY_LENGTH = 512;
export const MAX_URL_LENGTH = 2048;
export const MAX_MODEL_LENGTH = 128;
export const MAX_VOICE_LENGTH = 64;
export const MAX_DEVICE_ID_LENGTH = 256;
export const MAX_AZURE_RESOURCE_LENGTH = 256;
export const MAX_HOTKEY_LENGTH = 64;

/** Only plain objects (what structured clone and JSON produce): no Date, Map, class instance or array. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Loopback hosts: the only ones a key may travel to over plain ws://. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    host === 'localhost' ||
    host === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) ||
    host.endsWith('.localhost')
  );
}

/**
 * Why a Realtime WebSocket URL cannot be used, or null when it can: ws:// or wss:// only,
 * and plain ws:// only to this machine (a key must not cross a network in clear text).
 */
export function realtimeUrlProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a valid URL';
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:')
    return `must start with ws:// or wss:// (plain ws:// only to this machine), not ${url.protocol.slice(0, 20)}//`;
  if (url.protocol === 'ws:' && !isLoopbackHost(url.hostname))
    return 'must use wss:// for a server that is not this machine (ws:// would send the key in clear text)';
  return null;
}

/** Azure resource: a name ("my-resource") or the resource's https/wss URL. */
export function azureResourceProblem(value: string): string | null {
  if (/^[a-z0-9](?:[a-z0-9-]{0,62})$/i.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is neither an Azure resource name (letters, digits, "-") nor a URL';
  }
  if (url.protocol === 'https:' || url.protocol === 'wss:') return null;
  if ((url.protocol === 'http:' || url.protocol === 'ws:') && isLoopbackHost(url.hostname))
    return null;
  return 'must be a resource name or an https:// URL';
}

const bounded = (max: number, what: string) =>
  z
    .string({ error: `${what} must be text` })
    .max(max, { error: `${what} is longer than ${max} characters` });

/** Printable, no control characters (they would end up in headers, logs and files). */
const NO_CONTROL = /^[^\p{Cc}\p{Cf}]*$/u;

export const providerSchema = z.enum(PROVIDER_IDS, { error: 'unknown provider' });
export const turnDetectionSchema = z.enum(TURN_DETECTIONS, {
  error: 'turnDetection must be push-to-talk, server_vad or semantic_vad',
});

/**
 * A key as typed: surrounding whitespace is dropped; empty means "forget the stored key".
 * Whitespace only is refused (it must not forget a key by accident), and so is a key with
 * spaces or control characters inside.
 */
export const apiKeySchema = bounded(MAX_KEY_LENGTH, 'The API key').transform((value, ctx) => {
  const key = value.trim();
  if (value.length > 0 && key.length === 0) {
    ctx.addIssue({
      code: 'custom',
      message: 'The API key is blank (only spaces); paste the key again, or use Forget key.',
    });
    return z.NEVER;
  }
  if (!/^[\x21-\x7e]*$/.test(key)) {
    ctx.addIssue({
      code: 'custom',
      message:
        'The API key contains spaces, line breaks or other characters keys never have; paste it again.',
    });
    return z.NEVER;
  }
  return key;
});

export const modelSchema = bounded(MAX_MODEL_LENGTH, 'The model')
  .trim()
  .regex(/^[A-Za-z0-9._:-]*$/, {
    error: 'The model may hold letters, digits, ".", "_", ":" and "-" only',
  });

export const voiceSchema = bounded(MAX_VOICE_LENGTH, 'The voice')
  .trim()
  .regex(/^[A-Za-z0-9_-]+$/, { error: 'The voice is a name such as "marin"' });

export const azureResourceSchema = bounded(MAX_AZURE_RESOURCE_LENGTH, 'The Azure resource')
  .trim()
  .superRefine((value, ctx) => {
    const problem = value === '' ? null : azureResourceProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: `The Azure resource ${problem}.` });
  });

export const customUrlSchema = bounded(MAX_URL_LENGTH, 'The URL')
  .trim()
  .superRefine((value, ctx) => {
    const problem = value === '' ? null : realtimeUrlProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: `The URL ${problem}.` });
  });

export const micDeviceIdSchema = bounded(MAX_DEVICE_ID_LENGTH, 'The microphone id').regex(
  NO_CONTROL,
  { error: 'The microphone id has control characters' },
);

export const holdHotkeySchema = bounded(MAX_HOTKEY_LENGTH, 'The hold-to-talk hotkey').transform(
  (value, ctx) => {
    try {
      return chordLabel(parseChord(value));
    } catch (error) {
      if (!(error instanceof ChordError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message.slice(0, 200) });
      return z.NEVER;
    }
  },
);

export const toggleHotkeySchema = bounded(MAX_HOTKEY_LENGTH, 'The toggle hotkey').transform(
  (value, ctx) => {
    try {
      return parseAccelerator(value);
    } catch (error) {
      if (!(error instanceof AcceleratorError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message.slice(0, 200) });
      return z.NEVER;
    }
  },
);

const flag = (what: string) => z.boolean({ error: `${what} must be true or false` });

/** Every setting the window may see and change, except the key. */
export const settingsFields = {
  provider: providerSchema,
  model: modelSchema,
  voice: voiceSchema,
  azureResource: azureResourceSchema,
  customUrl: customUrlSchema,
  /** The user chose the simulator on the first-run panel (or has no key). */
  onboarded: flag('onboarded'),
  /** Echo cancellation, noise suppression and gain control on the mic (recommended without headphones). */
  voiceProcessing: flag('voiceProcessing'),
  /** The microphone's deviceId; empty for the system default. */
  micDeviceId: micDeviceIdSchema,
  /** The global hold-to-talk chord, e.g. "Ctrl+Alt+Space". */
  holdHotkey: holdHotkeySchema,
  /** The global toggle hotkey, an Electron accelerator. */
  toggleHotkey: toggleHotkeySchema,
  /** Short sounds when listening starts and stops. */
  earcons: flag('earcons'),
  /** Push-to-talk, or hands-free with the server's voice activity detection. */
  turnDetection: turnDetectionSchema,
  /** Realtime, or GPT-Live (OpenAI, custom URLs and the simulator; not Azure). */
  engine: z.enum(ENGINES, { error: 'engine must be realtime or live' }),
  /** The GPT-Live model (`model` stays the Realtime one). */
  liveModel: modelSchema,
  /** The Responses model GPT-Live delegates tools and reasoning to. */
  liveBackendModel: modelSchema,
} as const;

export type SettingsFieldName = keyof typeof settingsFields;
export const SETTINGS_FIELD_NAMES = Object.keys(settingsFields) as SettingsFieldName[];

/** What Hark persists besides the key (which lives apart, encrypted). */
export const storedSettingsSchema = z.strictObject(settingsFields);
export type StoredSettings = z.output<typeof storedSettingsSchema>;
export type TurnDetectionSetting = StoredSettings['turnDetection'];

/** A change the window asks for; the key is write-only. */
export const settingsUpdateSchema = z.strictObject({
  ...z.object(settingsFields).partial().shape,
  /** A new key; an empty string removes the stored one. */
  apiKey: apiKeySchema.optional(),
});
export type SettingsUpdate = z.input<typeof settingsUpdateSchema>;
export type ValidSettingsUpdate = z.output<typeof settingsUpdateSchema>;

/** What the renderer may know of the settings: never the key itself. */
export type SettingsView = StoredSettings & {
  /** A key is stored (it is sent only to the endpoint it was entered for). */
  hasKey: boolean;
  /**
   * A key is stored, but it was entered for another endpoint (provider, URL or Azure
   * resource changed since): it is not sent here; the user must enter the key for this one.
   */
  keyForOtherEndpoint?: boolean;
  /** Where the stored key may go ("provider origin", see endpoint-identity.ts); null without a key. */
  keyEndpoint?: string | null;
  /** Why the stored key cannot be used (shown beside the key field); null when it can. */
  keyProblem?: string | null;
};
