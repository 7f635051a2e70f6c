import type { HealthState } from '@shared/health';

const LOST_TEXT = 'Connection lost. Reconnecting; what you say will be sent when Hark reconnects.';

/** Audio and text reach the service in these states. */
const CONNECTED = new Set<HealthState>([
  'ready',
  'listening',
  'responding',
  'speaking',
  'thinking',
  'awaiting-approval',
]);
/** The connection was there and is gone (not a deliberate "offline" before a first connect). */
const LOST = new Set<HealthState>(['reconnecting', 'needs-attention']);

export function isConnected(state: HealthState): boolean {
  return CONNECTED.has(state);
}

export type ConnectionChange = 'lost' | 'restored' | null;

/**
 * Turns the stream of health states into the two moments a person must be told about: the
 * connection dropped, and it came back. Each is reported once, however many states
 * (reconnect attempts, RTT ticks) pass in between.
 */
export class ConnectionWatch {
  private everConnected = false;
  private down = false;

  observe(state: HealthState): ConnectionChange {
    if (CONNECTED.has(state)) {
      this.everConnected = true;
      if (!this.down) return null;
      this.down = false;
      return 'restored';
    }
    if (this.down || !LOST.has(state)) return null;
    // A first connection that fails is a problem (the attention banner says which), not an outage.
    if (!this.everConnected && state === 'needs-attention') return null;
    this.down = true;
    return 'lost';
  }

  get isDown(): boolean {
    return this.down;
  }
}

/**
 * What the status region says as the state changes, or null to stay quiet. Quiet: the
 * return to Ready after each turn, connecting, and repeats (RTT ticks keep the state).
 */
export function stateAnnouncement(
  previous: HealthState | null,
  next: HealthState,
  title: string | null,
): string | null {
  if (previous === next) return null;
  switch (next) {
    case 'listening':
      return 'Listening';
    case 'responding':
      return 'Responding';
    // GPT-Live's states (docs/gpt-live.md)
    case 'speaking':
      return 'Hark is speaking';
    case 'thinking':
      return 'Thinking';
    case 'awaiting-approval':
      return 'Waiting for your approval';
    case 'reconnecting':
      return LOST_TEXT;
    case 'needs-attention':
      return `Needs attention${title ? `: ${title}` : ''}`;
    case 'ready':
      if (previous === 'reconnecting' || previous === 'needs-attention') return 'Reconnected';
      if (previous === 'connecting' || previous === 'offline') return 'Connected';
      return null;
    case 'offline':
      return previous === null ? null : 'Offline';
    case 'connecting':
      return null;
  }
}

/**
 * What the status region says as health states arrive, and the outage moments for the
 * banner: each state change once (never an RTT tick), "Connection lost" once per outage
 * (not again for every retry), "Reconnected" once when it is back.
 */
export class StatusNarrator {
  private previous: HealthState | null = null;
  private readonly watch = new ConnectionWatch();

  observe(
    state: HealthState,
    title: string | null,
  ): { say: string | null; change: ConnectionChange } {
    const change = this.watch.observe(state);
    const previous = this.previous;
    this.previous = state;
    if (previous === state) return { say: null, change };
    if (change === 'restored') return { say: 'Reconnected', change };
    if (change === 'lost') return { say: LOST_TEXT, change };
    // The retries of an outage already announced are not news.
    if (this.watch.isDown && (state === 'reconnecting' || state === 'connecting'))
      return { say: null, change };
    return { say: stateAnnouncement(previous, state, title), change };
  }
}
