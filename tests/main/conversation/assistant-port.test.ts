import { describe, expect, it } from 'vitest';
import { assistantPort } from '../../../src/main/conversation/assistant-port';
import type { RealtimeClientEvent } from '../../../src/main/realtime/protocol';

function port(replyOnRequest: boolean) {
  const log: string[] = [];
  const state = { current: true, blocked: null as string | null };
  const session = {
    capabilities: { replyOnRequest } as never,
    send: (event: RealtimeClientEvent) => {
      log.push(`send ${event.type}`);
      return 'evt_1';
    },
    createResponse: () => {
      log.push('createResponse');
      return 'evt_2';
    },
  };
  const hooks = {
    get blocked() {
      return state.blocked;
    },
  };
  const p = assistantPort(
    session,
    () => state.current,
    hooks,
    () => log.push('ask'),
  );
  return { p, log, state };
}

const result: RealtimeClientEvent = {
  type: 'conversation.item.create',
  item: { type: 'function_call_output', call_id: 'call_1', output: '{}' },
};

describe('assistantPort', () => {
  it('sends and asks for replies through the sequencer while its session is current', () => {
    const { p, log } = port(true);
    expect(p.send(result)).toBe('evt_1');
    p.requestResponse();
    expect(log).toEqual(['send conversation.item.create', 'ask']);
  });

  it('an engine that speaks by itself only gets its backend continued', () => {
    const { p, log } = port(false);
    p.requestResponse();
    expect(log).toEqual(['createResponse']);
  });

  it('asks for nothing while blocked (the spend cap), read at each call', () => {
    const { p, log, state } = port(true);
    state.blocked = 'Spending limit reached';
    p.requestResponse();
    expect(log).toEqual([]);
    state.blocked = null;
    p.requestResponse();
    expect(log).toEqual(['ask']);
  });

  it('is dead once its session was replaced', () => {
    const { p, log, state } = port(true);
    state.current = false;
    expect(p.send(result)).toBeNull();
    p.requestResponse();
    expect(log).toEqual([]);
  });
});
