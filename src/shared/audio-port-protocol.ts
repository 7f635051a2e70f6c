/**
 * Audio that never waits on the page: main hands each page two MessagePorts, one the
 * playback worklet holds (reply audio in, played-sample reports out) and one the capture
 * worklet holds (mic frames out). Electron makes them with MessageChannelMain; the web
 * preview with a Worker that owns a second loopback socket (`AUDIO_BRIDGE_PATH`).
 *
 * The ports carry PCM chunks, not engine events: any engine whose controller emits
 * `output-audio` plays through them. Everything a port brings to main is validated like
 * any IPC payload (`readPlaybackPortMessage`, `readCapturePortMessage`).
 */
import {
  IpcValidationError,
  validateAudioFrame,
  validatePlaybackReport,
  type PlaybackReport,
} from './ipc';

export type AudioPortKind = 'playback' | 'capture';

export function isAudioPortKind(value: unknown): value is AudioPortKind {
  return value === 'playback' || value === 'capture';
}

/**
 * Main → playback worklet, besides bare PCM16 (an ArrayBuffer, or a Uint8Array from
 * Electron): the item the following audio belongs to (once per item), the end of a
 * reply's audio, and silence at once (barge-in, disconnect). An item of a continuous
 * stream (GPT-Live) caps the playback buffer at `maxBufferMs`; without it, the default.
 */
export type PlaybackPortCommand =
  { type: 'item'; itemId: string; maxBufferMs?: number } | { type: 'end' } | { type: 'clear' };

/** The bounds a `maxBufferMs` must fall in (a 20 ms chunk … a second). */
export const MAX_BUFFER_MS_RANGE = { min: 20, max: 1000 } as const;

/** Playback worklet → main: what was really played, for truncation. */
export type PlaybackPortReport = { type: 'played' } & PlaybackReport;

/** How a page receives a port: `window.postMessage({type: AUDIO_PORT_MESSAGE, kind}, origin, [port])`. */
export const AUDIO_PORT_MESSAGE = 'hark-audio-port';

/** The web preview's audio socket, relative to the page (binary frames: PCM; text: JSON commands and reports). */
export const AUDIO_BRIDGE_PATH = '__hark/audio';

/** A played-sample report from a playback port, validated like the IPC channel's. */
export function readPlaybackPortMessage(data: unknown): PlaybackReport {
  if (typeof data !== 'object' || data === null || (data as { type?: unknown }).type !== 'played')
    throw new IpcValidationError('a playback port message must be a {type: "played"} report');
  const { type: _type, ...report } = data as PlaybackPortReport;
  return validatePlaybackReport(report);
}

/** A mic frame from a capture port: whole PCM16 samples, a frame or a few. */
export function readCapturePortMessage(data: unknown): Uint8Array {
  if (data instanceof ArrayBuffer) return validateAudioFrame(new Uint8Array(data));
  return validateAudioFrame(data);
}

/** The playback command in a text frame of the web preview's audio socket, or null. */
export function readPlaybackCommand(data: unknown): PlaybackPortCommand | null {
  if (typeof data !== 'object' || data === null) return null;
  const command = data as { type?: unknown; itemId?: unknown; maxBufferMs?: unknown };
  if (command.type === 'end' || command.type === 'clear') return { type: command.type };
  if (command.type !== 'item' || typeof command.itemId !== 'string') return null;
  const { maxBufferMs } = command;
  if (maxBufferMs === undefined) return { type: 'item', itemId: command.itemId };
  if (
    typeof maxBufferMs !== 'number' ||
    !(maxBufferMs >= MAX_BUFFER_MS_RANGE.min && maxBufferMs <= MAX_BUFFER_MS_RANGE.max)
  )
    return null;
  return { type: 'item', itemId: command.itemId, maxBufferMs };
}
