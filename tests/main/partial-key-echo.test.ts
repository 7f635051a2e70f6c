/**
 * Partial-key echo: a server quotes the key in part — every 12-character substring of it,
 * the key without its `sk-` / `sk-proj-` prefix, and pieces split across two streamed
 * events — in an error event, a transcript, streamed deltas, a 401 body and a close reason.
 * No 12 consecutive characters of the key reach the window (IPC), Copy diagnostics, the
 * log, the inspector export or the Markdown history export. Real IPC handlers (electron
 * mocked), the real log file, servers on 127.0.0.1.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { IPC } from '../../src/shared/ipc';
import { greet, startTestServer, type TestServer } from '../support/servers';

vi.mock('electron', () => ({}));
const { registerIpc } = await import('../../src/main/desktop/ipc');
const { createLogger, logControllerEvents } = await import('../../src/main/desktop/log');
const { VoiceController } = await import('../../src/main/voice/voice-controller');
const { MemorySecretStore, MemorySettingsStore } =
  await import('../../src/main/settings/settings-model');

const KEY = 'sk-proj-Pq7Rs8Tu9Vw0Xy1Za2Bc3De4Fg5Hi6Jk7Lm8No9';
const SUBSTRINGS = Array.from({ length: KEY.length - 11 }, (_, i) => KEY.slice(i, i + 12));
const WITHOUT_PREFIX = [KEY.slice(3), KEY.slice(8)];
const tally = { tried: 0, leaks: 0 };

/** Every 12-character window of the key found in `text`. */
function leaks(text: string): string[] {
  return SUBSTRINGS.filter((s) => text.includes(s));
}

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});
afterAll(() => {
  console.info(
    `[partial-key echo] forms sent: ${tally.tried}; 12-character leaks found: ${tally.leaks}`,
  );
});

function app() {
  const dir = mkdtempSync(join(tmpdir(), 'hark-partial-'));
  const secrets = new MemorySecretStore();
  const logger = createLogger(dir, () => [secrets.read()?.key]);
  const controller = new VoiceController({
    settings: new MemorySettingsStore(),
    secrets,
    backoff: { firstMs: 60_000, capMs: 60_000 },
    log: logger.log,
  });
  logControllerEvents(controller, logger.log);
  const handlers = new Map<string, (event: unknown, payload?: unknown) => Promise<unknown>>();
  const messages: unknown[] = [];
  const win = {
    webContents: { id: 1, send: (c: string, p: unknown) => messages.push([c, p]) },
    isDestroyed: () => false,
  };
  const forward = (c: string, p: unknown): void => void messages.push([c, p]);
  for (const name of ['tool-call', 'approval-request', 'notice', 'status'] as const)
    controller.assistant.on(name, (p: unknown) => forward(name, p));
  registerIpc(
    {
      handle: (c: string, fn: never) => handlers.set(c, fn),
      removeHandler: () => undefined,
      on: () => undefined,
      removeListener: () => undefined,
    } as never,
    controller,
    () => [win as never],
    () => true,
    (m) => logger.log('warn', m),
  );
  const event = { sender: { id: 1 }, senderFrame: { url: 'app://hark/index.html', parent: null } };
  const call = async (channel: string, payload?: unknown) => {
    const result = await handlers.get(channel)!(event, payload);
    messages.push(['reply', result]);
    return result as { ok: boolean; error?: string };
  };
  const everything = async () => {
    const state = (await call(IPC.getState)) as unknown as { health: unknown };
    logger.flush();
    const history = await controller.assistant.historyExport(
      controller.assistant.recorder.conversationId,
      'markdown',
    );
    return {
      window: JSON.stringify(messages),
      diagnostics: JSON.stringify({ app: 'Hark', health: state.health }, null, 2),
      log: readFileSync(logger.path, 'utf8'),
      inspector: controller.assistant.inspectorExport(),
      history: history ?? '',
    };
  };
  return { controller, call, everything };
}

const STREAMS: [delta: string, done: string, field: string][] = [
  ['response.output_audio_transcript.delta', 'response.output_audio_transcript.done', 'transcript'],
  ['response.output_text.delta', 'response.output_text.done', 'text'],
  [
    'conversation.item.input_audio_transcription.delta',
    'conversation.item.input_audio_transcription.completed',
    'transcript',
  ],
];

describe('no 12 characters of the key leak', { timeout: 60_000 }, () => {
  it('every 12-character substring, the key without its prefix, and splits across two events', async () => {
    const forms = [...SUBSTRINGS, ...WITHOUT_PREFIX];
    let n = 0;
    const s = await startTestServer({
      onSocket: (socket) =>
        greet(socket, (event) => {
          if (event.type !== 'session.update') return;
          const send = (value: object): void => socket.send(JSON.stringify(value));
          for (const form of forms) {
            // Whole, in an error event and a completed transcription.
            send({
              type: 'error',
              event_id: `e${++n}`,
              error: { type: 'server_error', code: 'x', message: `Key "${form}" refused` },
            });
            send({
              type: 'conversation.item.input_audio_transcription.completed',
              event_id: `e${++n}`,
              item_id: `heard_${n}`,
              content_index: 0,
              transcript: `heard ${form}.`,
            });
            // Split across two deltas at every third position, in each kind of stream.
            for (let cut = 1; cut < form.length; cut += 3) {
              const [delta, done, field] = STREAMS[cut % STREAMS.length]!;
              const item = `item_${++n}`;
              const base = {
                response_id: 'resp_1',
                item_id: item,
                output_index: 0,
                content_index: 0,
              };
              send({
                type: delta,
                event_id: `d${n}a`,
                ...base,
                delta: `see ${form.slice(0, cut)}`,
              });
              send({ type: delta, event_id: `d${n}b`, ...base, delta: `${form.slice(cut)} ok` });
              send({ type: done, event_id: `d${n}c`, ...base, [field]: `see ${form} ok` });
              tally.tried++;
            }
            tally.tried += 2;
          }
          send({
            type: 'response.done',
            event_id: 'rd',
            response: { id: 'resp_1', status: 'completed', output: [] },
          });
          // A close reason with 40 characters of the key, without its prefix.
          setTimeout(() => socket.close(1008, `invalid key ${KEY.slice(8, 48)}`), 100);
          tally.tried++;
        }),
    });
    servers.push(s);
    const { controller, call, everything } = app();
    await call(IPC.saveSettings, { provider: 'custom', customUrl: s.url, apiKey: `${KEY}\n` });
    await call(IPC.connect);
    await expect
      .poll(async () => (await everything()).diagnostics, { timeout: 20_000 })
      .toMatch(/1008/);
    const out = await everything();
    expect(out.window).toMatch(/API key redacted/); // the server's words arrived, minus the key
    expect(out.inspector).toMatch(/API key redacted/);
    expect(out.history).toMatch(/heard/);
    for (const [where, text] of Object.entries(out)) {
      const found = leaks(text);
      tally.leaks += found.length;
      expect(found, where).toEqual([]);
    }
    await controller.dispose();
  });

  it('a 401 body quoting the key without its prefix and a piece of it', async () => {
    const s = await startTestServer({
      refuse: () => ({
        status: 401,
        body: JSON.stringify({
          error: {
            message: `Incorrect API key provided: ${KEY.slice(8)} (${KEY.slice(3, 20)}). You can find your API key at https://platform.openai.com/account/api-keys.`,
            type: 'invalid_request_error',
            code: 'invalid_api_key',
          },
        }),
      }),
    });
    servers.push(s);
    tally.tried += 2;
    const { controller, call, everything } = app();
    await call(IPC.saveSettings, { provider: 'custom', customUrl: s.url, apiKey: `${KEY}\n` });
    expect((await call(IPC.connect)).ok).toBe(false);
    const out = await everything();
    expect(out.diagnostics).toMatch(/401/);
    for (const [where, text] of Object.entries(out)) {
      const found = leaks(text);
      tally.leaks += found.length;
      expect(found, where).toEqual([]);
    }
    await controller.dispose();
  });
});
