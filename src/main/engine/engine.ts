/**
 * The engine contract: what the link (engine/link) and the conversation (conversation/) use
 * of a voice session, whichever protocol speaks underneath. Realtime (realtime/session.ts)
 * and GPT-Live (live/session.ts) implement it.
 *
 * GPT-Live is presented through the same contract as Realtime (an adapter, LiveKit's way):
 * its voice bursts appear as replies, its delegated function calls as the Realtime-shaped
 * `response.function_call_arguments.done` / `response.done` the assistant already answers.
 * What a protocol cannot do is said by `capabilities`, never by asking which engine it is.
 */
import type { Emitter } from '../../shared/emitter';
import type {
  RealtimeClientEvent,
  RealtimeServerEvent,
  ResponseDoneEvent,
} from '../realtime/protocol';
import type { RealtimeConnection } from './connection';
import type { ServerErrorInfo } from './diagnose';

export type EngineKind = 'realtime' | 'live';

export type SessionPhase = 'connecting' | 'configuring' | 'ready' | 'closed';

/** Everything a user (or the doctor's JSON) needs to know about why a session ended. */
export interface SessionClosure {
  code: number | null;
  reason: string;
  httpStatus: number | null;
  /** Retry-After of a refused upgrade, in seconds. */
  retryAfterSeconds: number | null;
  afterClientEvent: string | null;
  serverError: ServerErrorInfo | null;
  diagnosis: string;
  title: string;
  permanent: boolean;
  closedByClient: boolean;
  /** When the session had been configured (ready) before it closed. */
  wasReady: boolean;
}

export interface TranscriptUpdate {
  role: 'user' | 'assistant';
  itemId: string;
  /** Text to append (delta) or the full text (final). */
  text: string;
  final: boolean;
}

export interface OutputAudio {
  itemId: string;
  responseId: string;
  pcm: Buffer;
}

export interface SessionEvents extends Record<string, unknown> {
  phase: SessionPhase;
  /** A server event in Realtime's vocabulary (Live translates the ones the assistant follows). */
  'server-event': RealtimeServerEvent;
  /** Voiced reply audio only: an engine never emits silence here. */
  'output-audio': OutputAudio;
  'output-audio-done': { itemId: string; responseId: string };
  /** The model stopped speaking because the user spoke (Live): drop what is still buffered. */
  'output-yield': { itemId: string };
  transcript: TranscriptUpdate;
  'server-error': { error: ServerErrorInfo; explanation: string };
  'speech-started': { itemId: string; audioStartMs: number };
  'speech-stopped': { itemId: string; audioEndMs: number };
  'response-started': { responseId: string };
  'response-done': {
    responseId: string;
    status: string;
    usage: ResponseDoneEvent['response']['usage'] | null;
  };
  /** Backend work (a delegation) started or ended: the health says "thinking" meanwhile. */
  busy: boolean;
  /** Voice minutes: the session's cumulative seconds (never to be summed). */
  'usage-seconds': number;
  warning: string;
  closed: SessionClosure;
  rtt: number;
}

export interface EngineCapabilities {
  readonly engine: EngineKind;
  /**
   * `response.create` asks the voice model for a reply, and one reply runs at a time
   * (Realtime). Without it the model decides by itself when to speak (Live), and
   * `createResponse` only continues backend work.
   */
  readonly replyOnRequest: boolean;
  /** Push-to-talk commits a buffered turn (Realtime), or unmutes/mutes a live stream (Live). */
  readonly pushToTalk: 'commit' | 'mute';
  /**
   * Output audio streams at real-time pace, silence as zeros (Live), instead of each reply
   * arriving ahead of time in bursts (Realtime): playback keeps a shallow buffer, so that
   * when the model yields, what is left to hear is short.
   */
  readonly continuousOutput: boolean;
  /** A reply can be cancelled and truncated where the user stopped hearing it. */
  readonly interruptible: boolean;
  /** The conversation so far is sent after `ready` (Realtime) or was part of the start (Live). */
  readonly seedsHistoryAfterReady: boolean;
  /** The server reports the user's speech starting and stopping (Realtime VAD). */
  readonly speechEvents: boolean;
}

/** One voice session on one connection. */
export interface EngineSession extends Pick<Emitter<SessionEvents>, 'on'> {
  readonly capabilities: EngineCapabilities;
  readonly connection: RealtimeConnection;
  readonly phase: SessionPhase;
  readonly closed: SessionClosure | null;
  readonly sessionId: string | null;
  /** When the server will end the session (epoch ms), where it says so (GPT-Live's `expires_at`). */
  readonly expiresAt?: number | null;
  /** The reply in progress, for a barge-in to cancel; always null where replies are not interruptible. */
  readonly activeResponseId: string | null;
  /** Connect and set up: null when ready, else the closure saying why not. */
  start(): Promise<SessionClosure | null>;
  /** End the session (Live: `session.close`, then a bounded wait for `session.closed`). */
  close(): void;
  /** A client event in Realtime's vocabulary; an engine translates or refuses it (null). */
  send(event: RealtimeClientEvent): string | null;
  appendAudio(pcm: Uint8Array): string | null;
  clearInput(): string | null;
  commitInput(): string | null;
  createResponse(): string | null;
  cancelResponse(): string | null;
  truncate(itemId: string, audioEndMs: number): string | null;
  /** Push-to-talk on a live stream: mute while not held. Null where not supported. */
  setInputMuted(muted: boolean): string | null;
}

/** What a session needs to know of the conversation when it starts. */
export interface StartupTurn {
  role: 'user' | 'assistant';
  text: string;
}

/**
 * Startup's end, as both sessions wait for it: null once the session is ready, or the closure
 * that came first. Past `timeoutMs` the session is told (`onTimeout`), which closes it.
 */
export function readyOrClosed(
  session: Emitter<SessionEvents>,
  timeoutMs: number,
  onTimeout: () => void,
): Promise<SessionClosure | null> {
  return new Promise((resolve) => {
    const offPhase = session.on('phase', (phase) => {
      if (phase === 'ready') done(null);
    });
    const offClosed = session.on('closed', (closure) => done(closure));
    const timer = setTimeout(onTimeout, timeoutMs);
    const done = (value: SessionClosure | null): void => {
      clearTimeout(timer);
      offPhase();
      offClosed();
      resolve(value);
    };
  });
}
