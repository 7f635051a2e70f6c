import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { RealtimeSimulator, type SimulatorOptions } from '../../../src/simulator/server';
import { explainConnection } from '../../../src/simulator/explain/explainer';
import type { Finding, FindingCode } from '../../../src/simulator/explain/finding';
import { findingJsonLine, findingText } from '../../../src/simulator/explain/report';
import { Client, audioMs } from '../support/client';
import { ClientObserver } from '../../../src/simulator/explain/client-observer';

/**
 * Scripted clients that each make one mistake, against the simulator with the explainer on:
 * the right finding, once, naming the event. A client that makes none gets no finding.
 */
let simulator: RealtimeSimulator | null = null;
const clients: Client[] = [];
let findings: Finding[] = [];

async function start(options: SimulatorOptions = {}, limits = {}): Promise<void> {
  findings = [];
  simulator = new RealtimeSimulator({
    pacing: 'instant',
    ...options,
    tap: (connection, request) =>
      explainConnection(connection, request, { onFinding: (f) => findings.push(f), limits }),
  });
  await simulator.start();
}

async function connect(
  headers: Record<string, string> = {},
  options: WebSocket.ClientOptions = {},
): Promise<Client> {
  const ws = new WebSocket(simulator!.url, { headers, ...options });
  const client = new Client(ws);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  clients.push(client);
  return client;
}

async function settle(ms = 150): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits (bounded) until a finding of this code arrives; a loaded machine parses 15 MiB slowly. */
async function arrival(code: FindingCode, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!findings.some((f) => f.code === code) && Date.now() < deadline) await sleep(50);
}

function only(code: FindingCode): Finding {
  const matching = findings.filter((f) => f.code === code);
  expect(matching, `findings: ${findings.map((f) => f.code).join(', ')}`).toHaveLength(1);
  return matching[0]!;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends `frame()` every 20 ms of wall time for `ms`, catching up after a late timer, as a microphone does. */
async function paced(ms: number, frame: () => void): Promise<void> {
  const start = performance.now();
  let sent = 0;
  while (sent * 20 < ms) {
    while (sent * 20 <= performance.now() - start && sent * 20 < ms) {
      frame();
      sent++;
    }
    await sleep(5);
  }
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.ws.terminate();
  await simulator?.stop();
  simulator = null;
});

describe('the simulator explains a client’s mistakes', () => {
  it('a correct push-to-talk client gets no finding', async () => {
    await start();
    const client = await connect();
    await client.next('session.created');
    client.pushToTalk();
    await client.next('session.updated');
    for (let i = 0; i < 10; i++)
      client.send({ type: 'input_audio_buffer.append', event_id: `a${i}`, audio: audioMs(20) });
    client.send({ type: 'input_audio_buffer.commit' });
    client.send({ type: 'response.create' });
    await client.next('response.done');
    await settle();
    expect(findings).toEqual([]);
  });

  it('a binary append: named by position and event_id, with what sends binary frames', async () => {
    await start();
    const client = await connect();
    await client.next('session.created');
    client.pushToTalk();
    const append = { type: 'input_audio_buffer.append', event_id: 'evt_bin', audio: audioMs(20) };
    client.ws.send(Buffer.from(JSON.stringify(append)));
    client.ws.send(Buffer.from(JSON.stringify({ ...append, event_id: 'evt_bin2' })));
    await settle();
    const finding = only('binary_frame');
    expect(finding.event).toEqual({
      position: 2,
      type: 'input_audio_buffer.append',
      eventId: 'evt_bin',
    });
    expect(finding.service).toMatch(/1000/);
    expect(finding.fix).toMatch(/URLSessionWebSocketTask/);
    expect(finding.fix).toMatch(/ws\.send\(JSON\.stringify/);
    expect(findings).toHaveLength(1);
  });

  it('the OpenAI-Beta header', async () => {
    await start();
    await connect({ 'OpenAI-Beta': 'realtime=v1' });
    await settle();
    expect(only('beta_header').service).toMatch(/4000.*beta_api_shape_disabled/);
  });

  it('a beta-shaped session.update, explained once (not again as unknown_parameter)', async () => {
    await start();
    const client = await connect();
    await client.next('session.created');
    client.send({ type: 'session.update', event_id: 'u1', session: { modalities: ['audio'] } });
    await client.next('error');
    await settle();
    const finding = only('beta_shape');
    expect(finding.event?.eventId).toBe('u1');
    expect(finding.fix).toMatch(/output_modalities/);
    expect(findings).toHaveLength(1);
  });

  it('a mistyped field is named with the service’s error', async () => {
    await start();
    const client = await connect();
    await client.next('session.created');
    client.send({
      type: 'session.update',
      event_id: 'u2',
      session: { type: 'realtime', instructionz: 'hi' },
    });
    await client.next('error');
    await settle();
    const finding = only('rejected_event');
    expect(finding.what).toMatch(/unknown_parameter/);
    expect(finding.what).toMatch(/instructionz/);
    expect(finding.event).toMatchObject({ position: 1, eventId: 'u2' });
  });

  it('audio appended before session.updated answered a format change', async () => {
    await start();
    const client = await connect();
    await client.next('session.created');
    client.send({
      type: 'session.update',
      event_id: 'fmt',
      session: { type: 'realtime', audio: { input: { format: { type: 'audio/pcmu' } } } },
    });
    client.send({ type: 'input_audio_buffer.append', event_id: 'early', audio: audioMs(20) });
    await settle();
    const finding = only('audio_before_session_updated');
    expect(finding.event?.eventId).toBe('early');
    expect(finding.what).toMatch(/event #1\b/);
  });

  it('waiting for session.updated after a format change is not a finding', async () => {
    await start();
    const client = await connect();
    await client.next('session.created');
    client.send({
      type: 'session.update',
      session: {
        type: 'realtime',
        audio: { input: { format: { type: 'audio/pcm', rate: 24000 } } },
      },
    });
    await client.next('session.updated');
    client.send({ type: 'input_audio_buffer.append', audio: audioMs(20) });
    await settle();
    expect(findings).toEqual([]);
  });

  it('16 kHz audio labelled 24 kHz, measured over wall time while streaming', async () => {
    await start();
    const client = await connect();
    await client.next('session.created');
    client.pushToTalk();
    await client.next('session.updated');
    // 20 ms of 16 kHz PCM16 is 640 bytes; a microphone sends one every 20 ms.
    await paced(3_400, () =>
      client.send({
        type: 'input_audio_buffer.append',
        audio: Buffer.alloc(640, 3).toString('base64'),
      }),
    );
    await settle();
    const finding = only('audio_rate_mismatch');
    expect(finding.what).toMatch(/16 kHz audio declared as 24 kHz/);
    expect(finding.what).toMatch(/1\.50× too fast/);
  });

  it('24 kHz audio at real-time pace, or a file uploaded faster, is not a finding', async () => {
    await start();
    const client = await connect();
    await client.next('session.created');
    client.pushToTalk();
    await client.next('session.updated');
    await paced(3_400, () =>
      client.send({ type: 'input_audio_buffer.append', audio: audioMs(20) }),
    );
    for (let i = 0; i < 200; i++)
      client.send({ type: 'input_audio_buffer.append', audio: audioMs(100) });
    await settle();
    expect(findings).toEqual([]);
  });

  it('an append over 15 MiB', { timeout: 20_000 }, async () => {
    await start();
    const client = await connect();
    await client.next('session.created');
    client.send({
      type: 'input_audio_buffer.append',
      event_id: 'huge',
      audio: Buffer.alloc(11_800_000).toString('base64'),
    });
    await arrival('append_too_large');
    expect(only('append_too_large').event?.eventId).toBe('huge');
  });

  it('a flood of tiny appends', async () => {
    await start();
    const client = await connect();
    await client.next('session.created');
    for (let i = 0; i < 150; i++)
      client.send({ type: 'input_audio_buffer.append', audio: audioMs(2) });
    await settle();
    expect(only('appends_too_many').fix).toMatch(/20–100 ms/);
  });

  it('a commit of less than 100 ms', async () => {
    await start();
    const client = await connect();
    await client.next('session.created');
    client.pushToTalk();
    client.send({ type: 'input_audio_buffer.append', audio: audioMs(50) });
    client.send({ type: 'input_audio_buffer.commit', event_id: 'short' });
    await client.next('error');
    await settle();
    const finding = only('commit_too_short');
    expect(finding.event).toMatchObject({ type: 'input_audio_buffer.commit', eventId: 'short' });
  });

  it('response.create during an active response', async () => {
    await start({ pacing: 'realtime' });
    const client = await connect();
    await client.next('session.created');
    client.pushToTalk();
    client.send({ type: 'input_audio_buffer.append', audio: audioMs(300) });
    client.send({ type: 'input_audio_buffer.commit' });
    client.send({ type: 'response.create' });
    await client.next('response.created');
    client.send({ type: 'response.create', event_id: 'again' });
    await client.next('error');
    await settle();
    expect(only('response_while_active').event?.eventId).toBe('again');
  });

  it('a socket closed while a reply streams', async () => {
    await start({ pacing: 'realtime' });
    const client = await connect();
    await client.next('session.created');
    client.pushToTalk();
    client.send({ type: 'input_audio_buffer.append', audio: audioMs(500) });
    client.send({ type: 'input_audio_buffer.commit' });
    client.send({ type: 'response.create' });
    await client.next('response.created');
    client.ws.close(1000);
    await settle(300);
    expect(only('closed_during_response').what).toMatch(/code 1000/);
  });

  it('pings left unanswered', async () => {
    await start({ tapPing: { pingEveryMs: 200, pongWithinMs: 400 } });
    const client = await connect({}, { autoPong: false });
    await client.next('session.created');
    const deadline = Date.now() + 5_000;
    while (!findings.some((f) => f.code === 'ping_unanswered') && Date.now() < deadline)
      await sleep(100);
    expect(only('ping_unanswered').service).toMatch(/dropped/);
  });

  it('prints plain words and one JSON line per finding', async () => {
    const finding: Finding = {
      code: 'binary_frame',
      connection: 3,
      event: { position: 2, type: 'input_audio_buffer.append', eventId: null },
      what: 'w "quoted"\nnext',
      service: 's',
      fix: 'f',
      atMs: 1234,
    };
    expect(findingText(finding)).toContain(
      'connection 3, event #2 (input_audio_buffer.append, no event_id), 1.2 s in',
    );
    const line = findingJsonLine(finding);
    expect(line.trimEnd().includes('\n')).toBe(false);
    expect(JSON.parse(line)).toMatchObject({
      finding: 'binary_frame',
      event_position: 2,
      what: 'w "quoted"\nnext',
    });
  });

  it('a client that stops reading: its unsent backlog stays high', () => {
    let now = 0;
    const seen: Finding[] = [];
    const observer = new ClientObserver(
      1,
      (f) => seen.push(f),
      () => now,
      {
        notReadingBytes: 1_000,
        notReadingMs: 2_000,
      },
    );
    for (const buffered of [5_000, 5_000, 500, 5_000, 5_000, 5_000]) {
      observer.backlog(buffered);
      now += 1_000;
    }
    expect(seen.map((f) => f.code)).toEqual(['not_reading']);
    expect(seen[0]!.what).toMatch(/stopped reading/);
  });

  it('push-to-talk presses with a commit between them are runs of their own', () => {
    let now = 0;
    const seen: Finding[] = [];
    const observer = new ClientObserver(
      1,
      (f) => seen.push(f),
      () => now,
    );
    const append = JSON.stringify({ type: 'input_audio_buffer.append', audio: audioMs(20) });
    for (let press = 0; press < 3; press++) {
      for (let i = 0; i < 75; i++) {
        observer.clientMessage(append, false);
        now += 20;
      }
      observer.clientMessage('{"type":"input_audio_buffer.commit"}', false);
      now += 550;
    }
    expect(seen).toEqual([]);
  });

  it('closing after response.cancel is not a finding', () => {
    const seen: Finding[] = [];
    const observer = new ClientObserver(
      1,
      (f) => seen.push(f),
      () => 0,
    );
    observer.serverMessage('{"type":"response.created"}');
    observer.clientMessage('{"type":"response.cancel"}', false);
    observer.closed(1000);
    expect(seen).toEqual([]);
  });
});
