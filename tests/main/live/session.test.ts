import { afterEach, describe, expect, it } from 'vitest';
import type { OutputAudio, SessionClosure } from '../../../src/main/engine/engine';
import { resolveEndpoint } from '../../../src/main/engine/providers';
import {
  LiveSession,
  type LiveSessionOptions,
  type LiveStartSettings,
} from '../../../src/main/live/session';
import {
  audio,
  closed,
  delegatedCall,
  error,
  startLiveServer,
  transcript,
  type LiveServer,
} from './support/scripted-live';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const SETTINGS: LiveStartSettings = {
  model: 'gpt-live-1.1',
  instructions: 'You are Hark.',
  voice: 'marin',
  backendModel: 'gpt-5.6-luna',
  tools: [
    {
      type: 'function',
      name: 'clock',
      description: 'The time',
      parameters: { type: 'object', properties: {} },
    },
  ],
  history: [],
};

function open(
  server: LiveServer,
  settings: Partial<LiveStartSettings> = {},
  options: LiveSessionOptions = {},
) {
  const endpoint = {
    ...resolveEndpoint({ kind: 'custom', url: server.url, model: 'gpt-live-1.1' }),
    engine: 'live' as const,
  };
  const session = new LiveSession(
    endpoint,
    { ...SETTINGS, ...settings },
    { silencePumpMs: 0, ...options },
  );
  cleanups.push(() => session.close());
  return session;
}

const until = async (check: () => boolean, ms = 3000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
};

const closedOf = (session: LiveSession): Promise<SessionClosure> =>
  new Promise((resolve) => session.on('closed', resolve));

describe('LiveSession against a scripted server', () => {
  it('starts with session.start (model, persona, voice, PCM16 24 kHz, tools, newest 128 history messages) and sends nothing before session.started', async () => {
    let release: () => void = () => undefined;
    const server = await startLiveServer({
      onStart: (socket, start) => {
        release = () =>
          socket.send(
            JSON.stringify({
              type: 'session.started',
              event_id: 'e1',
              client_event_id: start.event_id,
              session: { id: 'sess_1', expires_at: 2_000_000_000 },
            }),
          );
        return false;
      },
    });
    cleanups.push(() => server.close());
    const history = Array.from({ length: 130 }, (_, i) => ({
      role: i % 2 ? ('assistant' as const) : ('user' as const),
      text: `turn ${i}`,
    }));
    const session = open(server, { history });
    const ready = session.start();
    await until(() => server.events[0]?.length === 1);
    expect(session.appendAudio(new Uint8Array(960))).toBeNull();
    expect(session.setInputMuted(true)).toBeNull();
    release();
    expect(await ready).toBeNull();
    expect(session.sessionId).toBe('sess_1');
    expect(session.expiresAt).toBe(2_000_000_000_000);
    const start = server.events[0]![0] as unknown as { session: Record<string, unknown> };
    expect(start.session).toMatchObject({
      model: 'gpt-live-1.1',
      instructions: 'You are Hark.',
      audio: { format: { type: 'audio/pcm', rate: 24000 }, output: { voice: 'marin' } },
      delegation: {
        type: 'responses',
        responses: { model: 'gpt-5.6-luna', tools: [{ type: 'function', name: 'clock' }] },
      },
    });
    const input = start.session.input as { content: { text: string }[] }[];
    expect(input).toHaveLength(128);
    expect(input[0]!.content[0]!.text).toBe('turn 2');
    expect(input.at(-1)!.content[0]!.text).toBe('turn 129');
    expect(session.appendAudio(new Uint8Array(960))).not.toBeNull();
    await until(() => server.events[0]!.length === 2);
    expect(server.events[0]![1]!.type).toBe('session.input_audio.append');
    expect(server.headers[0]!['openai-beta']).toBeUndefined();
  });

  it('an error instead of session.started is a startup failure with a diagnosis', async () => {
    const server = await startLiveServer({
      onStart: (socket) => {
        socket.send(
          JSON.stringify(error('credit_balance_exhausted', 'Your credit balance is exhausted.')),
        );
        return false;
      },
    });
    cleanups.push(() => server.close());
    const closure = await open(server).start();
    expect(closure).toMatchObject({
      title: 'Out of credit',
      permanent: true,
      closedByClient: false,
      wasReady: false,
    });
    expect(closure!.diagnosis).toMatch(/credit_balance_exhausted/);
  });

  it.each([
    ['Instructions must not exceed 16384 tokens', 'Instructions too long'],
    ["Model 'gpt-live-1' is not supported in realtime mode", 'Model on the wrong endpoint'],
  ])('startup error "%s" reads as %s', async (message, title) => {
    const server = await startLiveServer({
      onStart: (socket) => (
        socket.send(JSON.stringify(error('invalid_request_error', message))),
        false
      ),
    });
    cleanups.push(() => server.close());
    expect(await open(server).start()).toMatchObject({ title, permanent: true });
  });

  it.each([
    ['content', 'Stopped by the safety filter', true],
    ['expired', 'Session expired', false],
    ['remote_hangup', 'Ended by the service', false],
    ['connection_lost', 'Connection lost', false],
  ])('session.closed %s: %s (permanent %s), final usage kept', async (reason, title, permanent) => {
    const server = await startLiveServer();
    cleanups.push(() => server.close());
    const session = open(server);
    expect(await session.start()).toBeNull();
    const done = closedOf(session);
    server.send({ type: 'session.usage.updated', event_id: 'u', usage: { seconds: 12 } });
    server.send(closed(reason, 14.5));
    const closure = await done;
    expect(closure).toMatchObject({
      title,
      permanent,
      closedByClient: false,
      wasReady: true,
      reason,
    });
    expect(session.usageSeconds).toBe(14.5);
    if (reason === 'expired') expect(closure.serverError?.code).toBe('session_expired');
  });

  it('a flood of deltas: silence never leaves the session, speech does, once per burst', async () => {
    const server = await startLiveServer();
    cleanups.push(() => server.close());
    const session = open(server);
    await session.start();
    const out: OutputAudio[] = [];
    const started: string[] = [];
    const done: string[] = [];
    session.on('output-audio', (a) => out.push(a));
    session.on('response-started', ({ responseId }) => started.push(responseId));
    session.on('response-done', ({ responseId }) => done.push(responseId));
    for (let i = 0; i < 300; i++) server.send(audio(0));
    for (let i = 0; i < 10; i++) server.send(audio(6000));
    for (let i = 0; i < 300; i++) server.send(audio(0));
    await until(() => session.gate.counters.zeroBytesHeld >= 600 * 4800);
    expect(out).toHaveLength(10);
    expect(out.every((a) => a.pcm.some((b) => b !== 0))).toBe(true);
    expect(started).toEqual(['live_reply_1']);
    expect(done).toEqual(['live_reply_1']);
  });

  it('a yield: the user is heard while the output went quiet, and the burst is dropped at once', async () => {
    const server = await startLiveServer();
    cleanups.push(() => server.close());
    const session = open(server);
    await session.start();
    const yields: string[] = [];
    session.on('output-yield', ({ itemId }) => yields.push(itemId));
    server.send(audio(6000));
    server.send(transcript('user', 'wait', 0, 200)); // talking over voiced output: no yield
    server.send(audio(0));
    server.send(transcript('user', ' stop', 200, 400));
    await until(() => yields.length === 1);
    expect(yields).toEqual(['live_reply_1']);
    expect(session.gate.speaking).toBe(false);
  });

  it('a delegated call becomes a Realtime-shaped call; its output goes back as response.item.create then one response.create', async () => {
    const server = await startLiveServer();
    cleanups.push(() => server.close());
    const session = open(server);
    await session.start();
    const serverEvents: { type: string }[] = [];
    const busy: boolean[] = [];
    session.on('server-event', (e) => serverEvents.push(e));
    session.on('busy', (b) => busy.push(b));
    delegatedCall(server.sockets[0]!, 'call_1', 'clock', {});
    await until(() => serverEvents.some((e) => e.type === 'response.done'));
    expect(serverEvents.map((e) => e.type)).toEqual([
      'response.function_call_arguments.done',
      'response.done',
    ]);
    expect(busy).toEqual([true]);
    session.send({
      type: 'conversation.item.create',
      item: {
        type: 'function_call_output',
        call_id: 'call_1',
        output: '{"error":"The user declined this request."}',
      },
    });
    session.createResponse(); // the tool runner's follow-up: already sent, not again
    await until(() => server.events[0]!.some((e) => e.type === 'response.create'));
    const types = server.events[0]!.map((e) => e.type);
    expect(types.slice(1)).toEqual(['response.item.create', 'response.create']);
    expect(busy).toEqual([true, false]);
  });

  it('close() sends session.close and waits for session.closed; a silent server is cut after the bounded wait', async () => {
    const polite = await startLiveServer({
      onEvent: (socket, e) =>
        e.type === 'session.close' && socket.send(JSON.stringify(closed('close_requested', 3))),
    });
    cleanups.push(() => polite.close());
    const a = open(polite);
    await a.start();
    const aClosed = closedOf(a);
    a.close();
    expect(await aClosed).toMatchObject({
      reason: 'close_requested',
      closedByClient: true,
      title: 'Closed',
    });
    expect(a.usageSeconds).toBe(3);

    const silent = await startLiveServer();
    cleanups.push(() => silent.close());
    const b = open(silent, {}, { closeWaitMs: 100 });
    await b.start();
    const bClosed = closedOf(b);
    const at = Date.now();
    b.close();
    const closure = await bClosed;
    expect(Date.now() - at).toBeGreaterThanOrEqual(90);
    expect(closure.closedByClient).toBe(true);
    expect(silent.events[0]!.at(-1)!.type).toBe('session.close');
  });

  it('keeps the input stream running: digital silence when no microphone audio comes', async () => {
    const server = await startLiveServer();
    cleanups.push(() => server.close());
    const session = open(server, {}, { silencePumpMs: 50 });
    await session.start();
    await until(
      () => server.events[0]!.filter((e) => e.type === 'session.input_audio.append').length >= 3,
    );
    const append = server.events[0]!.find((e) => e.type === 'session.input_audio.append');
    expect(typeof append?.audio).toBe('string');
    expect(Buffer.from(append!.audio as string, 'base64')).toEqual(Buffer.alloc(2400));
  });
});
