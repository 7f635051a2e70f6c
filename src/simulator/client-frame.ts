import type { RawData } from 'ws';

/** A client frame that is a JSON object with a string `type`, or why it is not. */
export type ClientFrame =
  | { ok: true; record: Record<string, unknown>; type: string; eventId: string | null }
  | { ok: false; code: string; message: string; param?: string; eventId: string | null };

/**
 * The checks every protocol makes before its own schema: a text frame, JSON, an object, a
 * `type`. The protocols word a missing `type` differently, so each passes its refusal.
 */
export function readClientFrame(
  data: RawData,
  isBinary: boolean,
  missingType: { code: string; message: string },
): ClientFrame {
  if (isBinary)
    return {
      ok: false,
      code: 'invalid_event',
      message: 'Binary frames are not supported. Send each client event as a JSON text frame.',
      eventId: null,
    };
  let raw: unknown;
  try {
    raw = JSON.parse(data.toString());
  } catch {
    return {
      ok: false,
      code: 'invalid_json',
      message: 'The server could not parse the event as JSON.',
      eventId: null,
    };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return {
      ok: false,
      code: 'invalid_event',
      message: 'The event must be a JSON object.',
      eventId: null,
    };
  const record = raw as Record<string, unknown>;
  const eventId = typeof record.event_id === 'string' ? record.event_id : null;
  if (typeof record.type !== 'string') return { ok: false, ...missingType, param: 'type', eventId };
  return { ok: true, record, type: record.type, eventId };
}
