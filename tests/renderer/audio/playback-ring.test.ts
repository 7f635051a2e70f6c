import { describe, expect, it } from 'vitest';
import { PlaybackRing } from '../../../src/renderer/src/audio/playback-ring';
import { pcm16ToFloat } from '../../../src/shared/audio/dsp';

const RATE = 24000;
const QUANTUM = 128;
const ms = (n: number) => (RATE * n) / 1000;

function ramp(samples: number, from = 0): Float32Array {
  return Float32Array.from({ length: samples }, (_, i) => ((from + i) % 1000) / 1000);
}

function renderQuanta(ring: PlaybackRing, count: number): Float32Array {
  const out = new Float32Array(count * QUANTUM);
  for (let q = 0; q < count; q++) {
    const channel = new Float32Array(QUANTUM);
    ring.render([channel]);
    out.set(channel, q * QUANTUM);
  }
  return out;
}

describe('PlaybackRing', () => {
  it('waits for the prebuffer, then plays every sample once, in order', () => {
    const ring = new PlaybackRing({ sampleRate: RATE, minPrebufferMs: 60 });
    ring.push('a', ramp(ms(40)));
    expect(renderQuanta(ring, 2).every((v) => v === 0)).toBe(true); // 40 ms < 60 ms prebuffer
    ring.push('a', ramp(ms(60), ms(40)));
    const out = renderQuanta(ring, Math.ceil(ms(100) / QUANTUM));
    expect(Array.from(out.subarray(0, ms(100)))).toEqual(Array.from(ramp(ms(100))));
  });

  it('a burst of deltas is queued, not played faster', () => {
    const ring = new PlaybackRing({ sampleRate: RATE });
    for (let i = 0; i < 20; i++) ring.push('a', ramp(ms(100), i * ms(100))); // 2 s at once
    renderQuanta(ring, 10);
    expect(ring.progress().playedSamples).toBe(10 * QUANTUM);
    expect(ring.progress().bufferedSamples).toBe(ms(2000) - 10 * QUANTUM);
  });

  it('an underrun pauses, counts, and grows the prebuffer', () => {
    const ring = new PlaybackRing({ sampleRate: RATE, minPrebufferMs: 60, prebufferStepMs: 40 });
    ring.push('a', ramp(ms(70)));
    renderQuanta(ring, Math.ceil(ms(80) / QUANTUM));
    expect(ring.progress()).toMatchObject({ underruns: 1, playing: false });
    expect(ring.prebufferSamples).toBe(ms(100));
    ring.push('a', ramp(ms(80)));
    expect(renderQuanta(ring, 1).every((v) => v === 0)).toBe(true); // waits for 100 ms now
  });

  it('the end of a reply plays out its tail and is not an underrun', () => {
    const ring = new PlaybackRing({ sampleRate: RATE, minPrebufferMs: 60 });
    ring.push('a', ramp(ms(30)));
    ring.end();
    const out = renderQuanta(ring, Math.ceil(ms(40) / QUANTUM));
    expect(out[ms(30) - 1]).toBeCloseTo(ramp(ms(30))[ms(30) - 1]!);
    expect(ring.progress()).toMatchObject({ underruns: 0, bufferedSamples: 0 });
  });

  it('counts played samples per item, for truncation', () => {
    const ring = new PlaybackRing({ sampleRate: RATE, minPrebufferMs: 0 });
    ring.push('first', ramp(ms(50)));
    ring.push('second', ramp(ms(50)));
    renderQuanta(ring, Math.floor(ms(30) / QUANTUM));
    expect(ring.progress()).toMatchObject({
      itemId: 'first',
      playedSamples: Math.floor(ms(30) / QUANTUM) * QUANTUM,
    });
    renderQuanta(ring, Math.ceil(ms(40) / QUANTUM));
    const p = ring.progress();
    expect(p.itemId).toBe('second');
    expect(p.playedSamples).toBe(
      Math.floor(ms(30) / QUANTUM) * QUANTUM + Math.ceil(ms(40) / QUANTUM) * QUANTUM - ms(50),
    );
  });

  it('clear silences at the next quantum and forgets the queue', () => {
    const ring = new PlaybackRing({ sampleRate: RATE, minPrebufferMs: 0 });
    ring.push(
      'a',
      Float32Array.from({ length: ms(500) }, () => 0.5),
    );
    renderQuanta(ring, 2);
    ring.clear();
    expect(renderQuanta(ring, 1).every((v) => v === 0)).toBe(true);
    expect(ring.progress()).toMatchObject({ itemId: null, bufferedSamples: 0 });
  });

  it('drops audio beyond its capacity and says how much', () => {
    const ring = new PlaybackRing({ sampleRate: RATE, capacitySeconds: 1 });
    ring.push('a', new Float32Array(RATE + 100));
    expect(ring.overflowed).toBe(100);
  });
});

describe('PlaybackRing across the wrap', () => {
  it('plays every sample once, in order, when writes and reads wrap around a small ring', () => {
    const ring = new PlaybackRing({ sampleRate: RATE, capacitySeconds: 0.05, minPrebufferMs: 10 }); // 1200 samples
    const played: number[] = [];
    let next = 0;
    for (let step = 0; step < 40; step++) {
      ring.push('a', ramp(700, next));
      ring.end(); // each push is a whole short reply: running dry is its end, not an underrun
      next += 700;
      for (let q = 0; q < 6; q++) {
        const left = new Float32Array(QUANTUM);
        const right = new Float32Array(QUANTUM);
        ring.render([left, right]);
        expect(Array.from(right)).toEqual(Array.from(left)); // every channel the same signal
        played.push(
          ...left.subarray(0, Math.min(QUANTUM, ring.progress().playedSamples - played.length)),
        );
      }
    }
    expect(played.length).toBe(40 * 700);
    expect(played).toEqual(Array.from(ramp(played.length)));
    expect(ring.overflowed).toBe(0);
  });
});

describe('PlaybackRing.pushPcm16', () => {
  it('plays exactly what pcm16ToFloat would, across the wrap, and counts overflow', () => {
    const ring = new PlaybackRing({ sampleRate: RATE, capacitySeconds: 0.05, minPrebufferMs: 10 }); // 1200 samples
    const pcm = Int16Array.from({ length: 1000 }, (_, i) => ((i * 97) % 65536) - 32768);
    const expected = pcm16ToFloat(pcm);
    ring.pushPcm16('a', pcm.subarray(0, 700));
    renderQuanta(ring, 5); // 640 played, 60 left; the write position wraps next
    ring.pushPcm16('a', pcm.subarray(700));
    ring.end();
    const out = renderQuanta(ring, 3);
    expect(Array.from(out.subarray(0, 360))).toEqual(Array.from(expected.subarray(640, 1000)));
    ring.pushPcm16('b', new Int16Array(1500));
    expect(ring.overflowed).toBe(300);
  });

  describe('a continuous stream (GPT-Live: 100 ms chunks at real time)', () => {
    /**
     * Chunks arrive every 100 ms, some late by `lateMs`; the ring renders in real time.
     * Returns the deepest the ring got and the underruns.
     */
    function stream(ring: PlaybackRing, chunks: number, late: (i: number) => number) {
      let deepest = 0;
      let rendered = 0; // quanta
      const arrivals = Array.from({ length: chunks }, (_, i) => i * 100 + late(i));
      for (let i = 0; i < chunks; i++) {
        const due = Math.floor(ms(arrivals[i]!) / QUANTUM);
        renderQuanta(ring, Math.max(0, due - rendered));
        rendered = Math.max(rendered, due);
        ring.push('a', ramp(ms(100), i * ms(100)));
        deepest = Math.max(deepest, ring.bufferedSamples);
      }
      return { deepestMs: (deepest * 1000) / RATE, underruns: ring.progress().underruns };
    }
    const jitter = (i: number): number => (i % 7 === 3 ? 45 : i % 5 === 1 ? 25 : 0);

    it('stays within 150 ms + one quantum deep when capped at 50 ms, late chunks and all', () => {
      const ring = new PlaybackRing({ sampleRate: RATE });
      ring.limitPrebuffer(50);
      const { deepestMs, underruns } = stream(ring, 60, jitter);
      expect(underruns).toBeGreaterThan(0); // the jitter did bite…
      expect(deepestMs).toBeLessThanOrEqual(150 + (QUANTUM * 1000) / RATE); // …and depth held
    });

    it('grows past it without the cap (Realtime’s adaptive prebuffer), and the default returns', () => {
      const uncapped = stream(new PlaybackRing({ sampleRate: RATE }), 60, jitter);
      expect(uncapped.deepestMs).toBeGreaterThan(160);
      const ring = new PlaybackRing({ sampleRate: RATE });
      ring.limitPrebuffer(50);
      expect(ring.prebufferSamples).toBe(ms(50));
      ring.limitPrebuffer(null);
      expect(ring.prebufferSamples).toBe(ms(50)); // it grows back from there on underruns
      const after = stream(ring, 60, jitter);
      expect(after.deepestMs).toBeGreaterThan(160);
    });
  });
});
