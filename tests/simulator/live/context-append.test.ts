import { describe, expect, it } from 'vitest';
import {
  appendedType,
  refuseContextAppend,
  type AppendContext,
  type ContextAppend,
} from '../../../src/simulator/live/context-append';

const commentary = (content: string, delegation_id: string | null = null): ContextAppend => ({
  type: 'session.commentary.append',
  content,
  delegation_id,
});
const context = (over: Partial<AppendContext> = {}): AppendContext => ({
  fixtureActive: false,
  responsesDelegation: false,
  isClientDelegation: (id) => id === 'deleg_known',
  ...over,
});

describe('refuseContextAppend', () => {
  it('accepts a short append with no delegation, or one naming a known client delegation', () => {
    expect(refuseContextAppend(commentary('Hi.'), context())).toBeNull();
    expect(refuseContextAppend(commentary('Hi.', 'deleg_known'), context())).toBeNull();
  });

  it('refuses while a fixture plays, before anything else', () => {
    expect(
      refuseContextAppend(commentary('x'.repeat(5_000)), context({ fixtureActive: true })),
    ).toMatchObject({ code: 'fixture_active' });
  });

  it('refuses more than the token limit', () => {
    expect(refuseContextAppend(commentary('x'.repeat(5_000)), context())).toMatchObject({
      code: 'string_above_max_length',
      param: 'content',
    });
  });

  it('refuses a delegation_id under Responses delegation, and an unknown one', () => {
    expect(
      refuseContextAppend(commentary('Hi.', 'deleg_known'), context({ responsesDelegation: true })),
    ).toMatchObject({ code: 'invalid_value', param: 'delegation_id' });
    expect(refuseContextAppend(commentary('Hi.', 'deleg_other'), context())).toMatchObject({
      message: "Unknown delegation_id 'deleg_other'.",
    });
  });
});

describe('appendedType', () => {
  it('names the acknowledgement of each append', () => {
    expect(appendedType('session.instructions.append')).toBe('session.instructions.appended');
    expect(appendedType('session.thinking.append')).toBe('session.thinking.appended');
    expect(appendedType('session.commentary.append')).toBe('session.commentary.appended');
  });
});
