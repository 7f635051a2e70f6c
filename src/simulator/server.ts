import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { TypedEvents } from './events';
import { pcm16BytesToMs } from './audio';
import { SimulatedSession, type SimulatorPacing } from './realtime/session';
import { LiveSessions, type LiveOptions } from './live/host';
import { LIVE_PATH, refuseUpgrade, routeFor } from './routes';
import type { Transcriber } from './realtime/transcription';
import type { ImageFacts } from './realtime/input-image';
import { tapSocket, type ConnectionTap, type PingTiming } from './explain/socket-tap';
import { admitUpgrade, refusalResponse, type UpgradeGuard } from './upgrade-guard';

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** How fast reply audio is streamed; see SimulatorPacing. */
  pacing?: SimulatorPacing;
  /** Largest client frame accepted; the real API allows 15 MiB appends. */
  maxPayload?: number;
  /** End each session after this long with session_expired and close 1001 (the service: 60 min). */
  maxSessionMs?: number;
  /** Serve `wss://` with this certificate and key (PEM), e.g. from `generateCertificate()`. */
  tls?: { cert: string; key: string };
  /**
   * What the simulator "hears" in a committed turn, for transcription and tool calls
   * (default: a placeholder naming the audio's length; the simulator recognises no speech).
   */
  transcribe?: Transcriber;
  /** Sessions open at once (default 16); one more is refused with 429 before the upgrade. */
  maxConnections?: number;
  /** Sees each connection's frames both ways (`--explain`, `--event-log`); changes nothing. */
  tap?: (connection: number, request: IncomingMessage) => ConnectionTap;
  /** How often the tap pings clients and how long it waits for the pong. */
  tapPing?: PingTiming;
  /** The GPT-Live side at `/v1/live/sessions` (live/host.ts; docs/simulator-gpt-live.md). */
  live?: LiveOptions;
  /** Admit only clients that know a per-run path secret (the embedded simulator); see upgrade-guard.ts. */
  guard?: UpgradeGuard;
}

const DEFAULT_MAX_CONNECTIONS = 16;

export interface ReceivedTurn {
  connection: number;
  itemId: string;
  pcm: Buffer;
  durationMs: number;
}

interface SimulatorEvents extends Record<string, unknown> {
  connection: { id: number; headers: Record<string, string | string[] | undefined> };
  'client-event': { connection: number; type: string };
  'turn-committed': ReceivedTurn;
  'item-created': { connection: number; itemId: string; role: string; text: string | null };
  'item-truncated': { connection: number; itemId: string; audioEndMs: number };
  'image-received': ReceivedImage;
}

/** An `input_image` the simulator accepted: what it saw, and the SHA-256 of the bytes. */
export interface ReceivedImage extends ImageFacts {
  connection: number;
  itemId: string;
}

/**
 * A real WebSocket server on 127.0.0.1 speaking the GA Realtime protocol, so the app, the
 * doctor and any other client (the official SDKs included) work offline. Reply audio is the
 * user's own last utterance. What is and is not simulated: docs/simulator.md.
 */
export class RealtimeSimulator extends TypedEvents<SimulatorEvents> {
  private http: Server | null = null;
  private wss: WebSocketServer | null = null;
  private nextConnection = 1;
  private readonly sessions = new Set<SimulatedSession>();
  readonly turns: ReceivedTurn[] = [];
  /** The last images received (facts and hashes, never the bytes), newest last. */
  readonly images: ReceivedImage[] = [];
  /** The GPT-Live sessions (events, and `endAll(reason)` for tests). */
  readonly live: LiveSessions;

  constructor(private readonly options: SimulatorOptions = {}) {
    super();
    this.live = new LiveSessions(options.live, options.transcribe);
  }

  get url(): string {
    const address = this.http?.address() as AddressInfo | null;
    if (!address) throw new Error('The simulator is not running');
    const scheme = this.options.tls ? 'wss' : 'ws';
    const secret = this.options.guard ? `/${this.options.guard.pathSecret}` : '';
    return `${scheme}://127.0.0.1:${address.port}${secret}/v1/realtime?model=gpt-realtime`;
  }

  /** The GPT-Live endpoint (no query: the model goes in `session.start`). */
  get liveUrl(): string {
    return `${this.url.slice(0, this.url.indexOf('/v1/'))}${LIVE_PATH}`;
  }

  get connectionCount(): number {
    return this.sessions.size;
  }

  async start(): Promise<string> {
    const refuse = (_request: IncomingMessage, response: ServerResponse): void => {
      response.writeHead(426, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          error: {
            message: 'This endpoint speaks WebSocket only.',
            type: 'invalid_request_error',
            code: null,
          },
        }),
      );
    };
    const http = this.options.tls
      ? createTlsServer({ cert: this.options.tls.cert, key: this.options.tls.key }, refuse)
      : createServer(refuse);
    const wss = new WebSocketServer({
      noServer: true,
      maxPayload: this.options.maxPayload ?? 16 * 1024 * 1024,
    });
    http.on('upgrade', (request, socket, head) => {
      socket.on('error', () => socket.destroy()); // a client gone mid-handshake is not our error
      const admission = admitUpgrade(request, this.options.guard);
      if (!admission.ok) {
        socket.end(refusalResponse(admission.status, admission.message), () => socket.destroy());
        return;
      }
      if (wss.clients.size >= (this.options.maxConnections ?? DEFAULT_MAX_CONNECTIONS)) {
        refuseBusy(socket);
        return;
      }
      // The embedded simulator's path begins with its secret; route on what follows it.
      const query = (request.url ?? '').includes('?')
        ? (request.url ?? '').slice((request.url ?? '').indexOf('?'))
        : '';
      const route = routeFor(`${admission.path}${query}`);
      if ('refusal' in route) {
        const { status, ...error } = route.refusal;
        refuseUpgrade(socket, status, { ...error, type: 'invalid_request_error' });
        return;
      }
      wss.handleUpgrade(request, socket, head, (ws) => {
        // A malformed frame makes `ws` close this client (1002/1007/1009) and emit 'error';
        // unheard, that error would end the whole process. It concerns this client only.
        ws.on('error', () => undefined);
        if (route.protocol === 'live') this.live.accept(ws, this.nextConnection++);
        else this.accept(ws, request);
      });
    });
    this.http = http;
    this.wss = wss;
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(this.options.port ?? 0, '127.0.0.1', () => resolve());
    });
    return this.url;
  }

  async stop(): Promise<void> {
    for (const session of this.sessions) session.dispose();
    this.live.dispose();
    for (const client of this.wss?.clients ?? []) client.terminate();
    this.sessions.clear();
    await new Promise<void>((resolve) => (this.wss ? this.wss.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) =>
      this.http ? this.http.close(() => resolve()) : resolve(),
    );
    this.http = null;
    this.wss = null;
  }

  private accept(socket: WebSocket, request: IncomingMessage): void {
    // A malformed frame (oversized, invalid UTF-8, bad opcode, unmasked, …) makes `ws` close
    // this client with 1002/1007/1009 and then emit 'error'; unheard, that error would end
    // the whole process. It concerns this client only.
    socket.on('error', () => undefined);
    const headers = request.headers;
    const id = this.nextConnection++;
    this.emit('connection', { id, headers });
    if (this.options.tap) tapSocket(socket, this.options.tap(id, request), this.options.tapPing);
    // The GA service refuses the beta header outright; so does its simulator.
    if (headers['openai-beta'] !== undefined) {
      socket.close(4000, 'beta_api_shape_disabled');
      return;
    }
    const session = new SimulatedSession(socket, {
      pacing: this.options.pacing ?? 'fast-stream',
      maxSessionMs: this.options.maxSessionMs,
      model: new URL(request.url ?? '/', 'http://127.0.0.1').searchParams.get('model') ?? undefined,
      transcribe: this.options.transcribe,
    });
    this.sessions.add(session);
    session.onClientEvent = (type) => this.emit('client-event', { connection: id, type });
    session.onCommit = (itemId, pcm) => {
      const turn = { connection: id, itemId, pcm, durationMs: pcm16BytesToMs(pcm.byteLength) };
      this.turns.push(turn);
      if (this.turns.length > 20) this.turns.shift();
      this.emit('turn-committed', turn);
    };
    session.onItemCreated = (itemId, role, text) =>
      this.emit('item-created', { connection: id, itemId, role, text });
    session.onImage = (itemId, facts) => {
      const image = { connection: id, itemId, ...facts };
      this.images.push(image);
      if (this.images.length > 20) this.images.shift();
      this.emit('image-received', image);
    };
    session.onTruncated = (itemId, audioEndMs) =>
      this.emit('item-truncated', { connection: id, itemId, audioEndMs });
    socket.on('close', () => {
      session.dispose();
      this.sessions.delete(session);
    });
    session.begin();
  }
}

/** The service's shape for a refused upgrade: an HTTP status and a JSON error body. */
function refuseBusy(socket: Duplex): void {
  const body = JSON.stringify({
    error: {
      message: 'The simulator has too many open sessions. Close one and try again.',
      type: 'rate_limit_error',
      code: 'too_many_sessions',
    },
  });
  // Destroyed once written: a client that never closes its half must not hold the server.
  socket.end(
    'HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nContent-Type: application/json\r\n' +
      `Retry-After: 1\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    () => socket.destroy(),
  );
}
