import { describe, expect, it } from 'vitest';
import { PcmSlab } from '../../../src/main/engine/pcm-slab';

const bytes = (n: number, seed: number): Buffer =>
  Buffer.from(Array.from({ length: n }, (_, i) => (i * 7 + seed) & 0xff));

describe('the decoded-audio slab', () => {
  it('keeps every view it handed out intact across many deltas and new slabs', () => {
    const slab = new PcmSlab();
    const kept: [Buffer, Buffer][] = [];
    for (let i = 0; i < 400; i++) {
      const pcm = bytes(960 + (i % 5) * 2, i);
      const view = slab.decode(pcm.toString('base64'), pcm.byteLength)!;
      expect(view.byteOffset % 8).toBe(0); // readable as Int16/Float32 in place
      kept.push([pcm, view]);
    }
    // 400 deltas of ~1 KB fill several 64 KiB slabs: no region was written twice.
    expect(new Set(kept.map(([, v]) => v.buffer)).size).toBeGreaterThan(3);
    for (const [pcm, view] of kept) expect(view.equals(pcm)).toBe(true);
  });

  it('gives a large delta a buffer of its own', () => {
    const pcm = bytes(48_000, 3);
    const view = new PcmSlab().decode(pcm.toString('base64'), pcm.byteLength)!;
    expect(view.equals(pcm)).toBe(true);
    expect(view.byteLength).toBe(48_000);
  });

  it.each([
    ['junk in the base64', 'AA!A', 3],
    ['padding inside', 'A=AAAAAA', 6],
    ['fewer bytes than promised', 'AAAA', 4],
  ])('refuses %s and hands out nothing', (_what, base64, promised) => {
    const slab = new PcmSlab();
    expect(slab.decode(base64, promised)).toBeNull();
    const next = slab.decode(bytes(4, 1).toString('base64'), 4)!;
    expect(next.byteOffset).toBe(0); // the refused decode used no room
  });
});
