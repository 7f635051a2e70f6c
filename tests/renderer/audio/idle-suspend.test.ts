import { describe, expect, it } from 'vitest';
import { IdleSuspend, type SuspendableContext } from '../../../src/renderer/src/audio/idle-suspend';

class FakeContext implements SuspendableContext {
  state: string = 'running';
  calls: string[] = [];
  suspend(): Promise<void> {
    this.calls.push('suspend');
    this.state = 'suspended';
    return Promise.resolve();
  }
  resume(): Promise<void> {
    this.calls.push('resume');
    this.state = 'running';
    return Promise.resolve();
  }
}

/** Manual clock: timers fire only when advanced. */
function clock() {
  let now = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  let next = 1;
  return {
    setTimer: (fn: () => void, ms: number) => {
      timers.set(next, { at: now + ms, fn });
      return next++;
    },
    clearTimer: (id: unknown) => void timers.delete(id as number),
    advance(ms: number) {
      now += ms;
      for (const [id, t] of [...timers]) {
        if (t.at <= now) {
          timers.delete(id);
          t.fn();
        }
      }
    },
  };
}

function setup(idleMs = 2000) {
  const context = new FakeContext();
  const time = clock();
  const suspend = new IdleSuspend(() => context, { idleMs, ...time });
  return { context, time, suspend };
}

describe('IdleSuspend', () => {
  it('suspends the context the idle time after the last use ends, not before', () => {
    const { context, time, suspend } = setup();
    suspend.set('playback', true);
    suspend.set('playback', false);
    time.advance(1999);
    expect(context.state).toBe('running');
    time.advance(1);
    expect(context.state).toBe('suspended');
    expect(suspend.suspended).toBe(true);
  });

  it('never suspends while a use is busy (hands-free capture streams for ever)', () => {
    const { context, time, suspend } = setup();
    suspend.set('capture', true);
    suspend.set('playback', true);
    suspend.set('playback', false);
    time.advance(60_000);
    expect(context.calls).toEqual([]);
    suspend.set('capture', false);
    time.advance(2000);
    expect(context.calls).toEqual(['suspend']);
  });

  it('the next reply or talk resumes at once; a use starting during the idle time cancels it', () => {
    const { context, time, suspend } = setup();
    suspend.set('playback', true);
    suspend.set('playback', false);
    time.advance(2000);
    suspend.set('playback', true);
    expect(context.calls).toEqual(['suspend', 'resume']);
    suspend.set('playback', false);
    time.advance(1000);
    suspend.set('capture', true);
    time.advance(5000);
    expect(context.calls).toEqual(['suspend', 'resume']);
  });

  it('wake resumes without claiming the context: it suspends again when nothing follows', () => {
    const { context, time, suspend } = setup();
    suspend.set('playback', true);
    suspend.set('playback', false);
    time.advance(2000);
    suspend.wake();
    expect(context.state).toBe('running');
    time.advance(2000);
    expect(context.calls).toEqual(['suspend', 'resume', 'suspend']);
  });

  it('does not resume a context it did not suspend (autoplay policy waits for a gesture)', () => {
    const { context, suspend } = setup();
    context.state = 'suspended';
    suspend.set('playback', true);
    suspend.wake();
    expect(context.calls).toEqual([]);
  });

  it('repeated reports of the same state cost nothing and do not restart the idle time', () => {
    const { context, time, suspend } = setup();
    suspend.set('playback', true);
    suspend.set('playback', false);
    time.advance(1500);
    suspend.set('playback', false);
    suspend.set('capture', false);
    time.advance(500);
    expect(context.calls).toEqual(['suspend']);
  });
});

describe('IdleSuspend watchers', () => {
  it('are told of each suspend and resume it makes, and can stop listening', () => {
    const { time, suspend } = setup();
    const seen: boolean[] = [];
    const off = suspend.watch((s) => seen.push(s));
    suspend.set('playback', true);
    suspend.set('playback', false);
    time.advance(2000);
    suspend.wake();
    off();
    time.advance(2000);
    expect(seen).toEqual([true, false]);
  });

  it('is quiet (meters may sleep) on a fresh window and after the idle time, and says when it wakes', () => {
    const time = clock();
    const suspend = new IdleSuspend(() => null, { idleMs: 2000, ...time }); // no context yet
    let wakes = 0;
    const off = suspend.onWake(() => wakes++);
    expect(suspend.quiet).toBe(true);
    suspend.wake(); // a press before any audio
    expect(suspend.quiet).toBe(false);
    suspend.set('capture', true); // already awake: no second wake
    expect(wakes).toBe(1);
    suspend.set('capture', false);
    time.advance(1999);
    expect(suspend.quiet).toBe(false); // the levels fall to zero meanwhile
    time.advance(1);
    expect(suspend.quiet).toBe(true);
    suspend.set('playback', true);
    expect(wakes).toBe(2);
    off();
    suspend.set('playback', false);
    time.advance(2000);
    suspend.set('sample', true);
    expect(wakes).toBe(2);
  });
});
