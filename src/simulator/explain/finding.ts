/**
 * A finding: one thing a client did that the real Realtime service would refuse or
 * mishandle, in plain words — what happened, what the service does then, and what to change.
 */
export interface Finding {
  /** Stable machine name, e.g. `binary_frame`. */
  code: FindingCode;
  /** The connection, counted from 1 since the simulator (or relay) started. */
  connection: number;
  /** Which client event: its position (1 = the first event the client sent) and its id. */
  event: { position: number; type: string | null; eventId: string | null } | null;
  /** What the client did. */
  what: string;
  /** What the real service does in that case (close code or error). */
  service: string;
  /** What to change in the client. */
  fix: string;
  /** Milliseconds since the connection opened. */
  atMs: number;
}

export type FindingCode =
  | 'binary_frame'
  | 'beta_header'
  | 'beta_shape'
  | 'rejected_event'
  | 'audio_before_session_updated'
  | 'audio_rate_mismatch'
  | 'append_too_large'
  | 'appends_too_many'
  | 'commit_too_short'
  | 'response_while_active'
  | 'closed_during_response'
  | 'not_reading'
  | 'ping_unanswered';

/** The wording of each finding that is not built from a server error. */
export const BINARY_FRAME = {
  service:
    'The service does not read binary WebSocket messages as events: it closes the socket, often with code 1000 and no reason — the most reported cause of "closed with 1000 right after my first append".',
  fix: 'Send every event as one JSON TEXT message. Swift URLSessionWebSocketTask: .string(json), not .data(...); Node ws: ws.send(JSON.stringify(event)) — a string, not a Buffer; browsers: send a string, not a Blob or ArrayBuffer; Python websockets: send(str), not bytes; OkHttp: send(String), not send(ByteString).',
} as const;

export const BETA_HEADER = {
  what: 'The upgrade request carried the header OpenAI-Beta (the beta Realtime protocol).',
  service:
    'The service closes such a socket at once with code 4000, reason "beta_api_shape_disabled".',
  fix: 'Remove the OpenAI-Beta header and use the GA event shapes (session.type "realtime", session.audio.input/output, output_modalities).',
} as const;
