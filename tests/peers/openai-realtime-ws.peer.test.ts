import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { OpenAIRealtimeWS } from 'openai/realtime/ws';
import type { RealtimeClientEvent, RealtimeServerEvent } from 'openai/resources/realtime/realtime';
import { toneThenSilence } from './support/audio';
import { startStandalone, type Standalone } from './support/standalone';
import { allProblems } from './support/validate';

/**
 * The `openai` package's `OpenAIRealtimeWS`, unchanged, against `npm run simulator -- --tls`.
 * The SDK accepts only `wss:` URLs: it is pointed at the simulator through the client's
 * `baseURL`, and trusts the generated certificate through the `ws` `ca` option it passes on
 * (or NODE_EXTRA_CA_CERTS, as the CLI suggests; checked in a child process below).
 */
let simulator: Standalone;
beforeAll(async () => {
  simulator = await startStandalone(['--tls', '--pacing', 'instant']);
});
afterAll(async () => {
  // A correct client, run through every flow above, makes no mistake the explainer reports.
  const findings = simulator?.findings() ?? [];
  await simulator?.stop();
  expect(findings).toEqual([]);
});

interface Run {
  rt: OpenAIRealtimeWS;
  events: RealtimeServerEvent[];
  errors: unknown[];
  next: <T extends RealtimeServerEvent['type']>(
    type: T,
  ) => Promise<Extract<RealtimeServerEvent, { type: T }>>;
}
const open: OpenAIRealtimeWS[] = [];
afterEach(() => {
  for (const rt of open.splice(0)) rt.close();
});

async function connect(): Promise<Run> {
  const host = new URL(simulator.url).host;
  const client = new OpenAI({ apiKey: 'sk-simulated', baseURL: `https://${host}/v1` });
  const rt = new OpenAIRealtimeWS(
    { model: 'gpt-realtime', options: { ca: readFileSync(simulator.certFile!) } },
    client,
  );
  open.push(rt);
  const events: RealtimeServerEvent[] = [];
  const errors: unknown[] = [];
  rt.on('event', (event) => events.push(event));
  rt.on('error', (error) => errors.push(error));
  const seen = new Set<RealtimeServerEvent>();
  const next = <T extends RealtimeServerEvent['type']>(type: T) =>
    new Promise<Extract<RealtimeServerEvent, { type: T }>>((resolve, reject) => {
      const deadline = Date.now() + 8000;
      const look = (): void => {
        const found = events.find((e) => e.type === type && !seen.has(e));
        if (found) {
          seen.add(found);
          return resolve(found as Extract<RealtimeServerEvent, { type: T }>);
        }
        if (Date.now() > deadline)
          return reject(new Error(`no ${type}; errors: ${JSON.stringify(errors)}`));
        setTimeout(look, 10);
      };
      look();
    });
  await new Promise<void>((resolve, reject) => {
    rt.socket.once('open', () => resolve());
    rt.socket.once('error', reject);
  });
  await next('session.created');
  return { rt, events, errors, next };
}

const send = (run: Run, event: RealtimeClientEvent): void => run.rt.send(event);

function expectClean(run: Run): void {
  expect(run.errors).toEqual([]);
  expect(run.events.filter((e) => e.type === 'error')).toEqual([]);
  expect(allProblems(run.events)).toEqual([]);
}

describe('openai OpenAIRealtimeWS against the standalone simulator over TLS', () => {
  it('serves wss:// at the URL the CLI printed', () => {
    expect(simulator.url).toMatch(/^wss:\/\/127\.0\.0\.1:\d+\/v1\/realtime\?model=/);
  });

  it('push-to-talk: append, commit, response.create; usage has token details', async () => {
    const run = await connect();
    send(run, {
      type: 'session.update',
      session: { type: 'realtime', audio: { input: { turn_detection: null } } },
    });
    const updated = await run.next('session.updated');
    expect(updated.session).toMatchObject({ audio: { input: { turn_detection: null } } });
    const speech = Buffer.from(toneThenSilence(400, 0).buffer);
    send(run, { type: 'input_audio_buffer.append', audio: speech.toString('base64') });
    send(run, { type: 'input_audio_buffer.commit' });
    send(run, { type: 'response.create' });
    const done = await run.next('response.done');
    expect(done.response.status).toBe('completed');
    const audio = run.events.filter((e) => e.type === 'response.output_audio.delta');
    expect(audio.reduce((n, e) => n + Buffer.from(e.delta, 'base64').byteLength, 0)).toBe(
      speech.byteLength,
    );
    expect(done.response.usage?.input_token_details?.audio_tokens).toBe(4);
    expect(done.response.usage?.output_token_details?.audio_tokens).toBe(8);
    expect(run.events.map((e) => e.type)).toContain('rate_limits.updated');
    expectClean(run);
  });

  it('text-only output: response.output_text.* and no audio', async () => {
    const run = await connect();
    send(run, {
      type: 'session.update',
      session: { type: 'realtime', output_modalities: ['text'] },
    });
    await run.next('session.updated');
    send(run, {
      type: 'conversation.item.create',
      item: {
        type: 'message',
        role: 'user',
        content: [{ type: 'input_text', text: 'Text only, please' }],
      },
    });
    send(run, { type: 'response.create' });
    const done = await run.next('response.done');
    const text = await run.next('response.output_text.done');
    expect(text.text).toContain('you wrote “Text only, please”');
    expect(done.response.output_modalities).toEqual(['text']);
    expect(done.response.output?.[0]).toMatchObject({
      content: [{ type: 'output_text', text: text.text }],
    });
    expect(run.events.some((e) => e.type.startsWith('response.output_audio'))).toBe(false);
    expectClean(run);
  });

  it('conversation "none": an out-of-band reply to its own input, metadata echoed, the conversation untouched', async () => {
    const run = await connect();
    send(run, {
      type: 'response.create',
      response: {
        conversation: 'none',
        output_modalities: ['text'],
        metadata: { purpose: 'classification' },
        instructions: 'Classify the input.',
        input: [
          {
            type: 'message',
            role: 'user',
            content: [{ type: 'input_text', text: 'Is this spam?' }],
          },
        ],
      },
    });
    const created = await run.next('response.created');
    const done = await run.next('response.done');
    expect(created.response.conversation_id).toBeNull();
    expect(done.response.conversation_id).toBeNull();
    expect(done.response.metadata).toEqual({ purpose: 'classification' });
    expect(JSON.stringify(done.response.output)).toContain('Is this spam?');
    expect(run.events.some((e) => e.type === 'conversation.item.added')).toBe(false);
    expectClean(run);
  });

  it('trusts the certificate through NODE_EXTRA_CA_CERTS, as the CLI says', async () => {
    const script = `
      import OpenAI from 'openai';
      import { OpenAIRealtimeWS } from 'openai/realtime/ws';
      const client = new OpenAI({ apiKey: 'sk-simulated', baseURL: process.argv[1] });
      const rt = new OpenAIRealtimeWS({ model: 'gpt-realtime' }, client);
      rt.on('error', (e) => { console.error(e.message); process.exit(1); });
      rt.on('session.created', (e) => { console.log(e.session.object); rt.close(); });
    `;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', script, `https://${new URL(simulator.url).host}/v1`],
      { env: { ...process.env, NODE_EXTRA_CA_CERTS: simulator.certFile! }, timeout: 10_000 },
    );
    expect(stdout.trim()).toBe('realtime.session');
  });
});
