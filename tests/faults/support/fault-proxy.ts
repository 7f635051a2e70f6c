import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { writeRefusal, type Refusal } from '../../support/servers';

export type { Refusal };

export interface ClientEvent {
  type: string;
  event_id?: string;
  [key: string]: unknown;
}

/** One proxied connection: the client side, the upstream (simulator) side and fault levers. */
export class ProxiedConnection {
  readonly sent: ClientEvent[] = [];
  constructor(
    readonly attempt: number,
    readonly client: WebSocket,
    readonly upstream: WebSocket,
    private readonly raw: Socket,
  ) {}

  /** A frame from "the server" that the simulator never sent. */
  inject(data: string | Buffer, binary = false): void {
    this.client.send(data, { binary });
  }

  injectEvent(event: Record<string, unknown>): void {
    this.inject(JSON.stringify({ event_id: `evt_fault_${Date.now()}`, ...event }));
  }

  close(code: number, reason = ''): void {
    this.client.close(code, reason);
    this.upstream.terminate();
  }

  /** An abrupt TCP reset: no close frame (the client sees 1006). */
  reset(): void {
    this.raw.resetAndDestroy();
    this.upstream.terminate();
  }

  /** Stop reading what the client sends (a slow reader), and resume. */
  pause(): void {
    this.raw.pause();
  }

  resume(): void {
    this.raw.resume();
  }
}

export interface FaultPlan {
  /** Refuse the upgrade of this attempt (1-based) with an HTTP error. */
  refuse?: (attempt: number) => Refusal | null;
  /**
   * Hold this attempt's upgrade until the promise settles, so a test can act while Hark is
   * reconnecting without racing the (fast, in-process) reconnect.
   */
  holdUpgrade?: (attempt: number) => Promise<void> | undefined;
  /** Answer WebSocket pings (default true); false makes a silent, dead-looking server. */
  autoPong?: (attempt: number) => boolean;
  /** See each client event before it goes upstream; return false to swallow it. */
  onClientEvent?: (connection: ProxiedConnection, event: ClientEvent) => boolean | void;
  onOpen?: (connection: ProxiedConnection) => void;
}

/**
 * A WebSocket proxy in the test process between Hark and the simulator that injects one
 * fault scenario: refused upgrades, closes, resets, silence, slow reading, odd frames.
 */
export class FaultProxy {
  attempts = 0;
  readonly connections: ProxiedConnection[] = [];
  private http: Server | null = null;
  private readonly wss: WebSocketServer[] = [];

  constructor(
    private readonly upstreamUrl: string,
    private readonly plan: FaultPlan = {},
  ) {}

  get url(): string {
    return `ws://127.0.0.1:${(this.http!.address() as AddressInfo).port}/v1/realtime?model=gpt-realtime`;
  }

  async start(): Promise<string> {
    this.http = createServer();
    this.http.on('upgrade', (request, socket, head) => {
      const attempt = ++this.attempts;
      const hold = this.plan.holdUpgrade?.(attempt);
      if (hold) void hold.then(() => this.accept(attempt, request, socket as Socket, head));
      else this.accept(attempt, request, socket as Socket, head);
    });
    await new Promise<void>((resolve) => this.http!.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  private accept(attempt: number, request: IncomingMessage, socket: Socket, head: Buffer): void {
    const refusal = this.plan.refuse?.(attempt);
    if (refusal) {
      writeRefusal(socket, refusal);
      return;
    }
    const wss = new WebSocketServer({
      noServer: true,
      autoPong: this.plan.autoPong?.(attempt) ?? true,
    });
    this.wss.push(wss);
    wss.handleUpgrade(request, socket, head, (client) => this.bridge(attempt, client, socket));
  }

  private bridge(attempt: number, client: WebSocket, raw: Socket): void {
    const upstream = new WebSocket(this.upstreamUrl);
    const connection = new ProxiedConnection(attempt, client, upstream, raw);
    this.connections.push(connection);
    const early: string[] = [];
    upstream.on('open', () => {
      for (const text of early.splice(0)) upstream.send(text);
    });
    upstream.on('message', (data, isBinary) => {
      if (client.readyState === WebSocket.OPEN) client.send(data, { binary: isBinary });
    });
    upstream.on('close', (code, reason) => {
      if (client.readyState !== WebSocket.OPEN) return;
      // 1005/1006 are never sent on the wire: pass an abrupt end on as an abrupt end.
      if (code === 1005 || code === 1006) client.terminate();
      else client.close(code, reason.toString());
    });
    upstream.on('error', () => client.terminate());
    client.on('message', (data, isBinary) => {
      if (isBinary) return;
      const text = data.toString();
      const event = JSON.parse(text) as ClientEvent;
      connection.sent.push(event);
      if (this.plan.onClientEvent?.(connection, event) === false) return;
      if (upstream.readyState === WebSocket.OPEN) upstream.send(text);
      else early.push(text);
    });
    client.on('close', () => upstream.terminate());
    client.on('error', () => upstream.terminate());
    this.plan.onOpen?.(connection);
  }

  async stop(): Promise<void> {
    for (const c of this.connections) {
      c.client.terminate();
      c.upstream.terminate();
    }
    for (const wss of this.wss) wss.close();
    this.http?.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.http ? this.http.close(() => resolve()) : resolve(),
    );
  }
}
