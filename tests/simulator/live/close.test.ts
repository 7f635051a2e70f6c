import { afterEach, describe, expect, it } from 'vitest';
import { liveFixture, toneThenSilence } from './support/live-client';

const live = liveFixture();
afterEach(async () => expect(await live.stop()).toEqual([]));

describe('GPT-Live: how sessions end', () => {
  it('drains speech after session.close, then session.closed {close_requested, usage} and a normal close', async () => {
    await live.start({ transcribe: () => 'one two three four' });
    const client = await live.connect();
    await client.start();
    client.stream(toneThenSilence(2_000, 600));
    await client.next('session.output_transcript.delta');
    client.send({ type: 'session.close', event_id: 'bye' });
    client.send({ type: 'session.input_audio.mute', event_id: 'late' });
    expect(await client.error()).toMatchObject({
      code: 'session_closing',
      client_event_id: 'late',
    });
    const closed = await client.next('session.closed');
    expect(closed).toMatchObject({ reason: 'close_requested', client_event_id: 'bye' });
    // The reply was spoken to its end before the close (drained, not cut).
    expect(client.text('session.output_transcript.delta')).toBe('You said: one two three four');
    const usage = (closed.usage as { seconds: number }).seconds;
    const last = client.of('session.usage.updated').at(-1);
    expect(usage).toBeGreaterThanOrEqual(
      (last?.usage as { seconds: number } | undefined)?.seconds ?? 0,
    );
    expect((closed.session as { id: string }).id).toMatch(/^sess_/);
    expect(client.types().at(-1)).toBe('session.closed');
    expect(await client.closedWith()).toMatchObject({ code: 1000 });
  });

  it('closes with expired at the session-length limit', async () => {
    await live.start({ live: { maxSessionMs: 3_000 } });
    const client = await live.connect();
    await client.start();
    const closed = await client.next('session.closed');
    expect(closed.reason).toBe('expired');
    expect((closed.usage as { seconds: number }).seconds).toBe(3);
    expect(await client.closedWith()).toMatchObject({ code: 1000 });
  });

  it.each([
    ['simulate content', 'content', 1000],
    ['simulate connection lost', 'connection_lost', 1011],
  ])('closes when the user says "%s" with reason %s', async (words, reason, code) => {
    await live.start({ transcribe: () => `please ${words} now` });
    const client = await live.connect();
    await client.start();
    client.stream(toneThenSilence(600, 600));
    expect((await client.next('session.closed')).reason).toBe(reason);
    expect((await client.closedWith()).code).toBe(code);
  });

  it('closes with content when a typed message says so', async () => {
    await live.start();
    const client = await live.connect();
    await client.start({ delegation: { type: 'responses', responses: { model: 'gpt-5.2' } } });
    client.send({
      type: 'response.item.create',
      item: { type: 'message', role: 'user', content: 'Simulate content.' },
    });
    expect((await client.next('session.closed')).reason).toBe('content');
  });

  it('drops the socket without session.closed on "simulate dropped socket"', async () => {
    await live.start({ transcribe: () => 'simulate dropped socket' });
    const client = await live.connect();
    await client.start();
    client.stream(toneThenSilence(600, 600));
    expect((await client.closedWith()).code).toBe(1006);
    expect(client.types()).not.toContain('session.closed');
  });

  it('ends every open session on cue from the host (endAll)', async () => {
    await live.start();
    const a = await live.connect();
    const b = await live.connect();
    await a.start();
    await b.start();
    live.simulator.live.endAll('remote_hangup');
    expect((await a.next('session.closed')).reason).toBe('remote_hangup');
    expect((await b.next('session.closed')).reason).toBe('remote_hangup');
    expect(live.simulator.live.count).toBeLessThanOrEqual(2);
    await a.closedWith();
    await b.closedWith();
  });
});
