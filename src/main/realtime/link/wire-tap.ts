import type { IncomingEvent, RealtimeClientEvent } from '../protocol';
import type { RealtimeSession } from '../session';

/** One event on the wire, for the event inspector and bug reports. */
export interface WireRecord {
  direction: 'sent' | 'received';
  /** Epoch ms. */
  at: number;
  type: string;
  /** Characters of JSON: exact for sent events, re-serialized for received ones. */
  bytes: number;
  /** The event itself, unredacted and with audio payloads: a consumer must elide and redact. */
  event: RealtimeClientEvent | IncomingEvent;
  /** Which of the link's sessions (1, 2, …) it went over. */
  session: number;
}

export type WireListener = (record: WireRecord) => void;

/**
 * Taps a session's connection. Costs one function call per frame while nobody listens
 * (`listeners` empty): no serialization, no allocation.
 */
export function tapSession(
  session: RealtimeSession,
  sessionNumber: number,
  listeners: ReadonlySet<WireListener>,
): () => void {
  const deliver = (record: WireRecord): void => {
    for (const listener of [...listeners]) listener(record);
  };
  const offSent = session.connection.on('sent', ({ event, record }) => {
    if (listeners.size === 0) return;
    deliver({
      direction: 'sent',
      at: record.at,
      type: record.type,
      bytes: record.bytes,
      event: { ...event, event_id: record.eventId },
      session: sessionNumber,
    });
  });
  const offReceived = session.connection.on('event', (event) => {
    if (listeners.size === 0) return;
    deliver({
      direction: 'received',
      at: Date.now(),
      type: event.type,
      bytes: JSON.stringify(event).length,
      event,
      session: sessionNumber,
    });
  });
  return () => {
    offSent();
    offReceived();
  };
}
