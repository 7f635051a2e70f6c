import type { NoticeMessage, OutputAudioMessage, TranscriptMessage } from '../../shared/ipc';
import type { RealtimeClientEvent, RealtimeServerEvent } from '../realtime/protocol';
import type { EngineSession } from '../engine/engine';
import type { TurnPhase } from './turn-machine';

/** What the conversation uses of a session (a fake one in tests). */
export type ConversationSession = Pick<
  EngineSession,
  | 'capabilities'
  | 'setInputMuted'
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
  /** Hold the reply's playback (true: fade out, keep its place) or go on with it (false). */
  'output-hold': boolean;
  /** Open (true) or close the microphone stream in the renderer. */
  capture: boolean;
  notice: NoticeMessage;
}

/**
 * The assistant's hooks (tools, approvals, usage, history; src/main/assistant): it follows
 * the conversation's events and answers function calls through `attach`'s port.
 */
export interface ConversationHooks {
  /** A new session: `send` goes to it, `requestResponse` through the response sequencer. */
  attach(
    port: { send(event: RealtimeClientEvent): string | null; requestResponse(): void },
    generation: number,
  ): void;
  onServerEvent(event: RealtimeServerEvent): void;
  onTranscript(role: 'user' | 'assistant', itemId: string, text: string, final: boolean): void;
  /** A barge-in cut this reply after `heardMs`. */
  onInterrupted(itemId: string, heardMs: number): void;
  /** Voice minutes: the session's cumulative seconds (GPT-Live), never to be summed. */
  onVoiceSeconds?(seconds: number): void;
  /** The user did something (talked, typed). */
  activity(): void;
  /** Tool calls in flight: the conversation is not idle (a rollover waits). */
  readonly busy: boolean;
  /** Why no reply may be asked for (the spend cap), or null. */
  readonly blocked: string | null;
}

export interface ConversationOptions {
  /** Hands-free (server VAD) or push-to-talk, read at each use. */
  handsFree: () => boolean;
  /** The assistant (tools, usage, history), when there is one. */
  hooks?: ConversationHooks;
  /** How push-to-talk works on the configured engine before a session says (default commit). */
  pushToTalk?: () => 'commit' | 'mute';
  /** Above this many bytes queued in the socket, audio waits (coalesced) instead of piling up. */
  maxBufferedBytes?: number;
  /**
   * Hands-free: hold the reply on speech and judge it (false-interruption.ts) instead of
   * cancelling at once; the session then runs with `create_response: false`. Read at each use.
   */
  holdOnSpeech?: () => boolean;
  /** The user's speech is transcribed (the judge waits for the words). */
  transcribing?: () => boolean;
}

export interface ConversationCounters {
  framesSent: number;
  bytesSent: number;
  framesDropped: number;
}
