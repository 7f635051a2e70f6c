/**
 * Reads one bridge frame from the page into a call the controller may run, or says why
 * not. Pure and total: every input yields a value, nothing throws. Arguments go through
 * the same validators as Electron IPC.
 */
import {
  validateAudioFrame,
  validateHotkeyKind,
  validatePlaybackReport,
  validateSettingsUpdate,
  validateTalkSource,
  validateText,
  type HotkeyKind,
  type PlaybackReport,
  type SettingsUpdate,
  type WindowTalkSource,
} from '../../shared/ipc';
import {
  BRIDGE_METHODS,
  MAX_BRIDGE_TEXT_BYTES,
  type BridgeMethod,
} from '../../shared/web-bridge-protocol';
import { isAssistantMethod, type AssistantMethod } from '../../shared/assistant-ipc';

/** Each method's argument once validated (`undefined`: the method takes none). */
interface BridgeArguments {
  getState: undefined;
  connect: undefined;
  disconnect: undefined;
  retry: undefined;
  talkStart: WindowTalkSource;
  talkStop: WindowTalkSource;
  talkCancel: undefined;
  talkEnd: undefined;
  sendText: string;
  recordHotkey: HotkeyKind;
  saveSettings: SettingsUpdate;
  reportPlayback: PlaybackReport;
}

export type ValidCall = {
  [M in BridgeMethod]: { method: M; arg: BridgeArguments[M] };
}[BridgeMethod];

export type BridgeFrame =
  | { kind: 'audio'; pcm: Uint8Array }
  | { kind: 'call'; id: number | null; call: ValidCall }
  /** An assistant method: its argument is checked by its handler (assistant-handlers.ts). */
  | { kind: 'assistant'; id: number | null; method: AssistantMethod; arg: unknown }
  /** `id` is the call's when it could be read, so the answer reaches the right caller. */
  | { kind: 'invalid'; id: number | null; error: string };

/** `null` marks a method that takes no argument (the `arg` field must be absent). */
const ARGUMENT_VALIDATORS: { [M in BridgeMethod]: ((arg: unknown) => BridgeArguments[M]) | null } =
  {
    getState: null,
    connect: null,
    disconnect: null,
    retry: null,
    talkStart: validateTalkSource,
    talkStop: validateTalkSource,
    talkCancel: null,
    talkEnd: null,
    sendText: validateText,
    recordHotkey: validateHotkeyKind,
    saveSettings: validateSettingsUpdate,
    reportPlayback: validatePlaybackReport,
  };

const CALL_FIELDS = new Set(['id', 'method', 'arg']);
const MAX_ERROR_CHARS = 300;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function parseBridgeFrame(data: Uint8Array, isBinary: boolean): BridgeFrame {
  if (isBinary) {
    try {
      return { kind: 'audio', pcm: validateAudioFrame(data) };
    } catch (error) {
      return invalid(null, reason(error));
    }
  }
  if (data.byteLength > MAX_BRIDGE_TEXT_BYTES) {
    return invalid(null, `a bridge message may hold at most ${MAX_BRIDGE_TEXT_BYTES} bytes`);
  }
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(data));
  } catch {
    return invalid(null, 'a bridge message must be JSON text in UTF-8');
  }
  return parseCall(value);
}

function parseCall(value: unknown): BridgeFrame {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return invalid(null, 'a bridge message must be a JSON object {id, method, arg}');
  }
  const fields = value as Record<string, unknown>;
  const hasId = Object.hasOwn(fields, 'id');
  if (hasId && !isCallId(fields.id)) {
    return invalid(null, 'a call id must be a whole number from 0 to 2^53 - 1');
  }
  const id = hasId ? (fields.id as number) : null;
  const unknown = Object.keys(fields).find((key) => !CALL_FIELDS.has(key));
  if (unknown !== undefined) return invalid(id, `unknown call field ${quote(unknown)}`);
  const method = fields.method;
  if (isAssistantMethod(method)) return { kind: 'assistant', id, method, arg: fields.arg };
  if (typeof method !== 'string' || !(BRIDGE_METHODS as readonly string[]).includes(method)) {
    return invalid(id, `unknown method ${typeof method === 'string' ? quote(method) : 'missing'}`);
  }
  const validate = ARGUMENT_VALIDATORS[method as BridgeMethod];
  const hasArg = Object.hasOwn(fields, 'arg');
  if (validate === null) {
    if (hasArg) return invalid(id, `${method} takes no argument`);
    return { kind: 'call', id, call: { method, arg: undefined } as ValidCall };
  }
  try {
    const arg = validate(hasArg ? fields.arg : undefined);
    return { kind: 'call', id, call: { method, arg } as ValidCall };
  } catch (error) {
    return invalid(id, reason(error));
  }
}

function isCallId(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function invalid(id: number | null, error: string): BridgeFrame {
  return { kind: 'invalid', id, error: error.slice(0, MAX_ERROR_CHARS) };
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : 'invalid argument';
}

function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
