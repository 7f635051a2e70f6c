import { Emitter } from '../../shared/emitter';
import {
  RealtimeConnection,
  type CloseInfo,
  type ConnectionOptions,
  type ProtocolWarning,
} from '../engine/connection';
import { diagnose, explainServerError, type ServerErrorInfo } from '../engine/diagnose';
import type {
  IncomingEvent,
  RealtimeClientEvent,
  RealtimeError,
  RealtimeServerEvent,
  ServerEventOf,
  ServerEventType,
} from './protocol';
import type { Endpoint } from '../engine/providers';
import type {
  EngineCapabilities,
  EngineSession,
  SessionClosure,
  SessionEvents,
  SessionPhase,
} from '../engine/engine';
import { readyOrClosed } from '../engine/engine';
import { buildSessionUpdate, type SessionSettings } from './session-config';

export type { OutputAudio, SessionClosure, SessionPhase, TranscriptUpdate } from '../engine/engine';

export interface SessionOptions extends ConnectionOptions {
  /** How long to wait for session.created and session.updated. */
  setupTimeoutMs?: number;
  log?: (level: 'debug' | 'warn', message: string) => void;
}

export const REALTIME_CAPABILITIES: EngineCapabilities = {
  engine: 'realtime',
  replyOnRequest: true,
  pushToTalk: 'commit',
  continuousOutput: false,
  interruptible: true,
  seedsHistoryAfterReady: true,
  speechEvents: true,
};

const HANDLED_EVENTS = new Set<ServerEventType>([
  'session.created',
  'session.updated',
  'error',
  'input_audio_buffer.speech_started',
  'input_audio_buffer.speech_stopped',
  'input_audio_buffer.committed',
  'input_audio_buffer.cleared',
  'input_audio_buffer.timeout_triggered',
  'conversation.item.added',
  'conversation.item.done',
  'conversation.item.truncated',
  'conversation.item.deleted',
  'conversation.item.input_audio_transcription.delta',
  'conversation.item.input_audio_transcription.completed',
  'conversation.item.input_audio_transcription.failed',
  'response.created',
  'response.done',
  'response.output_item.added',
  'response.output_item.done',
  'response.content_part.added',
  'response.content_part.done',
  'response.output_audio.delta',
  'response.output_audio.done',
  'response.output_audio_transcript.delta',
  'response.output_audio_transcript.done',
  'response.output_text.delta',
  'response.output_text.done',
  'response.function_call_arguments.delta',
  'response.function_call_arguments.done',
  'rate_limits.updated',
]);

/**
 * One Realtime session over one connection: GA `session.update`, typed handling of the
 * server events Hark uses, and a diagnosed `closed` report. Unknown events are logged
 * and ignored, never fatal.
 */
export class RealtimeSession extends Emitter<SessionEvents> implements EngineSession {
  readonly capabilities: EngineCapabilities = REALTIME_CAPABILITIES;
  readonly connection: RealtimeConnection;
  phase: SessionPhase = 'connecting';
  sessionId: string | null = null;
  activeResponseId: string | null = null;
  private lastServerError: ServerErrorInfo | null = null;
  private closure: SessionClosure | null = null;
  readonly unknownEventTypes = new Map<string, number>();
  private setupTimedOut = false;
  private setupRefusal: string | null = null;
  readonly warnings: ProtocolWarning[] = [];

  constructor(
    endpoint: Endpoint,
    private readonly settings: SessionSettings,
    private readonly options: SessionOptions = {},
  ) {
    super();
    this.connection = new RealtimeConnection(endpoint, options);
    this.connection.on('event', (event) => this.handle(event));
    // The fast path's deltas (audio-delta-frame.ts): already decoded, same event as parsed.
    this.connection.on('audio-delta', ({ event, pcm }) => {
      const delta = event as unknown as ServerEventOf<'response.output_audio.delta'>;
      this.outputAudio(delta, pcm);
      this.emit('server-event', delta);
    });
    this.connection.on('warning', (warning) => this.onWarning(warning));
    this.connection.on('close', (info) => this.onClose(info));
    this.connection.on('pong', (rtt) => this.emit('rtt', rtt));
  }

  get closed(): SessionClosure | null {
    return this.closure;
  }

  /**
   * Connect, wait for session.created, configure, wait for session.updated.
   * Resolves with null when ready, or with the closure explaining why it is not.
   */
  async start(): Promise<SessionClosure | null> {
    const ready = readyOrClosed(this, this.options.setupTimeoutMs ?? 15_000, () => {
      this.emit('warning', 'The server did not finish setting up the session in time.');
      this.setupTimedOut = true;
      this.connection.close(1000, 'setup timeout');
    });
    await this.connection.open();
    return ready;
  }

  send(event: RealtimeClientEvent): string | null {
    return this.connection.send(event);
  }

  appendAudio(pcm: Uint8Array): string | null {
    const audio = Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength).toString('base64');
    return this.send({ type: 'input_audio_buffer.append', audio });
  }

  clearInput(): string | null {
    return this.send({ type: 'input_audio_buffer.clear' });
  }

  commitInput(): string | null {
    return this.send({ type: 'input_audio_buffer.commit' });
  }

  createResponse(): string | null {
    return this.send({ type: 'response.create' });
  }

  cancelResponse(): string | null {
    return this.send({ type: 'response.cancel' });
  }

  truncate(itemId: string, audioEndMs: number): string | null {
    return this.send({
      type: 'conversation.item.truncate',
      item_id: itemId,
      content_index: 0,
      audio_end_ms: Math.round(audioEndMs),
    });
  }

  /** Realtime has no input mute: push-to-talk commits a buffered turn instead. */
  setInputMuted(): string | null {
    return null;
  }

  close(): void {
    this.connection.close(1000, 'client closed');
  }

  private outputAudio(event: ServerEventOf<'response.output_audio.delta'>, pcm: Buffer): void {
    if (pcm.byteLength > 0)
      this.emit('output-audio', { itemId: event.item_id, responseId: event.response_id, pcm });
  }

  private setPhase(phase: SessionPhase): void {
    if (this.phase === phase) return;
    this.phase = phase;
    this.emit('phase', phase);
  }

  private handle(raw: IncomingEvent): void {
    if (!HANDLED_EVENTS.has(raw.type as ServerEventType)) {
      this.unknownEventTypes.set(raw.type, (this.unknownEventTypes.get(raw.type) ?? 0) + 1);
      this.options.log?.('debug', `ignored server event of unknown type ${raw.type}`);
      return;
    }
    const event = raw as unknown as RealtimeServerEvent;
    try {
      this.dispatch(event);
    } catch (error) {
      // A server event with a shape we did not expect must not take the session down.
      this.emit(
        'warning',
        `Could not handle ${event.type}: ${error instanceof Error ? error.message : String(error)}`,
      );
      return;
    }
    this.emit('server-event', event);
  }

  private dispatch(event: RealtimeServerEvent): void {
    switch (event.type) {
      case 'session.created':
        this.sessionId = (event.session as { id?: string }).id ?? null;
        this.setPhase('configuring');
        this.send({ type: 'session.update', session: buildSessionUpdate(this.settings) });
        return;
      case 'session.updated':
        this.setPhase('ready');
        return;
      case 'error':
        this.onServerError(event.error);
        return;
      case 'input_audio_buffer.speech_started':
        this.emit('speech-started', { itemId: event.item_id, audioStartMs: event.audio_start_ms });
        return;
      case 'input_audio_buffer.speech_stopped':
        this.emit('speech-stopped', { itemId: event.item_id, audioEndMs: event.audio_end_ms });
        return;
      case 'conversation.item.input_audio_transcription.delta':
        this.emit('transcript', {
          role: 'user',
          itemId: event.item_id,
          text: event.delta ?? '',
          final: false,
        });
        return;
      case 'conversation.item.input_audio_transcription.completed':
        this.emit('transcript', {
          role: 'user',
          itemId: event.item_id,
          text: event.transcript,
          final: true,
        });
        return;
      case 'conversation.item.input_audio_transcription.failed':
        this.emit(
          'warning',
          `Transcription of your speech failed: ${event.error.message ?? 'unknown reason'}`,
        );
        return;
      case 'response.created':
        this.activeResponseId = event.response.id ?? null;
        this.emit('response-started', { responseId: event.response.id ?? '' });
        return;
      case 'response.done':
        if (this.activeResponseId === (event.response.id ?? null)) this.activeResponseId = null;
        this.emit('response-done', {
          responseId: event.response.id ?? '',
          status: event.response.status ?? 'completed',
          usage: event.response.usage ?? null,
        });
        return;
      case 'response.output_audio.delta': {
        let pcm = decodeAudioDelta(event.delta);
        if (pcm.byteLength % 2 !== 0) {
          // Half a sample would shift every later one into noise: drop the stray byte.
          this.emit(
            'warning',
            `An audio delta of ${pcm.byteLength} bytes is not whole PCM16 samples; its last byte was dropped.`,
          );
          pcm = exactCopy(pcm.subarray(0, pcm.byteLength - 1));
        }
        this.outputAudio(event, pcm);
        return;
      }
      case 'response.output_audio.done':
        this.emit('output-audio-done', { itemId: event.item_id, responseId: event.response_id });
        return;
      case 'response.output_audio_transcript.delta':
        this.emit('transcript', {
          role: 'assistant',
          itemId: event.item_id,
          text: event.delta,
          final: false,
        });
        return;
      case 'response.output_audio_transcript.done':
        this.emit('transcript', {
          role: 'assistant',
          itemId: event.item_id,
          text: event.transcript,
          final: true,
        });
        return;
      case 'response.output_text.delta':
        this.emit('transcript', {
          role: 'assistant',
          itemId: event.item_id,
          text: event.delta,
          final: false,
        });
        return;
      case 'response.output_text.done':
        this.emit('transcript', {
          role: 'assistant',
          itemId: event.item_id,
          text: event.text,
          final: true,
        });
        return;
      default:
        // The rest (item lifecycle, content parts, committed/cleared, rate limits, tool
        // argument streams) carry nothing the session must act on; listeners get them
        // through 'server-event'.
        return;
    }
  }

  private onServerError(error: RealtimeError): void {
    const eventId = error.event_id ?? null;
    const info: ServerErrorInfo = {
      type: error.type,
      code: error.code ?? null,
      message: error.message,
      eventId,
      causedBy: eventId ? (this.connection.sent.find(eventId)?.type ?? null) : null,
    };
    this.lastServerError = info;
    const explanation = explainServerError(info);
    if (this.phase === 'configuring' && info.causedBy === 'session.update') {
      // The configuration was refused: the session is unusable as configured, and waiting
      // for the setup timeout would only hide the server's own words.
      this.setupRefusal = explanation;
      this.connection.close(1000, 'session configuration refused');
      return;
    }
    this.emit('server-error', { error: info, explanation });
  }

  private onWarning(warning: ProtocolWarning): void {
    this.warnings.push(warning);
    if (this.warnings.length > 50) this.warnings.shift();
    const text =
      warning.kind === 'binary-frame'
        ? `The server sent a binary frame (${warning.bytes} bytes); the Realtime protocol uses JSON text frames only. Ignored.`
        : warning.kind === 'malformed-json'
          ? `The server sent a frame that is not valid JSON ("${warning.preview}"). Ignored.`
          : `The server sent JSON that is not an event ("${warning.preview}"). Ignored.`;
    this.emit('warning', text);
  }

  private onClose(info: CloseInfo): void {
    const wasReady = this.phase === 'ready';
    const serverError =
      this.lastServerError ??
      (info.httpError
        ? {
            type: info.httpError.type,
            code: info.httpError.code,
            message: info.httpError.message,
            eventId: null,
            causedBy: null,
          }
        : null);
    const facts = {
      code: info.code,
      reason: info.reason || info.socketError || '',
      httpStatus: info.httpStatus,
      retryAfterSeconds: info.retryAfterSeconds,
      networkError: info.networkError,
      proxy: info.proxy,
      afterClientEvent: info.lastSent?.type ?? null,
      appendsSent: this.connection.sent.count('input_audio_buffer.append'),
      msSinceFirstAppend: msSince(
        this.connection.sent.firstSentAt('input_audio_buffer.append'),
        info.at,
      ),
      serverError,
      closedByClient: info.closedByClient,
    };
    const diagnosis = this.setupRefusal
      ? {
          title: 'Configuration refused',
          permanent: true,
          text: `The server refused Hark's session configuration (session.update): ${this.setupRefusal} This Hark version may not match the service's protocol; run \`npm run doctor -- --url <same URL> --verbose\`.`,
        }
      : this.setupTimedOut
        ? setupTimeoutDiagnosis(this.phase)
        : diagnose(facts);
    this.closure = {
      code: info.code,
      reason: facts.reason,
      httpStatus: info.httpStatus ?? null,
      retryAfterSeconds: info.retryAfterSeconds ?? null,
      afterClientEvent: facts.afterClientEvent,
      serverError,
      diagnosis: diagnosis.text,
      title: diagnosis.title,
      permanent: diagnosis.permanent,
      // A close Hark made because the server never finished the handshake is the server's failure.
      closedByClient: info.closedByClient && !this.setupTimedOut && !this.setupRefusal,
      wasReady,
    };
    this.activeResponseId = null;
    this.setPhase('closed');
    this.emit('closed', this.closure);
  }
}

function msSince(start: number | null, end: number): number | null {
  return start === null ? null : end - start;
}

/** The socket opened but the Realtime handshake never completed: say which half was missing. */
function setupTimeoutDiagnosis(phase: SessionPhase): {
  text: string;
  title: string;
  permanent: boolean;
} {
  const missing =
    phase === 'connecting'
      ? 'never sent session.created: the URL may point at a WebSocket server that is not a Realtime endpoint, or the service is stuck'
      : 'sent session.created but never confirmed the configuration with session.updated: it may not accept the GA session shape';
  return {
    title: 'Session setup timed out',
    permanent: false,
    text: `The WebSocket opened, but the server ${missing}. Hark closed the connection; check the URL, or run \`npm run doctor -- --url <same URL> --verbose\` to see what it sends.`,
  };
}

/**
 * Base64 audio into a buffer of its own, exactly as long as the audio. `Buffer.from(b64)`
 * returns small results as views into Node's shared 8 KiB pool, and IPC serializes a
 * view's whole ArrayBuffer: a 20 ms delta would carry the pool with it.
 */
export function decodeAudioDelta(base64: string): Buffer {
  const out = Buffer.allocUnsafeSlow(Buffer.byteLength(base64, 'base64'));
  const written = out.write(base64, 'base64');
  return written === out.byteLength ? out : exactCopy(out.subarray(0, written));
}

function exactCopy(bytes: Buffer): Buffer {
  const out = Buffer.allocUnsafeSlow(bytes.byteLength);
  bytes.copy(out);
  return out;
}
