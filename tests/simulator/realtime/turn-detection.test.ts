import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { audioMs, simulatorFixture, stream, toneThenSilence, type Client } from '../support/client';

const sim = simulatorFixture();
beforeEach(() => sim.start());
afterEach(() => sim.stop());

const replyBytes = (client: Client, responseId: string): number =>
  client.events
    .filter((e) => e.type === 'response.output_audio.delta' && e.response_id === responseId)
    .reduce((n, e) => n + Buffer.from(e.delta as string, 'base64').byteLength, 0);

describe('simulated session: turn detection', () => {
  it('server_vad: speech start and stop, one committed utterance, an automatic reply', async () => {
    const client = await sim.connect();
    stream(client, Buffer.concat([toneThenSilence(0, 1000), toneThenSilence(600, 400)]));
    const started = await client.next('input_audio_buffer.speech_started');
    const stopped = await client.next('input_audio_buffer.speech_stopped');
    const committed = await client.next('input_audio_buffer.committed');
    expect(started.item_id).toBe(stopped.item_id);
    expect(committed.item_id).toBe(stopped.item_id);
    // Speech began at 1000 ms of session audio; the start reports the 300 ms prefix before it.
    expect(started.audio_start_ms).toBeGreaterThanOrEqual(640);
    expect(started.audio_start_ms).toBeLessThanOrEqual(760);
    expect(stopped.audio_end_ms).toBeGreaterThan(1600);
    const done = (await client.next('response.done')).response as { id: string; status: string };
    expect(done.status).toBe('completed');
    // The reply is the utterance (prefix + speech + the 200 ms of silence that ended it), not the
    // second of silence before it.
    const replyMs = replyBytes(client, done.id) / 48;
    expect(replyMs).toBeGreaterThan(900);
    expect(replyMs).toBeLessThan(1300);
  });

  it('hands-free replies stay the length of the last utterance over twelve turns (no growth)', async () => {
    const client = await sim.connect();
    client.send({
      type: 'session.update',
      session: {
        type: 'realtime',
        audio: {
          input: {
            turn_detection: {
              type: 'server_vad',
              interrupt_response: false,
              silence_duration_ms: 500,
            },
          },
        },
      },
    });
    await client.next('session.updated');
    const lengths: number[] = [];
    stream(client, toneThenSilence(0, 500)); // a room before the first word
    for (let turn = 0; turn < 12; turn++) {
      stream(client, toneThenSilence(500, 1500));
      const done = (await client.next('response.done')).response as { id: string };
      lengths.push(replyBytes(client, done.id) / 48);
    }
    expect(Math.max(...lengths) - Math.min(...lengths)).toBeLessThanOrEqual(100);
    // prefix 300 ms + speech 500 ms + the 500 ms of silence that ended it
    expect(Math.min(...lengths)).toBeGreaterThanOrEqual(1200);
    expect(Math.max(...lengths)).toBeLessThan(1500);
  });

  it('a quiet room never fills the buffer: two minutes of silence raise nothing and keep little', async () => {
    const simulator = await (async () => {
      await sim.stop();
      return sim.start();
    })();
    const client = await sim.connect();
    const commits: number[] = [];
    simulator.on('turn-committed', (t) => commits.push(t.durationMs));
    const second = Buffer.alloc(48_000);
    for (let s = 0; s < 130; s++) stream(client, second);
    stream(client, toneThenSilence(400, 400));
    await client.next('input_audio_buffer.committed', 10_000);
    expect(client.events.filter((e) => e.type === 'error')).toEqual([]);
    expect(commits).toHaveLength(1);
    expect(commits[0]).toBeLessThan(1000); // the utterance, not 130 s of silence
  }, 30_000); // simulated time; generous for a loaded machine

  it('VAD barge-in ends the active reply with turn_detected', async () => {
    await sim.stop();
    await sim.start({ pacing: 'realtime' });
    const client = await sim.connect();
    stream(client, toneThenSilence(2000, 300));
    const created = (await client.next('response.created')).response as { id: string };
    stream(client, toneThenSilence(300, 0));
    const done = (await client.next('response.done')).response as {
      id: string;
      status: string;
      status_details: unknown;
    };
    expect(done.id).toBe(created.id);
    expect(done).toMatchObject({
      status: 'cancelled',
      status_details: { type: 'cancelled', reason: 'turn_detected' },
    });
  });

  it('interrupt_response false keeps the reply; create_response false makes none', async () => {
    const client = await sim.connect();
    client.send({
      type: 'session.update',
      session: {
        type: 'realtime',
        audio: { input: { turn_detection: { type: 'server_vad', create_response: false } } },
      },
    });
    await client.next('session.updated');
    stream(client, toneThenSilence(400, 400));
    await client.next('input_audio_buffer.committed');
    await new Promise((r) => setTimeout(r, 100));
    expect(client.types()).not.toContain('response.created');
  });

  it('idle_timeout_ms: silence after a reply triggers timeout_triggered, a commit and a response', async () => {
    const client = await sim.connect();
    client.send({
      type: 'session.update',
      session: {
        type: 'realtime',
        audio: { input: { turn_detection: { type: 'server_vad', idle_timeout_ms: 5000 } } },
      },
    });
    await client.next('session.updated');
    stream(client, toneThenSilence(400, 400));
    await client.next('response.done');
    stream(client, Buffer.alloc(48 * 6000));
    const timeout = await client.next('input_audio_buffer.timeout_triggered');
    expect(
      (timeout.audio_end_ms as number) - (timeout.audio_start_ms as number),
    ).toBeGreaterThanOrEqual(5000);
    expect((timeout.audio_end_ms as number) - (timeout.audio_start_ms as number)).toBeLessThan(
      5100,
    );
    const committed = client.events.filter((e) => e.type === 'input_audio_buffer.committed');
    expect(committed.at(-1)!.item_id).toBe(timeout.item_id);
    await client.next('response.done');
    client.send({
      type: 'session.update',
      session: {
        type: 'realtime',
        audio: { input: { turn_detection: { type: 'server_vad', idle_timeout_ms: 1000 } } },
      },
    });
    expect(await client.error()).toMatchObject({
      code: 'integer_below_min_value',
      param: 'session.audio.input.turn_detection.idle_timeout_ms',
    });
  });

  it('push-to-talk: a full buffer is reported once, not per frame', async () => {
    const client = await sim.connect();
    client.pushToTalk();
    await client.next('session.updated');
    for (let s = 0; s < 125; s++)
      client.send({ type: 'input_audio_buffer.append', audio: audioMs(1000) });
    await client.next('error');
    client.send({ type: 'input_audio_buffer.clear' });
    await client.next('input_audio_buffer.cleared');
    expect(client.events.filter((e) => e.type === 'error')).toHaveLength(1);
    expect((client.events.find((e) => e.type === 'error')!.error as { code: string }).code).toBe(
      'input_audio_buffer_full',
    );
  });
});
