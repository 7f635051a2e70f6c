import { betaShapeOf } from './beta-shape';
import { ByteRate } from './byte-rate';
import { BETA_HEADER, BINARY_FRAME, type Finding, type FindingCode } from './finding';

/** The service's limit for one append's base64 text. */
const MAX_APPEND_CHARS = 15 * 1024 * 1024;
/** More appends than this in one second, each under TINY_APPEND_MS, is a flood of tiny events. */
const MAX_APPENDS_PER_SECOND = 100;
const TINY_APPEND_MS = 10;
export interface ObserverLimits {
  /** Bytes waiting in our send buffer for `notReadingMs` mean the client stopped reading. */
  notReadingBytes: number;
  notReadingMs: number;
}

const DEFAULT_LIMITS: ObserverLimits = { notReadingBytes: 4 * 1024 * 1024, notReadingMs: 2_000 };

type Sink = (finding: Finding) => void;
type Json = Record<string, unknown>;

interface SentEvent {
  position: number;
  type: string | null;
  eventId: string | null;
}

function record(value: unknown): Json | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : null;
}

function formatKey(format: Json): string {
  const rate =
    typeof format.rate === 'number' ? format.rate : format.type === 'audio/pcm' ? 24_000 : 8_000;
  return `${String(format.type)}@${rate}`;
}

/** Bytes per second a declared input format carries (PCM16 or G.711). */
function bytesPerSecondOf(format: Json | null): number {
  if (!format) return 48_000;
  if (format.type === 'audio/pcmu' || format.type === 'audio/pcma') return 8_000;
  return (typeof format.rate === 'number' ? format.rate : 24_000) * 2;
}

/**
 * Watches one client's conversation with the service (or the simulator) in both directions
 * and reports, once each, the mistakes the real service would refuse or mishandle. It never
 * changes what is sent: with no mistakes, nothing is reported.
 */
export class ClientObserver {
  private position = 0;
  private readonly byId = new Map<string, SentEvent>();
  private readonly reported = new Set<string>();
  private readonly betaPositions = new Set<number>();
  private readonly rate = new ByteRate();
  private declaredBytesPerSecond = 48_000;
  private declaredFormat = 'audio/pcm@24000';
  /** A session.update that changes the input format and has not been answered yet. */
  private formatUpdate: SentEvent | null = null;
  private responseActive = false;
  private closing = false;
  private secondStart = -1;
  private appendsThisSecond = 0;
  private tinyThisSecond = 0;
  private backlogSince = -1;
  private lastAppend: SentEvent | null = null;
  private cancelled = false;

  private readonly limits: ObserverLimits;

  constructor(
    readonly connection: number,
    private readonly sink: Sink,
    private readonly clock: () => number,
    limits: Partial<ObserverLimits> = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** The upgrade request's headers. */
  handshake(headers: Record<string, string | string[] | undefined>): void {
    if (headers['openai-beta'] !== undefined)
      this.report('beta_header', null, BETA_HEADER.what, BETA_HEADER.service, BETA_HEADER.fix);
  }

  /** A message the client sent. */
  clientMessage(data: Buffer | string, isBinary: boolean): void {
    const position = ++this.position;
    const text = typeof data === 'string' ? data : data.toString('utf8');
    let event: Json | null;
    try {
      event = record(JSON.parse(text));
    } catch {
      event = null;
    }
    const type = typeof event?.type === 'string' ? event.type : null;
    const eventId = typeof event?.event_id === 'string' ? event.event_id : null;
    const sent = { position, type, eventId };
    if (eventId) this.byId.set(eventId, sent);
    if (this.byId.size > 10_000) this.byId.delete(this.byId.keys().next().value!);
    if (isBinary) {
      const what = type
        ? `${type} was sent as a BINARY WebSocket message (its JSON is fine; the framing is not).`
        : `A BINARY WebSocket message of ${text.length} bytes was sent.`;
      this.report('binary_frame', sent, what, BINARY_FRAME.service, BINARY_FRAME.fix);
      return;
    }
    if (!event || !type) return; // the simulator's error says what is wrong; see serverMessage
    this.checkShape(event, sent);
    if (type === 'session.update') this.sessionUpdate(event, sent);
    if (type === 'input_audio_buffer.append') this.append(event, sent);
    else {
      this.judgeRate(this.rate.other(this.clock(), this.declaredBytesPerSecond), this.lastAppend);
      // A commit or a clear ends a push-to-talk press: the next press is a run of its own.
      if (type === 'input_audio_buffer.commit' || type === 'input_audio_buffer.clear')
        this.rate.endRun();
      // After a cancel, closing before response.done loses nothing the client still wanted.
      if (type === 'response.cancel') this.cancelled = true;
    }
  }

  /** A message the service (or the simulator) sent to the client. */
  serverMessage(text: string): void {
    let event: Json | null;
    try {
      event = record(JSON.parse(text));
    } catch {
      return;
    }
    if (!event) return;
    switch (event.type) {
      case 'session.created':
      case 'session.updated':
        this.adoptFormat(record(event.session));
        if (event.type === 'session.updated') this.answerFormatUpdate();
        return;
      case 'response.created':
        this.responseActive = true;
        this.cancelled = false;
        return;
      case 'response.done':
        this.responseActive = false;
        return;
      case 'error':
        return this.serverError(record(event.error));
    }
  }

  /** The server (simulator or relay) is closing the socket itself. */
  serverClosing(): void {
    this.closing = true;
  }

  /** The socket closed; a client that closed mid-reply is told what it lost. */
  closed(code: number): void {
    if (this.closing || !this.responseActive || this.cancelled) return;
    this.report(
      'closed_during_response',
      null,
      `The client closed the socket (code ${code}) while a reply was still streaming, without reading it to response.done.`,
      'The service cancels the reply; its remaining audio and transcript are lost, and the conversation ends with the socket.',
      'Keep the socket open and reading until response.done (or send response.cancel first if the user interrupted), and close with code 1000 only when the conversation is over.',
    );
  }

  /** Called about once a second with the socket's unsent bytes, to spot a client that stopped reading. */
  backlog(bufferedBytes: number): void {
    const now = this.clock();
    const { notReadingBytes, notReadingMs } = this.limits;
    if (bufferedBytes < notReadingBytes) {
      this.backlogSince = -1;
      return;
    }
    if (this.backlogSince < 0) this.backlogSince = now;
    if (now - this.backlogSince < notReadingMs) return;
    this.report(
      'not_reading',
      null,
      `The client stopped reading: ${(bufferedBytes / 1024 / 1024).toFixed(1)} MiB of server events have waited for over ${notReadingMs / 1000} s.`,
      'The service streams audio faster than real time; a client that does not read fills its buffers, and the service closes the connection.',
      'Read the socket continuously on its own task or thread, and queue audio for playback instead of blocking the reader on the audio device.',
    );
  }

  /** A ping the server sent went unanswered. */
  pingUnanswered(waitedMs: number): void {
    this.report(
      'ping_unanswered',
      null,
      `The client did not answer a WebSocket ping within ${Math.round(waitedMs / 1000)} s.`,
      'A connection that does not answer pings looks dead to the service and the proxies in between, and is dropped (close 1006 on your side). A client that stopped reading the socket cannot answer either.',
      'Read the socket continuously and let your WebSocket library answer pings (most do by themselves): do not block its reading loop on audio playback, and do not disable its automatic pong.',
    );
  }

  private checkShape(event: Json, sent: SentEvent): void {
    const shape = betaShapeOf(event);
    if (!shape) return;
    this.betaPositions.add(sent.position);
    this.report(
      'beta_shape',
      sent,
      `${sent.type} uses the beta Realtime shape ${shape.path}.`,
      'The GA service refuses it with an error event (unknown_parameter or missing_required_parameter) and ignores the whole event.',
      `Write ${shape.ga} instead.`,
      shape.path,
    );
  }

  private sessionUpdate(event: Json, sent: SentEvent): void {
    const format = record(record(record(record(event.session)?.audio)?.input)?.format);
    if (format && formatKey(format) !== this.declaredFormat) this.formatUpdate = sent;
  }

  /**
   * The answer to a format change went out. Appends the server reads in the same turn of the
   * event loop came in the same network read as the update: the client sent them without
   * waiting for the answer (the simulator answers at once; the service may not).
   */
  private answerFormatUpdate(): void {
    const answered = this.formatUpdate;
    if (!answered) return;
    setImmediate(() => {
      if (this.formatUpdate === answered) this.formatUpdate = null;
    });
  }

  private adoptFormat(session: Json | null): void {
    const format = record(record(record(session?.audio)?.input)?.format);
    if (!format) return;
    this.declaredBytesPerSecond = bytesPerSecondOf(format);
    this.declaredFormat = formatKey(format);
  }

  private append(event: Json, sent: SentEvent): void {
    this.lastAppend = sent;
    const audio = typeof event.audio === 'string' ? event.audio : '';
    if (this.formatUpdate) {
      this.report(
        'audio_before_session_updated',
        sent,
        `Audio was appended before session.updated answered the session.update (event #${this.formatUpdate.position}) that sets the input format.`,
        'The service reads audio in the format in force when it arrives: these bytes are taken in the old format, and garbled.',
        'Wait for session.updated after a session.update that sets session.audio.input.format, then start appending.',
      );
    }
    if (audio.length > MAX_APPEND_CHARS) {
      this.report(
        'append_too_large',
        sent,
        `One append carried ${(audio.length / 1024 / 1024).toFixed(1)} MiB of base64.`,
        'The service accepts at most 15 MiB in one append; a larger one is refused (error, or the socket closes with 1009 "message too big").',
        'Send audio in small appends as it is captured: 20–100 ms each keeps latency low.',
      );
    }
    const bytes = Math.floor((audio.length * 3) / 4);
    const now = this.clock();
    this.countAppend(bytes, now, sent);
    this.judgeRate(this.rate.append(bytes, now, this.declaredBytesPerSecond), sent);
  }

  private judgeRate(judged: ReturnType<ByteRate['append']>, sent: SentEvent | null): void {
    if (!judged?.slow) return;
    const v = judged.verdict;
    const bytesPerSample = this.declaredBytesPerSecond >= 16_000 ? 2 : 1;
    const declaredRate = this.declaredBytesPerSecond / bytesPerSample;
    const likely = v.likelyRate
      ? `That is ${v.likelyRate / 1000} kHz audio declared as ${declaredRate / 1000} kHz: the model hears it ${(declaredRate / v.likelyRate).toFixed(2)}× too fast and too high.`
      : `That is ${Math.round((v.bytesPerSecond / v.declaredBytesPerSecond) * 100)}% of real time: either the audio's sample rate is lower than declared, or the client falls behind its microphone.`;
    this.report(
      'audio_rate_mismatch',
      sent,
      `Audio streamed at ${Math.round(v.bytesPerSecond).toLocaleString('en-US')} bytes per second of wall time, where the declared format needs ${v.declaredBytesPerSecond.toLocaleString('en-US')}. ${likely}`,
      'The service does not check: it accepts the audio and the model mishears it (garbled or sped-up speech, wrong transcripts).',
      v.likelyRate
        ? `Resample the microphone to ${declaredRate} Hz mono PCM16 before appending (e.g. iOS: an AVAudioConverter to ${declaredRate} Hz, not ${v.likelyRate} Hz), or declare the rate you send where the protocol allows it.`
        : `Send ${declaredRate} Hz mono PCM16 at real-time pace.`,
    );
  }

  private countAppend(bytes: number, now: number, sent: SentEvent): void {
    if (this.secondStart < 0 || now - this.secondStart >= 1000) {
      this.secondStart = now;
      this.appendsThisSecond = 0;
      this.tinyThisSecond = 0;
    }
    this.appendsThisSecond++;
    if ((bytes / this.declaredBytesPerSecond) * 1000 < TINY_APPEND_MS) this.tinyThisSecond++;
    if (this.tinyThisSecond > MAX_APPENDS_PER_SECOND) {
      this.report(
        'appends_too_many',
        sent,
        `More than ${MAX_APPENDS_PER_SECOND} appends in one second, each under ${TINY_APPEND_MS} ms of audio.`,
        'The service accepts them, but each event costs JSON, base64 and a server turn: on a real network they queue up and add latency, and they count against rate limits.',
        'Append 20–100 ms of audio at a time.',
      );
    }
  }

  private serverError(error: Json | null): void {
    if (!error) return;
    const eventId = typeof error.event_id === 'string' ? error.event_id : null;
    const sent = eventId ? (this.byId.get(eventId) ?? null) : null;
    if (sent && this.betaPositions.has(sent.position)) return; // already explained as beta
    const code = typeof error.code === 'string' ? error.code : 'error';
    const message = typeof error.message === 'string' ? error.message : '';
    const param = typeof error.param === 'string' ? error.param : null;
    // A refused session.update changes nothing: appends after it are in the old format. An
    // error that names no event may be its refusal too: never leave the update pending forever.
    if (this.formatUpdate && (sent ? sent === this.formatUpdate : true)) this.answerFormatUpdate();
    if (code === 'input_audio_buffer_commit_empty') {
      return this.report(
        'commit_too_short',
        sent,
        'input_audio_buffer.commit was sent with less than 100 ms of audio in the buffer.',
        `The service refuses it with error input_audio_buffer_commit_empty ("${message}") and no reply is made.`,
        'Commit only after at least 100 ms of audio (at 24 kHz PCM16: 4,800 bytes); on a very short press, clear the buffer instead of committing.',
      );
    }
    if (code === 'conversation_already_has_active_response') {
      return this.report(
        'response_while_active',
        sent,
        'response.create was sent while a reply was still in progress.',
        'The service refuses it with error conversation_already_has_active_response; the second reply never comes.',
        'Wait for response.done before asking for another reply, or send response.cancel first (and then conversation.item.truncate for what was heard).',
      );
    }
    if (code === 'invalid_event' && /binary/i.test(message)) return; // explained as binary_frame
    const where = param ? ` (field ${param})` : '';
    this.report(
      'rejected_event',
      sent,
      `${sent?.type ?? 'An event'} was refused: ${code}${where}.`,
      `The service answers with an error event, code ${code}: "${message}". The event has no effect; the socket stays open.`,
      fixFor(code, param),
      `${code}:${param ?? ''}`,
    );
  }

  private report(
    code: FindingCode,
    sent: SentEvent | null,
    what: string,
    service: string,
    fix: string,
    variant = '',
  ): void {
    const key = `${code}:${variant}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.sink({
      code,
      connection: this.connection,
      event: sent ? { position: sent.position, type: sent.type, eventId: sent.eventId } : null,
      what,
      service,
      fix,
      atMs: Math.round(this.clock()),
    });
  }

  /** A response is under way (for the relay, which may see it before the server events). */
  get replying(): boolean {
    return this.responseActive;
  }
}

function fixFor(code: string, param: string | null): string {
  switch (code) {
    case 'unknown_parameter':
      return `Remove ${param ?? 'the field'}: the GA protocol has no such field (check the spelling and the openai package's types, resources/realtime).`;
    case 'missing_required_parameter':
      return `Add ${param ?? 'the missing field'}.`;
    case 'invalid_type':
    case 'invalid_value':
      return `Send ${param ?? 'the field'} with the type and value the GA protocol expects (the openai package's types say which).`;
    case 'invalid_json':
      return 'Send each event as one complete JSON object per text message.';
    case 'item_not_found':
      return 'Refer only to item ids the service announced (conversation.item.added / done) and that were not deleted.';
    case 'response_cancel_not_active':
      return 'Send response.cancel only between response.created and response.done.';
    default:
      return 'Read the error message above; the event it names had no effect.';
  }
}
