import { describe, expect, it } from 'vitest';
import { ByteRate } from '../../../src/simulator/explain/byte-rate';

/** Arrival times of 20 ms frames with a late first frame, timer jitter and catch-up bursts. */
function jittery(frames: number, seed: number): number[] {
  let state = seed;
  const random = (): number => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const times: number[] = [];
  let stall = 0;
  for (let i = 0; i < frames; i++) {
    if (random() < 0.05) stall = 60 + random() * 120; // a loaded machine delivers late, then all at once
    const late = stall;
    times.push(i * 20 + late + random() * 4 + (i === 0 ? 90 : 0));
    stall = Math.max(0, stall - 20);
  }
  return times.sort((a, b) => a - b);
}

function verdictOf(times: number[], bytes: number) {
  const rate = new ByteRate();
  for (const at of times) {
    const judged = rate.append(bytes, at, 48_000);
    if (judged) return judged;
  }
  return rate.other(times.at(-1)! + 100, 48_000);
}

describe('byte rate over wall time', () => {
  it('finds 16 kHz labelled 24 kHz through jitter, bursts and a late first frame', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const judged = verdictOf(jittery(200, seed), 640);
      expect(judged?.slow, `seed ${seed}`).toBe(true);
      expect(judged?.verdict.likelyRate, `seed ${seed}`).toBe(16_000);
    }
  });

  it('real-time 24 kHz through the same jitter is never slow', () => {
    for (let seed = 1; seed <= 50; seed++)
      expect(verdictOf(jittery(200, seed), 960)?.slow, `seed ${seed}`).toBe(false);
  });

  it('a file uploaded faster than real time is not slow; a short burst is not judged', () => {
    const fast = Array.from({ length: 400 }, (_, i) => i * 2);
    expect(verdictOf(fast, 960)).toBeNull(); // 0.8 s: too short to judge
    const long = Array.from({ length: 400 }, (_, i) => i * 10);
    expect(verdictOf(long, 960)?.slow).toBe(false);
  });

  it('push-to-talk presses under 3 s are never judged', () => {
    const rate = new ByteRate();
    for (let press = 0; press < 5; press++)
      for (let i = 0; i < 100; i++)
        expect(rate.append(640, press * 5_000 + i * 20, 48_000)).toBeNull();
  });
});
