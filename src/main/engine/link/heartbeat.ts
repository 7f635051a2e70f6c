/** What the heartbeat needs of a connection. */
export interface Pingable {
  ping(): boolean;
  terminate(): void;
}

/**
 * WebSocket pings every `intervalMs`; when no pong has come for two intervals the peer is
 * taken for dead and the socket dropped (the reconnect logic takes over from its close).
 */
export class Heartbeat {
  private timer: NodeJS.Timeout | null = null;
  private outstandingSince: number | null = null;

  constructor(
    private readonly intervalMs = 10_000,
    private readonly onDead: () => void = () => undefined,
  ) {}

  start(connection: Pingable): void {
    this.stop();
    this.timer = setInterval(() => {
      const now = Date.now();
      if (this.outstandingSince !== null && now - this.outstandingSince >= 2 * this.intervalMs) {
        this.onDead();
        connection.terminate();
        return;
      }
      if (connection.ping() && this.outstandingSince === null) this.outstandingSince = now;
    }, this.intervalMs);
    // A first round trip at once, so the pill shows an RTT straight away.
    if (connection.ping()) this.outstandingSince = Date.now();
  }

  /** A pong arrived. */
  answered(): void {
    this.outstandingSince = null;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.outstandingSince = null;
  }
}

/**
 * The round-trip time worth showing: a new measurement replaces the shown one only when it
 * differs by a noticeable amount (10 ms and 25 %), so a steady link sends the window nothing
 * while idle (each shown change is a health message; a loopback or LAN link jitters by a few
 * ms, a busy machine by more) and a real slowdown still shows at once.
 */
export function shownRtt(shown: number | null, measured: number): number {
  const rounded = Math.round(measured);
  if (shown === null) return rounded;
  const noticeable = Math.max(10, shown * 0.25);
  return Math.abs(rounded - shown) >= noticeable ? rounded : shown;
}
