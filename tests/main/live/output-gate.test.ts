import { describe, expect, it } from 'vitest';
import { OutputGate, rms } from '../../../src/main/live/output-gate';

/** 100 ms of PCM16 at 24 kHz: silence, or a tone of the given amplitude. */
function delta(amplitude: number, ms = 100): Buffer {
  const samples = (24_000 * ms) / 1000;
  const pcm = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++)
    pcm.writeInt16LE(Math.round(amplitude * Math.sin((2 * Math.PI * 440 * i) / 24_000)), i * 2);
  return pcm;
}

describe('OutputGate', () => {
  it('never forwards all-zero audio, however much of it arrives', () => {
    const gate = new OutputGate();
    const steps = Array.from({ length: 600 }, () => gate.push(delta(0))).flat(); // one minute
    expect(steps).toEqual([]);
    expect(gate.counters.bytesForwarded).toBe(0);
    expect(gate.counters.zeroBytesHeld).toBe(600 * 4800);
    expect(gate.speaking).toBe(false);
  });

  it('opens a burst on speech, keeps a soft ending, and closes after the hangover of silence', () => {
    const gate = new OutputGate('r', 300);
    const first = gate.push(delta(8000));
    expect(first.map((s) => s.type)).toEqual(['start', 'audio']);
    expect(gate.speaking).toBe(true);
    // Quiet but not silent audio inside the burst is part of the speech.
    expect(gate.push(delta(5)).map((s) => s.type)).toEqual(['audio']);
    expect(gate.push(delta(0))).toEqual([]);
    expect(gate.pausing).toBe(true);
    const end = gate.push(delta(0));
    expect(end).toEqual([{ type: 'end', itemId: 'r_1', reason: 'silence' }]);
    expect(gate.speaking).toBe(false);
    // The next speech is a new burst.
    expect(gate.push(delta(8000))[0]).toEqual({ type: 'start', itemId: 'r_2' });
  });

  it('a yield ends the burst at once; nothing of it is forwarded afterwards', () => {
    const gate = new OutputGate();
    gate.push(delta(8000));
    gate.push(delta(0));
    expect(gate.yieldNow()).toEqual([{ type: 'end', itemId: 'live_reply_1', reason: 'yield' }]);
    expect(gate.yieldNow()).toEqual([]);
    expect(gate.push(delta(0))).toEqual([]);
  });

  it('measures energy as a fraction of full scale', () => {
    expect(rms(delta(0))).toBe(0);
    expect(rms(Buffer.from([0xff, 0x7f, 0xff, 0x7f]))).toBeCloseTo(32767 / 32768, 5);
  });
});
