import type { ConversationHooks, ConversationSession } from './types';

export type AssistantPort = Parameters<ConversationHooks['attach']>[0];

/**
 * What the assistant (tool results, follow-up replies) may do on one session. The port dies
 * with it: once `isCurrent` says the session was replaced or lost, it sends nothing.
 */
export function assistantPort(
  session: Pick<ConversationSession, 'send' | 'createResponse' | 'capabilities'>,
  isCurrent: () => boolean,
  hooks: Pick<ConversationHooks, 'blocked'>,
  /** Ask for a reply through the response sequencer (one at a time). */
  askForReply: () => void,
): AssistantPort {
  return {
    send: (event) => (isCurrent() ? session.send(event) : null),
    requestResponse: () => {
      if (!isCurrent() || hooks.blocked) return;
      // An engine that decides by itself when to speak only continues its backend.
      if (!session.capabilities.replyOnRequest) {
        session.createResponse();
        return;
      }
      askForReply();
    },
  };
}
