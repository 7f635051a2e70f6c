import { describe, expect, it } from 'vitest';
import type { HealthState } from '../../../src/shared/health';
import {
  ConnectionWatch,
  StatusNarrator,
  isConnected,
} from '../../../src/renderer/src/state/connection';

function narrate(states: HealthState[]): { said: string[]; changes: string[] } {
  const narrator = new StatusNarrator();
  const said: string[] = [];
  const changes: string[] = [];
  for (const state of states) {
    const { say, change } = narrator.observe(state, 'The service refused the key');
    if (say) said.push(say);
    if (change) changes.push(change);
  }
  return { said, changes };
}

describe('StatusNarrator: each state change announced once', () => {
  it('a turn: Listening, Responding; the return to Ready is quiet; RTT ticks repeat nothing', () => {
    const { said, changes } = narrate([
      'offline',
      'connecting',
      'ready',
      'ready',
      'listening',
      'listening',
      'responding',
      'responding',
      'ready',
    ]);
    expect(said).toEqual(['Connected', 'Listening', 'Responding']);
    expect(changes).toEqual([]);
  });

  it('an outage: "Connection lost" once however many retries, "Reconnected" once', () => {
    const { said, changes } = narrate([
      'connecting',
      'ready',
      'reconnecting',
      'connecting',
      'reconnecting',
      'connecting',
      'ready',
      'listening',
    ]);
    expect(said).toEqual([
      'Connected',
      'Connection lost. Reconnecting; what you say will be sent when Hark reconnects.',
      'Reconnected',
      'Listening',
    ]);
    expect(changes).toEqual(['lost', 'restored']);
  });

  it('a first connection that fails is a problem to fix, not an outage', () => {
    const { said, changes } = narrate(['connecting', 'needs-attention']);
    expect(said).toEqual(['Needs attention: The service refused the key']);
    expect(changes).toEqual([]);
  });

  it('a drop straight to needs-attention is an outage too', () => {
    const watch = new ConnectionWatch();
    expect(watch.observe('ready')).toBeNull();
    expect(watch.observe('needs-attention')).toBe('lost');
    expect(watch.isDown).toBe(true);
    expect(watch.observe('reconnecting')).toBeNull();
    expect(watch.observe('responding')).toBe('restored');
  });

  it('only ready, listening and responding count as connected', () => {
    const all: HealthState[] = [
      'offline',
      'connecting',
      'ready',
      'listening',
      'responding',
      'reconnecting',
      'needs-attention',
    ];
    expect(all.filter(isConnected)).toEqual(['ready', 'listening', 'responding']);
  });
});
