import { describe, expect, it } from 'vitest';
import {
  describeCloseCode,
  diagnose,
  explainServerError,
  type FailureFacts,
} from '../../../src/main/engine/diagnose';

const base: FailureFacts = {
  code: 1000,
  reason: '',
  afterClientEvent: null,
  appendsSent: 0,
  serverError: null,
};
const facts = (over: Partial<FailureFacts>): FailureFacts => ({ ...base, ...over });

describe('diagnose', () => {
  it('explains 4000 as the disabled beta protocol, permanently', () => {
    const d = diagnose(facts({ code: 4000, reason: 'beta_api_shape_disabled' }));
    expect(d.permanent).toBe(true);
    expect(d.text).toMatch(/beta protocol is disabled/);
    expect(d.text).toMatch(/OpenAI-Beta/);
  });

  it('explains 1000 with no reason right after the first append as the rejected-audio pattern', () => {
    const d = diagnose(
      facts({ code: 1000, afterClientEvent: 'input_audio_buffer.append', appendsSent: 1 }),
    );
    expect(d.permanent).toBe(false);
    expect(d.text).toMatch(/right after the first input_audio_buffer\.append/);
    expect(d.text).toMatch(/binary WebSocket frame/);
    expect(d.text).toMatch(/audio\/pcm/);
  });

  it('does not use that pattern for a 1000 after many appends or one Hark asked for', () => {
    expect(
      diagnose(facts({ afterClientEvent: 'input_audio_buffer.append', appendsSent: 40 })).text,
    ).toMatch(/closed the connection normally/);
    expect(diagnose(facts({ closedByClient: true })).text).toBe('Hark closed the connection.');
  });

  it.each([
    [401, /API key was rejected/, true],
    [403, /may not use the Realtime API/, true],
    [404, /model or Azure deployment name is wrong/, true],
    [429, /Too many requests/, false],
    [500, /server's side/, false],
    [503, /server's side/, false],
  ])('explains an HTTP %i upgrade refusal', (status, text, permanent) => {
    const d = diagnose(facts({ code: null, httpStatus: status }));
    expect(d.text).toMatch(text);
    expect(d.permanent).toBe(permanent);
  });

  it('quotes the server body and the Retry-After', () => {
    const d = diagnose(
      facts({
        code: null,
        httpStatus: 429,
        retryAfterSeconds: 7,
        serverError: {
          type: 'rate_limit',
          code: null,
          message: 'Slow down',
          eventId: null,
          causedBy: null,
        },
      }),
    );
    expect(d.text).toMatch(/wait 7 s/);
    expect(d.text).toMatch(/"Slow down"/);
  });

  it.each([
    ['invalid_api_key', true],
    ['model_not_found', true],
    ['insufficient_quota', true],
    ['session_expired', false],
    ['rate_limit_exceeded', false],
    ['server_error', false],
  ])('uses the server error code %s', (code, permanent) => {
    const d = diagnose(
      facts({
        code: 1001,
        serverError: { type: 'x', code, message: 'm', eventId: null, causedBy: null },
      }),
    );
    expect(d.text).toContain(code);
    expect(d.permanent).toBe(permanent);
  });

  it.each([
    [1001, /going away/],
    [1006, /without a close frame/],
    [1009, /larger than the receiver accepts/],
    [1011, /internal problem/],
    [1003, /JSON text frame/],
    [4999, /4999/],
  ])('explains close code %i', (code, text) => {
    expect(diagnose(facts({ code })).text).toMatch(text);
  });

  it('explains network failures', () => {
    expect(
      diagnose(facts({ code: null, networkError: 'connect ECONNREFUSED 127.0.0.1:9' })).text,
    ).toMatch(/Nothing is listening/);
    expect(diagnose(facts({ code: null, networkError: 'getaddrinfo ENOTFOUND x' })).text).toMatch(
      /could not be resolved/,
    );
  });
});

describe('explainServerError', () => {
  it('names the client event that caused it', () => {
    const text = explainServerError({
      type: 'invalid_request_error',
      code: 'input_audio_buffer_commit_empty',
      message: 'buffer too small',
      eventId: 'e1',
      causedBy: 'input_audio_buffer.commit',
    });
    expect(text).toMatch(/at least 100 ms/);
    expect(text).toMatch(/in answer to input_audio_buffer\.commit/);
  });
});

describe('describeCloseCode', () => {
  it('names known codes and the upgrade case', () => {
    expect(describeCloseCode(1006)).toMatch(/abnormal/);
    expect(describeCloseCode(null)).toMatch(/upgrade refused/);
    expect(describeCloseCode(4321)).toBe('application-defined');
  });
});

describe('the first-audio close pattern with appends still in flight', () => {
  it('applies within the first-audio window even after several appends', () => {
    const d = diagnose(
      facts({
        afterClientEvent: 'input_audio_buffer.append',
        appendsSent: 30,
        msSinceFirstAppend: 40,
      }),
    );
    expect(d.text).toMatch(/right after the first/);
  });
  it('does not apply long after the first append', () => {
    const d = diagnose(
      facts({
        afterClientEvent: 'input_audio_buffer.append',
        appendsSent: 300,
        msSinceFirstAppend: 6000,
      }),
    );
    expect(d.text).not.toMatch(/right after the first/);
  });
});
