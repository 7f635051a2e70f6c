import { describe, expect, it } from 'vitest';
import { PortScratch } from '../../../src/main/audio/port-scratch';

describe('the port scratch buffers', () => {
  it('gives exactly the view’s bytes, in one reused buffer per size', () => {
    const scratch = new PortScratch();
    const pool = new Uint8Array([9, 1, 2, 3, 4, 9]);
    const first = scratch.copy(pool.subarray(1, 5));
    expect(new Uint8Array(first)).toEqual(new Uint8Array([1, 2, 3, 4]));
    // What a synchronous sink (postMessage) took before the next call is what it copied.
    const posted = structuredClone(first);
    const second = scratch.copy(new Uint8Array([5, 6, 7, 8]));
    expect(second).toBe(first);
    expect(new Uint8Array(posted)).toEqual(new Uint8Array([1, 2, 3, 4]));
    expect(new Uint8Array(second)).toEqual(new Uint8Array([5, 6, 7, 8]));
    const other = scratch.copy(new Uint8Array([1, 2]));
    expect(other).not.toBe(first);
    expect(other.byteLength).toBe(2);
  });

  it('keeps a bounded number of sizes, dropping the oldest', () => {
    const scratch = new PortScratch(2);
    const two = scratch.copy(new Uint8Array(2));
    scratch.copy(new Uint8Array(4));
    scratch.copy(new Uint8Array(6)); // the 2-byte buffer goes
    expect(scratch.copy(new Uint8Array(2))).not.toBe(two);
    const six = scratch.copy(new Uint8Array(6));
    expect(scratch.copy(new Uint8Array(6))).toBe(six);
  });

  it('copies an empty view into an empty buffer', () => {
    expect(new PortScratch().copy(new Uint8Array(0)).byteLength).toBe(0);
  });
});
