import { describe, expect, it } from 'vitest';
import { EchoGuard } from '../../../src/main/realtime/echo-guard';

function tone(amplitude: number, samples = 480): Uint8Array {
  const out = new Int16Array(samples);
  for (let i = 0; i < samples; i++) out[i] = Math.round(Math.sin(i / 3) * amplitude * 32767);
  return new Uint8Array(out.buffer);
}

const isSilent = (frame: Uint8Array) => frame.every((b) => b === 0);

describe('EchoGuard', () => {
  it('passes everything when Hark is not playing', () => {
    const guard = new EchoGuard();
    expect(isSilent(guard.filter(tone(0.05), 0))).toBe(false);
  });

  it('silences input quieter than the reply while it plays (its echo), keeping the frame length', () => {
    const guard = new EchoGuard();
    guard.noteOutput(tone(0.5, 4800));
    guard.notePlayback(2000, 0);
    const out = guard.filter(tone(0.15), 100);
    expect(out.byteLength).toBe(960);
    expect(isSilent(out)).toBe(true);
    expect(guard.suppressed).toBe(1);
  });

  it('lets the user talk over the reply when they are louder than its echo', () => {
    const guard = new EchoGuard();
    guard.noteOutput(tone(0.3, 4800));
    guard.notePlayback(2000, 0);
    expect(isSilent(guard.filter(tone(0.6), 100))).toBe(false);
  });

  it('keeps guarding a short tail after playback, then stops; a barge-in stops it at once', () => {
    const guard = new EchoGuard();
    guard.noteOutput(tone(0.5, 4800));
    guard.notePlayback(1000, 0);
    expect(guard.isPlaying(1200)).toBe(true);
    expect(guard.isPlaying(1400)).toBe(false);
    guard.notePlayback(1000, 2000);
    guard.stopped(2100);
    expect(guard.isPlaying(2101)).toBe(false);
  });
});
