import WebSocket from 'ws';
import type { Agent, IncomingMessage } from 'node:http';
import { Emitter } from '../../shared/emitter';
import {
  isIncomingEvent,
  type IncomingEvent,
  type RealtimeClientEvent,
} from '../realtime/protocol';
import type { LiveClientEvent } from '../live/protocol';
import type { Endpoint } from './providers';
import { DeltaRedactor } from './delta-redaction';
import {
  AudioDeltaFrameReader,
  type AudioDeltaEvent,
  type AudioDeltaFrameOptions,
} from './audio-delta-frame';
import { endpointSecrets, Redactor, redactUrl } from './redaction';
import { SentEventLog, type SentEvent } from './sent-log';

/** A client event of either protocol: the socket, the log and the wire tap are shared. */
export type WireClientEvent = RealtimeClientEvent | LiveClientEvent;

/** Audio deltas are base64 (no text a key could hide in): they skip the delta redaction. */
const AUDIO_DELTAS = new Set(['response.output_audio.delta', 'session.output_audio.delta']);

/** Server frames larger than this are refused (ws closes with 1009). Audio deltas are far smaller. */
export const DEFAULT_MAX_PAYLOAD = 16 * 1024 * 1024;
const MAX_ERROR_BODY = 64 * 1024;

export interface CloseInfo {
  code: number | null;
  reason: string;
  httpStatus?: number;
  retryAfterSeconds?: number;
  /** Parsed `{error:{message,type,code}}` of a refused upgrade, or its raw text. */
  httpError?: { message: string; type: string; code: string | null };
  networkError?: string;
  /** A socket error after open (e.g. an oversized frame), reported alongside the close code. */
  socketError?: string;
  /** The proxy the socket went through ("http://proxy:3128"), when there was one. */
  proxy?: string;
  closedByClient: boolean;
  lastSent: SentEvent | null;
  at: number;
}

export type ProtocolWarning =
  | { kind: 'binary-frame'; bytes: number }
  | { kind: 'malformed-json'; preview: string }
  | { kind: 'not-an-event'; preview: string };

interface ConnectionEvents extends Record<string, unknown> {
  open: undefined;
  event: IncomingEvent;
  warning: ProtocolWarning;
  close: CloseInfo;
  pong: number;
  /** Every client event once it is on the wire, and every server event before it is handled (the wire tap). */
  sent: { event: WireClientEvent; record: SentEvent };
  received: { event: IncomingEvent; bytes: number; at: number };
  /** An audio delta read by the fast path (audio-delta-frame.ts): its event and decoded PCM. */
  'audio-delta': { event: AudioDeltaEvent; pcm: Buffer };
}

export interface ConnectionOptions {
  maxPayload?: number;
  handshakeTimeoutMs?: number;
  sentLogCapacity?: number;
  now?: () => number;
  /** Routes the socket (e.g. through the system proxy); `lastProxy` names it in diagnoses. */
  agent?: Agent & { readonly lastProxy?: string | null };
  /** The engine's audio event, read without parsing the whole frame (default: Realtime's). */
  audioDelta?: AudioDeltaFrameOptions;
}

let defaultAgent: ConnectionOptions['agent'];
/** The agent every connection uses unless given one (the desktop app's system proxy). */
export function setDefaultConnectionAgent(agent: ConnectionOptions['agent']): void {
  defaultAgent = agent;
}

let idCounter = 0;
export function newEventId(): string {
  idCounter = (idCounter + 1) % Number.MAX_SAFE_INTEGER;
  return `evt_hark_${Date.now().toString(36)}_${idCounter.toString(36)}`;
}

/**
 * One WebSocket to a Realtime endpoint. Sends JSON text frames only, records each sent
 * client event, reads the body of a refused upgrade, and reports exactly one `close`.
 */
export class RealtimeConnection extends Emitter<ConnectionEvents> {
  readonly sent: SentEventLog;
  private ws: WebSocket | null = null;
  private closeReported = false;
  private closingByClient = false;
  private pingSentAt = 0;
  private readonly now: () => number;
  /**
   * Everything the server says passes through this before anyone else sees it. It knows the
   * endpoint's credentials, and learns every MCP authorization Hark sends (a service error may
   * quote one back).
   */
  redactor: Redactor;
  /** Streamed text (transcripts, replies, tool arguments): held back where a key could be starting. */
  private readonly deltas: DeltaRedactor;
  private readonly agent: ConnectionOptions['agent'];
  private readonly audioDeltas: AudioDeltaFrameReader;

  constructor(
    readonly endpoint: Endpoint,
    private readonly options: ConnectionOptions = {},
  ) {
    super();
    this.sent = new SentEventLog(options.sentLogCapacity ?? 256);
    this.now = options.now ?? Date.now;
    this.redactor = new Redactor(endpointSecrets(endpoint));
    this.deltas = new DeltaRedactor(this.redactor);
    this.agent = options.agent ?? defaultAgent;
    this.audioDeltas = new AudioDeltaFrameReader(
      options.audioDelta ?? { type: 'response.output_audio.delta' },
    );
  }

  get isOpen(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  /** Bytes queued in the socket but not yet written: the backpressure signal. */
  get bufferedAmount(): number {
    return this.ws?.bufferedAmount ?? 0;
  }

  /** Resolves when the socket is open; resolves `false` (never rejects) when it failed, after `close` was emitted. */
  open(): Promise<boolean> {
    if (this.ws) throw new Error('RealtimeConnection.open() may be called once');
    return new Promise<boolean>((resolve) => {
      let ws: WebSocket;
      try {
        ws = new WebSocket(this.endpoint.url, {
          headers: this.endpoint.headers,
          maxPayload: this.options.maxPayload ?? DEFAULT_MAX_PAYLOAD,
          handshakeTimeout: this.options.handshakeTimeoutMs ?? 15_000,
          perMessageDeflate: false,
          ...(this.agent ? { agent: this.agent } : {}),
        });
      } catch (error) {
        this.reportClose({ code: null, reason: '', networkError: errorText(error) });
        resolve(false);
        return;
      }
      this.ws = ws;
      ws.on('open', () => {
        this.opened = true;
        this.emit('open', undefined);
        resolve(true);
      });
      ws.on('unexpected-response', (request, response) => {
        void this.readRefusal(response).then((info) => {
          this.reportClose(info);
          request.destroy();
          resolve(false);
        });
      });
      ws.on('message', (data, isBinary) => this.receive(data, isBinary));
      ws.on('pong', () => {
        if (this.pingSentAt) this.emit('pong', this.now() - this.pingSentAt);
        this.pingSentAt = 0;
      });
      ws.on('error', (error) => {
        // Errors before open are network failures; after open, `close` follows with the code.
        if (!this.opened) {
          this.reportClose({ code: null, reason: '', networkError: errorText(error) });
          resolve(false);
        } else {
          this.socketError = errorText(error);
          this.protocolCloseCode = protocolCloseCodeOf(error);
        }
      });
      ws.on('close', (code, reasonBuffer) => {
        this.reportClose({ code, reason: reasonBuffer.toString('utf8') });
        resolve(false);
      });
    });
  }

  private socketError: string | undefined;
  private opened = false;
  /** The close code ws sent the peer when *we* failed the connection; locally ws reports 1006. */
  private protocolCloseCode: number | null = null;

  /** Send one client event as a JSON text frame. Returns the event_id used, or null when not open. */
  send(event: WireClientEvent): string | null {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return null;
    const eventId = event.event_id ?? newEventId();
    const text = JSON.stringify({ ...event, event_id: eventId });
    ws.send(text, { binary: false });
    this.learnSecrets(event);
    const record = { type: event.type, eventId, at: this.now(), bytes: text.length };
    this.sent.record(record);
    this.emit('sent', { event, record });
    return eventId;
  }

  /** MCP tokens in a `session.update` are secrets too: redact them wherever they come back. */
  private learnSecrets(event: WireClientEvent): void {
    const tools: unknown[] =
      event.type === 'session.update' && 'tools' in event.session
        ? (event.session.tools ?? [])
        : event.type === 'session.start' && event.session.delegation?.type === 'responses'
          ? (event.session.delegation.responses.tools ?? [])
          : [];
    const tokens = tools.flatMap((tool) => {
      const authorization = (tool as { type?: unknown; authorization?: unknown }).authorization;
      return (tool as { type?: unknown }).type === 'mcp' && typeof authorization === 'string'
        ? [authorization]
        : [];
    });
    if (tokens.length === 0) return;
    this.redactor = this.redactor.with(...tokens);
    this.deltas.use(this.redactor);
  }

  /** A WebSocket ping; the matching pong is reported as a round-trip time. */
  ping(): boolean {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.pingSentAt = this.now();
    this.ws.ping();
    return true;
  }

  close(code = 1000, reason = ''): void {
    this.closingByClient = true;
    const ws = this.ws;
    if (!ws) {
      this.reportClose({ code, reason });
      return;
    }
    if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
    else if (ws.readyState === WebSocket.OPEN) ws.close(code, reason);
  }

  /** Drop the socket at once, without a closing handshake (dead peer, heartbeat lost). */
  terminate(): void {
    this.ws?.terminate();
  }

  private receive(data: WebSocket.RawData, isBinary: boolean): void {
    // ws hands over a Buffer (nodebuffer is the default binaryType): read it, don't copy it.
    const buffer = Buffer.isBuffer(data)
      ? data
      : Array.isArray(data)
        ? Buffer.concat(data)
        : Buffer.from(data);
    if (isBinary) {
      this.emit('warning', { kind: 'binary-frame', bytes: buffer.byteLength });
      return;
    }
    // Audio deltas are base64 (no text a key could hide in): read cheaply when the frame
    // has the expected shape, else parsed in full below like any other event.
    const audio = this.audioDeltas.read(buffer);
    if (audio) {
      this.emit('received', { event: audio.event, bytes: buffer.byteLength, at: this.now() });
      if (audio.kind === 'audio') this.emit('audio-delta', { event: audio.event, pcm: audio.pcm });
      return;
    }
    const text = buffer.toString('utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.emit('warning', {
        kind: 'malformed-json',
        preview: this.preview(text),
      });
      return;
    }
    if (!isIncomingEvent(parsed)) {
      this.emit('warning', { kind: 'not-an-event', preview: this.preview(text) });
      return;
    }
    // Audio deltas are base64 (no text a key could hide in); every other event is server text,
    // and streamed text is redacted across its deltas (a key split in pieces is still a key).
    if (AUDIO_DELTAS.has(parsed.type)) {
      this.emit('received', { event: parsed, bytes: buffer.byteLength, at: this.now() });
      this.emit('event', parsed);
      return;
    }
    const events = this.deltas.process(parsed);
    const at = this.now();
    for (const [i, event] of events.entries()) {
      // A released tail is not a frame of its own: it counts no bytes.
      this.emit('received', { event, bytes: i === events.length - 1 ? buffer.byteLength : 0, at });
      this.emit('event', event);
    }
  }

  /** The start of a frame, redacted before it is cut so that no key is cut in half. */
  private preview(text: string): string {
    return this.redactor.text(text.slice(0, 1024)).slice(0, 120);
  }

  private async readRefusal(
    response: IncomingMessage,
  ): Promise<Omit<CloseInfo, 'closedByClient' | 'lastSent' | 'at'>> {
    const status = response.statusCode ?? 0;
    const retryAfter = parseRetryAfter(response.headers['retry-after'], this.now());
    let body = '';
    try {
      body = await readBounded(response, MAX_ERROR_BODY);
    } catch {
      // A body we cannot read still leaves the status, which is the main fact.
    }
    const info: Omit<CloseInfo, 'closedByClient' | 'lastSent' | 'at'> = {
      code: null,
      reason: '',
      httpStatus: status,
    };
    if (retryAfter !== undefined) info.retryAfterSeconds = retryAfter;
    const httpError = parseErrorBody(body);
    if (httpError) info.httpError = httpError;
    return info;
  }

  private reportClose(info: Omit<CloseInfo, 'closedByClient' | 'lastSent' | 'at'>): void {
    if (this.closeReported) return;
    this.closeReported = true;
    const full: CloseInfo = {
      ...this.redactor.deep(info),
      closedByClient: this.closingByClient,
      lastSent: this.sent.last(),
      at: this.now(),
    };
    const socketError = this.socketError && this.redactor.text(this.socketError);
    if (socketError) full.socketError = socketError;
    // A proxy URL may carry its own credentials (http://user:pass@proxy).
    if (this.agent?.lastProxy) full.proxy = redactUrl(this.agent.lastProxy);
    if (full.code === 1006 && this.protocolCloseCode !== null) {
      full.code = this.protocolCloseCode;
      full.reason ||= `Hark closed the connection: ${socketError}`;
    }
    this.emit('close', full);
  }
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

function protocolCloseCodeOf(error: Error): number | null {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') return 1009;
  if (code === 'WS_ERR_INVALID_UTF8') return 1007;
  if (code.startsWith('WS_ERR_')) return 1002;
  return null;
}

export function parseRetryAfter(
  header: string | string[] | undefined,
  now: number,
): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

function parseErrorBody(body: string): CloseInfo['httpError'] | undefined {
  const trimmed = body.trim();
  if (!trimmed) return undefined;
  try {
    const parsed = JSON.parse(trimmed) as {
      error?: { message?: unknown; type?: unknown; code?: unknown };
    };
    const error = parsed.error;
    if (error && typeof error.message === 'string') {
      return {
        message: error.message,
        type: typeof error.type === 'string' ? error.type : 'error',
        code: typeof error.code === 'string' ? error.code : null,
      };
    }
  } catch {
    // Not JSON: keep the text itself, it is still the server's own words.
  }
  return { message: trimmed.slice(0, 500), type: 'http_error', code: null };
}

function readBounded(stream: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      if (size < limit) chunks.push(chunk.subarray(0, limit - size));
      size += chunk.byteLength;
    });
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.on('error', reject);
    setTimeout(() => resolve(Buffer.concat(chunks).toString('utf8')), 3000).unref();
  });
}
