/**
 * The one IPC contract between the renderer and main: channel names, payload types and
 * the runtime validators main applies to everything the renderer sends.
 */
import { FRAME_BYTES } from './audio/format';
import { chordLabel, parseChord } from './chord';
import type { HealthSnapshot, ProviderId } from './health';
import type { AssistantApi } from './assistant-ipc';

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
  hotkeys: 'hark:hotkeys',
  saveSettings: 'hark:save-settings',
  audioFrame: 'hark:audio-frame',
  playback: 'hark:playback',
  // main → renderer
  health: 'hark:health',
  transcript: 'hark:transcript',
  outputAudio: 'hark:output-audio',
  outputDone: 'hark:output-done',
  capture: 'hark:capture',
  outputStop: 'hark:output-stop',
  notice: 'hark:notice',
  settings: 'hark:settings',
} as const;

/** What the renderer may know of the settings: never the key itself. */
export interface SettingsView {
  provider: ProviderId;
  hasKey: boolean;
  model: string;
  voice: string;
  azureResource: string;
  customUrl: string;
  /** The user chose the simulator on the first-run panel (or has no key). */
  onboarded: boolean;
  /** Echo cancellation, noise suppression and gain control on the mic (recommended without headphones). */
  voiceProcessing: boolean;
  /** The microphone's deviceId; empty for the system default. */
  micDeviceId: string;
  /** The global hold-to-talk chord, e.g. "Ctrl+Alt+Space". */
  holdHotkey: string;
  /** The global toggle hotkey, an Electron accelerator. */
  toggleHotkey: string;
  /** Short sounds when listening starts and stops. */
  earcons: boolean;
  /** Push-to-talk, or hands-free with the server's voice activity detection. */
  turnDetection: TurnDetectionSetting;
}

export type TurnDetectionSetting = 'push-to-talk' | 'server_vad' | 'semantic_vad';

export interface SettingsUpdate {
  provider?: ProviderId;
  /** A new key; an empty string removes the stored one. */
  apiKey?: string;
  model?: string;
  voice?: string;
  azureResource?: string;
  customUrl?: string;
  onboarded?: boolean;
  voiceProcessing?: boolean;
  micDeviceId?: string;
  holdHotkey?: string;
  toggleHotkey?: string;
  earcons?: boolean;
  turnDetection?: TurnDetectionSetting;
}

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

export interface PlaybackReport {
  itemId: string;
  playedMs: number;
  /** Audio queued but not yet heard. */
  bufferedMs: number;
  underruns: number;
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
}

export interface CommandResult {
  ok: boolean;
  error?: string;
}

export class IpcValidationError extends Error {
  override name = 'IpcValidationError';
}

/** An audio frame must be whole PCM16 samples and no larger than a few frames. */
export const MAX_AUDIO_FRAME_BYTES = FRAME_BYTES * 10;

export function validateAudioFrame(value: unknown): Uint8Array {
  if (!(value instanceof Uint8Array))
    throw new IpcValidationError('audio frame must be a Uint8Array of PCM16 samples');
  if (value.byteLength === 0) throw new IpcValidationError('audio frame is empty');
  if (value.byteLength % 2 !== 0)
    throw new IpcValidationError('audio frame must hold whole 16-bit samples');
  if (value.byteLength > MAX_AUDIO_FRAME_BYTES) {
    throw new IpcValidationError(
      `audio frame of ${value.byteLength} bytes exceeds ${MAX_AUDIO_FRAME_BYTES}`,
    );
  }
  return value;
}

const PROVIDERS: ProviderId[] = ['openai', 'azure', 'custom', 'simulator'];
const MAX_TEXT = 4096;

export function validateSettingsUpdate(value: unknown): SettingsUpdate {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new IpcValidationError('settings update must be an object');
  }
  const input = value as Record<string, unknown>;
  const out: SettingsUpdate = {};
  for (const key of Object.keys(input)) {
    if (
      ![
        'provider',
        'apiKey',
        'model',
        'voice',
        'azureResource',
        'customUrl',
        'onboarded',
        'voiceProcessing',
        'micDeviceId',
        'holdHotkey',
        'toggleHotkey',
        'earcons',
        'turnDetection',
      ].includes(key)
    ) {
      throw new IpcValidationError(`unknown settings field "${key}"`);
    }
  }
  if (input.provider !== undefined) {
    if (!PROVIDERS.includes(input.provider as ProviderId))
      throw new IpcValidationError('unknown provider');
    out.provider = input.provider as ProviderId;
  }
  for (const key of [
    'apiKey',
    'model',
    'voice',
    'azureResource',
    'customUrl',
    'micDeviceId',
  ] as const) {
    const v = input[key];
    if (v === undefined) continue;
    if (typeof v !== 'string' || v.length > MAX_TEXT)
      throw new IpcValidationError(`${key} must be a string of at most ${MAX_TEXT} characters`);
    out[key] = v.trim();
  }
  if (input.holdHotkey !== undefined) {
    if (typeof input.holdHotkey !== 'string')
      throw new IpcValidationError('holdHotkey must be a string');
    try {
      out.holdHotkey = chordLabel(parseChord(input.holdHotkey));
    } catch (error) {
      throw new IpcValidationError(error instanceof Error ? error.message : String(error));
    }
  }
  if (input.toggleHotkey !== undefined) {
    if (typeof input.toggleHotkey !== 'string' || !/^[\w+`]{1,64}$/.test(input.toggleHotkey)) {
      throw new IpcValidationError(
        'toggleHotkey must be an accelerator such as CommandOrControl+Alt+Shift+H',
      );
    }
    out.toggleHotkey = input.toggleHotkey;
  }
  if (input.turnDetection !== undefined) {
    if (!['push-to-talk', 'server_vad', 'semantic_vad'].includes(input.turnDetection as string)) {
      throw new IpcValidationError(
        'turnDetection must be push-to-talk, server_vad or semantic_vad',
      );
    }
    out.turnDetection = input.turnDetection as TurnDetectionSetting;
  }
  for (const key of ['onboarded', 'voiceProcessing', 'earcons'] as const) {
    const v = input[key];
    if (v === undefined) continue;
    if (typeof v !== 'boolean') throw new IpcValidationError(`${key} must be a boolean`);
    out[key] = v;
  }
  return out;
}

/** Which global hotkey to record: the hold-to-talk chord or the toggle. */
export type HotkeyKind = 'hold' | 'toggle';

export function validateHotkeyKind(value: unknown): HotkeyKind {
  if (value === undefined) return 'hold';
  if (value !== 'hold' && value !== 'toggle')
    throw new IpcValidationError('hotkey kind must be "hold" or "toggle"');
  return value;
}

/** Talk sources the window may report; the global hotkeys live in main. */
export type WindowTalkSource = 'pointer' | 'space';

export function validateTalkSource(value: unknown): WindowTalkSource {
  if (value === undefined) return 'pointer';
  if (value !== 'pointer' && value !== 'space')
    throw new IpcValidationError('talk source must be "pointer" or "space"');
  return value;
}

export function validateText(value: unknown): string {
  if (typeof value !== 'string') throw new IpcValidationError('text must be a string');
  if (value.length > MAX_TEXT)
    throw new IpcValidationError(`text must be at most ${MAX_TEXT} characters`);
  return value;
}

export function validatePlaybackReport(value: unknown): PlaybackReport {
  const v = value as Partial<PlaybackReport> | null;
  if (
    !v ||
    typeof v.itemId !== 'string' ||
    v.itemId.length > 200 ||
    typeof v.playedMs !== 'number' ||
    !Number.isFinite(v.playedMs) ||
    v.playedMs < 0 ||
    typeof v.bufferedMs !== 'number' ||
    !Number.isFinite(v.bufferedMs) ||
    v.bufferedMs < 0 ||
    typeof v.underruns !== 'number' ||
    !Number.isInteger(v.underruns) ||
    v.underruns < 0
  ) {
    throw new IpcValidationError(
      'playback report must be {itemId: string, playedMs ≥ 0, bufferedMs ≥ 0, underruns: integer ≥ 0}',
    );
  }
  return {
    itemId: v.itemId,
    playedMs: v.playedMs,
    bufferedMs: v.bufferedMs,
    underruns: v.underruns,
  };
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
  saveSettings(update: SettingsUpdate): Promise<CommandResult>;
  sendAudioFrame(pcm: Uint8Array): void;
  reportPlayback(report: PlaybackReport): void;
  onHealth(listener: (health: HealthSnapshot) => void): () => void;
  onSettings(listener: (settings: SettingsView) => void): () => void;
  onTranscript(listener: (message: TranscriptMessage) => void): () => void;
  onOutputAudio(listener: (message: OutputAudioMessage) => void): () => void;
  /** The reply's audio is complete: play out what is buffered. */
  onOutputDone(listener: () => void): () => void;
  /** Stop playback at once (barge-in, disconnect). */
  onOutputStop(listener: () => void): () => void;
  /** Main decides when the microphone streams (any talk source, including global hotkeys). */
  onCapture(listener: (on: boolean) => void): () => void;
  onNotice(listener: (notice: NoticeMessage) => void): () => void;
}
