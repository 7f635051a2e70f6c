import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { resolveEndpoint } from '../../../src/main/engine/providers';
import { RealtimeSession, type SessionClosure } from '../../../src/main/realtime/session';
import { DEFAULT_SESSION_SETTINGS } from '../../../src/main/realtime/session-config';
import { RealtimeSimulator } from '../../../src/simulator/server';
import { greet, startTestServer, type TestServer } from '../../support/servers';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function sessionFor(url: string, apiKey?: string): RealtimeSession {
  const endpoint = resolveEndpoint(
    apiKey ? { kind: 'custom', url, apiKey } : { kind: 'simulator', url },
  );
  const session = new RealtimeSession(endpoint, DEFAULT_SESSION_SETTINGS, { setupTimeoutMs: 2000 });
  cleanups.push(() => session.close());
  return session;
}

async function server(handlers: Parameters<typeof startTestServer>[0]): Promise<TestServer> {
  const s = await startTestServer(handlers);
  cleanups.push(() => s.close());
  return s;
}

function closedOf(session: RealtimeSession): Promise<SessionClosure> {
  return session.closed
    ? Promise.resolve(session.closed)
    : new Promise((resolve) => session.on('closed', resolve));
}

describe('RealtimeSession against the simulator', () => {
  it('configures with the GA shape, streams a turn and receives the spoken reply', async () => {
    const simulator = new RealtimeSimulator({ pacing: 'instant' });
    const url = await simulator.start();
    cleanups.push(() => simulator.stop());
    const session = sessionFor(url);
    expect(await session.start()).toBeNull();
    expect(session.phase).toBe('ready');

    let audioBytes = 0;
    let transcript = '';
    session.on('output-audio', ({ pcm }) => (audioBytes += pcm.byteLength));
    session.on('transcript', (t) => t.role === 'assistant' && t.final && (transcript = t.text));
    const done = new Promise<{ status: string }>((resolve) => session.on('response-done', resolve));

    const frame = new Uint8Array(960).fill(1);
    for (let i = 0; i < 10; i++) session.appendAudio(frame);
    session.commitInput();
    session.createResponse();
    expect((await done).status).toBe('completed');
    expect(audioBytes).toBe(9600); // the loopback: exactly the 200 ms the user sent
    expect(transcript).toMatch(/simulated reply/);
    expect(simulator.turns[0]!.durationMs).toBe(200);
  });

  it('ties an error event to the client event that caused it', async () => {
    const simulator = new RealtimeSimulator({ pacing: 'instant' });
    cleanups.push(() => simulator.stop());
    const session = sessionFor(await simulator.start());
    await session.start();
    const error = new Promise<{
      explanation: string;
      error: { code: string | null; causedBy: string | null };
    }>((resolve) => session.on('server-error', resolve));
    session.appendAudio(new Uint8Array(960)); // 20 ms: below the 100 ms minimum
    session.commitInput();
    const { error: info, explanation } = await error;
    expect(info.code).toBe('input_audio_buffer_commit_empty');
    expect(info.causedBy).toBe('input_audio_buffer.commit');
    expect(explanation).toMatch(/at least 100 ms/);
    expect(session.phase).toBe('ready'); // not fatal
  });
});

describe('RealtimeSession against purpose-built servers', () => {
  it('reads the body of a 401 upgrade and says the key was rejected', async () => {
    const s = await server({
      refuse: () => ({
        status: 401,
        body: JSON.stringify({
          error: {
            message: 'Incorrect API key provided.',
            type: 'invalid_request_error',
            code: 'invalid_api_key',
          },
        }),
      }),
    });
    const closure = (await sessionFor(s.url, 'sk-bad').start())!;
    expect(closure.httpStatus).toBe(401);
    expect(closure.code).toBeNull();
    expect(closure.permanent).toBe(true);
    expect(closure.diagnosis).toMatch(/API key was rejected/);
    expect(closure.diagnosis).toMatch(/Incorrect API key provided/);
    expect(closure.serverError?.code).toBe('invalid_api_key');
    expect(s.headers[0]!.authorization).toBe('Bearer sk-bad');
    expect(s.headers[0]!['openai-beta']).toBeUndefined();
  });

  it('explains close 4000 as the disabled beta protocol', async () => {
    const s = await server({ onSocket: (socket) => socket.close(4000, 'beta_api_shape_disabled') });
    const closure = (await sessionFor(s.url).start())!;
    expect(closure.code).toBe(4000);
    expect(closure.permanent).toBe(true);
    expect(closure.diagnosis).toMatch(/beta protocol is disabled/);
  });

  it('explains a close 1000 right after the first append, naming that event', async () => {
    const s = await server({
      onSocket: (socket) =>
        greet(socket, (event) => {
          if (event.type === 'input_audio_buffer.append') socket.close(1000);
        }),
    });
    const session = sessionFor(s.url);
    expect(await session.start()).toBeNull();
    session.appendAudio(new Uint8Array(960));
    const closure = await closedOf(session);
    expect(closure.code).toBe(1000);
    expect(closure.reason).toBe('');
    expect(closure.afterClientEvent).toBe('input_audio_buffer.append');
    expect(closure.wasReady).toBe(true);
    expect(closure.diagnosis).toMatch(/right after the first input_audio_buffer\.append/);
    // What reached the server was a JSON text frame with base64 audio, never a binary frame.
    expect(s.binaryReceived).toBe(0);
    const append = JSON.parse(s.received.at(-1)!) as {
      type: string;
      audio: string;
      event_id: string;
    };
    expect(append.type).toBe('input_audio_buffer.append');
    expect(Buffer.from(append.audio, 'base64').byteLength).toBe(960);
    expect(append.event_id).toMatch(/^evt_/);
  });

  it('sends a GA session.update after session.created', async () => {
    const s = await server({ onSocket: (socket) => greet(socket) });
    await sessionFor(s.url).start();
    const update = JSON.parse(s.received[0]!) as { type: string; session: Record<string, unknown> };
    expect(update.type).toBe('session.update');
    expect(update.session).toMatchObject({
      type: 'realtime',
      output_modalities: ['audio'],
      audio: {
        input: { format: { type: 'audio/pcm', rate: 24000 }, turn_detection: null },
        output: { format: { type: 'audio/pcm', rate: 24000 } },
      },
    });
    expect(update.session).not.toHaveProperty('input_audio_format');
    expect(update.session).not.toHaveProperty('modalities');
  });

  it.each([
    [
      'a binary frame',
      (socket: WebSocket) => socket.send(Buffer.from([1, 2, 3]), { binary: true }),
      /binary frame/,
    ],
    ['malformed JSON', (socket: WebSocket) => socket.send('{"type": "session.'), /not valid JSON/],
    ['JSON that is not an event', (socket: WebSocket) => socket.send('[1,2]'), /not an event/],
  ])('survives %s from the server with a warning', async (_name, misbehave, warning) => {
    const s = await server({
      onSocket: (socket) => {
        misbehave(socket);
        greet(socket);
      },
    });
    const session = sessionFor(s.url);
    const warnings: string[] = [];
    session.on('warning', (w) => warnings.push(w));
    expect(await session.start()).toBeNull();
    expect(warnings.join('\n')).toMatch(warning);
    expect(session.phase).toBe('ready');
  });

  it('ignores unknown server event types without failing', async () => {
    const s = await server({
      onSocket: (socket) => {
        socket.send(JSON.stringify({ type: 'brand_new.event', event_id: 'x', payload: 1 }));
        greet(socket);
      },
    });
    const session = sessionFor(s.url);
    expect(await session.start()).toBeNull();
    expect(session.unknownEventTypes.get('brand_new.event')).toBe(1);
  });

  it('closes with 1009 on an oversized server frame and says so', async () => {
    const s = await server({
      onSocket: (socket) => greet(socket, () => socket.send('x'.repeat(2048))),
    });
    const endpoint = resolveEndpoint({ kind: 'simulator', url: s.url });
    const session = new RealtimeSession(endpoint, DEFAULT_SESSION_SETTINGS, { maxPayload: 1024 });
    cleanups.push(() => session.close());
    expect(await session.start()).toBeNull();
    session.clearInput();
    const closure = await closedOf(session);
    expect(closure.code).toBe(1009);
    expect(closure.diagnosis).toMatch(/larger than the receiver accepts/);
  });

  it('reports a refused connection as a network error', async () => {
    const s = await server({});
    const url = s.url;
    await s.close();
    const closure = (await sessionFor(url).start())!;
    expect(closure.code).toBeNull();
    expect(closure.diagnosis).toMatch(/Nothing is listening/);
  });

  it('reports a server that never says session.created', async () => {
    const s = await server({ onSocket: () => undefined });
    const endpoint = resolveEndpoint({ kind: 'simulator', url: s.url });
    const session = new RealtimeSession(endpoint, DEFAULT_SESSION_SETTINGS, {
      setupTimeoutMs: 200,
    });
    const warnings: string[] = [];
    session.on('warning', (w) => warnings.push(w));
    const closure = (await session.start())!;
    expect(closure).not.toBeNull();
    expect(warnings[0]).toMatch(/did not finish setting up/);
    expect(closure.title).toBe('Session setup timed out');
    expect(closure.diagnosis).toMatch(/never sent session\.created/);
  });

  it('a refused session.update ends setup at once with the server’s words, as needing attention', async () => {
    const s = await server({
      onSocket: (socket) => {
        socket.send(
          JSON.stringify({
            type: 'session.created',
            event_id: 'e1',
            session: { type: 'realtime' },
          }),
        );
        socket.on('message', (data) => {
          const event = JSON.parse(data.toString()) as { type: string; event_id: string };
          if (event.type === 'session.update') {
            socket.send(
              JSON.stringify({
                type: 'error',
                event_id: 'e2',
                error: {
                  type: 'invalid_request_error',
                  code: 'unknown_parameter',
                  message: "Unknown parameter: 'session.audio'.",
                  event_id: event.event_id,
                },
              }),
            );
          }
        });
      },
    });
    const started = Date.now();
    const closure = (await sessionFor(s.url).start())!;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(closure.title).toBe('Configuration refused');
    expect(closure.permanent).toBe(true);
    expect(closure.closedByClient).toBe(false);
    expect(closure.diagnosis).toMatch(/Unknown parameter: 'session.audio'/);
  });
});
