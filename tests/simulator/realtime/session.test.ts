import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { audioMs, simulatorFixture } from '../support/client';

const sim = simulatorFixture();
beforeEach(() => sim.start());
afterEach(() => sim.stop());

describe('simulated session: configuration', () => {
  it('session.created reports every session field, with nulls where the service sends them', async () => {
    const client = await sim.connect();
    const session = client.events[0]!.session as Record<string, unknown>;
    expect(session).toMatchObject({
      type: 'realtime',
      object: 'realtime.session',
      model: 'gpt-realtime',
      output_modalities: ['audio'],
      tools: [],
      tool_choice: 'auto',
      max_output_tokens: 'inf',
      tracing: null,
      prompt: null,
      include: null,
      truncation: 'auto',
      audio: {
        input: {
          format: { type: 'audio/pcm', rate: 24000 },
          transcription: null,
          noise_reduction: null,
          turn_detection: {
            type: 'server_vad',
            threshold: 0.5,
            prefix_padding_ms: 300,
            silence_duration_ms: 200,
            idle_timeout_ms: null,
            create_response: true,
            interrupt_response: true,
          },
        },
        output: { format: { type: 'audio/pcm', rate: 24000 }, voice: 'marin', speed: 1 },
      },
    });
    expect(session.id).toMatch(/^sess_/);
    expect(session.expires_at).toBeGreaterThan(Date.now() / 1000 + 3500);
  });

  it('fills in turn-detection defaults on session.updated and keeps fields not updated', async () => {
    const client = await sim.connect();
    client.send({
      type: 'session.update',
      session: {
        type: 'realtime',
        instructions: 'Be brief.',
        audio: { input: { turn_detection: { type: 'semantic_vad' } } },
      },
    });
    const first = (await client.next('session.updated')).session as Record<string, never>;
    expect(first).toMatchObject({
      instructions: 'Be brief.',
      audio: {
        input: {
          turn_detection: {
            type: 'semantic_vad',
            eagerness: 'auto',
            create_response: true,
            interrupt_response: true,
          },
        },
      },
    });
    client.send({
      type: 'session.update',
      session: {
        type: 'realtime',
        audio: { input: { turn_detection: { type: 'server_vad', silence_duration_ms: 700 } } },
      },
    });
    const second = (await client.next('session.updated')).session as Record<string, never>;
    expect(second).toMatchObject({
      instructions: 'Be brief.',
      audio: {
        input: {
          turn_detection: {
            type: 'server_vad',
            silence_duration_ms: 700,
            threshold: 0.5,
            prefix_padding_ms: 300,
          },
        },
      },
    });
  });

  it('accepts the agents SDK tracing update and null transcription / noise reduction', async () => {
    const client = await sim.connect();
    client.send({ type: 'session.update', session: { type: 'realtime', tracing: 'auto' } });
    expect((await client.next('session.updated')).session).toMatchObject({ tracing: 'auto' });
    client.send({
      type: 'session.update',
      session: {
        type: 'realtime',
        audio: { input: { transcription: null, noise_reduction: null } },
      },
    });
    expect((await client.next('session.updated')).session).toMatchObject({
      audio: { input: { transcription: null, noise_reduction: null } },
    });
  });

  it.each([
    [{ type: 'realtime', foo: 1 }, 'unknown_parameter', 'session.foo'],
    [
      { type: 'realtime', audio: { input: { gain: 2 } } },
      'unknown_parameter',
      'session.audio.input.gain',
    ],
    [{ input_audio_format: 'pcm16' }, 'unknown_parameter', 'session.input_audio_format'],
    [{}, 'missing_required_parameter', 'session.type'],
    [{ type: 'transcription' }, 'invalid_value', 'session.type'],
    [{ type: 'realtime', instructions: 5 }, 'invalid_type', 'session.instructions'],
    [
      {
        type: 'realtime',
        audio: { input: { turn_detection: { type: 'server_vad', threshold: 1.5 } } },
      },
      'decimal_above_max_value',
      'session.audio.input.turn_detection.threshold',
    ],
    [
      { type: 'realtime', max_output_tokens: 5000 },
      'integer_above_max_value',
      'session.max_output_tokens',
    ],
    [
      { type: 'realtime', audio: { output: { speed: 0.1 } } },
      'decimal_below_min_value',
      'session.audio.output.speed',
    ],
    [
      { type: 'realtime', audio: { input: { turn_detection: { type: 'vad' } } } },
      'invalid_value',
      'session.audio.input.turn_detection.type',
    ],
    [
      { type: 'realtime', output_modalities: ['audio', 'text'] },
      'invalid_value',
      'session.output_modalities',
    ],
    [
      { type: 'realtime', audio: { input: { format: { type: 'audio/pcm', rate: 16000 } } } },
      'invalid_value',
      'session.audio.input.format.rate',
    ],
    [
      { type: 'realtime', audio: { output: { format: { type: 'audio/pcmu' } } } },
      'invalid_value',
      'session.audio.output.format.type',
    ],
  ])(
    'refuses session %j with %s at %s, echoing the event_id and changing nothing',
    async (session, code, param) => {
      const client = await sim.connect();
      client.send({ type: 'session.update', event_id: 'evt_1', session });
      const error = await client.error();
      expect(error).toMatchObject({ code, param, event_id: 'evt_1' });
      expect(error.message).toContain(
        param === 'session.output_modalities' ? 'session.output_modalities' : '',
      );
      client.send({ type: 'session.update', session: { type: 'realtime' } });
      expect((await client.next('session.updated')).session).toMatchObject({
        output_modalities: ['audio'],
        max_output_tokens: 'inf',
      });
    },
  );

  it('locks the voice once the assistant has spoken (cannot_update_voice), not before', async () => {
    const client = await sim.connect();
    client.send({
      type: 'session.update',
      session: { type: 'realtime', audio: { output: { voice: 'cedar' } } },
    });
    expect((await client.next('session.updated')).session).toMatchObject({
      audio: { output: { voice: 'cedar' } },
    });
    client.send({ type: 'response.create' });
    await client.next('response.done');
    client.send({
      type: 'session.update',
      session: { type: 'realtime', audio: { output: { voice: 'alloy' } } },
    });
    expect(await client.error()).toMatchObject({
      code: 'cannot_update_voice',
      param: 'session.audio.output.voice',
    });
    client.send({
      type: 'session.update',
      session: { type: 'realtime', audio: { output: { voice: 'cedar', speed: 1.2 } } },
    });
    expect((await client.next('session.updated')).session).toMatchObject({
      audio: { output: { voice: 'cedar', speed: 1.2 } },
    });
  });

  it('answers malformed events with the service’s codes and stays open', async () => {
    const client = await sim.connect();
    client.ws.send('{oops');
    expect(await client.error()).toMatchObject({ code: 'invalid_json' });
    client.send({ event_id: 'e2' });
    expect(await client.error()).toMatchObject({
      code: 'invalid_event',
      param: 'type',
      event_id: 'e2',
    });
    client.send({ type: 'made.up', event_id: 'e3' });
    const unknown = await client.error();
    expect(unknown).toMatchObject({ code: 'invalid_value', param: 'type', event_id: 'e3' });
    expect(unknown.message).toMatch(
      /^Invalid value: 'made.up'. Supported values are: 'session.update', /,
    );
    client.send({ type: 'input_audio_buffer.append', audio: audioMs(20), extra: true });
    expect(await client.error()).toMatchObject({ code: 'unknown_parameter', param: 'extra' });
    client.send({
      type: 'conversation.item.truncate',
      item_id: 'x',
      content_index: 0,
      audio_end_ms: 10.5,
    });
    const decimal = await client.error();
    expect(decimal).toMatchObject({ code: 'invalid_type', param: 'audio_end_ms' });
    expect(decimal.message).toBe(
      "Invalid type for 'audio_end_ms': expected an integer, but got a decimal number instead.",
    );
    client.send({ type: 'output_audio_buffer.clear' });
    expect((await client.error()).message).toMatch(/WebRTC and SIP/);
    client.send({ type: 'response.cancel', response_id: 'resp_other' });
    expect(await client.error()).toMatchObject({ code: 'response_cancel_not_active' });
    expect(client.ws.readyState).toBe(client.ws.OPEN);
  });

  it('names the model from the URL', async () => {
    const simulator = await (async () => {
      await sim.stop();
      return sim.start();
    })();
    const { Client } = await import('../support/client');
    const client = await Client.connect(
      simulator.url.replace('model=gpt-realtime', 'model=gpt-realtime-2'),
    );
    expect((await client.next('session.created')).session).toMatchObject({
      model: 'gpt-realtime-2',
    });
    client.ws.terminate();
  });
});
