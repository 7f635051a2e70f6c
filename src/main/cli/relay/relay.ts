import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Agent } from 'node:http';
import WebSocket, { WebSocketServer, type RawData } from 'ws';
import { ClientObserver } from '../../../simulator/explain/client-observer';
import type { Finding } from '../../../simulator/explain/finding';
import {
  describeCloseCode,
  diagnose,
  explainServerError,
  type Diagnosis,
  type ServerErrorInfo,
} from '../../engine/diagnose';
import type { Redactor } from '../../engine/redaction';

export interface RelayOptions {
  /** The service's URL, e.g. wss://api.openai.com/v1/realtime?model=gpt-realtime. */
  upstream: string;
  /** Headers that carry the key upstream (Authorization or api-key); never printed. */
  upstreamHeaders: Record<string, string>;
  /** 0 picks a free port; the relay listens on 127.0.0.1 only. */
  port?: number;
  /** Routes the upstream connection through a proxy, as the doctor does. */
  agent?: Agent;
  redactor: Redactor;
  /** Plain-words lines for the terminal (already redacted when they reach it). */
  say: (line: string) => void;
  onFinding?: (finding: Finding) => void;
  /** Every frame both ways, for the event log (the relay passes text as it went). */
  onFrame?: (
    connection: number,
    direction: 'sent' | 'received',
    text: string,
    isBinary: boolean,
  ) => void;
}

/** What the service said when it closed, in the app's words (for tests and the CLI). */
export interface RelayClose {
  connection: number;
  code: number | null;
  reason: string;
  diagnosis: Diagnosis;
}

/**
 * A local endpoint a Realtime client can point at instead of the service: the relay adds the
 * key (the client needs none), forwards every message both ways unchanged — text as text,
 * binary as binary, so the service reacts to the client's mistakes as it would — explains
 * those mistakes as the simulator's `--explain` does, and diagnoses each close and server
 * error with the doctor's table. It listens on 127.0.0.1 behind a per-run secret path and
 * refuses browsers (any Origin header): a web page cannot borrow the key.
 */
export class RealtimeRelay {
  readonly secret = randomBytes(16).toString('hex');
  readonly closes: RelayClose[] = [];
  private http: Server | null = null;
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  private next = 1;

  constructor(private readonly options: RelayOptions) {}

  /** The base a client uses: append `/realtime?model=…` as the service's path does. */
  get url(): string {
    const address = this.http?.address() as AddressInfo | null;
    if (!address) throw new Error('The relay is not running');
    const upstream = new URL(this.options.upstream);
    return `ws://127.0.0.1:${address.port}/${this.secret}${upstream.pathname}${upstream.search}`;
  }

  async start(): Promise<string> {
    const http = createServer((_request, response) => {
      response.writeHead(426, { 'content-type': 'text/plain' }).end('WebSocket only.\n');
    });
    http.on('upgrade', (request, socket, head) => {
      socket.on('error', () => socket.destroy());
      const refusal = this.refusal(request);
      if (refusal) return void refuse(socket, refusal.status, refusal.message);
      this.connect(request, socket, head);
    });
    this.http = http;
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(this.options.port ?? 0, '127.0.0.1', () => resolve());
    });
    return this.url;
  }

  async stop(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) =>
      this.http ? this.http.close(() => resolve()) : resolve(),
    );
    this.http = null;
  }

  private refusal(request: IncomingMessage): { status: number; message: string } | null {
    if (request.headers.origin !== undefined)
      return { status: 403, message: 'The relay refuses browsers: it would lend them your key.' };
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (!path.startsWith(`/${this.secret}/`))
      return { status: 404, message: 'Not found. Use the URL the relay printed.' };
    return null;
  }

  /** Opens the service first, so a refused upgrade (401, 404, 429 …) reaches the client as it is. */
  private connect(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const id = this.next++;
    const { say, redactor } = this.options;
    const opened = performance.now();
    const observer = new ClientObserver(
      id,
      (finding) => this.options.onFinding?.(finding),
      () => performance.now() - opened,
    );
    observer.handshake(request.headers);
    const headers: Record<string, string> = { ...this.options.upstreamHeaders };
    // The client's own beta header goes on, so the service answers it as it would.
    const beta = request.headers['openai-beta'];
    if (typeof beta === 'string') headers['OpenAI-Beta'] = beta;
    const upstream = new WebSocket(this.options.upstream, {
      headers,
      agent: this.options.agent,
      perMessageDeflate: false,
      maxPayload: 64 * 1024 * 1024,
      handshakeTimeout: 15_000,
    });
    let client: WebSocket | null = null;
    // A client that leaves while the service is still answering the upgrade takes it along.
    socket.once('close', () => {
      if (!client) upstream.terminate();
    });
    const facts = {
      afterClientEvent: null as string | null,
      appendsSent: 0,
      firstAppendAt: -1,
      serverError: null as ServerErrorInfo | null,
      clientClosed: false,
    };
    const typesById = new Map<string, string>();

    const forwardToService = (data: RawData, isBinary: boolean): void => {
      const text = rawText(data);
      this.options.onFrame?.(id, 'sent', text, isBinary);
      observer.clientMessage(text, isBinary);
      const event = parse(text);
      if (event?.type) {
        facts.afterClientEvent = event.type;
        if (event.event_id) {
          typesById.set(event.event_id, event.type);
          if (typesById.size > 10_000) typesById.delete(typesById.keys().next().value!);
        }
        if (event.type === 'input_audio_buffer.append') {
          facts.appendsSent++;
          if (facts.firstAppendAt < 0) facts.firstAppendAt = performance.now();
        }
      }
      // The client is upgraded only once the service is open, so nothing waits here.
      if (upstream.readyState === WebSocket.OPEN) upstream.send(data, { binary: isBinary });
    };

    // One account of each connection's end: a refusal, then the terminate it causes, is one.
    let settled = false;
    upstream.on('unexpected-response', (_req, response) => {
      settled = true;
      const chunks: Buffer[] = [];
      let size = 0;
      const answer = (): void => {
        const body = Buffer.concat(chunks).toString('utf8');
        const serverError = errorOfBody(body);
        const diagnosis = diagnose({
          code: null,
          reason: '',
          httpStatus: response.statusCode,
          afterClientEvent: null,
          appendsSent: 0,
          serverError,
        });
        this.closes.push({ connection: id, code: null, reason: '', diagnosis });
        say(
          redactor.text(
            `[relay] connection ${id}: the service refused the connection with HTTP ${response.statusCode}.\n  Diagnosis: ${diagnosis.text}`,
          ),
        );
        // The client sees what the service said, key-free.
        refuse(socket, response.statusCode ?? 502, redactor.text(body), true);
      };
      // A body is read up to 64 KiB: a hostile "service" cannot stream one forever.
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.byteLength;
        if (size >= MAX_REFUSAL_BODY) {
          response.removeAllListeners('end');
          response.destroy();
          answer();
        }
      });
      response.on('end', answer);
      response.on('error', () => undefined);
    });
    upstream.on('error', (error) => {
      if (client || settled) return; // after open, `close` follows with the code
      settled = true;
      const diagnosis = diagnose({
        code: null,
        reason: '',
        networkError: error.message,
        afterClientEvent: null,
        appendsSent: 0,
        serverError: null,
      });
      this.closes.push({ connection: id, code: null, reason: '', diagnosis });
      say(
        redactor.text(
          `[relay] connection ${id}: could not reach the service.\n  Diagnosis: ${diagnosis.text}`,
        ),
      );
      refuse(socket, 502, redactor.text(`The relay could not reach the service: ${error.message}`));
    });
    upstream.on('open', () => {
      this.wss.handleUpgrade(request, socket, head, (ws) => {
        client = ws;
        say(
          `[relay] connection ${id}: client connected; relaying to ${redactor.text(this.options.upstream)}`,
        );
        ws.on('error', () => ws.terminate()); // a malformed client frame ends that client only
        ws.on('message', forwardToService);
        ws.on('close', (code, reason) => {
          facts.clientClosed = true;
          observer.closed(code);
          if (
            upstream.readyState === WebSocket.OPEN ||
            upstream.readyState === WebSocket.CONNECTING
          )
            upstream.close(sendableCode(code), closeReason(reason.toString('utf8')));
        });
      });
    });
    upstream.on('message', (data, isBinary) => {
      const text = rawText(data);
      this.options.onFrame?.(id, 'received', text, isBinary);
      observer.serverMessage(text);
      const event = parse(text);
      if (event?.type === 'error') {
        const error = (event as { error?: Record<string, unknown> }).error ?? {};
        const eventId = typeof error.event_id === 'string' ? error.event_id : null;
        facts.serverError = {
          type: String(error.type ?? 'error'),
          code: typeof error.code === 'string' ? error.code : null,
          message: redactor.text(String(error.message ?? '')),
          eventId,
          causedBy: eventId ? (typesById.get(eventId) ?? null) : null,
        };
        say(
          redactor.text(
            `[relay] connection ${id}: the service reported an error. ${explainServerError(facts.serverError)}`,
          ),
        );
      }
      if (client?.readyState === WebSocket.OPEN) client.send(data, { binary: isBinary });
    });
    upstream.on('close', (code, reasonBuffer) => {
      const reason = redactor.text(reasonBuffer.toString('utf8'));
      if (facts.clientClosed || !client || settled) return; // the client hung up, or already told
      settled = true;
      observer.serverClosing();
      const diagnosis = diagnose({
        code,
        reason,
        afterClientEvent: facts.afterClientEvent,
        appendsSent: facts.appendsSent,
        msSinceFirstAppend:
          facts.firstAppendAt < 0 ? null : performance.now() - facts.firstAppendAt,
        serverError: facts.serverError,
      });
      this.closes.push({ connection: id, code, reason, diagnosis });
      say(
        redactor.text(
          `[relay] connection ${id}: the service closed the connection with ${code} (${describeCloseCode(code)})${reason ? `, reason "${reason}"` : ''}.\n  Diagnosis: ${diagnosis.text}`,
        ),
      );
      // The client's socket closes with the service's code (1005/1006 cannot be sent: cut it).
      if (!client) return;
      if (code === 1005 || code === 1006 || code === 1015) client.terminate();
      else client.close(code, closeReason(reason));
    });
  }
}

const MAX_REFUSAL_BODY = 64 * 1024;

/** A close reason may hold 123 bytes of UTF-8: cut by bytes, never inside a character. */
function closeReason(reason: string): string {
  let out = '';
  let bytes = 0;
  for (const char of reason) {
    bytes += Buffer.byteLength(char);
    if (bytes > 123) break;
    out += char;
  }
  return out;
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as Buffer).toString('utf8');
}

function parse(text: string): { type?: string; event_id?: string } | null {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as { type?: string }) : null;
  } catch {
    return null;
  }
}

/** The service's `{error:{message,type,code}}` body of a refused upgrade, when it is one. */
function errorOfBody(body: string): ServerErrorInfo | null {
  const error = (parse(body) as { error?: Record<string, unknown> } | null)?.error;
  if (!error || typeof error.message !== 'string') return null;
  return {
    type: String(error.type ?? 'error'),
    code: typeof error.code === 'string' ? error.code : null,
    message: error.message,
    eventId: null,
    causedBy: null,
  };
}

/** Close codes a peer may send; the reserved ones become 1000 (upstream: the client left). */
function sendableCode(code: number): number {
  return code === 1005 || code === 1006 || code === 1015 ? 1000 : code;
}

function refuse(socket: Duplex, status: number, message: string, raw = false): void {
  const body = raw
    ? message
    : JSON.stringify({ error: { message, type: 'relay_error', code: null } });
  const text =
    {
      401: 'Unauthorized',
      403: 'Forbidden',
      404: 'Not Found',
      429: 'Too Many Requests',
      502: 'Bad Gateway',
    }[status] ?? 'Error';
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    () => socket.destroy(),
  );
}
