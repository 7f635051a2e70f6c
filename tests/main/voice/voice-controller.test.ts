import { afterEach, describe, expect, it } from 'vitest';
import type { HealthSnapshot, HealthState } from '../../../src/shared/health';
import type { NoticeMessage } from '../../../src/shared/ipc';
import {
  MemorySecretStore,
  MemorySettingsStore,
  DEFAULT_SETTINGS,
} from '../../../src/main/settings/settings-model';
import { VoiceController } from '../../../src/main/voice/voice-controller';
import { greet, startTestServer, type TestServer } from '../../support/servers';

const controllers: VoiceController[] = [];
const servers: TestServer[] = [];
afterEach(async () => {
  for (const c of controllers.splice(0)) await c.dispose();
  for (const s of servers.splice(0)) await s.close();
});

function make(settings = DEFAULT_SETTINGS, key: string | null = null) {
  const controller = new VoiceController({
    settings: new MemorySettingsStore({ ...settings }),
    secrets: new MemorySecretStore(key),
    simulator: { pacing: 'instant' },
    backoff: { firstMs: 20, capMs: 50 },
  });
  controllers.push(controller);
  const states: HealthState[] = [];
  const notices: NoticeMessage[] = [];
  let last: HealthSnapshot | null = null;
  controller.on('health', (h) => {
    last = h;
    if (states.at(-1) !== h.state) states.push(h.state);
  });
  controller.on('notice', (n) => notices.push(n));
  const until = (state: HealthState) =>
    new Promise<HealthSnapshot>((resolve) => {
      if (last?.state === state) return resolve(last);
      const off = controller.on('health', (h) => h.state === state && (off(), resolve(h)));
    });
  return { controller, states, notices, until, health: () => last };
}

const frame = () => new Uint8Array(960).fill(3);

describe('VoiceController', () => {
  it('uses the simulator when there is no key, and labels it', async () => {
    const { controller, until } = make({ ...DEFAULT_SETTINGS, provider: 'openai' });
    expect(controller.snapshot().health).toMatchObject({
      simulated: true,
      providerLabel: 'Simulator',
    });
    await controller.connect();
    expect((await until('ready')).simulated).toBe(true);
  });

  it('walks ready → listening → responding → ready through a talk turn and streams the reply', async () => {
    const { controller, states, until } = make();
    await controller.connect();
    await until('ready');
    const audio: number[] = [];
    const transcript: string[] = [];
    controller.on('output-audio', (m) => audio.push(m.pcm.byteLength));
    controller.on(
      'transcript',
      (t) => t.final && t.role === 'assistant' && transcript.push(t.text),
    );
    controller.talkStart();
    for (let i = 0; i < 10; i++) controller.pushAudioFrame(frame());
    controller.talkStop();
    await until('responding');
    await until('ready');
    expect(states).toEqual(['connecting', 'ready', 'listening', 'responding', 'ready']);
    expect(audio.reduce((a, b) => a + b, 0)).toBe(9600);
    expect(transcript[0]).toMatch(/simulated reply/);
    expect(controller.snapshot().health.counters.framesSent).toBe(10);
  });

  it('discards a turn shorter than 100 ms with a gentle hint', async () => {
    const { controller, notices, until } = make();
    await controller.connect();
    await until('ready');
    controller.talkStart();
    controller.pushAudioFrame(frame());
    expect(controller.talkStop()).toEqual({ ok: false, error: 'too-short' });
    expect(notices[0]).toMatchObject({ title: 'Too short' });
    expect(controller.snapshot().health.state).toBe('ready');
  });

  it('honours a press made before connecting, keeping its audio', async () => {
    const { controller, until } = make();
    controller.talkStart(); // connects by itself
    for (let i = 0; i < 10; i++) controller.pushAudioFrame(frame());
    controller.talkStop();
    const audio: number[] = [];
    controller.on('output-audio', (m) => audio.push(m.pcm.byteLength));
    await until('responding');
    await until('ready');
    expect(audio.reduce((a, b) => a + b, 0)).toBe(9600);
  });

  it('stops at a permanent failure with the fix, without retrying', async () => {
    const server = await startTestServer({
      refuse: () => ({
        status: 401,
        body: JSON.stringify({
          error: {
            message: 'Incorrect API key provided',
            type: 'invalid_request_error',
            code: 'invalid_api_key',
          },
        }),
      }),
    });
    servers.push(server);
    const { controller, until, notices } = make(
      { ...DEFAULT_SETTINGS, provider: 'custom', customUrl: server.url },
      'sk-bad',
    );
    await controller.connect();
    const health = await until('needs-attention');
    expect(health.diagnosis).toMatch(/API key was rejected/);
    expect(health.lastClose).toMatchObject({ httpStatus: 401 });
    await new Promise((r) => setTimeout(r, 150));
    expect(server.connections).toBe(1);
    expect(notices.at(-1)).toMatchObject({ level: 'error' });
  });

  it('reconnects after a drop and replays the turn in progress exactly once', async () => {
    let connection = 0;
    const appendsPerConnection: number[] = [];
    const bytesPerConnection: number[] = [];
    const server = await startTestServer({
      onSocket: (socket) => {
        const n = connection++;
        appendsPerConnection[n] = 0;
        greet(socket, (event) => {
          if (event.type === 'input_audio_buffer.append') {
            appendsPerConnection[n]!++;
            bytesPerConnection[n] =
              (bytesPerConnection[n] ?? 0) +
              Buffer.from((event as unknown as { audio: string }).audio, 'base64').byteLength;
            if (n === 0 && appendsPerConnection[n] === 5) socket.terminate();
          }
        });
      },
    });
    servers.push(server);
    const { controller, until } = make({
      ...DEFAULT_SETTINGS,
      provider: 'custom',
      customUrl: server.url,
    });
    await controller.connect();
    await until('ready');
    controller.talkStart();
    for (let i = 0; i < 8; i++) controller.pushAudioFrame(frame());
    await until('reconnecting');
    for (let i = 0; i < 4; i++) controller.pushAudioFrame(frame());
    await until('listening');
    await new Promise((r) => setTimeout(r, 50));
    // All 12 frames, once each, on the new session (coalesced into fewer appends).
    expect(bytesPerConnection[1]).toBe(12 * 960);
    expect(controller.snapshot().health.counters.reconnects).toBe(1);
    expect(controller.snapshot().health.lastClose?.code).toBe(1006);
  });

  it('refuses settings that cannot work, keeping the old ones', async () => {
    const { controller } = make();
    expect(
      await controller.saveSettings({ provider: 'custom', customUrl: 'http://nope' }),
    ).toMatchObject({ ok: false, error: expect.stringMatching(/ws:\/\//) });
    expect(controller.snapshot().settings.provider).toBe('simulator');
  });

  it('shutting down while connecting settles quietly, without an unhandled rejection', async () => {
    const { controller } = make();
    const connecting = controller.connect();
    await controller.dispose();
    await expect(connecting).resolves.toMatchObject({ ok: false });
  });

  it('two connects at once start one simulator', async () => {
    const { controller, until } = make();
    await Promise.all([controller.connect(), controller.connect()]);
    await until('ready');
    expect(controller.embeddedSimulator!.connectionCount).toBe(1);
  });

  it('a server that never finishes the handshake is retried, with the reason shown', async () => {
    const server = await startTestServer({ onSocket: () => undefined });
    servers.push(server);
    const controller = new VoiceController({
      settings: new MemorySettingsStore({
        ...DEFAULT_SETTINGS,
        provider: 'custom',
        customUrl: server.url,
      }),
      secrets: new MemorySecretStore(),
      backoff: { firstMs: 20, capMs: 50 },
      setupTimeoutMs: 100,
    });
    controllers.push(controller);
    await controller.connect();
    const health = controller.snapshot().health;
    expect(health.state).toBe('reconnecting');
    expect(health.title).toBe('Session setup timed out');
    expect(health.diagnosis).toMatch(/never sent session\.created/);
  });
});
