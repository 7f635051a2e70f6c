import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { Emitter } from '../../../shared/emitter';
import { pcm16BytesToMs } from '../../../shared/audio/format';
import { SimulatedSession, type SimulatorPacing } from './session';

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** How fast reply audio is streamed; see SimulatorPacing. */
  pacing?: SimulatorPacing;
  /** Largest client frame accepted; the real API allows 15 MiB appends. */
  maxPayload?: number;
  /** End each session after this long with session_expired and close 1001 (the service: 60 min). */
  maxSessionMs?: number;
}

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
}

/**
 * A real WebSocket server on 127.0.0.1 speaking the GA Realtime subset Hark uses, so the
 * app, the doctor and any other client work offline. Reply audio is the user's own turn.
 */
export class RealtimeSimulator extends Emitter<SimulatorEvents> {
  private http: Server | null = null;
  private wss: WebSocketServer | null = null;
  private nextConnection = 1;
  private readonly sessions = new Set<SimulatedSession>();
  readonly turns: ReceivedTurn[] = [];

  constructor(private readonly options: SimulatorOptions = {}) {
    super();
  }

  get url(): string {
    const address = this.http?.address() as AddressInfo | null;
    if (!address) throw new Error('The simulator is not running');
    return `ws://127.0.0.1:${address.port}/v1/realtime?model=gpt-realtime`;
  }

  get connectionCount(): number {
    return this.sessions.size;
  }

  async start(): Promise<string> {
    const http = createServer((_request, response) => {
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
    });
    const wss = new WebSocketServer({
      server: http,
      maxPayload: this.options.maxPayload ?? 16 * 1024 * 1024,
    });
    wss.on('connection', (socket, request) => this.accept(socket, request.headers));
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
    for (const client of this.wss?.clients ?? []) client.terminate();
    this.sessions.clear();
    await new Promise<void>((resolve) => (this.wss ? this.wss.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) =>
      this.http ? this.http.close(() => resolve()) : resolve(),
    );
    this.http = null;
    this.wss = null;
  }

  private accept(socket: WebSocket, headers: Record<string, string | string[] | undefined>): void {
    const id = this.nextConnection++;
    this.emit('connection', { id, headers });
    // The GA service refuses the beta header outright; so does its simulator.
    if (headers['openai-beta'] !== undefined) {
      socket.close(4000, 'beta_api_shape_disabled');
      return;
    }
    const session = new SimulatedSession(socket, {
      pacing: this.options.pacing ?? 'fast-stream',
      maxSessionMs: this.options.maxSessionMs,
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
    session.onTruncated = (itemId, audioEndMs) =>
      this.emit('item-truncated', { connection: id, itemId, audioEndMs });
    socket.on('close', () => {
      session.dispose();
      this.sessions.delete(session);
    });
    session.begin();
  }
}
