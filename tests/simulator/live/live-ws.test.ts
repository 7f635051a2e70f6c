import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import OpenAI from 'openai';
import type { ClientEvent, ServerEvent } from 'openai/resources/live/live';
import { LiveWS } from 'openai/resources/live/ws';
import { afterEach, describe, expect, it } from 'vitest';
import { RealtimeSimulator } from '../../../src/simulator/server';
import { assertServerEvent } from './support/server-events';
import { toneThenSilence } from './support/live-client';

/**
 * The official `LiveWS` client of the `openai` package, unchanged but for its base URL,
 * against the simulator at real-time pace: what Hark's engine, the doctor and anyone else's
 * client will meet. Every server event is checked against the package's types.
 */

/** PCM16 24 kHz mono samples of a WAV file (its `data` chunk). */
function wavPcm(path: string): Buffer {
  const file = readFileSync(path);
  let at = 12;
  while (at + 8 <= file.byteLength) {
    const id = file.toString('ascii', at, at + 4);
    const size = file.readUInt32LE(at + 4);
    if (id === 'data') return file.subarray(at + 8, at + 8 + size);
    at += 8 + size + (size % 2);
  }
  throw new Error(`${path} has no data chunk`);
}

/** A microphone: 20 ms frames every 20 ms (drift-corrected), queued audio first, then silence. */
class Microphone {
  private queue: Buffer[] = [];
  private timer: NodeJS.Timeout | null = null;
  private sent = 0;
  private readonly began = Date.now();

  constructor(private readonly ws: LiveWS) {
    this.tick();
  }

  say(pcm: Buffer): void {
    for (let i = 0; i < pcm.byteLength; i += 960) this.queue.push(pcm.subarray(i, i + 960));
  }

  get idle(): boolean {
    return this.queue.length === 0;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  private tick(): void {
    while (this.sent * 20 <= Date.now() - this.began) {
      const frame = this.queue.shift() ?? Buffer.alloc(960);
      this.ws.send({ type: 'session.input_audio.append', audio: frame.toString('base64') });
      this.sent++;
    }
    this.timer = setTimeout(() => this.tick(), 20);
  }
}

let simulator: RealtimeSimulator | null = null;
const opened: LiveWS[] = [];
afterEach(async () => {
  for (const ws of opened.splice(0)) ws.close();
  await simulator?.stop();
  simulator = null;
});

async function session(transcript: string) {
  simulator = new RealtimeSimulator({ transcribe: () => transcript });
  await simulator.start();
  const port = new URL(simulator.url).port;
  const ws = new LiveWS(new OpenAI({ apiKey: 'x', baseURL: `http://127.0.0.1:${port}/v1` }));
  opened.push(ws);
  const events: ServerEvent[] = [];
  const invalid: string[] = [];
  const errors: string[] = [];
  let closeCode: number | null = null;
  ws.on('event', (event) => {
    events.push(event);
    try {
      assertServerEvent(event);
    } catch (error) {
      invalid.push((error as Error).message);
    }
  });
  ws.on('error', (error) => errors.push(error.message));
  ws.on('close', (code) => (closeCode = code));
  const until = async <T>(probe: () => T | undefined, ms = 10_000): Promise<T> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) {
        throw new Error(
          `timed out; got ${events
            .map((e) => e.type)
            .filter((t) => !t.endsWith('audio.delta'))
            .join(', ')}`,
        );
      }
      await new Promise((wait) => setTimeout(wait, 20));
    }
  };
  const text = (type: 'session.output_transcript.delta' | 'session.input_transcript.delta') =>
    events
      .filter((e): e is Extract<ServerEvent, { type: typeof type }> => e.type === type)
      .map((e) => e.delta)
      .join('');
  const send = (event: ClientEvent) => ws.send(event);
  const start = async (
    config: Partial<Extract<ClientEvent, { type: 'session.start' }>['session']> = {},
  ) => {
    send({
      type: 'session.start',
      event_id: 'event_start',
      session: { model: 'gpt-live-1', ...config },
    });
    return until(() => events.find((e) => e.type === 'session.started'));
  };
  const close = async () => {
    send({ type: 'session.close' });
    const closed = await until(() => events.find((e) => e.type === 'session.closed'));
    await until(() => closeCode ?? undefined);
    return closed;
  };
  return {
    ws,
    events,
    invalid,
    errors,
    until,
    text,
    send,
    start,
    close,
    closeCode: () => closeCode,
  };
}

describe('the official LiveWS client against the simulator', () => {
  it('starts, hears speech from a WAV at real-time pace, replies, and closes', async () => {
    const s = await session('Hello Hark, what time is it?');
    const started = await s.start({ audio: { output: { voice: 'marin' } } });
    expect(started.type === 'session.started' && started.client_event_id).toBe('event_start');
    const mic = new Microphone(s.ws);
    const speech = wavPcm(resolve('resources/fixtures/hello-hark.wav'));
    mic.say(speech);
    await s.until(() =>
      s.text('session.output_transcript.delta').endsWith('it?') ? true : undefined,
    );
    expect(s.text('session.input_transcript.delta')).toBe('Hello Hark, what time is it?');
    const audio = s.events.filter((e) => e.type === 'session.output_audio.delta');
    expect(audio.every((e) => Buffer.from(e.delta, 'base64').byteLength === 4_800)).toBe(true);
    expect(audio.some((e) => Buffer.from(e.delta, 'base64').some((b) => b !== 0))).toBe(true);
    mic.stop();
    const closed = await s.close();
    expect(closed.type === 'session.closed' && closed.reason).toBe('close_requested');
    expect(s.closeCode()).toBe(1000);
    expect(s.invalid).toEqual([]);
    expect(s.errors).toEqual([]);
  }, 20_000);

  it('talks by push-to-talk: mute, unmute while held, mute on release', async () => {
    const s = await session('push to talk works');
    await s.start();
    const mic = new Microphone(s.ws);
    s.send({ type: 'session.input_audio.mute', event_id: 'ptt-idle' });
    await s.until(() => s.events.find((e) => e.type === 'session.input_audio.muted'));
    s.send({ type: 'session.input_audio.unmute', event_id: 'ptt-down' });
    mic.say(toneThenSilence(600, 0));
    await s.until(() => s.events.find((e) => e.type === 'session.input_audio.unmuted'));
    await s.until(() => (mic.idle ? true : undefined));
    s.send({ type: 'session.input_audio.mute', event_id: 'ptt-up' });
    await s.until(
      () => (s.text('session.output_transcript.delta').endsWith('works') ? true : undefined),
      3_000,
    );
    mic.stop();
    await s.close();
    expect(s.invalid).toEqual([]);
    expect(s.errors).toEqual([]);
  }, 15_000);

  it('runs a function tool round trip under Responses delegation', async () => {
    const s = await session('what is the clock saying');
    await s.start({
      delegation: {
        type: 'responses',
        responses: {
          model: 'gpt-5.2',
          instructions: 'Use the tools.',
          tools: [
            {
              type: 'function',
              name: 'clock',
              description: 'The time now.',
              parameters: { type: 'object', properties: {} },
            },
          ],
          parallel_tool_calls: false,
        },
      },
    });
    const mic = new Microphone(s.ws);
    mic.say(toneThenSilence(600, 0));
    const call = await s.until(() => {
      for (const e of s.events) {
        if (e.type !== 'response.event') continue;
        const nested = e.event as {
          type: string;
          item?: { type: string; status: string; call_id: string; name: string };
        };
        if (nested.type === 'response.output_item.done' && nested.item?.type === 'function_call')
          return nested.item;
      }
      return undefined;
    });
    expect(call).toMatchObject({ name: 'clock', status: 'completed' });
    s.send({
      type: 'response.item.create',
      item: { type: 'function_call_output', call_id: call.call_id, output: '12:00' },
    });
    s.send({ type: 'response.create' });
    await s.until(() =>
      s.text('session.output_transcript.delta').endsWith('The clock tool returned: 12:00')
        ? true
        : undefined,
    );
    const completed = s.events.filter(
      (e) =>
        e.type === 'response.event' && (e.event as { type: string }).type === 'response.completed',
    );
    expect(completed).toHaveLength(2);
    mic.stop();
    await s.close();
    expect(s.invalid).toEqual([]);
    expect(s.errors).toEqual([]);
  }, 15_000);
});
