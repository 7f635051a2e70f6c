import { afterEach, describe, expect, it } from 'vitest';
import { isSilent, liveFixture, silence, toneThenSilence } from './support/live-client';

const live = liveFixture();
afterEach(async () => expect(await live.stop()).toEqual([]));

describe('GPT-Live: the continuous output and the listening model', () => {
  it('streams 100 ms deltas of 4,800 zero bytes while nobody speaks, at the real-time pace', async () => {
    await live.start({ live: { speed: 1 } });
    const client = await live.connect();
    await client.start();
    const from = Date.now();
    await new Promise((wait) => setTimeout(wait, 1_000));
    const count = client.of('session.output_audio.delta').length;
    const elapsed = Date.now() - from;
    // One delta per 100 ms of wall time (±2 for timer granularity on a loaded machine).
    expect(count).toBeGreaterThanOrEqual(Math.floor(elapsed / 100) - 2);
    expect(count).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 2);
    for (const pcm of client.outputAudio()) {
      expect(pcm.byteLength).toBe(4_800);
      expect(isSilent(pcm)).toBe(true);
    }
    expect(client.types()).not.toContain('session.output_transcript.delta');
  });

  it('answers when the user stops: transcripts on the timeline, then the utterance played back', async () => {
    await live.start({ transcribe: () => 'hello there simulator' });
    const client = await live.connect();
    await client.start();
    const spoken = toneThenSilence(800, 700);
    client.stream(spoken);
    await client.until(
      () => client.text('session.output_transcript.delta').endsWith('simulator') || undefined,
    );
    const input = client.of('session.input_transcript.delta');
    expect(input.map((e) => e.delta).join('')).toBe('hello there simulator');
    // Word slots on the session timeline: ordered, inside the utterance (tone at 0–800 ms).
    expect(input[0]!.start_ms).toBe(0);
    expect(input.at(-1)!.end_ms).toBe(800);
    for (const [i, e] of input.entries()) {
      expect(e.end_ms as number).toBeGreaterThan(e.start_ms as number);
      if (i) expect(e.start_ms).toBe(input[i - 1]!.end_ms);
    }
    expect(client.text('session.output_transcript.delta')).toBe('You said: hello there simulator');
    // The reply's audio is the user's own tone, in order, padded with zeros to whole deltas
    // (its transcript can finish before its last audio arrives: wait for the audio too).
    await client.until(() => {
      const sofar = Buffer.concat(client.outputAudio());
      const start = sofar.indexOf(spoken.subarray(0, 4_800));
      return (start >= 0 && sofar.length >= start + 800 * 48) || undefined;
    });
    const out = Buffer.concat(client.outputAudio());
    const at = out.indexOf(spoken.subarray(0, 4_800));
    expect(at).toBeGreaterThanOrEqual(0);
    expect(out.subarray(at, at + 800 * 48).equals(spoken.subarray(0, 800 * 48))).toBe(true);
    expect(client.types().filter((t) => t.endsWith('.done'))).toEqual([]); // no done events
    const output = client.of('session.output_transcript.delta');
    expect(output[0]!.start_ms as number).toBeGreaterThanOrEqual(0);
    expect(output.at(-1)!.end_ms as number).toBeGreaterThan(output[0]!.start_ms as number);
  });

  it('yields when talked over: zeros from the next delta, and the transcript stops', async () => {
    await live.start({
      live: { speed: 5 },
      transcribe: (pcm) => 'word '.repeat(Math.round(pcm.byteLength / 9_600)).trim(),
    });
    const client = await live.connect();
    await client.start();
    client.stream(toneThenSilence(3_000, 600)); // a 3 s utterance: a 3 s reply of 15 words
    await client.until(() => client.of('session.output_transcript.delta').length >= 3 || undefined);
    client.stream(toneThenSilence(200, 0, 330)); // the user talks over it
    await client.until(
      () => client.of('session.output_audio.delta').length >= 60 || undefined,
      10_000,
    );
    // The reply is a continuous tone: its first silent delta is where the model yielded.
    const audio = client.of('session.output_audio.delta');
    const loud = (e: (typeof audio)[number]) => !isSilent(Buffer.from(e.delta as string, 'base64'));
    const first = audio.findIndex(loud);
    const yielded = audio.findIndex((e, i) => i > first && !loud(e));
    expect(yielded - first).toBeLessThan(30); // cut before its 3 s were out
    expect(audio.slice(yielded).some(loud)).toBe(false); // and nothing of it after
    const yieldedAt = client.events.indexOf(audio[yielded]!);
    const wordsAfter = client.events
      .slice(yieldedAt)
      .filter((e) => e.type === 'session.output_transcript.delta');
    expect(wordsAfter).toEqual([]);
    expect(client.text('session.output_transcript.delta').split(' ').length).toBeLessThan(16);
  });

  it('reports cumulative usage in seconds of session time', async () => {
    await live.start();
    const client = await live.connect();
    await client.start();
    await client.until(() => client.of('session.usage.updated').length >= 3 || undefined);
    const seconds = client
      .of('session.usage.updated')
      .map((e) => (e.usage as { seconds: number }).seconds);
    expect(seconds.slice(0, 3)).toEqual([1, 2, 3]);
  });

  it('drops a silent stream: no transcript and no reply', async () => {
    await live.start({ transcribe: () => 'never heard' });
    const client = await live.connect();
    await client.start();
    client.stream(silence(2_000));
    await client.until(() => client.of('session.usage.updated').length >= 2 || undefined);
    expect(client.types()).not.toContain('session.input_transcript.delta');
    expect(client.outputAudio().every(isSilent)).toBe(true);
  });
});

describe('GPT-Live: push-to-talk by mute and unmute', () => {
  it('acknowledges mute and unmute, echoing the event id', async () => {
    await live.start();
    const client = await live.connect();
    await client.start();
    client.send({ type: 'session.input_audio.mute', event_id: 'm1' });
    expect((await client.next('session.input_audio.muted')).client_event_id).toBe('m1');
    client.send({ type: 'session.input_audio.unmute', event_id: 'u1' });
    expect((await client.next('session.input_audio.unmuted')).client_event_id).toBe('u1');
    client.send({ type: 'session.input_audio.mute' });
    expect((await client.next('session.input_audio.muted')).client_event_id).toBeUndefined();
  });

  it('hears muted input as silence, and answers at the mute that ends a held talk', async () => {
    await live.start({ transcribe: () => 'pushed to talk' });
    const client = await live.connect();
    await client.start();
    client.send({ type: 'session.input_audio.mute' });
    client.stream(toneThenSilence(600, 600)); // muted: the model hears nothing
    await client.until(() => client.of('session.usage.updated').length >= 2 || undefined);
    expect(client.types()).not.toContain('session.input_transcript.delta');

    client.send({ type: 'session.input_audio.unmute' });
    client.stream(toneThenSilence(700, 0)); // held: no pause at all
    client.send({ type: 'session.input_audio.mute' }); // released
    await client.next('session.input_audio.muted');
    await client.until(
      () => client.text('session.output_transcript.delta').endsWith('talk') || undefined,
    );
    expect(client.text('session.input_transcript.delta')).toBe('pushed to talk');
    const input = client.of('session.input_transcript.delta');
    expect(input[0]!.start_ms).toBe(1_200); // after the 1.2 s heard as silence
    expect(input.at(-1)!.end_ms).toBe(1_900);
  });
});
