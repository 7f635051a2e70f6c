import { afterEach, describe, expect, it } from 'vitest';
import type { NoticeMessage } from '../../../../src/shared/ipc';
import { EndpointSource } from '../../../../src/main/engine/link/endpoint-source';
import {
  SessionLink,
  type LinkLoss,
  type LinkStatus,
  type SessionLinkOptions,
} from '../../../../src/main/engine/link/session-link';
import type { WireRecord } from '../../../../src/main/engine/link/wire-tap';
import type { EngineSession } from '../../../../src/main/engine/engine';
import {
  DEFAULT_SETTINGS,
  type StoredSettings,
} from '../../../../src/main/settings/settings-model';
import { greet, startTestServer, type TestServer } from '../../../support/servers';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function make(settings: Partial<StoredSettings> = {}, options: Partial<SessionLinkOptions> = {}) {
  const endpoints = new EndpointSource(() => 'sk-test', { pacing: 'instant' });
  let idle = true;
  const link = new SessionLink({
    settings: () => ({ ...DEFAULT_SETTINGS, ...settings }),
    endpoints,
    isIdle: () => idle,
    backoff: { firstMs: 20, capMs: 50 },
    ...options,
  });
  cleanups.push(
    () => endpoints.dispose(),
    () => link.dispose(),
  );
  const ready: { session: EngineSession; rollover: boolean }[] = [];
  const lost: LinkLoss[] = [];
  const statuses: LinkStatus[] = [];
  const notices: NoticeMessage[] = [];
  link.on('ready', (r) => ready.push(r));
  link.on('lost', (l) => lost.push(l));
  link.on('status', (s) => statuses.at(-1) !== s && statuses.push(s));
  link.on('notice', (n) => notices.push(n));
  const next = <T>(name: 'ready' | 'lost'): Promise<T> =>
    new Promise((resolve) => {
      const off = link.on(name, (value) => (off(), resolve(value as T)));
    });
  return {
    link,
    ready,
    lost,
    statuses,
    notices,
    next,
    endpoints,
    setIdle: (value: boolean) => (idle = value),
  };
}

async function server(handlers: Parameters<typeof startTestServer>[0]): Promise<TestServer> {
  const s = await startTestServer(handlers);
  cleanups.push(() => s.close());
  return s;
}

describe('SessionLink', () => {
  it('hands a configured session to its listeners and reports Ready', async () => {
    const { link, ready, statuses, endpoints } = make();
    await link.connect();
    expect(ready).toHaveLength(1);
    expect(ready[0]!.rollover).toBe(false);
    expect(ready[0]!.session.phase).toBe('ready');
    expect(statuses).toEqual(['connecting', 'ready']);
    expect(endpoints.embeddedSimulator!.connectionCount).toBe(1);
  });

  it('rolls over before expiry only once the conversation is idle, closing the old session', async () => {
    const { link, ready, setIdle, next } = make(
      {},
      { sessionLifetimeMs: { simulator: 300 }, rolloverMarginMs: 200 },
    );
    setIdle(false);
    await link.connect();
    const first = ready[0]!.session;
    await new Promise((r) => setTimeout(r, 250));
    expect(ready).toHaveLength(1); // due, but a turn is in progress
    setIdle(true);
    const rolled = next<{ session: EngineSession; rollover: boolean }>('ready');
    link.rolloverIfDue();
    const second = await rolled;
    expect(second.rollover).toBe(true);
    expect(second.session).not.toBe(first);
    expect(link.status).toBe('ready');
    // The old session's close handshake takes a few turns of a loaded event loop.
    await expect.poll(() => first.phase, { timeout: 5000 }).toBe('closed');
  });

  it('a turn begun while the rollover session opens finishes on the old session', async () => {
    const { link, ready, setIdle, endpoints } = make(
      {},
      { sessionLifetimeMs: { simulator: 60_000 }, rolloverMarginMs: 0 },
    );
    await link.connect();
    const first = ready[0]!.session;
    link.requestRollover(); // idle: the new session starts opening at once
    setIdle(false); // and the user starts talking before it is ready
    await expect.poll(() => endpoints.embeddedSimulator!.connectionCount).toBe(2);
    await new Promise((r) => setTimeout(r, 300)); // configured by now, and waiting
    expect(ready).toHaveLength(1);
    expect(first.phase).toBe('ready');
    link.rolloverIfDue(); // not idle yet: still waiting
    expect(ready).toHaveLength(1);
    setIdle(true);
    link.rolloverIfDue();
    expect(ready).toHaveLength(2);
    expect(ready[1]!.rollover).toBe(true);
    await expect.poll(() => first.phase, { timeout: 5000 }).toBe('closed');
  });

  it('a loss while a rollover is due reconnects once, with no rollover beside it', async () => {
    const { link, ready, lost, setIdle, endpoints } = make(
      {},
      { sessionLifetimeMs: { simulator: 300 }, rolloverMarginMs: 250 },
    );
    setIdle(false);
    await link.connect();
    await new Promise((r) => setTimeout(r, 120)); // the rollover is due; a reply still plays
    // The conversation turns idle exactly when it hears of the loss, and asks at once.
    link.on('lost', () => {
      setIdle(true);
      link.rolloverIfDue();
      setIdle(false); // and busy again, so the next session's own rollover stays out of this
    });
    const simulator = endpoints.embeddedSimulator!;
    for (const client of (simulator as unknown as { wss: { clients: Set<{ terminate(): void }> } })
      .wss.clients)
      client.terminate();
    await expect.poll(() => ready.length, { timeout: 5000 }).toBe(2);
    await new Promise((r) => setTimeout(r, 200));
    expect(lost).toHaveLength(1);
    expect(ready.map((r) => r.rollover)).toEqual([false, false]);
    expect(simulator.connectionCount).toBe(1);
  });

  it('reports a drop as lost-and-retrying, then reconnects', async () => {
    let sockets = 0;
    const s = await server({
      onSocket: (socket) => {
        const n = sockets++;
        greet(socket);
        if (n === 0) setTimeout(() => socket.terminate(), 30);
      },
    });
    const { link, lost, statuses, next } = make({ provider: 'custom', customUrl: s.url });
    await link.connect();
    const again = next<{ rollover: boolean }>('ready');
    expect((await again).rollover).toBe(false);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatchObject({ retrying: true, permanent: false });
    expect(lost[0]!.closure.code).toBe(1006);
    expect(statuses).toEqual(['connecting', 'ready', 'reconnecting', 'ready']);
    expect(link.health.reconnects).toBe(1);
  });

  it('stops at a permanent refusal with one notice and no retry', async () => {
    const s = await server({
      refuse: () => ({
        status: 401,
        body: JSON.stringify({
          error: { message: 'bad key', type: 'invalid_request_error', code: 'invalid_api_key' },
        }),
      }),
    });
    const { link, lost, notices } = make({ provider: 'custom', customUrl: s.url });
    await link.connect();
    await new Promise((r) => setTimeout(r, 120));
    expect(link.status).toBe('needs-attention');
    expect(lost).toEqual([expect.objectContaining({ retrying: false, permanent: true })]);
    expect(notices).toHaveLength(1);
    expect(s.connections).toBe(1);
  });

  it('ensureConnected retries after a permanent failure only when asked to', async () => {
    const s = await server({ refuse: () => ({ status: 401, body: '{}' }) });
    const { link } = make({ provider: 'custom', customUrl: s.url });
    await link.connect();
    expect(link.status).toBe('needs-attention');
    link.ensureConnected(false);
    await new Promise((r) => setTimeout(r, 50));
    expect(s.connections).toBe(1);
    link.ensureConnected(true);
    await expect.poll(() => s.connections, { timeout: 5000 }).toBe(2);
  });

  it('taps the wire in both directions while subscribed, and not after', async () => {
    const { link, ready } = make();
    const records: WireRecord[] = [];
    const untap = link.tapWire((r) => records.push(r));
    await link.connect();
    expect(records.map((r) => `${r.direction} ${r.type}`)).toEqual([
      'received session.created',
      'sent session.update',
      'received session.updated',
    ]);
    const update = records[1]!;
    expect(update.bytes).toBe(JSON.stringify(update.event).length);
    expect(update.session).toBe(1);
    untap();
    ready[0]!.session.send({ type: 'input_audio_buffer.clear' });
    await new Promise((r) => setTimeout(r, 30));
    expect(records).toHaveLength(3);
  });
});
