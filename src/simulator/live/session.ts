import type { RawData, WebSocket } from 'ws';
import type { ServerEvent, SessionClosedEvent } from 'openai/resources/live/live';
import { readClientFrame } from '../client-frame';
import { newId } from '../ids';
import { placeholderTranscript, type Transcriber } from '../transcriber';
import { ResponsesBackend } from './backend';
import {
  gateFor,
  needsResponses,
  notAClientEvent,
  parseClientEvent,
  type SessionPhase,
} from './client-events';
import { sendEvent } from './client-socket';
import { namesClientTool } from './client-tools';
import { appendedType, refuseContextAppend, type ContextAppend } from './context-append';
import { liveError, notSimulated, type LiveError } from './errors';
import { decodeFixture, decodePcm16 } from './input-audio';
import { inputTranscriptDeltas } from './input-transcript';
import { Listener, type ListenerEvent } from './listener';
import { OutputStream } from './output-stream';
import { applyUpdate, resolveStart, sessionResource, type LiveConfig } from './start-config';
import { endingIn, type SimulatedEnding } from './triggers';
import { UsageReports, usageAt } from './usage';
import { ACKNOWLEDGEMENT, echoText, voiceFor } from './voice';
import { isClientEventType, type ClientEvent, type SessionConfig } from './wire-schemas';

export type CloseReason = SessionClosedEvent['reason'];

export interface LiveSessionOptions {
  /** How many times faster than real time the session's clock runs (1 = the service). */
  speed: number;
  /** The session-length limit on the session timeline (ms); then `session.closed {expired}`. */
  maxSessionMs: number;
  /** Time from `session.start` to `session.started` (ms of wall time at speed 1). */
  startupMs: number;
  /** Time from a startup error to the socket's abort (ms of wall time at speed 1). */
  abortAfterErrorMs: number;
  /** Words that, said under client delegation, make the model delegate to the client. */
  clientTools: readonly string[];
  /** What the model "hears" in an utterance (default: a placeholder naming its length). */
  transcribe?: Transcriber | undefined;
}

/** The server's drain after `session.close`: at most 10 s (pipecat's observation). */
export const CLOSE_DRAIN_MS = 10_000;

/**
 * One simulated GPT-Live session on one primary WebSocket: the `session.start` gate, the
 * continuous output clock, the listening model that answers when the user stops and yields
 * when talked over, appends, delegation (client and Responses), usage and the close. What is
 * and is not simulated: docs/simulator-gpt-live.md.
 */
export class LiveSession {
  onUtterance: ((pcm: Buffer, text: string) => void) | null = null;
  onClientEvent: ((type: string) => void) | null = null;

  private phase: SessionPhase = 'awaiting-start';
  private readonly id = newId('sess');
  private config: LiveConfig | null = null;
  private expiresAt = 0;
  private readonly output: OutputStream;
  private readonly listener = new Listener();
  private backend: ResponsesBackend | null = null;
  private readonly clientDelegations = new Set<string>();
  private ackDueMs: number | null = null;
  private readonly usage = new UsageReports();
  private closeRequest: { eventId: string | null; deadlineMs: number } | null = null;
  private fixtureActive = false;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly socket: WebSocket,
    private readonly options: LiveSessionOptions,
  ) {
    this.output = new OutputStream(
      {
        audio: (delta) =>
          this.send({ type: 'session.output_audio.delta', delta: delta.toString('base64') }),
        transcript: (delta, startMs, endMs) =>
          this.send({
            type: 'session.output_transcript.delta',
            event_id: newId('event'),
            delta,
            start_ms: startMs,
            end_ms: endMs,
          }),
        tick: (nowMs) => this.tick(nowMs),
      },
      options.speed,
    );
    socket.on('message', (data, isBinary) => this.receive(data, isBinary));
  }

  get sessionId(): string {
    return this.id;
  }

  dispose(): void {
    this.phase = 'over';
    this.output.dispose();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** End the session as the service would for `reason` (or drop the socket without a word). */
  end(reason: CloseReason | 'dropped_socket', clientEventId: string | null = null): void {
    if (this.phase === 'over') return;
    const started = this.config !== null && this.phase !== 'starting';
    this.dispose();
    if (reason === 'dropped_socket' || !started) {
      this.socket.terminate();
      return;
    }
    this.sendNow({
      type: 'session.closed',
      event_id: newId('event'),
      reason,
      session: sessionResource(this.id, this.expiresAt, this.config!),
      usage: usageAt(this.output.nowMs),
      ...(clientEventId ? { client_event_id: clientEventId } : {}),
    });
    // A lost upstream is worth a reconnect (the SDK retries 1011); every other end is final.
    this.socket.close(reason === 'connection_lost' ? 1011 : 1000, `session ${reason}`);
  }

  private send(event: ServerEvent): void {
    if (this.phase === 'over') return;
    this.sendNow(event);
  }

  private sendNow(event: ServerEvent): void {
    if (sendEvent(this.socket, event) === 'stalled') {
      this.dispose();
      this.socket.terminate();
    }
  }

  private error(error: LiveError, clientEventId: string | null): void {
    this.send({
      type: 'error',
      event_id: newId('event'),
      error: clientEventId ? { ...error, client_event_id: clientEventId } : error,
    });
  }

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms / this.options.speed);
    this.timers.add(timer);
  }

  private receive(data: RawData, isBinary: boolean): void {
    if (this.phase === 'over') return;
    const frame = readClientFrame(data, isBinary, {
      code: 'missing_required_parameter',
      message: "Missing required parameter: 'type'.",
    });
    if (!frame.ok)
      return this.error(liveError(frame.code, frame.message, frame.param), frame.eventId);
    const { record, type, eventId } = frame;
    this.onClientEvent?.(type);
    if (!isClientEventType(type)) return this.error(notAClientEvent(type), eventId);
    if (this.phase === 'closing' && type === 'session.input_audio.append') return;
    const gate = gateFor(this.phase, type);
    if (gate) return this.error(gate, eventId);
    const parsed = parseClientEvent(type, record);
    if (!parsed.ok) {
      if (type === 'session.start') return this.startupFailed(parsed.error);
      return this.error(parsed.error, eventId);
    }
    try {
      this.dispatch(parsed.event, eventId);
    } catch (error) {
      // A simulator bug must not take down its host (Hark runs it in its main process).
      this.error(
        liveError(
          'server_error',
          `The simulator failed on ${type}: ${error instanceof Error ? error.message : String(error)}`,
          null,
          'server_error',
        ),
        eventId,
      );
    }
  }

  private dispatch(event: ClientEvent, eventId: string | null): void {
    const ack = eventId ? { client_event_id: eventId } : {};
    switch (event.type) {
      case 'session.start':
        return this.start(event.session, eventId);
      case 'session.update': {
        const next = applyUpdate(this.config!, event.session);
        if ('code' in next) return this.error(next, eventId);
        this.config = next;
        return this.send({
          type: 'session.updated',
          event_id: newId('event'),
          session: sessionResource(this.id, this.expiresAt, next),
          ...ack,
        });
      }
      case 'session.input_audio.append':
        return this.append(event.audio, eventId);
      case 'session.input_audio.mute':
        this.heard(this.listener.mute());
        return this.send({ type: 'session.input_audio.muted', event_id: newId('event'), ...ack });
      case 'session.input_audio.unmute':
        this.listener.unmute();
        return this.send({ type: 'session.input_audio.unmuted', event_id: newId('event'), ...ack });
      case 'session.instructions.append':
      case 'session.thinking.append':
      case 'session.commentary.append':
        return this.appendContext(event, eventId);
      case 'session.output_audio.fixture.play':
        return this.playFixture(event.audio, eventId);
      case 'decision.create':
      case 'decision.item.create':
      case 'decision.item.delete':
        return this.error(notSimulated('Decisions', 'type'), eventId);
      case 'response.item.create': {
        if (!this.backend) return this.error(needsResponses(event.type), eventId);
        const refused = this.backend.addItem(event.item);
        if (refused) return this.error(refused, eventId);
        if (event.item.type === 'message' && event.item.role === 'user') {
          const ending = endingIn(
            typeof event.item.content === 'string'
              ? event.item.content
              : event.item.content.map((p) => p.text).join(''),
          );
          if (ending) this.endFor(ending);
        }
        return;
      }
      case 'response.create': {
        if (!this.backend) return this.error(needsResponses(event.type), eventId);
        const refused = this.backend.create(eventId);
        if (refused) this.error(refused, eventId);
        return;
      }
      case 'session.close':
        this.phase = 'closing';
        this.closeRequest = { eventId, deadlineMs: this.output.nowMs + CLOSE_DRAIN_MS };
        return;
    }
  }

  private start(session: SessionConfig, eventId: string | null): void {
    const resolved = resolveStart(session);
    if ('code' in resolved) return this.startupFailed(resolved);
    this.config = resolved;
    this.phase = 'starting';
    if (resolved.delegation.type === 'responses') {
      this.backend = new ResponsesBackend(
        () => {
          const delegation = this.config!.delegation;
          if (delegation.type !== 'responses') throw new Error('not under Responses delegation');
          return delegation.responses;
        },
        {
          delegated: (delegationId, responseId, clientEventId, offsetMs) =>
            this.delegated(
              delegationId,
              'responses',
              responseId,
              clientEventId,
              offsetMs ?? this.output.nowMs,
            ),
          responseEvent: (event, delegationId) =>
            this.send({
              type: 'response.event',
              event_id: newId('event'),
              delegation_id: delegationId,
              event,
            }),
          speak: (text) => this.output.speak({ pcm: voiceFor(text), text }),
        },
      );
    }
    this.later(this.options.startupMs, () => {
      if (this.phase !== 'starting') return;
      this.phase = 'active';
      this.expiresAt = Math.ceil(
        (Date.now() + this.options.maxSessionMs / this.options.speed) / 1000,
      );
      this.send({
        type: 'session.started',
        event_id: newId('event'),
        session: sessionResource(this.id, this.expiresAt, this.config!),
        ...(eventId ? { client_event_id: eventId } : {}),
      });
      this.output.start();
    });
  }

  /** As the field saw it: an `error` instead of `session.started` (no client_event_id), then an abort. */
  private startupFailed(error: LiveError): void {
    this.error(error, null);
    this.phase = 'over';
    const timer = setTimeout(
      () => this.socket.terminate(),
      this.options.abortAfterErrorMs / this.options.speed,
    );
    this.timers.add(timer);
  }

  private append(audio: string, eventId: string | null): void {
    const pcm = decodePcm16(audio);
    if (!Buffer.isBuffer(pcm)) return this.error(pcm, eventId);
    this.heard(this.listener.append(pcm));
  }

  /**
   * A canned clip through the output: validated whole, then it interrupts the model's
   * speech and pauses input (dropped, not replayed) until it has played out.
   */
  private playFixture(audio: string, eventId: string | null): void {
    if (this.fixtureActive) {
      return this.error(
        liveError('fixture_active', 'Only one audio fixture can be active at a time.'),
        eventId,
      );
    }
    const pcm = decodeFixture(audio);
    if (!Buffer.isBuffer(pcm)) return this.error(pcm, eventId);
    const ack = eventId ? { client_event_id: eventId } : {};
    this.fixtureActive = true;
    this.output.yieldTurn();
    this.listener.hold();
    this.send({ type: 'session.output_audio.fixture.playing', event_id: newId('event'), ...ack });
    this.output.speak({
      pcm,
      text: '',
      onDone: () => {
        this.fixtureActive = false;
        this.listener.release();
        this.send({
          type: 'session.output_audio.fixture.played',
          event_id: newId('event'),
          ...ack,
        });
      },
    });
  }

  private heard(events: ListenerEvent[]): void {
    for (const event of events) {
      if (event.type === 'speech_started') {
        // Talked over: the model yields at once — silence from the next delta, no more words.
        this.output.yieldTurn();
      } else {
        this.utterance(event.pcm, event.startMs, event.endMs);
      }
      if (this.phase === 'over') return;
    }
  }

  private utterance(pcm: Buffer, startMs: number, endMs: number): void {
    const text = this.heardText(pcm);
    for (const delta of inputTranscriptDeltas(text, startMs, endMs)) this.send(delta);
    this.onUtterance?.(pcm, text);
    const ending = endingIn(text);
    if (ending) return this.endFor(ending);
    if (this.backend?.fromSpeech(text, endMs)) return;
    if (
      this.config?.delegation.type === 'client' &&
      namesClientTool(text, this.options.clientTools)
    ) {
      const delegationId = newId('deleg');
      this.clientDelegations.add(delegationId);
      return this.delegated(delegationId, 'client', null, null, endMs);
    }
    this.output.speak({ pcm, text: echoText(text) });
  }

  /** What the transcriber hears; one that throws stands for speech the service could not transcribe. */
  private heardText(pcm: Buffer): string {
    try {
      return (this.options.transcribe ?? placeholderTranscript)(pcm);
    } catch {
      return '';
    }
  }

  private delegated(
    delegationId: string,
    target: 'client' | 'responses',
    responseId: string | null,
    clientEventId: string | null,
    offsetMs = this.output.nowMs,
  ): void {
    this.send({
      type: 'session.delegation.created',
      event_id: newId('event'),
      delegation: {
        id: delegationId,
        target,
        type: 'delegation',
        ...(responseId ? { response_id: responseId } : {}),
      },
      offset_ms: Math.round(offsetMs),
      ...(clientEventId ? { client_event_id: clientEventId } : {}),
    });
    const delay = this.config!.delegation.acknowledgement_delay_ms;
    if (delay === 0) this.acknowledge();
    else this.ackDueMs = this.output.nowMs + delay;
  }

  private acknowledge(): void {
    this.ackDueMs = null;
    this.output.speak({ pcm: voiceFor(ACKNOWLEDGEMENT), text: ACKNOWLEDGEMENT });
  }

  private appendContext(event: ContextAppend, eventId: string | null): void {
    const refused = refuseContextAppend(event, {
      fixtureActive: this.fixtureActive,
      responsesDelegation: this.backend !== null,
      isClientDelegation: (id) => this.clientDelegations.has(id),
    });
    if (refused) return this.error(refused, eventId);
    // Any commentary or thinking cancels pending acknowledgements (the types say so).
    if (event.type !== 'session.instructions.append') this.ackDueMs = null;
    const nowMs = this.output.nowMs;
    this.send({
      type: appendedType(event.type),
      event_id: newId('event'),
      start_ms: nowMs,
      end_ms: nowMs,
      ...(eventId ? { client_event_id: eventId } : {}),
    });
    // Speakable context: the model says it (the simulator verbatim; the service in its own words).
    if (event.type === 'session.commentary.append') {
      this.output.speak({ pcm: voiceFor(event.content), text: event.content });
    }
  }

  private endFor(ending: SimulatedEnding): void {
    this.end(ending === 'dropped_socket' ? 'dropped_socket' : ending);
  }

  private tick(nowMs: number): void {
    const usage = this.usage.due(nowMs);
    if (usage) this.send({ type: 'session.usage.updated', event_id: newId('event'), usage });
    if (this.ackDueMs !== null && nowMs >= this.ackDueMs) this.acknowledge();
    if (nowMs >= this.options.maxSessionMs) return this.end('expired');
    const close = this.closeRequest;
    if (close && (!this.output.speaking || nowMs >= close.deadlineMs)) {
      this.end('close_requested', close.eventId);
    }
  }
}
