import { describe, expect, it } from 'vitest';
import { Emitter } from '../../src/shared/emitter';

type Events = { ping: number; pong: string };

describe('the emitter', () => {
  it('calls each listener once per emit, in the order they were added, per event', () => {
    const emitter = new Emitter<Events>();
    const calls: string[] = [];
    const first = (n: number): number => calls.push(`a${n}`);
    emitter.on('ping', first);
    emitter.on('ping', first); // the same listener twice: still one call
    emitter.on('ping', (n) => calls.push(`b${n}`));
    emitter.on('pong', (s) => calls.push(s));
    emitter.emit('ping', 1);
    emitter.emit('pong', 'x');
    expect(calls).toEqual(['a1', 'b1', 'x']);
  });

  it('applies a listener added or removed during an emit from the next emit', () => {
    const emitter = new Emitter<Events>();
    const calls: string[] = [];
    let offLate = (): void => undefined;
    const offB = emitter.on('ping', (n) => calls.push(`b${n}`));
    emitter.on('ping', (n) => {
      calls.push(`c${n}`);
      if (n === 1) {
        offB();
        offLate = emitter.on('ping', (m) => calls.push(`late${m}`));
      }
    });
    emitter.emit('ping', 1);
    emitter.emit('ping', 2);
    offLate();
    offLate(); // twice: nothing more
    emitter.emit('ping', 3);
    expect(calls).toEqual(['b1', 'c1', 'c2', 'late2', 'c3']);
  });

  it('removes one listener, leaves the others, and removeAll silences everything', () => {
    const emitter = new Emitter<Events>();
    const calls: number[] = [];
    const off = emitter.on('ping', (n) => calls.push(n));
    emitter.on('ping', (n) => calls.push(n * 10));
    off();
    emitter.emit('ping', 2);
    emitter.removeAll();
    emitter.emit('ping', 3);
    expect(calls).toEqual([20]);
  });
});
