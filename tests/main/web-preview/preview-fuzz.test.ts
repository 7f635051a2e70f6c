/**
 * The running preview (`npm run preview:web`'s own entry point, in a child process) under
 * hostile input: malformed request targets, odd upgrades, broken WebSocket framing and
 * every kind of bad bridge frame. It must survive each one, answer what can be answered,
 * still refuse a tokenless request with 403, and log a flood in a few lines.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MAX_AUDIO_FRAME_BYTES } from '../../../src/shared/ipc';
import { BRIDGE_PATH, MAX_BRIDGE_TEXT_BYTES } from '../../../src/shared/web-bridge-protocol';
import { rawRequest } from './raw-http';

let child: ChildProcess;
let url: URL;
let port: number;
let token: string;
let stderr = '';
let sent = 0;

beforeAll(async () => {
  const root = await mkdtemp(join(tmpdir(), 'hark-preview-fuzz-'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Hark</title>');
  const env = { ...process.env };
  delete env.OPENAI_API_KEY; // the simulator: nothing may leave the machine
  child = spawn(
    process.execPath,
    ['--import', 'tsx', resolve('src/main/web-preview/cli.ts'), '--renderer', root],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const line = await new Promise<string>((done, fail) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) done(out.split('\n')[0]!);
    });
    child.once('exit', (code) => fail(new Error(`preview exited (${code}): ${stderr}`)));
  });
  url = new URL(line);
  port = Number(url.port);
  token = url.pathname.split('/')[1]!;
}, 30_000);

afterAll(async () => {
  if (child.exitCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await exited;
});

async function expectAliveAndGuarded(): Promise<void> {
  expect(child.exitCode, stderr).toBeNull();
  expect((await rawRequest(port, 'GET /')).status).toBe(403);
  expect((await rawRequest(port, `GET /${token}/`)).status).toBe(200);
}

function bridge(): Promise<WebSocket> {
  return new Promise((done, fail) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/${token}/${BRIDGE_PATH}`, {
      headers: { origin: url.origin },
    });
    ws.once('open', () => done(ws));
    ws.once('error', fail);
  });
}

/** Sends frames on one socket and collects what comes back until it closes or goes quiet. */
async function sendFrames(
  frames: { data: string | Buffer; binary: boolean }[],
  expectReplies: number,
): Promise<{
  replies: { id: number | null; result: { ok: boolean; error?: string } }[];
  closeCode: number | null;
}> {
  const ws = await bridge();
  const replies: { id: number | null; result: { ok: boolean; error?: string } }[] = [];
  let closeCode: number | null = null;
  ws.on('message', (data, binary) => {
    if (binary) return;
    const message = JSON.parse(data.toString()) as Record<string, unknown>;
    if ('id' in message) replies.push(message as (typeof replies)[number]);
  });
  const closed = new Promise<void>((done) =>
    ws.once('close', (code) => {
      closeCode = code;
      done();
    }),
  );
  ws.on('error', () => undefined); // the server may cut us off mid-send
  for (const frame of frames) {
    sent++;
    ws.send(frame.data, { binary: frame.binary });
  }
  await Promise.race([
    closed,
    expect.poll(() => replies.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(expectReplies),
  ]);
  if (closeCode === null) ws.close();
  return { replies, closeCode };
}

/** A raw upgrade request; resolves with the status line's code (0: closed without one). */
function rawUpgrade(target: string, headers: Record<string, string> = {}): Promise<number> {
  const { Host: host, ...rest } = headers;
  return rawRequest(port, `GET ${target}`, {
    host,
    headers: {
      Connection: 'Upgrade',
      Upgrade: 'websocket',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
      Origin: url.origin,
      ...rest,
    },
  }).then((response) => response.status);
}

// Each test does well under a second of work; the margin is for a loaded 2-core machine.
describe('the running preview under hostile input', { timeout: 30_000 }, () => {
  it('answers malformed HTTP targets with 400/403/404/405 and survives', async () => {
    const host = `127.0.0.1:${port}`;
    const cases: [string, number][] = [
      ['GET //', 403],
      ['GET http://[', 400],
      ['GET /%ZZ', 403],
      [`GET /${token}/%ZZ`, 400],
      [`GET /${token}/%`, 400],
      [`GET http://${host}/${token}/`, 400],
      ['GET http://evil.example/', 400],
      ['GET *', 400],
      ['OPTIONS *', 405],
      ['POST /', 405],
      [`GET /${token}/..%2F..%2Fetc%2Fpasswd`, 404],
      [`GET /${token}/${'a/'.repeat(2000)}`, 404],
      [`GET /${'%'.repeat(4000)}`, 403],
    ];
    for (const [line, status] of cases) {
      sent++;
      expect((await rawRequest(port, line)).status, line).toBe(status);
    }
    sent++;
    expect((await rawRequest(port, `GET /${token}/`, { host: 'evil.example' })).status).toBe(403);
    await expectAliveAndGuarded();
  });

  it('refuses WebSocket upgrades to odd targets, origins and handshakes, and survives', async () => {
    const bridgePath = `/${token}/${BRIDGE_PATH}`;
    const cases: [string, Record<string, string>, number][] = [
      ['//', {}, 403],
      ['http://[', {}, 400],
      ['/%ZZ', {}, 403],
      [`/${token}/%ZZ`, {}, 400],
      [`/${BRIDGE_PATH}`, {}, 403],
      [`/${token}/`, {}, 404],
      [bridgePath, { Origin: 'http://evil.example' }, 403],
      [bridgePath, { Origin: 'null' }, 403],
      [bridgePath, { Host: 'evil.example' }, 403],
      [bridgePath, { 'Sec-WebSocket-Version': '99' }, 400],
      [bridgePath, { 'Sec-WebSocket-Key': '' }, 400],
      [bridgePath, { Upgrade: 'h2c' }, 400],
    ];
    for (const [target, headers, status] of cases) {
      sent++;
      expect(await rawUpgrade(target, headers), `${target} ${JSON.stringify(headers)}`).toBe(
        status,
      );
    }
    await expectAliveAndGuarded();
  });

  it('answers each malformed bridge frame with an error result and keeps the socket', async () => {
    const frames = [
      'null',
      '0',
      '-1.5e308',
      '[]',
      '[1,2,3]',
      '"getState"',
      'true',
      '',
      '{',
      'garbage \u0000\u001f',
      `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
      '{"id":1e400,"method":"getState"}',
      '{"id":5,"method":"connect","arg":{"__proto__":{"polluted":1}}}',
      '{"id":6,"method":"saveSettings","arg":{"model":"' + 'm'.repeat(70_000) + '"}}',
      '{"id":7,"method":"reportPlayback","arg":{"itemId":"x","playedMs":1,"bufferedMs":-1,"underruns":0}}',
    ].map((data): { data: string | Buffer; binary: boolean } => ({ data, binary: false }));
    frames.push(
      { data: Buffer.from([1, 2, 3]), binary: true },
      { data: Buffer.alloc(64 * 1024), binary: true },
    );
    const { replies, closeCode } = await sendFrames(frames, frames.length);
    expect(closeCode).toBeNull();
    expect(replies).toHaveLength(frames.length);
    expect(replies.every((reply) => reply.result.ok === false && reply.result.error)).toBe(true);
    expect(replies.find((r) => r.id === 5)!.result.error).toMatch(/takes no argument/);
    expect(replies.find((r) => r.id === 6)!.result).toMatchObject({ ok: false }); // IPC's own words
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await expectAliveAndGuarded();
  });

  it('closes the socket on oversized, non-UTF-8 or broken framing, and survives', async () => {
    const oversized = await sendFrames(
      [{ data: 'x'.repeat(MAX_BRIDGE_TEXT_BYTES + 1), binary: false }],
      1,
    );
    expect(oversized.closeCode).toBe(1009);
    const binaryOversized = await sendFrames(
      [{ data: Buffer.alloc(MAX_BRIDGE_TEXT_BYTES + 2), binary: true }],
      1,
    );
    expect(binaryOversized.closeCode).toBe(1009);
    const notUtf8 = await sendFrames([{ data: Buffer.from([0xc3, 0x28, 0xff]), binary: false }], 1);
    expect(notUtf8.closeCode).toBe(1007);

    // Below the WebSocket layer: an unmasked frame, a reserved opcode, a cut-off frame.
    for (const bytes of [
      Buffer.from([0x81, 0x05, 0x68, 0x65, 0x6c, 0x6c, 0x6f]),
      Buffer.from([0x83, 0x80, 0, 0, 0, 0]),
      Buffer.from([0x81, 0xff, 0xff, 0xff]),
    ]) {
      sent++;
      await rawSocketFrames(bytes);
    }
    await expectAliveAndGuarded();
  });

  it('survives 2,000 generated frames and logs the flood in a few lines', async () => {
    const frame = fc.oneof(
      fc
        .jsonValue({ maxDepth: 3 })
        .map((v) => ({ data: JSON.stringify(v) ?? 'null', binary: false })),
      fc.string().map((data) => ({ data, binary: false })),
      fc
        .uint8Array({ maxLength: 300 })
        .map((bytes) => ({ data: Buffer.from(bytes), binary: true })),
      fc
        .record({ id: fc.nat(), method: fc.string(), arg: fc.jsonValue({ maxDepth: 2 }) })
        .map((call) => ({ data: JSON.stringify(call), binary: false })),
    );
    const frames = fc.sample(frame, { numRuns: 2000, seed: 42 });
    const before = stderr.split('\n').length;
    // Only whole PCM16 audio goes unanswered: no generated frame is a valid call.
    const answered = frames.filter(
      (f) =>
        !(
          f.binary &&
          f.data.length > 0 &&
          f.data.length % 2 === 0 &&
          f.data.length <= MAX_AUDIO_FRAME_BYTES
        ),
    ).length;
    const { closeCode, replies } = await sendFrames(frames, answered);
    expect(replies).toHaveLength(answered);
    expect(closeCode).toBeNull();
    await expectAliveAndGuarded();
    expect(stderr.split('\n').length - before).toBeLessThan(40);
    expect(stderr).not.toMatch(/uncaught|unhandled/i);
  });

  it('reports what it took', () => {
    expect(sent).toBeGreaterThan(2000);
    expect(child.exitCode).toBeNull();
  });
});

/** Opens a bridge by hand and writes raw bytes after the handshake, then hangs up. */
function rawSocketFrames(bytes: Buffer): Promise<void> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.once('close', () => done());
    let upgraded = false;
    socket.on('data', (chunk) => {
      if (!upgraded && chunk.toString().startsWith('HTTP/1.1 101')) {
        upgraded = true;
        socket.write(bytes);
        setTimeout(() => socket.destroy(), 200);
      }
    });
    socket.write(
      [
        `GET /${token}/${BRIDGE_PATH} HTTP/1.1`,
        `Host: 127.0.0.1:${port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        'Sec-WebSocket-Version: 13',
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
        `Origin: ${url.origin}`,
        '',
        '',
      ].join('\r\n'),
    );
  });
}
