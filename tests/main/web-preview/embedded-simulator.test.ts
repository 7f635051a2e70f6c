/**
 * The simulator embedded in `npm run preview:web` (its own entry point, in a child process)
 * admits only the preview itself: an attacker who finds its port (as `ss -ltnp` would) gets
 * 403 without the per-run path secret or with a browser Origin. The hostile frame corpus,
 * sent both there and on the preview's own bridge, ends no process, and a fresh session
 * still starts afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, readdir, readlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BRIDGE_PATH, MAX_BRIDGE_TEXT_BYTES } from '../../../src/shared/web-bridge-protocol';
import { hostileFrames, sendRaw } from '../../support/hostile-frames';

let child: ChildProcess;
let url: URL;
let stderr = '';
const tried = { frames: 0, crashes: 0 };

beforeAll(async () => {
  const root = await mkdtemp(join(tmpdir(), 'hark-preview-sim-'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Hark</title>');
  const env = { ...process.env };
  delete env.OPENAI_API_KEY; // the embedded simulator
  child = spawn(
    process.execPath,
    ['--import', 'tsx', resolve('src/main/web-preview/cli.ts'), '--renderer', root],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  url = new URL(
    await new Promise<string>((done, fail) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) done(out.split('\n')[0]!);
      });
      child.once('exit', (code) => fail(new Error(`preview exited (${code}): ${stderr}`)));
    }),
  );
}, 60_000);

afterAll(async () => {
  console.info(`[preview frame-fuzz] frames tried: ${tried.frames}, crashes: ${tried.crashes}`);
  if (child.exitCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await exited;
});

const bridgeTarget = (): { port: number; path: string; headers: Record<string, string> } => ({
  port: Number(url.port),
  path: `${url.pathname}${BRIDGE_PATH}`,
  headers: { Origin: url.origin },
});

/** Calls one bridge method and resolves with its result. */
async function call(method: string): Promise<{ ok: boolean; error?: string }> {
  const target = bridgeTarget();
  const ws = new WebSocket(`ws://127.0.0.1:${target.port}${target.path}`, {
    headers: target.headers,
  });
  try {
    return await new Promise((done, fail) => {
      ws.on('message', (data, binary) => {
        if (binary) return;
        const message = JSON.parse(data.toString()) as { id?: number; result?: { ok: boolean } };
        if (message.id === 1) done(message.result!);
      });
      ws.once('open', () => ws.send(JSON.stringify({ id: 1, method })));
      ws.once('error', fail);
    });
  } finally {
    ws.close();
  }
}

/** TCP ports a process listens on (what `ss -ltnp` shows; Linux /proc). */
async function listeningPorts(pid: number): Promise<number[]> {
  const inodes = new Set<string>();
  for (const fd of await readdir(`/proc/${pid}/fd`)) {
    const link = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
    if (inode) inodes.add(inode);
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const lines = (await readFile(table, 'utf8').catch(() => '')).split('\n').slice(1);
    for (const line of lines) {
      const fields = line.trim().split(/\s+/);
      if (fields[3] === '0A' && inodes.has(fields[9]!)) {
        ports.push(parseInt(fields[1]!.split(':')[1]!, 16));
      }
    }
  }
  return ports;
}

describe.runIf(process.platform === 'linux')(
  'the preview’s embedded simulator',
  { timeout: 120_000 },
  () => {
    it('admits only the preview, and survives the frame corpus there and on the bridge', async () => {
      expect(await call('connect')).toMatchObject({ ok: true });
      let simulatorPort = 0;
      await expect
        .poll(async () => {
          simulatorPort =
            (await listeningPorts(child.pid!)).find((p) => p !== Number(url.port)) ?? 0;
          return simulatorPort;
        })
        .toBeGreaterThan(0);

      const refused: { path: string; headers: Record<string, string> }[] = [
        { path: '/v1/realtime?model=gpt-realtime', headers: {} },
        { path: '/v1/realtime', headers: { Origin: 'https://evil.example' } },
        { path: `/${'A'.repeat(32)}/v1/realtime`, headers: {} },
        { path: '/', headers: { Origin: 'null' } },
      ];
      for (const { path, headers } of refused) {
        const outcome = await sendRaw({ port: simulatorPort, path, headers }, Buffer.alloc(0));
        expect(outcome.status, path).toBe(403);
      }
      for (const hostile of hostileFrames(16 * 1024 * 1024)) {
        tried.frames++;
        const outcome = await sendRaw(
          {
            port: simulatorPort,
            path: '/v1/realtime',
            headers: { Origin: 'https://evil.example' },
          },
          hostile.bytes,
        );
        expect(outcome.status).toBe(403);
        if (child.exitCode !== null) tried.crashes++;
      }
      for (const hostile of hostileFrames(MAX_BRIDGE_TEXT_BYTES)) {
        tried.frames++;
        const outcome = await sendRaw(
          bridgeTarget(),
          hostile.bytes,
          hostile.expectedClose === null,
        );
        expect(outcome.status, hostile.name).toBe(101);
        if (hostile.expectedClose !== null)
          expect(outcome.closeCode, hostile.name).toBe(hostile.expectedClose);
        if (child.exitCode !== null) tried.crashes++;
        expect(child.exitCode, `${hostile.name}\n${stderr}`).toBeNull();
      }

      // Still serving: the session ends and a fresh one starts on the same simulator.
      expect(await call('disconnect')).toMatchObject({ ok: true });
      expect(await call('connect')).toMatchObject({ ok: true });
      expect(child.exitCode, stderr).toBeNull();
      expect(stderr).not.toMatch(/uncaught|unhandled/i);
    });
  },
);
