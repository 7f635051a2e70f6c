import { describe, expect, it } from 'vitest';
import { gateFor, parseClientEvent } from '../../../src/simulator/live/client-events';

describe('gateFor', () => {
  it('lets session.start through only first', () => {
    expect(gateFor('awaiting-start', 'session.start')).toBeNull();
    expect(gateFor('active', 'session.start')).toMatchObject({ code: 'session_already_started' });
  });

  it('holds everything else until the session is active, and refuses it while closing', () => {
    expect(gateFor('awaiting-start', 'session.update')).toMatchObject({
      code: 'session_not_started',
    });
    expect(gateFor('starting', 'session.update')).toMatchObject({ code: 'session_not_started' });
    expect(gateFor('active', 'session.update')).toBeNull();
    expect(gateFor('closing', 'session.update')).toMatchObject({ code: 'session_closing' });
  });
});

describe('parseClientEvent', () => {
  it('returns the event a valid record describes', () => {
    const parsed = parseClientEvent('session.input_audio.mute', {
      type: 'session.input_audio.mute',
    });
    expect(parsed).toEqual({ ok: true, event: { type: 'session.input_audio.mute' } });
  });

  it('names an unknown key ahead of the field it left missing', () => {
    const parsed = parseClientEvent('session.input_audio.append', {
      type: 'session.input_audio.append',
      audoi: 'AAAA',
    });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.message).toContain('audoi');
  });
});
