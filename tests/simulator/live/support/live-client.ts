import WebSocket from 'ws';
import { RealtimeSimulator, type SimulatorOptions } from '../../../../src/simulator/server';
import { assertServerEvent } from './server-events';

export type LiveEvent = { type: string; [key: string]: unknown };

/**
 * A raw WebSocket client for the simulator's GPT-Live side: records every server event,
 * checks each against the `openai` package's types as it arrives, and waits for types in
 * order. The official `LiveWS` client has its own test (live-ws.test.ts).
 */
export class LiveClient {
  readonly events: LiveEvent[] = [];
  /** Events that did not match the types (should stay empty). */
  readonly invalid: string[] = [];
  closed: { code: number; reason: string } | null = null;
  private readonly taken = new Set<LiveEvent>();
  private waiters: (() => void)[] = [];

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const event = JSON.parse(data.toString()) as LiveEvent;
      try {
        assertServerEvent(event);
      } catch (error) {
        this.invalid.push((error as Error).message);
      }
      this.events.push(event);
      this.wake();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
  }

  static async connect(url: string): Promise<LiveClient> {
    const ws = new WebSocket(url);
    const client = new LiveClient(ws);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return client;
  }

  send(event: Record<string, unknown>): void {
    this.ws.send(JSON.stringify(event));
  }

  /** `session.start` with `session` (model gpt-live-1 unless given), then `session.started`. */
  async start(session: Record<string, unknown> = {}): Promise<LiveEvent> {
    this.send({
      type: 'session.start',
      event_id: 'start_1',
      session: { model: 'gpt-live-1', ...session },
    });
    return this.next('session.started');
  }

  /** PCM16 as 100 ms appends, all at once (the simulator listens by bytes, not by clock). */
  stream(pcm: Buffer): void {
    for (let i = 0; i < pcm.byteLength; i += 4800) {
      this.send({
        type: 'session.input_audio.append',
        audio: pcm.subarray(i, i + 4800).toString('base64'),
      });
    }
  }

  /** The next not-yet-taken event of this type (in arrival order). */
  async next(type: string, timeoutMs = 5000): Promise<LiveEvent> {
    const found = await this.until(
      () => this.events.find((e) => e.type === type && !this.taken.has(e)),
      timeoutMs,
      `no ${type}`,
    );
    this.taken.add(found);
    return found;
  }

  async error(): Promise<{
    code: string;
    message: string;
    param?: string;
    client_event_id?: string;
  }> {
    return (await this.next('error')).error as never;
  }

  async closedWith(timeoutMs = 5000): Promise<{ code: number; reason: string }> {
    return this.until(() => this.closed ?? undefined, timeoutMs, 'socket still open');
  }

  /** Wait until `probe` returns something. */
  async until<T>(probe: () => T | undefined, timeoutMs = 5000, what = 'condition'): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) {
        const seen = this.types().filter((t) => t !== 'session.output_audio.delta');
        throw new Error(`${what}; got ${seen.join(', ')}`);
      }
      await new Promise<void>((wake) => {
        this.waiters.push(wake);
        setTimeout(wake, 20);
      });
    }
  }

  types(): string[] {
    return this.events.map((e) => e.type);
  }

  of(type: string): LiveEvent[] {
    return this.events.filter((e) => e.type === type);
  }

  /** The output audio so far, decoded. */
  outputAudio(): Buffer[] {
    return this.of('session.output_audio.delta').map((e) =>
      Buffer.from(e.delta as string, 'base64'),
    );
  }

  text(type: 'session.input_transcript.delta' | 'session.output_transcript.delta'): string {
    return this.of(type)
      .map((e) => e.delta as string)
      .join('');
  }

  private wake(): void {
    this.waiters.splice(0).forEach((wake) => wake());
  }
}

/** PCM16 24 kHz: a loud tone for `toneMs`, then silence for `silenceMs`. */
export function toneThenSilence(toneMs: number, silenceMs: number, frequency = 220): Buffer {
  const tone = toneMs * 24;
  const out = Buffer.alloc((tone + silenceMs * 24) * 2);
  for (let i = 0; i < tone; i++) {
    out.writeInt16LE(Math.round(Math.sin((2 * Math.PI * frequency * i) / 24000) * 8000), i * 2);
  }
  return out;
}

export const silence = (ms: number): Buffer => Buffer.alloc(ms * 48);
export const isSilent = (pcm: Buffer): boolean => pcm.every((b) => b === 0);

/** A simulator per test (Live clock `speed` times real time), and clients closed after it. */
export function liveFixture(options: SimulatorOptions = {}) {
  let simulator: RealtimeSimulator | null = null;
  const clients: LiveClient[] = [];
  return {
    get simulator(): RealtimeSimulator {
      return simulator!;
    },
    async start(extra: SimulatorOptions = {}): Promise<RealtimeSimulator> {
      simulator = new RealtimeSimulator({
        ...options,
        ...extra,
        live: { speed: 20, startupMs: 20, abortAfterErrorMs: 200, ...options.live, ...extra.live },
      });
      await simulator.start();
      return simulator;
    },
    async connect(): Promise<LiveClient> {
      const client = await LiveClient.connect(simulator!.liveUrl);
      clients.push(client);
      return client;
    },
    /** Stops the simulator; returns the events that did not match the types. */
    async stop(): Promise<string[]> {
      const invalid = clients.flatMap((c) => c.invalid);
      for (const c of clients.splice(0)) c.ws.terminate();
      await simulator?.stop();
      simulator = null;
      return invalid;
    },
  };
}
