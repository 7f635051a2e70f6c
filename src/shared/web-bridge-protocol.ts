/**
 * The web preview's wire format: the IPC contract carried over one loopback WebSocket.
 * Text frames carry calls, results and events as JSON; binary frames carry audio.
 *
 * The per-run token is the first segment of every path (`/<token>/…`, the bridge at
 * `/<token>/__hark/bridge`): no cookie, so no other server on 127.0.0.1 ever receives it.
 */
import type { HarkApi } from './ipc';
import type { AssistantApi, AssistantEventName, AssistantMethod } from './assistant-ipc';

export type BridgeMethod = Exclude<
  keyof HarkApi,
  | 'sendAudioFrame'
  | 'requestAudioPort' // answered in the page: its audio Worker owns the audio socket
  | 'onHealth'
  | 'onSettings'
  | 'onTranscript'
  | 'onOutputAudio'
  | 'onOutputDone'
  | 'onOutputStop'
  | 'onOutputHold'
  | 'onNotice'
  | 'onCapture'
  | 'onHotkeys'
  | 'requestAccessibility' // macOS desktop only: answered in the page
  // the assistant's methods travel as `AssistantMethod` calls (issue 12)
  | keyof AssistantApi
>;

export const BRIDGE_METHODS: readonly BridgeMethod[] = [
  'getState',
  'connect',
  'disconnect',
  'retry',
  'talkStart',
  'talkStop',
  'talkCancel',
  'talkEnd',
  'sendText',
  'recordHotkey',
  'saveSettings',
  'reportPlayback',
];

/**
 * One call from the page. `id` (a safe integer ≥ 0) asks for a result; without it only a
 * failure is answered. `arg` is present only for methods that take one.
 */
export interface BridgeCall {
  id?: number;
  method: BridgeMethod | AssistantMethod;
  arg?: unknown;
}

export type BridgeEventName =
  | 'capture'
  | 'health'
  | 'settings'
  | 'transcript'
  | 'output-done'
  | 'output-stop'
  | 'output-hold'
  | 'notice'
  // the assistant's events (issue 12), dispatched by src/main/assistant/assistant-handlers.ts
  | AssistantEventName;

/**
 * A result answers the call with that id; `id: null` answers a frame whose id could not be
 * read (not JSON, not an object, a bad id, a rejected audio frame): always `ok: false`.
 */
export type BridgeServerMessage =
  { id: number | null; result: unknown } | { event: BridgeEventName; payload: unknown };

/** The bridge, relative to the page (which lives at `/<token>/`). */
export const BRIDGE_PATH = '__hark/bridge';

/**
 * The largest text frame either side sends or accepts. A settings update at its bounds
 * fits well inside it; the server closes the socket on anything larger (1009).
 */
export const MAX_BRIDGE_TEXT_BYTES = 1024 * 1024;

/** Output audio in one binary frame: [itemId length: u8][itemId: utf-8][PCM16 LE]. */
export function encodeOutputAudio(itemId: string, pcm: Uint8Array): Uint8Array {
  const id = new TextEncoder().encode(itemId);
  if (id.byteLength > 255) throw new RangeError('item id too long');
  const out = new Uint8Array(1 + id.byteLength + pcm.byteLength);
  out[0] = id.byteLength;
  out.set(id, 1);
  out.set(pcm, 1 + id.byteLength);
  return out;
}

export function decodeOutputAudio(frame: Uint8Array): { itemId: string; pcm: Uint8Array } {
  const length = frame[0] ?? 0;
  if (frame.byteLength < 1 + length) throw new RangeError('truncated output audio frame');
  return {
    itemId: new TextDecoder().decode(frame.subarray(1, 1 + length)),
    pcm: frame.slice(1 + length),
  };
}
