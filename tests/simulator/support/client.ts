import WebSocket from 'ws';
import { RealtimeSimulator, type SimulatorOptions } from '../../../src/simulator/server';

export type Event = { type: string; event_id: string; [key: string]: unknown };

/** A raw WebSocket client that records every server event and waits for types in order. */
export class Client {
  readonly events: Event[] = [];
  private readonly taken = new Set<Event>();
  private waiters: (() => void)[] = [];

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.events.push(JSON.parse(data.toString()) as Event);
      this.waiters.splice(0).forEach((wake) => wake());
    });
  }

  static async connect(url: string, headers: Record<string, string> = {}): Promise<Client> {
    const ws = new WebSocket(url, { headers });
    const client = new Client(ws);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return client;
  }

  send(event: Record<string, unknown>): void {
    this.ws.send(JSON.stringify(event));
  }

  /**
   * Turn detection off: the client commits turns itself, as Hark's push-to-talk does; with
   * `transcriptionModel`, input transcription on.
   */
  pushToTalk(transcriptionModel?: string): void {
    const transcription = transcriptionModel
      ? { transcription: { model: transcriptionModel } }
      : {};
    this.send({
      type: 'session.update',
      session: { type: 'realtime', audio: { input: { turn_detection: null, ...transcription } } },
    });
  }

  /** The next not-yet-taken event of this type (in arrival order). */
  async next(type: string, timeoutMs = 5000): Promise<Event> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find((e) => e.type === type && !this.taken.has(e));
      if (found) {
        this.taken.add(found);
        return found;
      }
      if (Date.now() > deadline) {
        throw new Error(`no ${type}; got ${this.events.map((e) => e.type).join(', ')}`);
      }
      await new Promise<void>((wake) => {
        this.waiters.push(wake);
        setTimeout(wake, 50);
      });
    }
  }

  async error(): Promise<{
    code: string;
    message: string;
    param: string | null;
    event_id: string | null;
  }> {
    return (await this.next('error')).error as never;
  }

  types(): string[] {
    return this.events.map((e) => e.type);
  }
}

export const audioMs = (ms: number, value = 7): string =>
  Buffer.alloc(ms * 48, value).toString('base64');

/** PCM16 24 kHz: a loud tone for `toneMs`, then silence. */
export function toneThenSilence(toneMs: number, silenceMs: number): Buffer {
  const tone = toneMs * 24;
  const out = Buffer.alloc((tone + silenceMs * 24) * 2);
  for (let i = 0; i < tone; i++)
    out.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 220 * i) / 24000) * 8000), i * 2);
  return out;
}

/** Send PCM as 20 ms appends, like a microphone. */
export function stream(client: Client, pcm: Buffer): void {
  for (let i = 0; i < pcm.byteLength; i += 960) {
    client.send({
      type: 'input_audio_buffer.append',
      audio: pcm.subarray(i, i + 960).toString('base64'),
    });
  }
}

/** A simulator per test, and clients closed after it. */
export function simulatorFixture(options: SimulatorOptions = { pacing: 'instant' }) {
  let simulator: RealtimeSimulator | null = null;
  const clients: Client[] = [];
  return {
    async start(extra: SimulatorOptions = {}): Promise<RealtimeSimulator> {
      simulator = new RealtimeSimulator({ ...options, ...extra });
      await simulator.start();
      return simulator;
    },
    async connect(): Promise<Client> {
      const client = await Client.connect(simulator!.url);
      clients.push(client);
      await client.next('session.created');
      return client;
    },
    async stop(): Promise<void> {
      for (const c of clients.splice(0)) c.ws.terminate();
      await simulator?.stop();
      simulator = null;
    },
  };
}
