import { wireErrorFromIssue } from '../wire-errors';
import { fromWireError, liveError, type LiveError } from './errors';
import { clientEventSchemas, type ClientEvent, type ClientEventType } from './wire-schemas';

/** Where a session is in its life, as far as which client events it accepts. */
export type SessionPhase = 'awaiting-start' | 'starting' | 'active' | 'closing' | 'over';

/** The refusal for a `type` that names no GPT-Live client event. */
export function notAClientEvent(type: string): LiveError {
  return liveError(
    'invalid_value',
    `Invalid value: '${type}'. It is not a GPT-Live client event.`,
    'type',
  );
}

/** The `session.start` gate: first, once, and nothing else until `session.started`. */
export function gateFor(phase: SessionPhase, type: string): LiveError | null {
  if (type === 'session.start') {
    return phase === 'awaiting-start'
      ? null
      : liveError('session_already_started', 'session.start may be sent only once per session.');
  }
  if (phase === 'awaiting-start' || phase === 'starting') {
    return liveError(
      'session_not_started',
      `Send session.start first and wait for session.started before ${type}.`,
      'type',
    );
  }
  if (phase === 'closing') {
    return liveError('session_closing', `The session is closing; ${type} is no longer accepted.`);
  }
  return null;
}

/**
 * The event checked against its schema, or the error for its first issue — an unknown key
 * first, so a misspelt field is named rather than the field it left missing.
 */
export function parseClientEvent(
  type: ClientEventType,
  record: Record<string, unknown>,
): { ok: true; event: ClientEvent } | { ok: false; error: LiveError } {
  const parsed = clientEventSchemas[type].safeParse(record, { reportInput: true });
  if (parsed.success) return { ok: true, event: parsed.data as ClientEvent };
  const issues = [...parsed.error.issues].sort(
    (a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'),
  );
  return { ok: false, error: fromWireError(wireErrorFromIssue(issues[0]!, [])) };
}

/** The refusal for a Responses-only event on a session without Responses delegation. */
export function needsResponses(type: string): LiveError {
  return liveError(
    'responses_delegation_required',
    `${type} requires Responses delegation (session.delegation.type 'responses').`,
    'type',
  );
}
