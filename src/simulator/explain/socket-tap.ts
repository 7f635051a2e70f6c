import type { WebSocket } from 'ws';

/** What wants to see one connection's frames both ways (the explainer, the event log). */
export interface ConnectionTap {
  clientMessage(data: Buffer | string, isBinary: boolean): void;
  serverMessage(text: string): void;
  /** The server is closing the socket itself (expiry, a refused header). */
  serverClosing(): void;
  closed(code: number): void;
  /** About once a second: unsent bytes, and whether the last ping was answered. */
  tick(bufferedBytes: number): void;
  pingUnanswered(waitedMs: number): void;
}

export interface PingTiming {
  pingEveryMs: number;
  pongWithinMs: number;
}

const DEFAULT_PING: PingTiming = { pingEveryMs: 5_000, pongWithinMs: 10_000 };

/**
 * Taps a server-side socket: every message the client sends (before the protocol handles it),
 * every text the server sends, its own closes, and pings it answers. Listeners are added
 * first, so the tap sees a client message before the session's reply to it.
 */
export function tapSocket(
  socket: WebSocket,
  tap: ConnectionTap,
  { pingEveryMs, pongWithinMs }: PingTiming = DEFAULT_PING,
): void {
  socket.on('message', (data, isBinary) =>
    tap.clientMessage(
      Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer),
      isBinary,
    ),
  );
  const send = socket.send.bind(socket) as (data: unknown, ...rest: unknown[]) => void;
  socket.send = ((data: unknown, ...rest: unknown[]) => {
    if (typeof data === 'string') tap.serverMessage(data);
    send(data, ...rest);
  }) as WebSocket['send'];
  const close = socket.close.bind(socket);
  socket.close = ((code?: number, reason?: string | Buffer) => {
    // ws answers a client's close frame by calling close() too; only our own closes count.
    if (!(socket as unknown as { _closeFrameReceived?: boolean })._closeFrameReceived)
      tap.serverClosing();
    close(code, reason);
  }) as WebSocket['close'];
  let pingSentAt = -1;
  let lastPing = Date.now();
  let reported = false;
  socket.on('pong', () => (pingSentAt = -1));
  const timer = setInterval(
    () => {
      tap.tick(socket.bufferedAmount);
      const now = Date.now();
      if (pingSentAt >= 0 && now - pingSentAt > pongWithinMs && !reported) {
        reported = true;
        tap.pingUnanswered(now - pingSentAt);
      }
      if (pingSentAt < 0 && socket.readyState === socket.OPEN && now - lastPing >= pingEveryMs) {
        pingSentAt = lastPing = now;
        socket.ping();
      }
    },
    Math.min(1_000, pingEveryMs),
  );
  timer.unref();
  socket.on('close', (code) => {
    clearInterval(timer);
    tap.closed(code);
  });
}
