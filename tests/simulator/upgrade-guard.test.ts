import { afterEach, describe, expect, it } from 'vitest';
import { RealtimeSimulator } from '../../src/simulator/server';
import { EndpointSource } from '../../src/main/engine/link/endpoint-source';
import { DEFAULT_SETTINGS } from '../../src/main/settings/settings-model';
import { sendRaw } from '../support/hostile-frames';
import { Client } from './support/client';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function guarded(): Promise<RealtimeSimulator> {
  const simulator = new RealtimeSimulator({
    guard: { pathSecret: 'per-run-secret', allowedOrigins: ['app://hark'] },
  });
  await simulator.start();
  stops.push(() => simulator.stop());
  return simulator;
}

describe('the simulator upgrade guard', () => {
  it('puts the secret in the URL and admits a client that has it (Node, or the app origin)', async () => {
    const simulator = await guarded();
    expect(simulator.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/per-run-secret\/v1\/realtime\?/);
    for (const headers of [{}, { Origin: 'app://hark' }] as Record<string, string>[]) {
      const client = await Client.connect(simulator.url, headers);
      expect((await client.next('session.created')).type).toBe('session.created');
      client.ws.close();
    }
  });

  it('refuses with 403 before the upgrade: no secret, a wrong one, or a foreign Origin', async () => {
    const simulator = await guarded();
    const port = Number(new URL(simulator.url).port);
    const cases: [string, Record<string, string>][] = [
      ['/v1/realtime', {}],
      ['/per-run-secreT/v1/realtime', {}],
      ['/per-run-secret-longer/v1/realtime', {}],
      ['//per-run-secret/v1/realtime', {}],
      ['/per-run-secret/v1/realtime', { Origin: 'https://evil.example' }],
      ['/per-run-secret/v1/realtime', { Origin: 'null' }],
      ['/per-run-secret/v1/realtime', { Origin: 'app://hark.evil.example' }],
    ];
    for (const [path, headers] of cases) {
      const outcome = await sendRaw({ port, path, headers }, Buffer.alloc(0));
      expect(outcome.status, `${path} ${JSON.stringify(headers)}`).toBe(403);
    }
    expect(simulator.connectionCount).toBe(0);
  });

  it('the standalone simulator stays open to any local client, as documented', async () => {
    const simulator = new RealtimeSimulator();
    await simulator.start();
    stops.push(() => simulator.stop());
    const client = await Client.connect(simulator.url, { Origin: 'https://elsewhere.example' });
    expect((await client.next('session.created')).type).toBe('session.created');
    client.ws.close();
  });

  it('Hark’s embedded simulator gets a fresh secret each run', async () => {
    const secrets = [];
    for (let run = 0; run < 2; run++) {
      const source = new EndpointSource(() => null);
      stops.push(() => source.dispose());
      const endpoint = await source.current({ ...DEFAULT_SETTINGS, provider: 'simulator' });
      const secret = new URL(endpoint.url).pathname.split('/')[1]!;
      expect(secret).toMatch(/^[\w-]{32}$/);
      secrets.push(secret);
      const port = Number(new URL(endpoint.url).port);
      expect((await sendRaw({ port, path: '/v1/realtime' }, Buffer.alloc(0))).status).toBe(403);
    }
    expect(secrets[0]).not.toBe(secrets[1]);
  });
});
