/**
 * A distinctive key — entered with a trailing newline, then echoed back by a 401 body, an
 * error event, a transcript and a close reason — appears in no IPC message, health snapshot,
 * diagnostics report, notice or log line. Real IPC handlers (electron mocked), the real log
 * file, servers on 127.0.0.1.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IPC } from '../../src/shared/ipc';
import { greet, startTestServer, type TestServer } from '../support/servers';

vi.mock('electron', () => ({}));
const { registerIpc } = await import('../../src/main/desktop/ipc');
const { createLogger, logControllerEvents } = await import('../../src/main/desktop/log');
const { VoiceController } = await import('../../src/main/voice/voice-controller');
const { MemorySecretStore, MemorySettingsStore } =
  await import('../../src/main/settings/settings-model');

const KEY = 'sk-proj-LEAKCANARY-5c1d2e3f4a5b6c7d8e9f0a1b';
const ENTERED = `${KEY}\n`;
/** Any 12 characters of the key's body would be a leak. */
const fragments = (text: string): string[] => {
  const found: string[] = [];
  for (let i = 8; i + 12 <= KEY.length; i += 4)
    if (text.includes(KEY.slice(i, i + 12))) found.push(KEY.slice(i, i + 12));
  return found;
};

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

function app() {
  const dir = mkdtempSync(join(tmpdir(), 'hark-leak-'));
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
    const diagnostics = JSON.stringify({ app: 'Hark', health: state.health }, null, 2);
    logger.flush();
    return { ipc: JSON.stringify(messages), diagnostics, log: readFileSync(logger.path, 'utf8') };
  };
  return { controller, call, everything };
}

describe('the key leaks nowhere', () => {
  it('a 401 whose body echoes the key, the Authorization header and the URL', async () => {
    const s = await startTestServer({
      refuse: (request) => ({
        status: 401,
        body: JSON.stringify({
          error: {
            message: `Incorrect API key provided: ${KEY}. Authorization: ${String(request.headers.authorization)} at ${request.url}`,
            type: 'invalid_request_error',
            code: 'invalid_api_key',
          },
        }),
      }),
    });
    servers.push(s);
    const { controller, call, everything } = app();
    expect(
      await call(IPC.saveSettings, { provider: 'custom', customUrl: s.url, apiKey: ENTERED }),
    ).toEqual({ ok: true });
    const result = await call(IPC.connect);
    expect(result.ok).toBe(false);
    expect(s.headers[0]!.authorization).toBe(`Bearer ${KEY}`); // it was sent, and echoed
    const out = await everything();
    expect(out.diagnostics).toMatch(/401/);
    expect(out.log).toMatch(/health: needs-attention/);
    for (const [where, text] of Object.entries(out)) expect(fragments(text), where).toEqual([]);
    await controller.dispose();
  });

  it('an error event, a transcript and a close reason that quote it', async () => {
    const s = await startTestServer({
      onSocket: (socket) =>
        greet(socket, (event) => {
          if (event.type !== 'session.update') return;
          socket.send(
            JSON.stringify({
              type: 'error',
              event_id: 'e1',
              error: {
                type: 'server_error',
                code: 'server_error',
                message: `Key ${KEY} could not be checked`,
                param: KEY,
              },
            }),
          );
          socket.send(
            JSON.stringify({
              type: 'conversation.item.input_audio_transcription.completed',
              event_id: 'e2',
              item_id: 'item_1',
              content_index: 0,
              transcript: `my key is ${KEY}`,
            }),
          );
          socket.send(JSON.stringify({ type: 'not.an.event.we.know', event_id: 'e3', note: KEY }));
          socket.send(`{"broken json with ${KEY}`);
          setTimeout(() => socket.close(1008, `invalid_request_error.invalid_api_key ${KEY}`), 50);
        }),
    });
    servers.push(s);
    const { controller, call, everything } = app();
    await call(IPC.saveSettings, { provider: 'custom', customUrl: s.url, apiKey: ENTERED });
    await call(IPC.connect);
    await expect
      .poll(async () => (await everything()).diagnostics, { timeout: 5000 })
      .toMatch(/1008/);
    const out = await everything();
    expect(out.ipc).toMatch(/API key redacted/); // the server's words arrived, minus the key
    expect(out.log).toMatch(/API key redacted/);
    for (const [where, text] of Object.entries(out)) expect(fragments(text), where).toEqual([]);
    await controller.dispose();
  });

  it('a key echoed in pieces across streamed deltas (transcripts, text, tool arguments)', async () => {
    const cuts = [5, 13, 21, 29, 37];
    const pieces = (text: string): string[] =>
      [0, ...cuts].map((c, i, all) => text.slice(c, all[i + 1] ?? text.length));
    const streams: [string, string, string][] = [
      [
        'conversation.item.input_audio_transcription.delta',
        'conversation.item.input_audio_transcription.completed',
        'transcript',
      ],
      [
        'response.output_audio_transcript.delta',
        'response.output_audio_transcript.done',
        'transcript',
      ],
      ['response.output_text.delta', 'response.output_text.done', 'text'],
      [
        'response.function_call_arguments.delta',
        'response.function_call_arguments.done',
        'arguments',
      ],
    ];
    const s = await startTestServer({
      onSocket: (socket) =>
        greet(socket, (event) => {
          if (event.type !== 'session.update') return;
          streams.forEach(([delta, done, field], n) => {
            const full = `key ${KEY} echoed`;
            for (const [i, piece] of pieces(full).entries())
              socket.send(
                JSON.stringify({
                  type: delta,
                  event_id: `d${n}_${i}`,
                  response_id: 'resp_1',
                  item_id: `item_${n}`,
                  output_index: 0,
                  content_index: 0,
                  call_id: 'call_1',
                  delta: piece,
                }),
              );
            socket.send(
              JSON.stringify({
                type: done,
                event_id: `done${n}`,
                response_id: 'resp_1',
                item_id: `item_${n}`,
                output_index: 0,
                content_index: 0,
                call_id: 'call_1',
                name: 'calculate',
                [field]: full,
              }),
            );
          });
          setTimeout(() => socket.close(1000, 'done'), 50);
        }),
    });
    servers.push(s);
    const { controller, call, everything } = app();
    const wire: string[] = [];
    controller.tapWire((record) => wire.push(JSON.stringify(record.event)));
    await call(IPC.saveSettings, { provider: 'custom', customUrl: s.url, apiKey: ENTERED });
    await call(IPC.connect);
    await expect.poll(() => wire.join('\n'), { timeout: 5000 }).toMatch(/done3/);
    const out = { ...(await everything()), wire: wire.join('\n') };
    expect(out.wire).toMatch(/key \[API key redacted\] echoed/);
    // The pieces are 8 characters long: any 6 characters of the key's body would be one.
    for (const [where, text] of Object.entries(out)) {
      const pieces = [];
      for (let i = 8; i + 6 <= KEY.length; i++)
        if (text.includes(KEY.slice(i, i + 6))) pieces.push(KEY.slice(i, i + 6));
      expect(pieces, where).toEqual([]);
    }
    await controller.dispose();
  });
});
