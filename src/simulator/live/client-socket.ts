import type { ServerEvent } from 'openai/resources/live/live';
import type { WebSocket } from 'ws';

/** A client that stops reading is dropped once this much output waits unsent (as a server must). */
export const MAX_UNSENT_BYTES = 8 * 1024 * 1024;

/** The part of the client's socket that sending needs. */
export type EventSocket = Pick<WebSocket, 'readyState' | 'OPEN' | 'bufferedAmount' | 'send'>;

/**
 * Send one server event as a JSON text frame. `closed`: the socket no longer takes frames
 * (nothing to do). `stalled`: the client has stopped reading, nothing was sent, and the
 * caller must drop it rather than buffer without bound.
 */
export function sendEvent(socket: EventSocket, event: ServerEvent): 'sent' | 'closed' | 'stalled' {
  if (socket.readyState !== socket.OPEN) return 'closed';
  if (socket.bufferedAmount > MAX_UNSENT_BYTES) return 'stalled';
  socket.send(JSON.stringify(event));
  return 'sent';
}
