import type { WebSocket } from 'ws';
import { pcm16BytesToMs } from '../audio';
import { TypedEvents } from '../events';
import type { Transcriber } from '../transcriber';
import { LiveSession, type CloseReason } from './session';

export interface LiveOptions {
  /** Run the Live clock this many times faster than real time (tests; default 1 = the service). */
  speed?: number;
  /** Session-length limit (ms of session time) before `session.closed {expired}`; default 60 min. */
  maxSessionMs?: number;
  /** Delay before `session.started` (ms at speed 1; default 100). */
  startupMs?: number;
  /** Delay from a startup error to the socket's abort (ms at speed 1; default 2,000, as observed). */
  abortAfterErrorMs?: number;
  /** Words that make the model delegate to the client under client delegation (besides "delegate"). */
  clientTools?: string[];
}

/** Hark's tool names: what a user of the app asks for by name. */
const DEFAULT_CLIENT_TOOLS = ['calculator', 'clock', 'clipboard', 'open_url', 'type_text'];

interface LiveEvents extends Record<string, unknown> {
  connection: { id: number; sessionId: string };
  'client-event': { connection: number; type: string };
  utterance: { connection: number; durationMs: number; text: string };
}

/** The simulator's GPT-Live side: its sessions, their options, and a test hook to end them. */
export class LiveSessions extends TypedEvents<LiveEvents> {
  private readonly sessions = new Set<LiveSession>();

  constructor(
    private readonly options: LiveOptions = {},
    private readonly transcribe?: Transcriber,
  ) {
    super();
    const speed = options.speed ?? 1;
    if (!(speed > 0 && speed <= 100)) throw new RangeError('live.speed must be in (0, 100]');
  }

  get count(): number {
    return this.sessions.size;
  }

  accept(socket: WebSocket, connection: number): void {
    const session = new LiveSession(socket, {
      speed: this.options.speed ?? 1,
      maxSessionMs: this.options.maxSessionMs ?? 60 * 60_000,
      startupMs: this.options.startupMs ?? 100,
      abortAfterErrorMs: this.options.abortAfterErrorMs ?? 2_000,
      clientTools: this.options.clientTools ?? DEFAULT_CLIENT_TOOLS,
      transcribe: this.transcribe,
    });
    this.sessions.add(session);
    session.onClientEvent = (type) => this.emit('client-event', { connection, type });
    session.onUtterance = (pcm, text) =>
      this.emit('utterance', { connection, durationMs: pcm16BytesToMs(pcm.byteLength), text });
    socket.on('close', () => {
      session.dispose();
      this.sessions.delete(session);
    });
    this.emit('connection', { id: connection, sessionId: session.sessionId });
  }

  /**
   * End every open Live session as the service would for `reason` — `content`,
   * `connection_lost`, `expired`, `remote_hangup`, `close_requested` — or drop its socket
   * without a word (`dropped_socket`). For tests that need a close on cue.
   */
  endAll(reason: CloseReason | 'dropped_socket'): void {
    for (const session of [...this.sessions]) session.end(reason);
  }

  dispose(): void {
    for (const session of this.sessions) session.dispose();
    this.sessions.clear();
  }
}
