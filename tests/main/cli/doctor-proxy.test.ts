import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { generate } from 'selfsigned';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runDoctor } from '../../../src/main/cli/doctor';
import { proxyFromEnv } from '../../../src/main/cli/env-proxy';
import { RealtimeSimulator } from '../../../src/simulator/server';
import { startConnectProxy } from '../../support/connect-proxy';

// The doctor under plain Node follows HTTPS_PROXY / HTTP_PROXY / ALL_PROXY / NO_PROXY from
// process.env (stubbed per test), through proxy-agent, with CONNECT proxies on 127.0.0.1.
const PROXY_VARIABLES = ['http_proxy', 'https_proxy', 'all_proxy', 'no_proxy'].flatMap((n) => [
  n,
  n.toUpperCase(),
]);
const DOCTOR = resolve(import.meta.dirname, '../../../src/main/cli/doctor.ts');
const exec = promisify(execFile);
const withoutProxyVariables = (env: NodeJS.ProcessEnv): NodeJS.ProcessEnv =>
  Object.fromEntries(Object.entries(env).filter(([name]) => !PROXY_VARIABLES.includes(name)));
const cleanups: (() => unknown)[] = [];
beforeEach(() => {
  for (const name of PROXY_VARIABLES) vi.stubEnv(name, ''); // whatever the machine has set
});
afterEach(async () => {
  vi.unstubAllEnvs();
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function doctor(argv: string[]) {
  const lines: string[] = [];
  const code = await runDoctor(argv, {}, (line) => lines.push(...line.split('\n')));
  return { code, text: lines.join('\n'), last: lines.filter(Boolean).at(-1) ?? '' };
}

describe('proxyFromEnv', () => {
  it('HTTPS_PROXY for wss://, HTTP_PROXY for ws://, ALL_PROXY for both; lower case first', () => {
    vi.stubEnv('HTTPS_PROXY', 'http://secure.corp:3128');
    vi.stubEnv('HTTP_PROXY', 'http://plain.corp:8080');
    expect(proxyFromEnv('wss://api.openai.com/v1/realtime')).toEqual({
      url: 'http://secure.corp:3128',
      variable: 'HTTPS_PROXY',
    });
    expect(proxyFromEnv('ws://realtime.test/v1/realtime')).toEqual({
      url: 'http://plain.corp:8080',
      variable: 'HTTP_PROXY',
    });
    vi.stubEnv('https_proxy', 'http://lower.corp:1');
    expect(proxyFromEnv('wss://api.openai.com/')?.variable).toBe('https_proxy');
    vi.stubEnv('https_proxy', '');
    vi.stubEnv('HTTPS_PROXY', '');
    vi.stubEnv('ALL_PROXY', 'socks5://socks.corp:1080');
    expect(proxyFromEnv('wss://api.openai.com/')).toEqual({
      url: 'socks5://socks.corp:1080',
      variable: 'ALL_PROXY',
    });
  });

  it('NO_PROXY exceptions, loopback and an empty environment are direct', () => {
    expect(proxyFromEnv('wss://api.openai.com/')).toBeNull();
    vi.stubEnv('HTTPS_PROXY', 'http://secure.corp:3128');
    vi.stubEnv('NO_PROXY', 'localhost,.openai.azure.com,api.openai.com');
    expect(proxyFromEnv('wss://api.openai.com/v1/realtime')).toBeNull();
    expect(proxyFromEnv('wss://me.openai.azure.com/openai/realtime')).toBeNull();
    expect(proxyFromEnv('wss://other.example/')).not.toBeNull();
    vi.stubEnv('NO_PROXY', '');
    expect(proxyFromEnv('ws://127.0.0.1:4000/v1/realtime')).toBeNull();
    expect(proxyFromEnv('ws://localhost:4000/v1/realtime')).toBeNull();
  });
});

describe('the doctor behind a proxy', { timeout: 20_000 }, () => {
  it('tunnels through HTTPS_PROXY (npm run doctor as a process), names it, completes the round trip', async () => {
    // The Realtime host "realtime.test" is the simulator behind the proxy, with a certificate
    // of its own that the doctor process trusts through NODE_EXTRA_CA_CERTS.
    const pems = await generate([{ name: 'commonName', value: 'realtime.test' }], {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      extensions: [
        { name: 'basicConstraints', cA: true, critical: true },
        { name: 'subjectAltName', altNames: [{ type: 2, value: 'realtime.test' }] },
      ],
    });
    const dir = await mkdtemp(join(tmpdir(), 'hark-doctor-proxy-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, 'ca.pem'), pems.cert);
    const simulator = new RealtimeSimulator({ tls: { cert: pems.cert, key: pems.private } });
    const target = await simulator.start();
    cleanups.push(() => simulator.stop());
    const proxy = await startConnectProxy(target.replace('wss:', 'https:'));
    cleanups.push(() => proxy.close());
    const run = await exec(
      process.execPath,
      [
        '--import',
        'tsx',
        DOCTOR,
        '--url',
        'wss://realtime.test/v1/realtime?model=gpt-realtime',
        '--api-key',
        'sk-test-proxy',
        '--fast',
      ],
      {
        env: {
          ...withoutProxyVariables(process.env),
          HTTPS_PROXY: proxy.url,
          NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem'),
        },
        timeout: 15_000,
      },
    ).catch((error: { stdout?: string; stderr?: string }) => {
      throw new Error(`doctor failed:\n${error.stdout}\n${error.stderr}`);
    });
    expect(run.stdout).toContain(`proxy: ${proxy.url} (from HTTPS_PROXY)`);
    expect(run.stdout).toMatch(/✓ Round trip complete/);
    expect(proxy.requests).toEqual(['realtime.test:443']);
  });

  it('a proxy that asks for a login: exit 1, and the diagnosis names the proxy', async () => {
    const proxy = await startConnectProxy('http://127.0.0.1:9', 407);
    cleanups.push(() => proxy.close());
    vi.stubEnv('HTTPS_PROXY', proxy.url);
    const { code, last } = await doctor([
      '--url',
      'wss://api.openai.test/v1/realtime?model=gpt-realtime',
      '--api-key',
      'sk-test-proxy',
      '--fast',
      '--json',
    ]);
    expect(code).toBe(1);
    const json = JSON.parse(last) as { diagnosis: string; close: { httpStatus: number } };
    expect(json.close.httpStatus).toBe(407);
    expect(json.diagnosis).toContain(`proxy ${proxy.url}`);
    expect(json.diagnosis).toMatch(/login \(HTTP 407\)/);
    expect(proxy.requests).toEqual(['api.openai.test:443']);
  });

  it('a proxy that is down is named too; credentials in its URL are not printed', async () => {
    const proxy = await startConnectProxy('http://127.0.0.1:9');
    await proxy.close(); // nothing listens there now
    vi.stubEnv('HTTPS_PROXY', `http://corp-user:s3cret-proxy-pass@127.0.0.1:${proxy.port}`);
    const { code, text } = await doctor([
      '--url',
      'wss://api.openai.test/v1/realtime?model=gpt-realtime',
      '--api-key',
      'sk-test-proxy',
      '--fast',
    ]);
    expect(code).toBe(1);
    expect(text).toMatch(/\(from HTTPS_PROXY\)/);
    expect(text).toMatch(new RegExp(`proxy http://.*127\\.0\\.0\\.1:${proxy.port}.*ECONNREFUSED`));
    expect(text).not.toContain('s3cret-proxy-pass');
  });

  it('the embedded simulator is reached directly, whatever the environment says', async () => {
    vi.stubEnv('HTTP_PROXY', 'http://127.0.0.1:9');
    vi.stubEnv('ALL_PROXY', 'http://127.0.0.1:9');
    const { code, text } = await doctor(['--fast']);
    expect(code).toBe(0);
    expect(text).not.toMatch(/proxy:/);
  });
});
