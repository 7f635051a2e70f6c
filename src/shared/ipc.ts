/**
 * The one IPC contract between the renderer and main: channel names, and the zod schemas
 * that give both the payload types and the runtime checks main applies to everything the
 * renderer (or the web preview's bridge) sends.
 */
import { z } from 'zod';
import { FRAME_BYTES } from './audio/format';
import type { AssistantApi } from './assistant-ipc';
import type { AudioPortKind } from './audio-port-protocol';
import type { HealthSnapshot } from './health';
import {
  settingsUpdateSchema,
  type SettingsUpdate,
  type SettingsView,
  type ValidSettingsUpdate,
  isPlainObject,
} from './settings-schema';

export type {
  SettingsUpdate,
  SettingsView,
  TurnDetectionSetting,
  ValidSettingsUpdate,
} from './settings-schema';

export const IPC = {
  getState: 'hark:get-state',
  connect: 'hark:connect',
  disconnect: 'hark:disconnect',
  retry: 'hark:retry',
  talkStart: 'hark:talk-start',
  talkStop: 'hark:talk-stop',
  talkCancel: 'hark:talk-cancel',
  talkEnd: 'hark:talk-end',
  sendText: 'hark:send-text',
  recordHotkey: 'hark:record-hotkey',
  requestAccessibility: 'hark:request-accessibility',
  hotkeys: 'hark:hotkeys',
  saveSettings: 'hark:save-settings',
  audioFrame: 'hark:audio-frame',
  playback: 'hark:playback',
  /** A page starts listening for reply audio (see output-audio-framing.ts). */
  outputReset: 'hark:output-reset',
  /** A page asks for a fresh audio port (audio-port-protocol.ts); main answers on the same channel. */
  audioPort: 'hark:audio-port',
  // main → renderer
  health: 'hark:health',
  transcript: 'hark:transcript',
  /** The id of the reply item whose audio follows on outputAudio (output-audio-framing.ts). */
  outputItem: 'hark:output-item',
  outputAudio: 'hark:output-audio',
  outputDone: 'hark:output-done',
  capture: 'hark:capture',
  outputStop: 'hark:output-stop',
  outputHold: 'hark:output-hold',
  notice: 'hark:notice',
  settings: 'hark:settings',
} as const;

export interface AppSnapshot {
  health: HealthSnapshot;
  settings: SettingsView;
  /** Global hotkeys; null where there are none (the web preview). */
  hotkeys: HotkeyStatus | null;
}

export interface TranscriptMessage {
  role: 'user' | 'assistant';
  itemId: string;
  text: string;
  final: boolean;
  /**
   * A spoken turn that waited for the connection was shown under this stand-in id: the
   * entry becomes `itemId` where it is, and its stand-in text gives way to the first real text.
   */
  replaces?: string;
  /**
   * A turn not sent yet (made during an outage, or behind one that waits): shown after
   * everything sent, in the order made, until a message for the same entry without it.
   */
  waiting?: boolean;
}

export interface OutputAudioMessage {
  itemId: string;
  /** PCM16 LE mono 24 kHz. */
  pcm: Uint8Array;
}

export interface NoticeMessage {
  level: 'info' | 'warning' | 'error';
  title: string;
  text: string;
}

/** The global hotkeys as the window shows them. */
export interface HotkeyStatus {
  /** The hold-to-talk chord, e.g. "Ctrl+Alt+Space". */
  hold: string;
  holdActive: boolean;
  /** The toggle accelerator, e.g. "CommandOrControl+Alt+Shift+H". */
  toggle: string;
  toggleActive: boolean;
  /** Why something does not work, and what to grant or change. */
  problem: string | null;
  /** macOS: hold-to-talk waits for the Accessibility permission (⚙ offers to ask for it). */
  needsAccessibility: boolean;
}

export interface CommandResult {
  ok: boolean;
  error?: string;
}

export class IpcValidationError extends Error {
  override name = 'IpcValidationError';
}

/** Longest error text a validator returns: never an echo of a huge payload. */
const MAX_ERROR_LENGTH = 300;

/** Run a schema; a refusal becomes one short IpcValidationError naming the field. */
export function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
  /** Prefix a nested field's message with `what` ("playback report: …"); settings name themselves. */
  nameNested = true,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  // Every schema's own message names its field; only unknown fields are worded here.
  const message =
    issue?.code === 'unrecognized_keys'
      ? `unknown ${what} field "${String(issue.keys[0] ?? '').slice(0, 40)}"`
      : nameNested && issue?.path.length
        ? `${what}: ${issue.message}`
        : (issue?.message ?? 'invalid');
  throw new IpcValidationError(message.slice(0, MAX_ERROR_LENGTH));
}

/** An audio frame must be whole PCM16 samples and no larger than a few frames. */
export const MAX_AUDIO_FRAME_BYTES = FRAME_BYTES * 10;

export const audioFrameSchema = z
  .instanceof(Uint8Array, { error: 'audio frame must be a Uint8Array of PCM16 samples' })
  .refine((frame) => frame.byteLength > 0, { error: 'audio frame is empty' })
  .refine((frame) => frame.byteLength % 2 === 0, {
    error: 'audio frame must hold whole 16-bit samples',
  })
  .refine((frame) => frame.byteLength <= MAX_AUDIO_FRAME_BYTES, {
    error: `audio frame exceeds ${MAX_AUDIO_FRAME_BYTES} bytes`,
  });

export function validateAudioFrame(value: unknown): Uint8Array {
  // A subclass (Buffer) is fine; a different view type (Int16Array) is not.
  return parseWith(audioFrameSchema, value, 'audio frame');
}

export { isPlainObject };

function plainObject<S extends z.ZodType>(schema: S, what: string) {
  return z.custom<unknown>(isPlainObject, { error: `${what} must be an object` }).pipe(schema);
}

const settingsUpdatePayload = plainObject(settingsUpdateSchema, 'settings');

export function validateSettingsUpdate(value: unknown): ValidSettingsUpdate {
  return parseWith(settingsUpdatePayload, value, 'settings', false);
}

export const MAX_TEXT = 4096;

export const textSchema = z
  .string({ error: 'text must be a string' })
  .max(MAX_TEXT, { error: `text must be at most ${MAX_TEXT} characters` });

/** Which global hotkey to record: the hold-to-talk chord or the toggle. */
export const hotkeyKindSchema = z
  .enum(['hold', 'toggle'], { error: 'hotkey kind must be "hold" or "toggle"' })
  .default('hold');
export type HotkeyKind = z.output<typeof hotkeyKindSchema>;

export function validateHotkeyKind(value: unknown): HotkeyKind {
  return parseWith(hotkeyKindSchema, value, 'hotkey kind');
}

/** A call that takes no argument: anything sent along is refused, not ignored. */
const noArgumentSchema = z.undefined({ error: 'this call takes no argument' });

export function validateNoArgument(value: unknown): undefined {
  return parseWith(noArgumentSchema, value, 'argument');
}

/** Talk sources the window may report; the global hotkeys live in main. */
export const talkSourceSchema = z
  .enum(['pointer', 'space'], { error: 'talk source must be "pointer" or "space"' })
  .default('pointer');
export type WindowTalkSource = z.output<typeof talkSourceSchema>;

export function validateTalkSource(value: unknown): WindowTalkSource {
  return parseWith(talkSourceSchema, value, 'talk source');
}

export function validateText(value: unknown): string {
  return parseWith(textSchema, value, 'text');
}

/** Bounds a real playback never reaches: a day of one reply, ten minutes queued. */
export const MAX_PLAYED_MS = 24 * 3600_000;
export const MAX_BUFFERED_MS = 10 * 60_000;
export const MAX_ITEM_ID_LENGTH = 256;

const milliseconds = (name: string, max: number) =>
  z
    .number({ error: `${name} must be a number` })
    .min(0, { error: `${name} must be ≥ 0` })
    .max(max, { error: `${name} must be ≤ ${max}` });

export const playbackReportSchema = z.strictObject({
  itemId: z
    .string({ error: 'itemId must be a string' })
    .max(MAX_ITEM_ID_LENGTH, { error: `itemId is longer than ${MAX_ITEM_ID_LENGTH} characters` }),
  playedMs: milliseconds('playedMs', MAX_PLAYED_MS),
  /** Audio queued but not yet heard. */
  bufferedMs: milliseconds('bufferedMs', MAX_BUFFERED_MS),
  underruns: z
    .number({ error: 'underruns must be a number' })
    .int({ error: 'underruns must be a whole number' })
    .min(0, { error: 'underruns must be ≥ 0' })
    .max(1e9, { error: 'underruns must be ≤ 1e9' }),
});
export type PlaybackReport = z.output<typeof playbackReportSchema>;

const playbackReportPayload = plainObject(playbackReportSchema, 'playback report');

export function validatePlaybackReport(value: unknown): PlaybackReport {
  return parseWith(playbackReportPayload, value, 'playback report');
}

/** The API window.hark exposes to the renderer (implemented by the preload and by the web preview). */
// ── assistant (issue 12): its channels and methods live in assistant-ipc.ts ──
export interface HarkApi extends AssistantApi {
  getState(): Promise<AppSnapshot>;
  connect(): Promise<CommandResult>;
  disconnect(): Promise<CommandResult>;
  /** Skip the reconnect backoff and try now. */
  retry(): Promise<CommandResult>;
  /** Press and release from the window: the talk button or Space. */
  talkStart(source?: WindowTalkSource): Promise<CommandResult>;
  talkStop(source?: WindowTalkSource): Promise<CommandResult>;
  /** Drop the turn without sending it (the mic failed to open). */
  talkCancel(): Promise<CommandResult>;
  /** End the turn whoever holds it (the microphone went away): what was said is sent. */
  talkEnd(): Promise<CommandResult>;
  /** A typed message; queued while offline and delivered once. */
  sendText(text: string): Promise<CommandResult>;
  /** "Press the keys you want": records the next chord as the hold-to-talk hotkey. */
  recordHotkey(kind?: HotkeyKind): Promise<CommandResult & { hotkey?: string }>;
  onHotkeys(listener: (status: HotkeyStatus) => void): () => void;
  /**
   * macOS: show the system's Accessibility prompt for hold-to-talk (a user action in ⚙).
   * `granted` says whether Hark is trusted now; usually false until the user comes back.
   */
  requestAccessibility(): Promise<CommandResult & { granted?: boolean }>;
  saveSettings(update: SettingsUpdate): Promise<CommandResult>;
  sendAudioFrame(pcm: Uint8Array): void;
  reportPlayback(report: PlaybackReport): void;
  /**
   * Ask main for a fresh audio port (audio-port-protocol.ts); it arrives as a window message.
   * Absent where an adapter has none: audio then goes over sendAudioFrame / onOutputAudio.
   */
  requestAudioPort?(kind: AudioPortKind): void;
  onHealth(listener: (health: HealthSnapshot) => void): () => void;
  onSettings(listener: (settings: SettingsView) => void): () => void;
  onTranscript(listener: (message: TranscriptMessage) => void): () => void;
  onOutputAudio(listener: (message: OutputAudioMessage) => void): () => void;
  /** The reply's audio is complete: play out what is buffered. */
  onOutputDone(listener: () => void): () => void;
  /** Stop playback at once (barge-in, disconnect). */
  onOutputStop(listener: () => void): () => void;
  /** Hold the reply (fade out, keep its place: true) or go on with it (false). */
  onOutputHold(listener: (held: boolean) => void): () => void;
  /** Main decides when the microphone streams (any talk source, including global hotkeys). */
  onCapture(listener: (on: boolean) => void): () => void;
  onNotice(listener: (notice: NoticeMessage) => void): () => void;
}

// ── the desktop app itself (issue 18): updates, start at login, About, the logs folder ──
export const APP_IPC = {
  getInfo: 'hark:app:get-info',
  setPreferences: 'hark:app:set-preferences',
  checkForUpdates: 'hark:app:check-for-updates',
  restartToUpdate: 'hark:app:restart-to-update',
  openLogsFolder: 'hark:app:open-logs-folder',
  // main → renderer
  info: 'hark:app:info',
} as const;

/** Where Hark's update stands (see src/main/desktop/updates.ts). */
export type UpdateStatus =
  | { state: 'off'; why: string }
  | { state: 'idle' }
  | { state: 'checking' }
  | { state: 'up-to-date'; checkedAt: number }
  /** A newer version exists, to be installed by hand (package manager, unsigned macOS). */
  | { state: 'available'; version: string; url: string }
  | { state: 'downloading'; version: string; percent: number }
  | { state: 'ready'; version: string }
  | { state: 'failed'; message: string };

export interface AppPreferences {
  /** Start Hark when the user logs in (off by default). */
  openAtLogin: boolean;
  /** Look for updates at launch and every few hours (on by default). */
  checkForUpdates: boolean;
}

export interface AppInfo {
  name: string;
  version: string;
  electron: string;
  chrome: string;
  node: string;
  licence: string;
  /** The folder holding hark.log. */
  logsFolder: string;
  /** Where crash dumps are kept (never uploaded). */
  crashDumps: string;
  preferences: AppPreferences;
  /** Whether this system lets Hark start at login. */
  loginItemSupported: boolean;
  update: UpdateStatus;
}

export const appPreferencesUpdateSchema = z.strictObject({
  openAtLogin: z.boolean({ error: 'openAtLogin must be true or false' }).optional(),
  checkForUpdates: z.boolean({ error: 'checkForUpdates must be true or false' }).optional(),
});
export type AppPreferencesUpdate = z.output<typeof appPreferencesUpdateSchema>;

export function validateAppPreferences(value: unknown): AppPreferencesUpdate {
  return parseWith(plainObject(appPreferencesUpdateSchema, 'preferences'), value, 'preferences');
}

/** window.harkApp: the desktop app itself; absent in the web preview (and so in its tests). */
export interface DesktopAppApi {
  getInfo(): Promise<AppInfo>;
  setPreferences(update: AppPreferencesUpdate): Promise<CommandResult>;
  checkForUpdates(): Promise<CommandResult>;
  /** Installs the downloaded update now, or when the conversation under way ends. */
  restartToUpdate(): Promise<CommandResult & { deferred?: boolean }>;
  openLogsFolder(): Promise<CommandResult>;
  onInfo(listener: (info: AppInfo) => void): () => void;
}
