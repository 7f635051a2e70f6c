/**
 * One GPT-Live session over one connection (the shared engine/connection: socket, headers,
 * proxy, redaction, wire tap). The client speaks first: `session.start` with the whole,
 * immutable configuration — model, persona, voice, PCM16 24 kHz, the Responses delegation
 * with Hark's tools, and the conversation so far as `input` — and nothing else is sent
 * before `session.started`. An `error` instead is a startup failure with a diagnosis.
 * Closing sends `session.close` and waits a bounded time for `session.closed`.
 *
 * Presented through the engine contract as Realtime is (see engine/engine.ts): voice
 * bursts are replies, delegated calls are Realtime-shaped function calls, transcripts are
 * grouped into turns. What Live cannot do (commit, cancel, truncate) answers null.
 */
import { Emitter } from '../../shared/emitter';
import { RealtimeConnection, type CloseInfo, type ConnectionOptions } from '../engine/connection';
import {
  diagnose,
  diagnoseLiveClosed,
  diagnoseLiveStartup,
  explainServerError,
  type Diagnosis,
  type ServerErrorInfo,
} from '../engine/diagnose';
import type {
  EngineCapabilities,
  EngineSession,
  SessionClosure,
  SessionEvents,
  SessionPhase,
  StartupTurn,
} from '../engine/engine';
import { readyOrClosed } from '../engine/engine';
import type { Endpoint } from '../engine/providers';
import type { IncomingEvent, RealtimeClientEvent, RealtimeServerEvent } from '../realtime/protocol';
import { decodeAudioDelta } from '../realtime/session';
import { Delegation } from './delegation';
import { OutputGate, type GateStep } from './output-gate';
import type { BackendTool, LiveClientEvent, LiveServerEvent } from './protocol';
import { buildSessionStart } from './start-config';
import { LiveTranscripts } from './transcript-grouper';

export const LIVE_CAPABILITIES: EngineCapabilities = {
  engine: 'live',
  replyOnRequest: false,
  pushToTalk: 'mute',
  continuousOutput: true,
  interruptible: false,
  seedsHistoryAfterReady: false,
  speechEvents: false,
};

export interface LiveStartSettings {
  model: string;
  instructions: string;
  voice: string;
  /** The Responses backend that runs tools and reasoning. */
  backendModel: string;
  tools: BackendTool[];
  /** The conversation so far (a reconnect is a new session seeded with it). */
  history: StartupTurn[];
}

export interface LiveSessionOptions extends ConnectionOptions {
  /** How long to wait for `session.started`. */
  setupTimeoutMs?: number;
  /** How long `close` waits for `session.closed` before dropping the socket (pipecat 10 s, LiveKit 5 s). */
  closeWaitMs?: number;
  /** An unanswered tool call is answered "timed out" after this long. */
  callTimeoutMs?: number;
  /**
   * The input stream never pauses: when no microphone audio came for this long, this much
   * digital silence is sent (0 turns the pump off, e.g. for a scripted test).
   */
  silencePumpMs?: number;
  log?: (level: 'debug' | 'warn', message: string) => void;
}

export class LiveSession extends Emitter<SessionEvents> implements EngineSession {
  readonly capabilities = LIVE_CAPABILITIES;
  readonly connection: RealtimeConnection;
  /** Live replies cannot be cancelled: there is never one for a barge-in to cancel. */
  readonly activeResponseId = null;
  phase: SessionPhase = 'connecting';
  sessionId: string | null = null;
  /** `session.started.session.expires_at`, epoch ms. */
  expiresAt: number | null = null;
  /** Cumulative voice seconds (`session.usage.updated`, `session.closed`). */
  usageSeconds = 0;
  readonly gate = new OutputGate();
  readonly delegation: Delegation;
  private readonly transcripts: LiveTranscripts;
  private closure: SessionClosure | null = null;
  private startError: ServerErrorInfo | null = null;
  private closedReason: string | null = null;
  private closeRequested = false;
  private setupTimedOut = false;
  private closeTimer: NodeJS.Timeout | null = null;
  private pump: NodeJS.Timeout | null = null;
  private lastAudioAt = 0;
  private syntheticIds = 0;

  constructor(
    endpoint: Endpoint,
    private readonly settings: LiveStartSettings,
    private readonly options: LiveSessionOptions = {},
  ) {
    super();
    this.connection = new RealtimeConnection(endpoint, options);
    this.connection.on('open', () => this.begin());
    this.connection.on('event', (event) => this.handle(event));
    this.connection.on('close', (info) => this.onClose(info));
    this.connection.on('pong', (rtt) => this.emit('rtt', rtt));
    this.connection.on('warning', (warning) =>
      this.emit(
        'warning',
        `The server sent something that is not a GPT-Live event (${warning.kind}); ignored.`,
      ),
    );
    this.transcripts = new LiveTranscripts(
      (update) => this.emit('transcript', update),
      (text) => this.emit('warning', text),
    );
    this.delegation = new Delegation({
      send: (event) => this.sendLive(event),
      onCall: (call) =>
        this.emitServer({
          type: 'response.function_call_arguments.done',
          event_id: this.syntheticId(),
          response_id: call.responseId,
          item_id: call.callId,
          output_index: 0,
          call_id: call.callId,
          name: call.name,
          arguments: call.arguments,
        }),
      // The assistant asks for MCP approvals from Realtime's item event: the same prompt.
      onApprovalRequest: (request) =>
        this.emitServer({
          type: 'conversation.item.done',
          event_id: this.syntheticId(),
          previous_item_id: null,
          item: {
            id: request.id,
            type: 'mcp_approval_request',
            server_label: request.serverLabel,
            name: request.name,
            arguments: request.arguments,
          },
        } as RealtimeServerEvent),
      onResponseDone: ({ responseId, status, usage }) =>
        this.emitServer({
          type: 'response.done',
          event_id: this.syntheticId(),
          response: {
            id: responseId,
            object: 'realtime.response',
            status,
            output: [],
            usage: usage ?? undefined,
          },
        }),
      onBusy: (busy) => this.emit('busy', busy),
      onNotice: (text) => this.emit('warning', text),
      timeoutMs: options.callTimeoutMs,
    });
  }

  get closed(): SessionClosure | null {
    return this.closure;
  }

  /** Connect, send `session.start`, wait for `session.started`: null when ready, else why not. */
  async start(): Promise<SessionClosure | null> {
    const ready = readyOrClosed(this, this.options.setupTimeoutMs ?? 15_000, () => {
      this.emit('warning', 'GPT-Live did not start the session in time.');
      this.setupTimedOut = true;
      this.connection.close(1000, 'setup timeout');
    });
    await this.connection.open();
    return ready;
  }

  // ── the contract, in Realtime's vocabulary ─────────────────────────────

  /**
   * The conversation and the assistant speak Realtime: a function output becomes the call's
   * one `response.item.create`, a typed message a backend message; nothing else has a Live
   * equivalent.
   */
  send(event: RealtimeClientEvent): string | null {
    if (event.type !== 'conversation.item.create') {
      this.options.log?.('debug', `${event.type} has no GPT-Live equivalent; not sent`);
      return null;
    }
    const item = event.item;
    if (item.type === 'function_call_output') {
      return this.delegation.answer(item.call_id, item.output) ? item.call_id : null;
    }
    if (item.type === 'mcp_approval_response') {
      const { approval_request_id: id, approve } = item;
      return this.delegation.answerApproval(id, approve) ? id : null;
    }
    if (item.type === 'message' && item.role === 'user') {
      const text = item.content
        .map((part) => ('text' in part && typeof part.text === 'string' ? part.text : ''))
        .join('');
      const id = this.delegation.sendUserText(text);
      // Live does not acknowledge response.item.create: on the wire is delivered.
      if (id !== null && item.id)
        this.emitServer({
          type: 'conversation.item.added',
          event_id: this.syntheticId(),
          previous_item_id: null,
          item: { ...item, id: item.id },
        } as RealtimeServerEvent);
      return id;
    }
    this.emit('warning', `A ${item.type} item has no GPT-Live equivalent; it was not sent.`);
    return null;
  }

  appendAudio(pcm: Uint8Array): string | null {
    this.lastAudioAt = Date.now();
    const audio = Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength).toString('base64');
    return this.sendLive({ type: 'session.input_audio.append', audio });
  }

  /** No input buffer to clear or commit: the model hears the stream and decides by itself. */
  clearInput(): null {
    return null;
  }

  commitInput(): null {
    return null;
  }

  /** Continue the backend (after tool outputs); voice replies are the model's own decision. */
  createResponse(): null {
    this.delegation.requestContinuation();
    return null;
  }

  cancelResponse(): null {
    return null;
  }

  truncate(): null {
    return null;
  }

  setInputMuted(muted: boolean): string | null {
    return this.sendLive({
      type: muted ? 'session.input_audio.mute' : 'session.input_audio.unmute',
    });
  }

  /** `session.close`, then a bounded wait for `session.closed` (which carries the final usage). */
  close(): void {
    this.closeRequested = true;
    this.stopPump();
    if (this.phase !== 'ready' || !this.connection.isOpen) {
      this.connection.close(1000, 'client closed');
      return;
    }
    if (this.closeTimer) return;
    this.sendLive({ type: 'session.close' });
    this.closeTimer = setTimeout(
      () => this.connection.close(1000, 'session.closed did not arrive'),
      this.options.closeWaitMs ?? 5_000,
    );
    this.closeTimer.unref?.();
  }

  /** Send a Live event; nothing but `session.start` goes out before `session.started`. */
  sendLive(event: LiveClientEvent): string | null {
    if (event.type !== 'session.start' && this.phase !== 'ready') return null;
    return this.connection.send(event);
  }

  // ── the server ─────────────────────────────────────────────────────────

  private begin(): void {
    this.setPhase('configuring');
    this.connection.send({ type: 'session.start', session: buildSessionStart(this.settings) });
  }

  private handle(raw: IncomingEvent): void {
    const event = raw as unknown as LiveServerEvent;
    try {
      this.dispatch(event);
    } catch (error) {
      this.emit(
        'warning',
        `Could not handle ${raw.type}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private dispatch(event: LiveServerEvent): void {
    switch (event.type) {
      case 'session.started':
        this.sessionId = event.session.id ?? null;
        this.expiresAt = event.session.expires_at ? event.session.expires_at * 1000 : null;
        this.setPhase('ready');
        this.startPump();
        return;
      case 'error':
        this.onServerError(event.error);
        return;
      case 'session.output_audio.delta':
        this.run(this.gate.push(decodeAudioDelta(event.delta)));
        return;
      case 'session.input_transcript.delta':
        // The user is heard while Hark's output has gone quiet: the model yielded.
        if (this.gate.pausing) this.run(this.gate.yieldNow());
        this.transcripts.push(event);
        return;
      case 'session.output_transcript.delta':
        this.transcripts.push(event);
        return;
      case 'session.delegation.created':
        if (event.delegation.target === 'responses')
          this.delegation.delegationCreated(
            event.delegation.id,
            event.delegation.response_id ?? null,
          );
        else
          this.emit(
            'warning',
            `GPT-Live delegated to "${event.delegation.target}", which Hark does not configure; ignored.`,
          );
        return;
      case 'response.event':
        this.delegation.onResponseEvent(event.event, event.delegation_id ?? null);
        return;
      case 'session.usage.updated':
        this.usageUpdated(event.usage.seconds);
        return;
      case 'session.closed':
        this.closedReason = event.reason;
        if (event.usage) this.usageUpdated(event.usage.seconds);
        this.transcripts.push(event);
        this.run(this.gate.close());
        // The session is over: the socket goes too, whoever asked.
        this.connection.close(1000, `session.closed: ${event.reason}`);
        return;
      case 'info':
        this.options.log?.('debug', `GPT-Live info ${event.code}: ${event.message}`);
        return;
      default:
        // Acks (muted, unmuted, appended, updated) and events Hark does not use.
        return;
    }
  }

  /** Output gate steps as the contract's reply events: voiced audio only, bursts as replies. */
  private run(steps: GateStep[]): void {
    for (const step of steps) {
      if (step.type === 'start') {
        this.emit('response-started', { responseId: step.itemId });
      } else if (step.type === 'audio') {
        this.emit('output-audio', { itemId: step.itemId, responseId: step.itemId, pcm: step.pcm });
      } else {
        if (step.reason === 'yield') this.emit('output-yield', { itemId: step.itemId });
        this.emit('output-audio-done', { itemId: step.itemId, responseId: step.itemId });
        this.emit('response-done', { responseId: step.itemId, status: 'completed', usage: null });
      }
    }
  }

  private usageUpdated(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) return;
    // Cumulative: the newest value replaces the old (never summed).
    this.usageSeconds = Math.max(this.usageSeconds, seconds);
    this.emit('usage-seconds', this.usageSeconds);
  }

  private onServerError(error: {
    code?: string | null;
    message?: string;
    type?: string;
    client_event_id?: string | null;
  }): void {
    const eventId = error.client_event_id ?? null;
    const info: ServerErrorInfo = {
      type: error.type ?? 'error',
      code: error.code ?? null,
      message: error.message ?? '',
      eventId,
      causedBy: eventId ? (this.connection.sent.find(eventId)?.type ?? null) : null,
    };
    if (this.phase !== 'ready') {
      // An error instead of session.started: the session will not begin (the server aborts
      // the socket about 2 s later; Hark does not wait for that).
      this.startError = info;
      this.connection.close(1000, 'startup failed');
      return;
    }
    // Errors that follow our own session.close are its cancellations, not news.
    if (this.closeRequested) return;
    this.emit('server-error', { error: info, explanation: explainServerError(info) });
  }

  private onClose(info: CloseInfo): void {
    this.stopPump();
    if (this.closeTimer) clearTimeout(this.closeTimer);
    this.run(this.gate.close());
    this.transcripts.close();
    this.delegation.dispose();
    const wasReady = this.phase === 'ready';
    const expired = this.closedReason === 'expired';
    const serverError: ServerErrorInfo | null =
      this.startError ??
      (expired
        ? {
            type: 'session',
            code: 'session_expired',
            message: 'session.closed: expired',
            eventId: null,
            causedBy: null,
          }
        : info.httpError
          ? { ...info.httpError, eventId: null, causedBy: null }
          : null);
    const diagnosis: Diagnosis = this.startError
      ? diagnoseLiveStartup(this.startError)
      : this.closedReason
        ? diagnoseLiveClosed(this.closedReason)
        : this.setupTimedOut
          ? {
              title: 'Session setup timed out',
              permanent: false,
              text: 'The WebSocket opened, but the server never answered session.start with session.started: the URL may not be a GPT-Live endpoint (/v1/live/sessions), or the service is stuck.',
            }
          : diagnose({
              code: info.code,
              reason: info.reason || info.socketError || '',
              httpStatus: info.httpStatus,
              retryAfterSeconds: info.retryAfterSeconds,
              networkError: info.networkError,
              proxy: info.proxy,
              afterClientEvent: info.lastSent?.type ?? null,
              appendsSent: this.connection.sent.count('session.input_audio.append'),
              serverError,
              closedByClient: info.closedByClient,
            });
    const byUs =
      this.closedReason === 'close_requested' ||
      (this.closedReason === null &&
        info.closedByClient &&
        !this.startError &&
        !this.setupTimedOut);
    this.closure = {
      code: info.code,
      reason: this.closedReason ?? (info.reason || info.socketError || ''),
      httpStatus: info.httpStatus ?? null,
      retryAfterSeconds: info.retryAfterSeconds ?? null,
      afterClientEvent: info.lastSent?.type ?? null,
      serverError,
      diagnosis: diagnosis.text,
      title: diagnosis.title,
      permanent: diagnosis.permanent,
      closedByClient: byUs && this.closeRequested,
      wasReady,
    };
    this.setPhase('closed');
    this.emit('closed', this.closure);
  }

  // ── input pacing ───────────────────────────────────────────────────────

  /** Silence at real-time pace whenever the microphone is not streaming (push-to-talk idle, muted). */
  private startPump(): void {
    const every = this.options.silencePumpMs ?? 100;
    if (every <= 0 || this.pump) return;
    const silence = Buffer.alloc((24_000 * 2 * every) / 1000);
    this.pump = setInterval(() => {
      if (Date.now() - this.lastAudioAt < every) return;
      const audio = silence.toString('base64');
      this.sendLive({ type: 'session.input_audio.append', audio });
    }, every);
    this.pump.unref?.();
  }

  private stopPump(): void {
    if (this.pump) clearInterval(this.pump);
    this.pump = null;
  }

  private emitServer(event: RealtimeServerEvent): void {
    this.emit('server-event', event);
  }

  private syntheticId(): string {
    return `live_hark_${++this.syntheticIds}`;
  }

  private setPhase(phase: SessionPhase): void {
    if (this.phase === phase) return;
    this.phase = phase;
    this.emit('phase', phase);
  }
}
