/**
 * The GA Realtime protocol types, taken from the `openai` package (type-only: the
 * package's own WebSocket class forces wss, so Hark talks through `ws` itself).
 */
export type {
  RealtimeClientEvent,
  RealtimeServerEvent,
  RealtimeErrorEvent,
  RealtimeError,
  RealtimeSessionCreateRequest,
  RealtimeAudioConfig,
  SessionUpdateEvent,
  ResponseDoneEvent,
  RealtimeResponse,
  ConversationItem,
} from 'openai/resources/realtime/realtime';

import type { RealtimeClientEvent, RealtimeServerEvent } from 'openai/resources/realtime/realtime';

export type ClientEventType = RealtimeClientEvent['type'];
export type ServerEventType = RealtimeServerEvent['type'];
export type ServerEventOf<T extends ServerEventType> = Extract<RealtimeServerEvent, { type: T }>;
export type ClientEventOf<T extends ClientEventType> = Extract<RealtimeClientEvent, { type: T }>;

/** Anything that parsed as a JSON object with a string `type`; validated further by the session. */
export interface IncomingEvent {
  type: string;
  event_id?: string;
  [key: string]: unknown;
}

export function isIncomingEvent(value: unknown): value is IncomingEvent {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { type?: unknown }).type === 'string'
  );
}
