import { afterEach, describe, expect, it } from 'vitest';
import { isSilent, liveFixture, toneThenSilence } from './support/live-client';

const live = liveFixture();
afterEach(async () => expect(await live.stop()).toEqual([]));

describe('GPT-Live: audio fixtures and bad audio', () => {
  it('plays a fixture through the output, interrupting the model, then reports it played', async () => {
    const heard = 'a long enough sentence to keep the model talking for a while';
    await live.start({ transcribe: () => heard });
    const client = await live.connect();
    await client.start();
    client.stream(toneThenSilence(3_000, 600));
    await client.next('session.output_transcript.delta');
    const clip = toneThenSilence(20_000, 0, 440); // 20 s: 1 s of wall time at 20×
    client.send({
      type: 'session.output_audio.fixture.play',
      event_id: 'clip',
      audio: clip.toString('base64'),
    });
    client.send({
      type: 'session.commentary.append',
      content: 'x',
      delegation_id: null,
      event_id: 'busy',
    });
    client.stream(toneThenSilence(600, 600)); // dropped: a fixture mutes input
    const playing = await client.next('session.output_audio.fixture.playing');
    expect(playing.client_event_id).toBe('clip');
    const playingAt = client.events.indexOf(playing);
    expect(await client.error()).toMatchObject({ code: 'fixture_active', client_event_id: 'busy' });
    const played = await client.next('session.output_audio.fixture.played');
    expect(played.client_event_id).toBe('clip');
    const during = client.events.slice(playingAt, client.events.indexOf(played));
    const out = Buffer.concat(
      during
        .filter((e) => e.type === 'session.output_audio.delta')
        .map((e) => Buffer.from(e.delta as string, 'base64')),
    );
    expect(out.equals(clip.subarray(0, out.byteLength))).toBe(true); // the clip, from its start
    // The model's own reply was dropped: no words while the fixture played, nor after it.
    await client.until(() => client.of('session.usage.updated').length >= 30 || undefined);
    const after = client.events.slice(playingAt);
    expect(after.filter((e) => e.type === 'session.output_transcript.delta')).toEqual([]);
    expect(client.outputAudio().slice(-5).every(isSilent)).toBe(true);
    // Heard once: the talk during the fixture was dropped.
    expect(client.text('session.input_transcript.delta')).toBe(heard);
  });

  it('refuses a second fixture while one plays, and one over 30 seconds', async () => {
    await live.start();
    const client = await live.connect();
    await client.start();
    client.send({
      type: 'session.output_audio.fixture.play',
      event_id: 'big',
      audio: Buffer.alloc(30 * 48_000 + 2).toString('base64'),
    });
    expect(await client.error()).toMatchObject({
      code: 'invalid_value',
      param: 'audio',
      client_event_id: 'big',
    });
    const clip = toneThenSilence(1_000, 0).toString('base64');
    client.send({ type: 'session.output_audio.fixture.play', audio: clip });
    client.send({ type: 'session.output_audio.fixture.play', event_id: 'second', audio: clip });
    expect(await client.error()).toMatchObject({
      code: 'fixture_active',
      client_event_id: 'second',
    });
    await client.next('session.output_audio.fixture.played');
  });

  it('refuses audio that is not base64 PCM16, and goes on', async () => {
    await live.start();
    const client = await live.connect();
    await client.start();
    client.send({ type: 'session.input_audio.append', event_id: 'b', audio: 'not base64!' });
    expect(await client.error()).toMatchObject({
      code: 'invalid_value',
      param: 'audio',
      client_event_id: 'b',
    });
    client.send({
      type: 'session.input_audio.append',
      event_id: 'odd',
      audio: Buffer.alloc(3).toString('base64'),
    });
    expect((await client.error()).message).toMatch(/even number of bytes/);
    client.send({ type: 'session.input_audio.mute' });
    await client.next('session.input_audio.muted');
  });
});
