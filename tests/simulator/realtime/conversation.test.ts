import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { audioMs, simulatorFixture } from '../support/client';

const sim = simulatorFixture();
beforeEach(() => sim.start());
afterEach(() => sim.stop());

const text = (t: string) => ({
  type: 'message',
  role: 'user',
  content: [{ type: 'input_text', text: t }],
});

describe('simulated session: conversation items', () => {
  it('chains previous_item_id through user audio, text and assistant items', async () => {
    const client = await sim.connect();
    client.pushToTalk();
    await client.next('session.updated');
    client.send({ type: 'input_audio_buffer.append', audio: audioMs(200) });
    client.send({ type: 'input_audio_buffer.commit' });
    const committed = await client.next('input_audio_buffer.committed');
    expect(committed.previous_item_id).toBeNull();
    const audioItem = await client.next('conversation.item.added');
    // Until transcribed, the service sends transcript: null (clients require the key).
    expect(audioItem.item).toMatchObject({
      role: 'user',
      content: [{ type: 'input_audio', transcript: null }],
    });
    client.send({ type: 'conversation.item.create', item: text('and also') });
    const textItem = await client.next('conversation.item.added');
    expect(textItem.previous_item_id).toBe(committed.item_id);
    client.send({ type: 'response.create' });
    const assistant = await client.next('conversation.item.added');
    expect(assistant.previous_item_id).toBe((textItem.item as { id: string }).id);
    const done = await client.next('conversation.item.done');
    expect(done.previous_item_id).toBeNull(); // the audio item's own done
  });

  it('inserts after previous_item_id, at the start with "root", and refuses an unknown one', async () => {
    const client = await sim.connect();
    client.send({ type: 'conversation.item.create', item: { ...text('one'), id: 'item_one' } });
    client.send({ type: 'conversation.item.create', item: { ...text('two'), id: 'item_two' } });
    client.send({
      type: 'conversation.item.create',
      previous_item_id: 'item_one',
      item: { ...text('1.5'), id: 'item_mid' },
    });
    client.send({
      type: 'conversation.item.create',
      previous_item_id: 'root',
      item: { ...text('zero'), id: 'item_zero' },
    });
    const added = [];
    for (let i = 0; i < 4; i++) added.push(await client.next('conversation.item.added'));
    expect(added.map((e) => [(e.item as { id: string }).id, e.previous_item_id])).toEqual([
      ['item_one', null],
      ['item_two', 'item_one'],
      ['item_mid', 'item_one'],
      ['item_zero', null],
    ]);
    client.send({ type: 'conversation.item.create', previous_item_id: 'nope', item: text('x') });
    expect(await client.error()).toMatchObject({
      code: 'item_not_found',
      param: 'previous_item_id',
    });
    client.send({ type: 'conversation.item.create', item: { ...text('again'), id: 'item_one' } });
    expect(await client.error()).toMatchObject({ code: 'item_already_exists' });
  });

  it('retrieves items (user audio with its audio and transcript) and refuses unknown ids', async () => {
    const client = await sim.connect();
    client.pushToTalk('gpt-4o-mini-transcribe');
    await client.next('session.updated');
    client.send({ type: 'input_audio_buffer.append', audio: audioMs(300) });
    client.send({ type: 'input_audio_buffer.commit' });
    const completed = await client.next('conversation.item.input_audio_transcription.completed');
    const deltas = client.events.filter(
      (e) => e.type === 'conversation.item.input_audio_transcription.delta',
    );
    expect(deltas.map((d) => d.delta).join('')).toBe(completed.transcript);
    expect(completed.usage).toMatchObject({
      type: 'tokens',
      input_tokens: 3,
      input_token_details: { audio_tokens: 3 },
    });
    client.send({ type: 'conversation.item.retrieve', item_id: completed.item_id });
    const retrieved = await client.next('conversation.item.retrieved');
    expect(retrieved.item).toMatchObject({
      id: completed.item_id,
      content: [{ type: 'input_audio', transcript: completed.transcript, audio: audioMs(300) }],
    });
    client.send({ type: 'conversation.item.retrieve', item_id: 'item_missing', event_id: 'r1' });
    expect(await client.error()).toMatchObject({ code: 'item_not_found', event_id: 'r1' });
  });

  it('whisper-1 transcribes in one delta with duration usage', async () => {
    const client = await sim.connect();
    client.pushToTalk('whisper-1');
    await client.next('session.updated');
    client.send({ type: 'input_audio_buffer.append', audio: audioMs(250) });
    client.send({ type: 'input_audio_buffer.commit' });
    const completed = await client.next('conversation.item.input_audio_transcription.completed');
    expect(completed.usage).toEqual({ type: 'duration', seconds: 0.25 });
    expect(
      client.events.filter((e) => e.type === 'conversation.item.input_audio_transcription.delta'),
    ).toHaveLength(1);
  });

  it('echoes the transcription prompt (the vocabulary) in its transcript, and none without one', async () => {
    const client = await sim.connect();
    client.send({
      type: 'session.update',
      session: {
        type: 'realtime',
        audio: {
          input: {
            turn_detection: null,
            transcription: { model: 'gpt-4o-mini-transcribe', prompt: 'Wojciech, Kubernetes' },
          },
        },
      },
    });
    await client.next('session.updated');
    client.send({ type: 'input_audio_buffer.append', audio: audioMs(300) });
    client.send({ type: 'input_audio_buffer.commit' });
    const heard = await client.next('conversation.item.input_audio_transcription.completed');
    expect(heard.transcript).toBe(
      '[simulated transcript of 0.3 s of audio, vocabulary: Wojciech, Kubernetes]',
    );
    client.pushToTalk('gpt-4o-mini-transcribe'); // a new transcription config: no prompt
    await client.next('session.updated');
    client.send({ type: 'input_audio_buffer.append', audio: audioMs(300) });
    client.send({ type: 'input_audio_buffer.commit' });
    const plain = await client.next('conversation.item.input_audio_transcription.completed');
    expect(plain.transcript).toBe('[simulated transcript of 0.3 s of audio]');
  });

  it('accepts function_call and function_call_output items and deletes items', async () => {
    const client = await sim.connect();
    client.send({
      type: 'conversation.item.create',
      item: { type: 'function_call', name: 'lookup', arguments: '{}', call_id: 'call_1' },
    });
    const call = await client.next('conversation.item.added');
    expect(call.item).toMatchObject({
      type: 'function_call',
      name: 'lookup',
      call_id: 'call_1',
      status: 'completed',
    });
    client.send({
      type: 'conversation.item.create',
      item: { type: 'function_call_output', call_id: 'call_1', output: '42' },
    });
    const output = await client.next('conversation.item.added');
    expect(output.item).toMatchObject({ type: 'function_call_output', output: '42' });
    client.send({ type: 'response.create', response: { output_modalities: ['text'] } });
    expect((await client.next('response.output_text.done')).text).toBe(
      'The lookup tool returned: 42',
    );
    const id = (output.item as { id: string }).id;
    client.send({ type: 'conversation.item.delete', item_id: id });
    expect(await client.next('conversation.item.deleted')).toMatchObject({ item_id: id });
    client.send({ type: 'conversation.item.delete', item_id: id });
    expect(await client.error()).toMatchObject({ code: 'item_not_found' });
  });

  it('refuses items of the wrong shape with the field at fault', async () => {
    const client = await sim.connect();
    client.send({
      type: 'conversation.item.create',
      item: { type: 'message', role: 'user', content: [{ type: 'output_text', text: 'x' }] },
    });
    expect(await client.error()).toMatchObject({
      code: 'invalid_value',
      param: 'item.content.0.type',
    });
    client.send({
      type: 'conversation.item.create',
      item: { type: 'function_call_output', output: '1' },
    });
    expect((await client.error()).code).toMatch(/missing_required_parameter|invalid_value/);
  });

  it('truncates assistant audio within what was sent, dropping the transcript, and refuses beyond it', async () => {
    const client = await sim.connect();
    client.pushToTalk();
    client.send({ type: 'input_audio_buffer.append', audio: audioMs(500) });
    client.send({ type: 'input_audio_buffer.commit' });
    client.send({ type: 'response.create' });
    const done = await client.next('response.done');
    const itemId = (done.response as { output: { id: string }[] }).output[0]!.id;
    client.send({
      type: 'conversation.item.truncate',
      item_id: itemId,
      content_index: 0,
      audio_end_ms: 800,
    });
    expect(await client.error()).toMatchObject({ code: 'invalid_value', param: 'audio_end_ms' });
    client.send({
      type: 'conversation.item.truncate',
      item_id: itemId,
      content_index: 1,
      audio_end_ms: 100,
    });
    expect(await client.error()).toMatchObject({ code: 'invalid_value', param: 'content_index' });
    client.send({
      type: 'conversation.item.truncate',
      item_id: itemId,
      content_index: 0,
      audio_end_ms: 250,
    });
    expect(await client.next('conversation.item.truncated')).toMatchObject({
      item_id: itemId,
      audio_end_ms: 250,
    });
    client.send({ type: 'conversation.item.retrieve', item_id: itemId });
    expect((await client.next('conversation.item.retrieved')).item).toMatchObject({
      content: [{ type: 'output_audio', transcript: '' }],
    });
  });
});

describe('simulated session: a transcription that fails', () => {
  it('sends input_audio_transcription.failed for the item when the transcriber throws', async () => {
    await sim.stop();
    await sim.start({
      transcribe: () => {
        throw new Error('could not make it out');
      },
    });
    const client = await sim.connect();
    client.pushToTalk('whisper-1');
    await client.next('session.updated');
    client.send({ type: 'input_audio_buffer.append', audio: audioMs(300) });
    client.send({ type: 'input_audio_buffer.commit' });
    const committed = await client.next('input_audio_buffer.committed');
    const failed = await client.next('conversation.item.input_audio_transcription.failed');
    expect(failed).toMatchObject({
      item_id: committed.item_id,
      content_index: 0,
      error: { type: 'transcription_error', message: 'could not make it out' },
    });
    expect(client.types()).not.toContain('conversation.item.input_audio_transcription.completed');
  });
});
