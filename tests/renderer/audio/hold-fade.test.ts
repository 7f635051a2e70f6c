import { describe, expect, it } from 'vitest';
import { HoldFade } from '../../../src/renderer/src/audio/hold-fade';
import { PlaybackRing } from '../../../src/renderer/src/audio/playback-ring';

/** The worklet's render step: the ring renders unless held, then the fade shapes it. */
function quantum(ring: PlaybackRing, hold: HoldFade): Float32Array {
  const out = [new Float32Array(128)];
  if (hold.renders) ring.render(out);
  hold.shape(out);
  return out[0]!;
}

describe('holding the reply (a cough over it)', () => {
  it('fades out, keeps its place while held, and resumes at the next sample: no sample lost', () => {
    const ring = new PlaybackRing({ sampleRate: 24_000, minPrebufferMs: 0 });
    const total = 128 * 40;
    const samples = Float32Array.from({ length: total }, (_, i) => (i + 1) / total);
    ring.push('reply', samples);
    ring.end();
    const hold = new HoldFade(3);
    const heard: number[] = [];
    const gains: number[] = [];
    const take = (n: number) => {
      for (let q = 0; q < n; q++) {
        const before = ring.progress().playedSamples;
        const out = quantum(ring, hold);
        const played = ring.progress().playedSamples - before;
        for (let i = 0; i < played; i++) {
          heard.push(before + i);
          gains.push(out[i]! / samples[before + i]!);
        }
        if (played === 0) expect(out.every((v) => v === 0)).toBe(true);
      }
    };
    take(10);
    hold.set(true);
    take(3); // the fade out: three quanta, still played, quieter and quieter
    expect(
      gains.slice(1280, 1280 + 384).every((g, i, all) => g <= 1 && (i === 0 || g <= all[i - 1]!)),
    ).toBe(true);
    expect(gains[1280 + 383]).toBeCloseTo(0, 5);
    const buffered = ring.bufferedSamples;
    take(50); // held: silence, nothing consumed
    expect(ring.bufferedSamples).toBe(buffered);
    hold.set(false);
    take(40);
    // Every sample was played exactly once, in order (the faded ones quieter, none skipped).
    expect(heard).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(gains.at(-1)).toBeCloseTo(1, 5);
  });

  it('reset (the reply was cleared) opens at once; a fade turns around midway', () => {
    const hold = new HoldFade(4);
    hold.set(true);
    hold.shape([new Float32Array(128).fill(1)]);
    expect(hold.held).toBe(true);
    hold.set(false);
    const out = [new Float32Array(128).fill(1)];
    hold.shape(out);
    expect(out[0]![0]!).toBeGreaterThan(0.75); // from the gain it had reached, not from 0
    hold.reset();
    expect(hold.renders).toBe(true);
    const full = [new Float32Array(128).fill(1)];
    hold.shape(full);
    expect(full[0]!.every((v) => v === 1)).toBe(true);
  });
});
