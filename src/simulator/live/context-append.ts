import { liveError, type LiveError } from './errors';
import { APPEND_TOKEN_LIMIT, liveTokens } from './tokens';
import type { ClientEvent } from './wire-schemas';

/** An instructions, thinking or commentary append. */
export type ContextAppend = Extract<
  ClientEvent,
  { type: 'session.instructions.append' | 'session.thinking.append' | 'session.commentary.append' }
>;

/** What the session knows that decides whether an append is accepted. */
export interface AppendContext {
  fixtureActive: boolean;
  /** Under Responses delegation no append may name a delegation. */
  responsesDelegation: boolean;
  /** A client delegation this session has created. */
  isClientDelegation(delegationId: string): boolean;
}

/** Why the append is refused, or null when it is accepted. */
export function refuseContextAppend(
  event: ContextAppend,
  context: AppendContext,
): LiveError | null {
  if (context.fixtureActive) {
    return liveError(
      'fixture_active',
      `${event.type} is rejected while an audio fixture is active.`,
    );
  }
  if (liveTokens(event.content) > APPEND_TOKEN_LIMIT) {
    return liveError(
      'string_above_max_length',
      'Context append text must not exceed 500 tokens.',
      'content',
    );
  }
  if (event.delegation_id === null) return null;
  if (context.responsesDelegation) {
    return liveError(
      'invalid_value',
      'A non-null delegation_id is not accepted with Responses delegation.',
      'delegation_id',
    );
  }
  if (!context.isClientDelegation(event.delegation_id)) {
    return liveError(
      'invalid_value',
      `Unknown delegation_id '${event.delegation_id}'.`,
      'delegation_id',
    );
  }
  return null;
}

/** The server event that acknowledges an append of this type. */
export function appendedType(
  type: ContextAppend['type'],
): 'session.instructions.appended' | 'session.thinking.appended' | 'session.commentary.appended' {
  return type === 'session.instructions.append'
    ? 'session.instructions.appended'
    : type === 'session.thinking.append'
      ? 'session.thinking.appended'
      : 'session.commentary.appended';
}
