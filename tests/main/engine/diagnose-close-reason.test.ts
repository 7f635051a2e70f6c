import { describe, expect, it } from 'vitest';
import { diagnose, parseCloseReason } from '../../../src/main/engine/diagnose';

const facts = (code: number, reason: string) => ({
  code,
  reason,
  afterClientEvent: 'session.update',
  appendsSent: 0,
  serverError: null,
});

describe('close reasons of the form <type>.<code>', () => {
  it('are parsed, and anything else is not', () => {
    expect(parseCloseReason('invalid_request_error.invalid_api_key')).toEqual({
      type: 'invalid_request_error',
      code: 'invalid_api_key',
    });
    for (const other of ['', 'client closed', 'beta_api_shape_disabled', 'a.b.c', 'x. y'])
      expect(parseCloseReason(other)).toBeNull();
  });

  it('a 3000 close for a bad key says so and does not retry', () => {
    const d = diagnose(facts(3000, 'invalid_request_error.invalid_api_key'));
    expect(d).toMatchObject({ title: 'API key rejected', permanent: true });
    expect(d.text).toMatch(/close reason was "invalid_request_error.invalid_api_key"/);
  });

  it('a 4000 close with another reason is not called "beta shape"', () => {
    const d = diagnose(facts(4000, 'invalid_request_error.model_not_found'));
    expect(d.title).toBe('Model not found');
    expect(diagnose(facts(4000, '')).title).toBe('Beta protocol refused');
    expect(diagnose(facts(4000, 'beta_api_shape_disabled')).title).toBe('Beta protocol refused');
  });

  it('an unknown code is named in plain words and retried', () => {
    const d = diagnose(facts(3000, 'server_error.overloaded_now'));
    expect(d).toMatchObject({ title: 'Closed by the service', permanent: false });
    expect(d.text).toMatch(/closed the connection with 3000 because of overloaded now/);
  });
});
