import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToPcm16, rmsPcm16 } from '../../../src/shared/audio/dsp';
import { EchoGuard, rmsOfPcm16Bytes } from '../../../src/main/conversation/echo-guard';

function tone(amplitude: number, ms = 20): Uint8Array {
  const samples = (24000 * ms) / 1000;
  const out = new Int16Array(samples);
  for (let i = 0; i < samples; i++) out[i] = Math.round(Math.sin(i / 3) * amplitude * 32767);
  return new Uint8Array(out.buffer);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

const isSilent = (frame: Uint8Array) => frame.every((b) => b === 0);

describe('EchoGuard', () => {
  it('passes everything when Hark is not playing', () => {
    const guard = new EchoGuard();
    expect(isSilent(guard.filter(tone(0.05), 0))).toBe(false);
  });

  it('silences input quieter than what the speaker plays at that moment, keeping the frame length', () => {
    const guard = new EchoGuard();
    guard.noteOutput('reply', tone(0.5, 2000));
    guard.notePlayback('reply', 500, 1500, 1000);
    const out = guard.filter(tone(0.15), 1010);
    expect(out.byteLength).toBe(960);
    expect(isSilent(out)).toBe(true);
    expect(guard.suppressed).toBe(1);
  });

  it('lets the user talk over the reply when they are louder than its echo', () => {
    const guard = new EchoGuard();
    guard.noteOutput('reply', tone(0.3, 2000));
    guard.notePlayback('reply', 500, 1500, 1000);
    expect(isSilent(guard.filter(tone(0.6), 1010))).toBe(false);
  });

  it('follows the reply: in its pauses the user is heard, in its words the echo is not', () => {
    const guard = new EchoGuard();
    // 1 s of loud speech, 1 s of pause, 1 s of loud speech
    guard.noteOutput('reply', concat(tone(0.5, 1000), tone(0, 1000), tone(0.5, 1000)));
    guard.notePlayback('reply', 1500, 1500, 0);
    expect(guard.outputLevelAt(0)).toBeLessThan(0.01);
    expect(isSilent(guard.filter(tone(0.1), 0))).toBe(false); // a pause: someone speaking is heard
    guard.notePlayback('reply', 2500, 500, 1000);
    expect(isSilent(guard.filter(tone(0.1), 1000))).toBe(true); // loud words playing: that is echo
  });

  it('allows for the echo arriving late', () => {
    const guard = new EchoGuard();
    guard.noteOutput('reply', concat(tone(0.5, 1000), tone(0, 1000)));
    guard.notePlayback('reply', 1200, 800, 0); // 200 ms past the last loud block
    expect(isSilent(guard.filter(tone(0.15), 0))).toBe(true);
  });

  it('keeps guarding a short tail after playback, then stops; a barge-in stops it at once', () => {
    const guard = new EchoGuard();
    guard.noteOutput('reply', tone(0.5, 2000));
    guard.notePlayback('reply', 0, 1000, 0);
    expect(guard.isPlaying(1200)).toBe(true);
    expect(guard.isPlaying(1400)).toBe(false);
    guard.notePlayback('reply', 500, 1000, 2000);
    guard.stopped(2100);
    expect(guard.isPlaying(2101)).toBe(false);
  });

  it('reads levels in place, at any alignment, exactly as the shared DSP does', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 2000 }), fc.nat(1), (raw, shift) => {
        const even = raw.subarray(0, raw.length - (raw.length % 2));
        const backing = new Uint8Array(even.length + 1);
        backing.set(even, shift);
        const view = backing.subarray(shift, shift + even.length); // odd offsets too
        expect(rmsOfPcm16Bytes(view)).toBeCloseTo(rmsPcm16(bytesToPcm16(even)), 12);
      }),
    );
  }, 30_000); // a correctness test, not a timing one: generous for a loaded machine

  it('hears the same reply however its audio is cut into deltas', () => {
    const reply = concat(tone(0.5, 700), tone(0, 300), tone(0.2, 500));
    const whole = new EchoGuard();
    whole.noteOutput('reply', reply);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 3000 }), { maxLength: 40 }), (cuts) => {
        const guard = new EchoGuard();
        let at = 0;
        for (const cut of cuts) {
          const end = Math.min(reply.length, at + cut * 2);
          guard.noteOutput('reply', reply.subarray(at, end));
          at = end;
        }
        guard.noteOutput('reply', reply.subarray(at));
        for (const position of [0, 300, 650, 800, 1100, 1400]) {
          whole.notePlayback('reply', position, 100, 0);
          guard.notePlayback('reply', position, 100, 0);
          expect(guard.outputLevelAt(0)).toBe(whole.outputLevelAt(0));
        }
      }),
    );
  }, 30_000);
});
