import type { HealthState } from '@shared/health';

/** Audio and text reach the service in these states. */
const CONNECTED = new Set<HealthState>(['ready', 'listening', 'responding']);
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
    case 'reconnecting':
      return 'Connection lost. Reconnecting; what you say will be sent when Hark reconnects.';
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
