import { afterEach, describe, expect, it } from 'vitest';
import { harness, sleep, type Harness } from './support/harness';

let h: Harness;
afterEach(async () => {
  expect(h.unhandled).toEqual([]);
  await h.close();
});

const errorEvent = (code: string, eventId: string | null = null) => ({
  type: 'error',
  error: {
    type: 'invalid_request_error',
    code,
    message: `test says ${code}`,
    param: null,
    event_id: eventId,
  },
});

describe('every error code in the field notes', () => {
  it.each([
    ['invalid_api_key', /API key was rejected/],
    ['model_not_found', /model does not exist/],
    ['insufficient_quota', /no quota left/],
  ])('%s: permanent — Needs attention with the fix, no retry', async (code, diagnosis) => {
    h = await harness();
    await h.controller.connect();
    await h.until('ready');
    h.proxy.connections[0]!.injectEvent(errorEvent(code));
    const health = await h.until('needs-attention');
    expect(health.diagnosis).toMatch(diagnosis);
    await sleep(300);
    expect(h.proxy.attempts).toBe(1);
    expect(h.states).toEqual(['connecting', 'ready', 'needs-attention']);
  });

  it.each([
    ['invalid_event', /did not accept an event/],
    ['unknown_parameter', /did not recognise a field/],
    ['rate_limit_exceeded', /rate limit was reached/],
    ['server_error', /internal error/],
    ['input_audio_buffer_commit_empty', /at least 100 ms/],
  ])(
    '%s: shown in plain words, tied to the event that caused it, not fatal',
    async (code, text) => {
      h = await harness({
        onClientEvent: (connection, event) => {
          if (event.type === 'input_audio_buffer.clear') {
            connection.injectEvent(errorEvent(code, event.event_id ?? null));
            return false;
          }
        },
      });
      await h.controller.connect();
      await h.until('ready');
      h.controller.talkStart(); // sends input_audio_buffer.clear
      await expect.poll(() => h.notices.length).toBeGreaterThan(0);
      expect(h.notices[0]!.text).toMatch(text);
      expect(h.notices[0]!.text).toMatch(/in answer to input_audio_buffer\.clear/);
      expect(h.health().state).toBe('listening');
      h.controller.talkCancel();
      expect(h.proxy.attempts).toBe(1);
      expect(h.states).toEqual(['connecting', 'ready', 'listening', 'ready']);
    },
  );

  it('conversation_already_has_active_response: not fatal, the response is requested again after the current one', async () => {
    let refused = false;
    h = await harness({
      onClientEvent: (connection, event) => {
        if (event.type === 'response.create' && !refused) {
          refused = true;
          // Pretend a server-made response is running: refuse, then finish it.
          connection.injectEvent(
            errorEvent('conversation_already_has_active_response', event.event_id ?? null),
          );
          connection.injectEvent({
            type: 'response.created',
            response: {
              id: 'resp_server',
              object: 'realtime.response',
              status: 'in_progress',
              output: [],
            },
          });
          setTimeout(
            () =>
              connection.injectEvent({
                type: 'response.done',
                response: {
                  id: 'resp_server',
                  object: 'realtime.response',
                  status: 'completed',
                  output: [],
                },
              }),
            50,
          );
          return false;
        }
      },
    });
    await h.controller.connect();
    await h.until('ready');
    await h.speak(10);
    await expect
      .poll(() => h.proxy.connections[0]!.sent.filter((e) => e.type === 'response.create').length)
      .toBe(2);
    await h.until('ready', 5000);
    expect(h.notices).toEqual([]);
  });

  it('response_cancel_not_active: a harmless race, nothing shown', async () => {
    h = await harness();
    await h.controller.connect();
    await h.until('ready');
    h.proxy.connections[0]!.injectEvent(errorEvent('response_cancel_not_active'));
    await sleep(50);
    expect(h.notices).toEqual([]);
    expect(h.health().state).toBe('ready');
  });

  it('session_expired: a new session takes over at once, seeded with the conversation', async () => {
    h = await harness();
    await h.controller.connect();
    await h.until('ready');
    const replies: string[] = [];
    h.controller.on('transcript', (t) => {
      if (t.role === 'assistant' && t.final) replies.push(t.text);
    });
    h.controller.sendText('Keep the word pineapple in mind.');
    // The reply is heard in full before the session expires (the outbox sends the text once
    // the session is ready, so "ready" alone can come before it).
    await expect.poll(() => replies.join(' '), { timeout: 5000 }).toContain('simulated reply');
    await h.until('ready', 5000);
    const first = h.proxy.connections[0]!;
    first.injectEvent(errorEvent('session_expired'));
    first.close(1001, 'session expired');
    await h.until('reconnecting');
    await h.until('ready');
    const seeded = () =>
      JSON.stringify(
        h.proxy.connections[1]!.sent.filter((e) => e.type === 'conversation.item.create'),
      );
    await expect.poll(seeded).toContain('Keep the word pineapple in mind.');
    expect(seeded()).toContain('simulated reply');
    expect(h.controller.snapshot().health.attempt).toBe(0);
  });
});
