import { afterEach, describe, expect, it, vi } from 'vitest';
import { proxyUrlFromPac, systemProxyAgent } from '../../../src/main/desktop/proxy';
import { isLoopbackHost } from '../../../src/shared/settings-schema';
import { RealtimeSession } from '../../../src/main/realtime/session';
import { DEFAULT_SESSION_SETTINGS } from '../../../src/main/realtime/session-config';
import type { Endpoint } from '../../../src/main/engine/providers';
import { startConnectProxy } from '../../support/connect-proxy';
import { greet, startTestServer, type TestServer } from '../../support/servers';

describe('proxyUrlFromPac', () => {
  it('reads the first usable entry of what session.resolveProxy answers', () => {
    expect(proxyUrlFromPac('DIRECT')).toBe('');
    expect(proxyUrlFromPac('')).toBe('');
    expect(proxyUrlFromPac('PROXY proxy.corp:3128')).toBe('http://proxy.corp:3128');
    expect(proxyUrlFromPac('PROXY proxy.corp:3128; DIRECT')).toBe('http://proxy.corp:3128');
    expect(proxyUrlFromPac('HTTPS secure.corp:443')).toBe('https://secure.corp:443');
    expect(proxyUrlFromPac('SOCKS5 127.0.0.1:1080')).toBe('socks5://127.0.0.1:1080');
    expect(proxyUrlFromPac('SOCKS 10.0.0.1:1080')).toBe('socks4://10.0.0.1:1080');
    expect(proxyUrlFromPac('QUIC x:1; PROXY p:8080')).toBe('http://p:8080');
    expect(proxyUrlFromPac('DIRECT; PROXY p:8080')).toBe('');
    expect(proxyUrlFromPac('PROXY bad/host:1')).toBe('');
  });
});

const endpoint = (url: string): Endpoint => ({
  provider: 'custom',
  url,
  headers: {},
  label: 'test',
  model: 'gpt-realtime',
});

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function realtimeServer(): Promise<TestServer> {
  const server = await startTestServer({ onSocket: (socket) => greet(socket) });
  cleanups.push(() => server.close());
  return server;
}

function session(url: string, agent: ReturnType<typeof systemProxyAgent>): RealtimeSession {
  const s = new RealtimeSession(endpoint(url), DEFAULT_SESSION_SETTINGS, {
    setupTimeoutMs: 3000,
    agent,
  });
  cleanups.push(() => s.close());
  return s;
}

describe('the Realtime socket through the system proxy', () => {
  it('asks the system which proxy to use, tunnels through it, and the session works', async () => {
    const server = await realtimeServer();
    const proxy = await startConnectProxy(server.url.replace('ws:', 'http:'));
    cleanups.push(() => proxy.close());
    const resolveProxy = vi.fn(async () => `PROXY 127.0.0.1:${proxy.port}; DIRECT`);
    const agent = systemProxyAgent(resolveProxy);
    cleanups.push(() => agent.destroy());
    expect(
      await session('ws://realtime.test/v1/realtime?model=gpt-realtime', agent).start(),
    ).toBeNull();
    expect(resolveProxy).toHaveBeenCalledWith(
      'http://realtime.test/v1/realtime?model=gpt-realtime',
    );
    expect(proxy.requests).toEqual(['realtime.test:80']);
    expect(agent.lastProxy).toBe(`http://127.0.0.1:${proxy.port}`);
    expect(server.received.map((f) => JSON.parse(f).type)).toContain('session.update');
  });

  it('a proxy that asks for a login is named in the diagnosis', async () => {
    const proxy = await startConnectProxy('http://127.0.0.1:9', 407);
    cleanups.push(() => proxy.close());
    const agent = systemProxyAgent(async () => `PROXY 127.0.0.1:${proxy.port}`);
    cleanups.push(() => agent.destroy());
    const closure = (await session('wss://api.openai.test/v1/realtime', agent).start())!;
    expect(closure.httpStatus).toBe(407);
    expect(closure.title).toBe('Proxy refused');
    expect(closure.diagnosis).toContain(`system proxy http://127.0.0.1:${proxy.port}`);
    expect(closure.diagnosis).toMatch(/login \(HTTP 407\)/);
  });

  it('a proxy that is not there is named in the diagnosis', async () => {
    const proxy = await startConnectProxy('http://127.0.0.1:9');
    await proxy.close(); // its port is now closed
    const agent = systemProxyAgent(async () => `PROXY 127.0.0.1:${proxy.port}`);
    cleanups.push(() => agent.destroy());
    const closure = (await session('wss://api.openai.test/v1/realtime', agent).start())!;
    expect(closure.title).toBe('Proxy refused');
    expect(closure.diagnosis).toMatch(
      new RegExp(
        `system proxy http://127\\.0\\.0\\.1:${proxy.port}, and it could not be used \\(.*ECONNREFUSED`,
      ),
    );
  });

  it('the embedded simulator on loopback is reached directly, without asking', async () => {
    const server = await realtimeServer();
    const resolveProxy = vi.fn(async () => 'PROXY 127.0.0.1:9');
    const agent = systemProxyAgent(resolveProxy);
    cleanups.push(() => agent.destroy());
    expect(await session(server.url, agent).start()).toBeNull();
    expect(resolveProxy).not.toHaveBeenCalled();
    expect(agent.lastProxy).toBeNull();
  });

  it('decides "this machine" with the same rule as the key (isLoopbackHost), and asks for the rest', async () => {
    const resolveProxy = vi.fn(async () => 'PROXY proxy.corp:3128');
    const agent = systemProxyAgent(resolveProxy);
    const direct = [
      'ws://localhost:1/v1',
      'ws://LOCALHOST:1/v1',
      'ws://127.0.0.1:1/v1',
      'ws://127.4.5.6:1/v1',
      'ws://[::1]:1/v1',
      'ws://hark.localhost:1/v1',
      'wss://a.b.localhost/v1',
    ];
    for (const url of direct) {
      expect(await agent.getProxyForUrl(url, {} as never), url).toBe('');
      expect(isLoopbackHost(new URL(url).hostname), url).toBe(true);
    }
    expect(resolveProxy).not.toHaveBeenCalled();
    // Names that only look local go through the proxy (a "127." domain is somebody's host).
    for (const url of [
      'wss://127.example.com/v1',
      'wss://localhost.example.com/v1',
      'ws://[::2]:1/',
    ]) {
      expect(await agent.getProxyForUrl(url, {} as never), url).toBe('http://proxy.corp:3128');
      expect(isLoopbackHost(new URL(url).hostname), url).toBe(false);
    }
  });

  it('a failed lookup means a direct connection, and says so in the log', async () => {
    const logs: string[] = [];
    const agent = systemProxyAgent(
      async () => {
        throw new Error('resolver gone');
      },
      (m) => logs.push(m),
    );
    cleanups.push(() => agent.destroy());
    expect(await agent.getProxyForUrl('wss://api.openai.com/v1/realtime', {} as never)).toBe('');
    expect(logs.join()).toMatch(/proxy lookup failed.*resolver gone/);
    expect(agent.lastProxy).toBeNull();
  });
});
