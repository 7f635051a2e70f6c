import type { NoticeMessage, OutputAudioMessage, TranscriptMessage } from '../../../shared/ipc';
import type { RealtimeSession } from '../session';
import type { TurnPhase } from './turn-machine';

/** What the conversation uses of a session (a fake one in tests). */
export type ConversationSession = Pick<
  RealtimeSession,
  | 'on'
  | 'send'
  | 'appendAudio'
  | 'clearInput'
  | 'commitInput'
  | 'createResponse'
  | 'cancelResponse'
  | 'truncate'
  | 'activeResponseId'
> & { readonly connection: { readonly bufferedAmount: number } };

/**
 * What the conversation calls on the link. The link's `ready` and `lost` events come in
 * through `onSessionReady` and `onSessionLost`.
 */
export interface ConversationLink {
  /** Connect unless under way; after a permanent failure only when `afterFailure`. */
  ensureConnected(afterFailure: boolean): void;
  /** The conversation may have become idle (see `isIdle`). */
  rolloverIfDue(): void;
}

export interface ConversationEvents extends Record<string, unknown> {
  /** The turn phase — emitted whenever the conversation's part of the health may have changed. */
  phase: TurnPhase;
  transcript: TranscriptMessage;
  'output-audio': OutputAudioMessage;
  'output-done': undefined;
  'output-stop': undefined;
  /** Open (true) or close the microphone stream in the renderer. */
  capture: boolean;
  notice: NoticeMessage;
}

export interface ConversationOptions {
  /** Hands-free (server VAD) or push-to-talk, read at each use. */
  handsFree: () => boolean;
  /** Above this many bytes queued in the socket, audio waits (coalesced) instead of piling up. */
  maxBufferedBytes?: number;
}

export interface ConversationCounters {
  framesSent: number;
  bytesSent: number;
  framesDropped: number;
}
