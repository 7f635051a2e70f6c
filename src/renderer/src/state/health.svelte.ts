import {
  HEALTH_LABELS,
  initialHealth,
  type HealthSnapshot,
  type HealthState,
} from '@shared/health';

const TONES: Record<HealthState, 'idle' | 'ok' | 'busy' | 'warn' | 'bad'> = {
  offline: 'idle',
  connecting: 'busy',
  ready: 'ok',
  listening: 'ok',
  responding: 'ok',
  speaking: 'ok',
  thinking: 'busy',
  'awaiting-approval': 'warn',
  reconnecting: 'warn',
  'needs-attention': 'bad',
};

const HISTORY = 60;

/** The health main reports, plus a short history of RTTs and states for the details chart. */
export class HealthStore {
  current = $state<HealthSnapshot>(initialHealth());
  history = $state<{ at: number; rttMs: number | null; state: HealthState }[]>([]);

  readonly label = $derived(HEALTH_LABELS[this.current.state]);
  readonly tone = $derived(TONES[this.current.state]);

  update(health: HealthSnapshot): void {
    this.current = health;
    this.history.push({ at: Date.now(), rttMs: health.rttMs, state: health.state });
    if (this.history.length > HISTORY) this.history.splice(0, this.history.length - HISTORY);
  }
}
