import { afterEach, describe, expect, it, vi } from 'vitest';
import { RealtimeConnection } from '../../src/main/engine/connection';
import { frameNumbers, harness, sleep, type Harness } from './support/harness';

let h: Harness;
afterEach(async () => {
  vi.restoreAllMocks();
  expect(h.unhandled).toEqual([]);
  await h.close();
});

describe('liveness and backpressure', () => {
  it('a server that stops answering pings is dropped after two intervals and replaced', async () => {
    h = await harness({ autoPong: (attempt) => attempt > 1 }, { controller: { heartbeatMs: 100 } });
    await h.controller.connect();
    await h.until('ready');
    const reconnecting = await h.until('reconnecting', 2000);
    expect(reconnecting.lastClose?.code).toBe(1006);
    const ready = await h.until('ready', 2000);
    expect(h.proxy.attempts).toBe(2);
    expect(h.states).toEqual(['connecting', 'ready', 'reconnecting', 'ready']);
    await expect.poll(() => h.health().rttMs, { timeout: 1000 }).not.toBeNull();
    expect(ready.state).toBe('ready');
  });

  it('the ping round trip is the RTT shown', async () => {
    h = await harness({}, { controller: { heartbeatMs: 50 } });
    await h.controller.connect();
    await h.until('ready');
    await expect.poll(() => h.health().rttMs).not.toBeNull();
    expect(h.health().rttMs).toBeGreaterThanOrEqual(0);
    expect(h.health().rttMs).toBeLessThan(1000);
  });

  it('a slow reader: audio waits, bounded, and arrives once, in order, when it reads again', async () => {
    h = await harness({}, { controller: { maxBufferedBytes: 4 * 1024 } });
    await h.controller.connect();
    await h.until('ready');
    const connection = h.proxy.connections[0]!;
    connection.pause();
    // Loopback's kernel buffers hold megabytes before ws.bufferedAmount rises; report the
    // congestion a slow link shows for as long as the reader is paused.
    let paused = true;
    const real = Object.getOwnPropertyDescriptor(
      RealtimeConnection.prototype,
      'bufferedAmount',
    )!.get!;
    vi.spyOn(RealtimeConnection.prototype, 'bufferedAmount', 'get').mockImplementation(function (
      this: RealtimeConnection,
    ) {
      return paused ? 1024 * 1024 : (real.call(this) as number);
    });
    // 12 s of speech while the server reads nothing.
    await h.speak(600, { release: false });
    const counters = h.controller.snapshot().health.counters;
    expect(counters.framesDropped).toBe(0);
    paused = false;
    connection.resume();
    h.controller.talkStop();
    await h.until('ready', 10_000);
    await expect.poll(() => h.turns.length).toBe(1);
    const numbers = frameNumbers(h.turns[0]!);
    expect(numbers).toHaveLength(600);
    expect(numbers).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
    // Appends were coalesced while the socket was backed up.
    expect(
      connection.sent.filter((e) => e.type === 'input_audio_buffer.append').length,
    ).toBeLessThan(600);
  });

  it('audio beyond the 60 s bound is dropped and counted, never unbounded', async () => {
    h = await harness();
    await h.controller.connect();
    await h.until('ready');
    h.proxy.connections[0]!.pause();
    h.controller.talkStart();
    for (let i = 0; i < 3050; i++) h.controller.pushAudioFrame(new Uint8Array(960));
    expect(h.controller.snapshot().health.counters.framesDropped).toBe(50);
    h.controller.talkCancel();
    await sleep(10);
  });
});
