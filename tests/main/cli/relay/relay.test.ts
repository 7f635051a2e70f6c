import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { RealtimeRelay } from '../../../../src/main/cli/relay/relay';
import { runRelay } from '../../../../src/main/cli/relay/relay-cli';
import { Redactor } from '../../../../src/main/engine/redaction';
import type { Finding } from '../../../../src/simulator/explain/finding';

const KEY = 'sk-proj-relaytestkey0123456789abcdefABCDEF';

/** A scripted "service" on 127.0.0.1: records what it gets and does what each test says. */
interface Upstream {
  url: string;
  received: { text: string; isBinary: boolean }[];
  headers: Record<string, string | string[] | undefined>[];
  sockets: WebSocket[];
  stop(): Promise<void>;
}

async function upstream(
  onMessage: (ws: WebSocket, text: string, isBinary: boolean) => void = () => {},
  refuse?: { status: number; body: string },
): Promise<Upstream> {
  const received: Upstream['received'] = [];
  const headers: Upstream['headers'] = [];
  const sockets: WebSocket[] = [];
  const wss = new WebSocketServer({ noServer: true });
  const http: Server = createServer();
  http.on('upgrade', (request, socket, head) => {
    headers.push(request.headers);
    if (refuse) {
      socket.end(
        `HTTP/1.1 ${refuse.status} Unauthorized\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(refuse.body)}\r\n\r\n${refuse.body}`,
      );
      return;
    }
    if (request.headers['openai-beta']) {
      wss.handleUpgrade(request, socket, head, (ws) => ws.close(4000, 'beta_api_shape_disabled'));
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.push(ws);
      ws.send(
        JSON.stringify({ type: 'session.created', event_id: 'e1', session: { type: 'realtime' } }),
      );
      ws.on('message', (data, isBinary) => {
        const text = Buffer.from(data as Buffer).toString('utf8');
        received.push({ text, isBinary });
        onMessage(ws, text, isBinary);
      });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}/v1/realtime?model=gpt-realtime`,
    received,
    headers,
    sockets,
    stop: async () => {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function relayTo(service: Upstream) {
  const said: string[] = [];
  const findings: Finding[] = [];
  const relay = new RealtimeRelay({
    upstream: service.url,
    upstreamHeaders: { Authorization: `Bearer ${KEY}` },
    redactor: new Redactor([KEY]),
    say: (line) => said.push(line),
    onFinding: (f) => findings.push(f),
  });
  await relay.start();
  cleanups.push(() => relay.stop());
  return { relay, said, findings };
}

async function client(url: string, options: WebSocket.ClientOptions = {}) {
  const ws = new WebSocket(url, options);
  const messages: { text: string; isBinary: boolean }[] = [];
  ws.on('message', (data, isBinary) =>
    messages.push({ text: Buffer.from(data as Buffer).toString('utf8'), isBinary }),
  );
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  cleanups.push(async () => ws.terminate());
  return { ws, messages, closed };
}

const until = async (check: () => boolean, ms = 5_000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
};

describe('the relay between a developer’s client and the service', () => {
  it('adds the key, forwards text frames unchanged both ways, and never prints the key', async () => {
    const service = await upstream((ws, text) =>
      ws.send(`{"type":"echo","of":${JSON.stringify(text)}}`),
    );
    cleanups.push(() => service.stop());
    const { relay, said } = await relayTo(service);
    const c = await client(relay.url);
    const odd =
      '{"type":"session.update",  "session":{"type":"realtime","instructions":"héllo \\u00e9 \\"q\\""}}';
    c.ws.send(odd);
    await until(() => c.messages.length >= 2);
    expect(service.received).toEqual([{ text: odd, isBinary: false }]);
    expect(service.headers[0]!.authorization).toBe(`Bearer ${KEY}`);
    expect(c.messages[0]!.text).toContain('session.created');
    expect(c.messages[1]).toEqual({
      text: `{"type":"echo","of":${JSON.stringify(odd)}}`,
      isBinary: false,
    });
    expect(said.join('\n')).not.toContain(KEY);
    expect(said.join('\n')).not.toContain(KEY.slice(3, 20));
  });

  it('a binary first append: forwarded as binary, explained, and the 1000 close diagnosed', async () => {
    const service = await upstream((ws, _text, isBinary) => {
      if (isBinary) ws.close(1000); // the founding case: no reason
    });
    cleanups.push(() => service.stop());
    const { relay, said, findings } = await relayTo(service);
    const c = await client(relay.url);
    c.ws.send(Buffer.from(JSON.stringify({ type: 'input_audio_buffer.append', audio: 'AAAA' })));
    const closed = await c.closed;
    expect(closed.code).toBe(1000);
    expect(service.received[0]!.isBinary).toBe(true);
    expect(findings.map((f) => f.code)).toEqual(['binary_frame']);
    expect(relay.closes[0]!.diagnosis.title).toBe('Closed after first audio');
    expect(said.join('\n')).toMatch(/binary WebSocket frame instead of a JSON text frame/);
  });

  it('the beta header reaches the service, which closes 4000; the client gets 4000 and the words', async () => {
    const service = await upstream();
    cleanups.push(() => service.stop());
    const { relay, findings } = await relayTo(service);
    const c = await client(relay.url, { headers: { 'OpenAI-Beta': 'realtime=v1' } });
    const closed = await c.closed;
    expect(closed).toEqual({ code: 4000, reason: 'beta_api_shape_disabled' });
    expect(findings.map((f) => f.code)).toEqual(['beta_header']);
    expect(relay.closes[0]!.diagnosis.title).toBe('Beta protocol refused');
  });

  it('a 401 with the service’s body reaches the client as 401, diagnosed, key-free', async () => {
    const body = JSON.stringify({
      error: {
        message: `Incorrect API key provided: ${KEY}. You can find your API key at https://platform.openai.com/account/api-keys.`,
        type: 'invalid_request_error',
        code: 'invalid_api_key',
      },
    });
    const service = await upstream(undefined, { status: 401, body });
    cleanups.push(() => service.stop());
    const { relay, said } = await relayTo(service);
    const ws = new WebSocket(relay.url);
    const response = await new Promise<{ status: number; body: string }>((resolve) =>
      ws.on('unexpected-response', (_req, res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      }),
    );
    ws.on('error', () => {});
    expect(response.status).toBe(401);
    expect(response.body).not.toContain(KEY);
    expect(JSON.parse(response.body).error.code).toBe('invalid_api_key');
    expect(relay.closes[0]!.diagnosis.permanent).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    expect(relay.closes).toHaveLength(1); // one account, not three
    expect(said.join('\n')).not.toContain(KEY);
  });

  it('1011 from the service closes the client with 1011, diagnosed as the service’s problem', async () => {
    const service = await upstream((ws) => ws.close(1011, 'internal'));
    cleanups.push(() => service.stop());
    const { relay } = await relayTo(service);
    const c = await client(relay.url);
    c.ws.send(JSON.stringify({ type: 'response.create' }));
    expect(await c.closed).toEqual({ code: 1011, reason: 'internal' });
    expect(relay.closes[0]!.diagnosis.title).toBe('Server error');
  });

  it('a server error echoing the key is diagnosed in the app’s words without the key', async () => {
    const service = await upstream((ws) =>
      ws.send(
        JSON.stringify({
          type: 'error',
          error: {
            type: 'invalid_request_error',
            code: 'unknown_parameter',
            message: `bad ${KEY}`,
            param: 'session.foo',
            event_id: 'u1',
          },
        }),
      ),
    );
    cleanups.push(() => service.stop());
    const { relay, said, findings } = await relayTo(service);
    const c = await client(relay.url);
    c.ws.send(
      JSON.stringify({
        type: 'session.update',
        event_id: 'u1',
        session: { type: 'realtime', foo: 1 },
      }),
    );
    await until(() => findings.length > 0);
    expect(said.join('\n')).toMatch(/did not recognise a field/);
    expect(said.join('\n')).not.toContain(KEY);
    expect(findings[0]).toMatchObject({
      code: 'rejected_event',
      event: { position: 1, eventId: 'u1' },
    });
    expect(c.messages.at(-1)!.text).toContain(KEY); // forwarded unchanged: it is the client's own stream
  });

  it('refuses browsers and wrong paths before touching the service', async () => {
    const service = await upstream();
    cleanups.push(() => service.stop());
    const { relay } = await relayTo(service);
    const status = (url: string, headers: Record<string, string> = {}) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url, { headers });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('error', () => {});
      });
    expect(await status(relay.url, { Origin: 'https://evil.example' })).toBe(403);
    expect(await status(relay.url.replace(relay.secret, 'guess'))).toBe(404);
    expect(service.headers).toHaveLength(0);
  });

  it('the CLI: key from the environment, URL on stdout, usage errors exit 2, nothing leaks', async () => {
    const service = await upstream();
    cleanups.push(() => service.stop());
    const out: string[] = [];
    const err: string[] = [];
    expect(
      await runRelay(
        ['--relay', service.url],
        {},
        (t) => out.push(t),
        (t) => err.push(t),
      ),
    ).toBe(2);
    expect(err.join('')).toMatch(/OPENAI_API_KEY/);
    expect(
      await runRelay(
        ['--relay', 'ws://example.com/v1/realtime'],
        { OPENAI_API_KEY: KEY },
        () => {},
        (t) => err.push(t),
      ),
    ).toBe(2);
    expect(err.join('')).toMatch(/only to this machine/);
    const started = await runRelay(
      ['--relay', service.url],
      { OPENAI_API_KEY: KEY },
      (t) => out.push(t),
      (t) => err.push(t),
    );
    if (typeof started === 'number') throw new Error('did not start');
    cleanups.push(started.stop);
    expect(out.join('').trim()).toBe(started.relay.url);
    const c = await client(started.relay.url);
    await until(() => c.messages.length > 0);
    expect(service.headers.at(-1)!.authorization).toBe(`Bearer ${KEY}`);
    expect(err.join('')).not.toContain(KEY);
  });

  it('survives JSON null both ways with the event log on, and a close reason that redaction lengthens', async () => {
    const service = await upstream((ws, text) => {
      if (text === 'null') ws.send('null');
      else ws.close(4000, `token=a ${'é'.repeat(57)}`);
    });
    cleanups.push(() => service.stop());
    const dir = await import('node:fs').then((fs) => fs.mkdtempSync('/tmp/hark-relay-'));
    const started = await runRelay(
      ['--relay', service.url, '--event-log', `${dir}/events.jsonl`],
      { OPENAI_API_KEY: KEY },
      () => {},
      () => {},
    );
    if (typeof started === 'number') throw new Error('did not start');
    cleanups.push(started.stop);
    const c = await client(started.relay.url);
    c.ws.send('null');
    await until(() => c.messages.some((m) => m.text === 'null'));
    c.ws.send('{"type":"response.create"}');
    const closed = await c.closed;
    expect(closed.code).toBe(4000);
    expect(Buffer.byteLength(closed.reason)).toBeLessThanOrEqual(123);
    await started.stop();
    const log = (await import('node:fs')).readFileSync(`${dir}/events.jsonl`, 'utf8');
    expect(log.split('\n').filter(Boolean).length).toBeGreaterThan(2);
  });

  it('refuses look-alike loopback hosts and credentials in the query', async () => {
    const err: string[] = [];
    for (const url of ['ws://127.0.0.1.nip.io/v1/realtime', 'ws://127.evil.example/x'])
      expect(
        await runRelay(
          ['--relay', url],
          { OPENAI_API_KEY: KEY },
          () => {},
          (t) => err.push(t),
        ),
      ).toBe(2);
    expect(
      await runRelay(
        ['--relay', 'wss://x.openai.azure.com/openai/v1/realtime?deployment=d&api-key=abc'],
        { OPENAI_API_KEY: KEY },
        () => {},
        (t) => err.push(t),
      ),
    ).toBe(2);
    expect(err.join('')).toMatch(/only to this machine/);
    expect(err.join('')).toMatch(/credentials out of the URL \(api-key\)/);
  });
});
