import type { IncomingEvent } from '../../realtime/protocol';
import type { WireClientEvent } from '../connection';
import type { EngineSession } from '../engine';

/** One event on the wire, for the event inspector and bug reports. */
export interface WireRecord {
  direction: 'sent' | 'received';
  /** Epoch ms. */
  at: number;
  type: string;
  /** Size on the wire: characters of JSON sent, bytes of the frame received. */
  bytes: number;
  /** The event itself, unredacted and with audio payloads: a consumer must elide and redact. */
  event: WireClientEvent | IncomingEvent;
  /** Which of the link's sessions (1, 2, …) it went over. */
  session: number;
}

export type WireListener = (record: WireRecord) => void;

/**
 * Taps a session's connection, in wire order (a server event is recorded before the client
 * events its handling sends). While nobody listens it costs one call per frame, no copy.
 * A record holds the very objects sent and received (a sent event is a shallow copy: its
 * nested objects are the sender's), and a listener may read them after this turn of the
 * loop (the inspector does): nobody mutates an event once it is sent or received.
 */
export function tapSession(
  session: Pick<EngineSession, 'connection'>,
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
  const offReceived = session.connection.on('received', ({ event, bytes, at }) => {
    if (listeners.size === 0) return;
    deliver({ direction: 'received', at, type: event.type, bytes, event, session: sessionNumber });
  });
  return () => {
    offSent();
    offReceived();
  };
}
