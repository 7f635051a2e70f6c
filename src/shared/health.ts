/** The connection health the main process owns and the renderer renders. */

export type HealthState =
  | 'offline'
  | 'connecting'
  | 'ready'
  | 'listening'
  | 'responding'
  // GPT-Live (its output never stops, so these come from the audio's energy and the backend):
  | 'speaking'
  | 'thinking'
  | 'awaiting-approval'
  | 'reconnecting'
  | 'needs-attention';

export const HEALTH_LABELS: Record<HealthState, string> = {
  offline: 'Offline',
  connecting: 'Connecting',
  ready: 'Ready',
  listening: 'Listening',
  responding: 'Responding',
  speaking: 'Hark is speaking',
  thinking: 'Thinking',
  'awaiting-approval': 'Waiting for your approval',
  reconnecting: 'Reconnecting',
  'needs-attention': 'Needs attention',
};

export type ProviderId = 'openai' | 'azure' | 'custom' | 'simulator';

export interface LastClose {
  code: number | null;
  reason: string;
  httpStatus: number | null;
  afterClientEvent: string | null;
}

export interface HealthCounters {
  framesSent: number;
  framesDropped: number;
  bytesSent: number;
  reconnects: number;
}

export interface HealthSnapshot {
  state: HealthState;
  /** Epoch ms when `state` was entered. */
  since: number;
  provider: ProviderId;
  providerLabel: string;
  /** True when talking to the embedded simulator, not a real model. */
  simulated: boolean;
  rttMs: number | null;
  attempt: number;
  /** Epoch ms of the next reconnect attempt, when one is scheduled. */
  nextRetryAt: number | null;
  lastClose: LastClose | null;
  /** Plain-words explanation of the last failure. */
  diagnosis: string | null;
  title: string | null;
  counters: HealthCounters;
  /** The microphone is muted (tray menu): presses are ignored. */
  muted: boolean;
  /** Hands-free: the server's voice detection decides the turns. */
  handsFree: boolean;
  /**
   * The microphone's audio is leaving the machine right now — what "● live" may claim.
   * False during an outage even while a turn is being recorded (it is kept and sent later).
   */
  live: boolean;
  /** Turns made while they cannot be sent, waiting in order for the connection. */
  queued: { typed: number; spoken: number };
}

export function initialHealth(): HealthSnapshot {
  return {
    state: 'offline',
    since: Date.now(),
    provider: 'simulator',
    providerLabel: 'Simulator',
    simulated: true,
    rttMs: null,
    attempt: 0,
    nextRetryAt: null,
    lastClose: null,
    diagnosis: null,
    title: null,
    counters: { framesSent: 0, framesDropped: 0, bytesSent: 0, reconnects: 0 },
    muted: false,
    handsFree: false,
    live: false,
    queued: { typed: 0, spoken: 0 },
  };
}
