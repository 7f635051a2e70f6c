import { createServer, STATUS_CODES, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

export interface TestServer {
  url: string;
  connections: number;
  headers: IncomingMessage['headers'][];
  /** Text of every frame received, in order. */
  received: string[];
  binaryReceived: number;
  close(): Promise<void>;
}

export interface Refusal {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * A purpose-built server on 127.0.0.1 for one scenario. `refuse` may answer the upgrade
 * with an HTTP error; `onSocket` scripts what an accepted socket does.
 */
export async function startTestServer(handlers: {
  refuse?: (request: IncomingMessage) => Refusal | null;
  onSocket?: (socket: WebSocket, server: TestServer) => void;
}): Promise<TestServer> {
  const wss = new WebSocketServer({ noServer: true });
  const http = createServer();
  const state: TestServer = {
    url: '',
    connections: 0,
    headers: [],
    received: [],
    binaryReceived: 0,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
  http.on('upgrade', (request, socket, head) => {
    state.connections++;
    state.headers.push(request.headers);
    const refusal = handlers.refuse?.(request);
    if (refusal) {
      writeRefusal(socket, refusal);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      ws.on('message', (data, isBinary) => {
        if (isBinary) state.binaryReceived++;
        else state.received.push(data.toString());
      });
      handlers.onSocket?.(ws, state);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  state.url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/v1/realtime?model=gpt-realtime`;
  return state;
}

/** Answer a WebSocket upgrade with an HTTP error, as a refusing Realtime endpoint does. */
export function writeRefusal(socket: Duplex, refusal: Refusal): void {
  const body = refusal.body ?? '';
  const headers = {
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(body)),
    Connection: 'close',
    ...refusal.headers,
  };
  const head = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  socket.end(
    `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? 'Error'}\r\n${head}\r\n${body}`,
  );
}

/** A minimal GA-speaking socket: session.created on open, session.updated on session.update. */
export function greet(
  socket: WebSocket,
  after?: (event: { type: string; event_id?: string }) => void,
): void {
  socket.send(
    JSON.stringify({
      type: 'session.created',
      event_id: 'evt_1',
      session: { type: 'realtime', id: 'sess_test' },
    }),
  );
  socket.on('message', (data, isBinary) => {
    if (isBinary) return;
    const event = JSON.parse(data.toString()) as { type: string; event_id?: string };
    if (event.type === 'session.update') {
      socket.send(
        JSON.stringify({
          type: 'session.updated',
          event_id: 'evt_2',
          session: { type: 'realtime', id: 'sess_test' },
        }),
      );
    }
    after?.(event);
  });
}
