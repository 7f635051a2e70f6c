import { describe, expect, it } from 'vitest';
import { EchoGuard } from '../../../../src/main/realtime/conversation/echo-guard';

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
});
