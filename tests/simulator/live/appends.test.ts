import { afterEach, describe, expect, it } from 'vitest';
import { liveFixture, toneThenSilence } from './support/live-client';

const live = liveFixture();
afterEach(async () => expect(await live.stop()).toEqual([]));

const append = (kind: 'instructions' | 'thinking' | 'commentary', content: string, extra = {}) => ({
  type: `session.${kind}.append`,
  content,
  delegation_id: null,
  ...extra,
});

describe('GPT-Live: instructions, thinking and commentary appends', () => {
  it('acknowledges each with its place on the session timeline', async () => {
    await live.start();
    const client = await live.connect();
    await client.start();
    await client.next('session.usage.updated'); // 1 s into the session
    for (const kind of ['instructions', 'thinking', 'commentary'] as const) {
      client.send(append(kind, 'Keep it short.', { event_id: kind }));
      const ack = await client.next(`session.${kind}.appended`);
      expect(ack.client_event_id).toBe(kind);
      expect(ack.start_ms as number).toBeGreaterThanOrEqual(1_000);
      expect(ack.end_ms).toBe(ack.start_ms);
    }
  });

  it('refuses more than 500 tokens (1,800 characters), and the session goes on', async () => {
    await live.start();
    const client = await live.connect();
    await client.start();
    client.send(append('instructions', 'a'.repeat(1_800), { event_id: 'fits' }));
    await client.next('session.instructions.appended');
    for (const kind of ['instructions', 'thinking', 'commentary'] as const) {
      client.send(append(kind, 'a'.repeat(1_801), { event_id: `long-${kind}` }));
      expect(await client.error()).toMatchObject({
        code: 'string_above_max_length',
        message: 'Context append text must not exceed 500 tokens.',
        param: 'content',
        client_event_id: `long-${kind}`,
      });
    }
    client.send({ type: 'session.input_audio.mute' });
    await client.next('session.input_audio.muted');
  });

  it('speaks commentary (the model speaks first) but not thinking or instructions', async () => {
    await live.start();
    const client = await live.connect();
    await client.start();
    client.send(append('thinking', 'The user likes tea.'));
    client.send(append('instructions', 'Answer in English.'));
    await client.next('session.instructions.appended');
    await client.until(() => client.of('session.usage.updated').length >= 2 || undefined);
    expect(client.types()).not.toContain('session.output_transcript.delta');
    client.send(append('commentary', 'Greet the user briefly.'));
    await client.until(
      () =>
        client.text('session.output_transcript.delta') === 'Greet the user briefly.' || undefined,
    );
    expect(client.outputAudio().some((pcm) => pcm.some((b) => b !== 0))).toBe(true);
  });

  it('requires delegation_id (nullable) and a known one', async () => {
    await live.start();
    const client = await live.connect();
    await client.start();
    client.send({ type: 'session.thinking.append', content: 'x' });
    expect(await client.error()).toMatchObject({
      code: 'missing_required_parameter',
      param: 'delegation_id',
    });
    client.send(append('commentary', 'x', { delegation_id: 'deleg_nope' }));
    expect(await client.error()).toMatchObject({ code: 'invalid_value', param: 'delegation_id' });
  });
});

describe('GPT-Live: client delegation', () => {
  it('delegates to the client when a tool is named, and speaks the commentary that answers it', async () => {
    await live.start({ transcribe: () => 'what does the calculator say' });
    const client = await live.connect();
    await client.start();
    client.stream(toneThenSilence(600, 600));
    const created = await client.next('session.delegation.created');
    const delegation = created.delegation as { id: string; target: string; response_id?: string };
    expect(delegation.target).toBe('client');
    expect(delegation.response_id).toBeUndefined();
    expect(created.offset_ms).toBe(600); // where the user stopped
    // No playback of the question: the model acknowledges (delay 0) and waits for the answer.
    await client.until(
      () => client.text('session.output_transcript.delta') === 'One moment.' || undefined,
    );
    client.send(append('thinking', 'Working on it.', { delegation_id: delegation.id }));
    await client.next('session.thinking.appended');
    client.send(
      append('commentary', 'It is 42.', { delegation_id: delegation.id, event_id: 'answer' }),
    );
    expect((await client.next('session.commentary.appended')).client_event_id).toBe('answer');
    await client.until(
      () => client.text('session.output_transcript.delta').endsWith('It is 42.') || undefined,
    );
  });

  it('cancels a pending acknowledgement when thinking or commentary arrives first', async () => {
    await live.start({ transcribe: () => 'please delegate this' });
    const client = await live.connect();
    await client.start({ delegation: { type: 'client', acknowledgement_delay_ms: 2_000 } });
    client.stream(toneThenSilence(600, 600));
    const created = await client.next('session.delegation.created');
    client.send(
      append('thinking', 'Checking.', { delegation_id: (created.delegation as { id: string }).id }),
    );
    await client.next('session.thinking.appended');
    await client.until(() => client.of('session.usage.updated').length >= 4 || undefined);
    expect(client.types()).not.toContain('session.output_transcript.delta');
  });

  it('speaks the acknowledgement after acknowledgement_delay_ms when nothing arrives', async () => {
    await live.start({ transcribe: () => 'please delegate this' });
    const client = await live.connect();
    await client.start({ delegation: { type: 'client', acknowledgement_delay_ms: 1_000 } });
    client.stream(toneThenSilence(600, 600));
    await client.next('session.delegation.created');
    const said = await client.next('session.output_transcript.delta');
    expect(said.delta).toBe('One ');
  });
});
