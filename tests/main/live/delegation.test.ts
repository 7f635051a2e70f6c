import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  Delegation,
  type BackendResponseDone,
  type DelegatedCall,
} from '../../../src/main/live/delegation';
import type { LiveClientEvent } from '../../../src/main/live/protocol';

function setup(options: { maxBytes?: number; maxItems?: number; timeoutMs?: number } = {}) {
  const sent: LiveClientEvent[] = [];
  const calls: DelegatedCall[] = [];
  const done: BackendResponseDone[] = [];
  const busy: boolean[] = [];
  const notices: string[] = [];
  const d = new Delegation({
    send: (e) => (sent.push(e), `s${sent.length}`),
    onCall: (c) => calls.push(c),
    onResponseDone: (r) => done.push(r),
    onBusy: (b) => busy.push(b),
    onNotice: (t) => notices.push(t),
    ...options,
  });
  const created = (id: string, delegation = 'D1') => {
    d.delegationCreated(delegation, id);
    d.onResponseEvent({ type: 'response.created', response: { id } }, delegation);
  };
  const call = (callId: string, name = 'clock', delegation = 'D1', status = 'completed') =>
    d.onResponseEvent(
      {
        type: 'response.output_item.done',
        item: { type: 'function_call', status, call_id: callId, name, arguments: '{}' },
      },
      delegation,
    );
  const completed = (id: string, status = 'completed', delegation = 'D1') =>
    d.onResponseEvent(
      {
        type: `response.${status}`,
        response: {
          id,
          usage: {
            input_tokens: 120,
            output_tokens: 30,
            input_tokens_details: { cached_tokens: 20 },
          },
        },
      },
      delegation,
    );
  const types = () => sent.map((e) => e.type);
  return { d, sent, calls, done, busy, notices, created, call, completed, types };
}

afterEach(() => vi.useRealTimers());

describe('Delegation', () => {
  it('takes each completed call once, answers each once, and continues exactly once after all outputs', () => {
    const t = setup();
    t.created('R1');
    t.call('c1');
    t.call('c1'); // duplicate
    t.call('c2', 'calculator');
    t.call('c3', 'clock', 'D1', 'in_progress'); // not completed: not a call yet
    t.completed('R1');
    expect(t.calls.map((c) => [c.callId, c.responseId])).toEqual([
      ['c1', 'R1'],
      ['c2', 'R1'],
    ]);
    expect(t.done[0]).toMatchObject({ responseId: 'R1', status: 'completed' });
    expect(t.done[0]!.usage).toMatchObject({ input_tokens: 120, output_tokens: 30 });
    expect(t.d.answer('c1', '{"result":"12:00"}')).toBe(true);
    expect(t.d.answer('c1', 'again')).toBe(false); // one output per call
    expect(t.types()).toEqual(['response.item.create']); // c2 still open: no continuation
    t.d.requestContinuation(); // asked early: still held
    t.d.requestContinuation();
    expect(t.types()).toEqual(['response.item.create']);
    t.d.answer('c2', '{"result":4}');
    expect(t.types()).toEqual(['response.item.create', 'response.item.create', 'response.create']);
    expect(t.d.busy).toBe(false);
    expect(t.busy).toEqual([true, false]);
  });

  it('waits for the backend response to end before continuing', () => {
    const t = setup();
    t.created('R1');
    t.call('c1');
    t.d.answer('c1', 'ok');
    expect(t.types()).toEqual(['response.item.create']);
    t.completed('R1');
    expect(t.types()).toEqual(['response.item.create', 'response.create']);
  });

  it('answers a call nobody answered in time, and the late answer is dropped', () => {
    vi.useFakeTimers();
    const t = setup({ timeoutMs: 1000 });
    t.created('R1');
    t.call('c1');
    t.completed('R1');
    vi.advanceTimersByTime(1001);
    expect(t.types()).toEqual(['response.item.create', 'response.create']);
    expect(JSON.stringify(t.sent[0])).toContain('timed out');
    expect(t.d.answer('c1', 'late')).toBe(false);
    expect(t.d.counters.timedOut).toBe(1);
    expect(t.notices[0]).toMatch(/did not answer in time/);
  });

  it('does not answer calls of a failed response (the server refuses them)', () => {
    const t = setup();
    t.created('R1');
    t.call('c1');
    t.completed('R1', 'failed');
    expect(t.d.answer('c1', 'x')).toBe(false);
    expect(t.types()).toEqual([]);
    expect(t.done[0]!.status).toBe('failed');
  });

  it('cuts an output to the 32 KB budget with a note, keeping room for the other open call', () => {
    const t = setup();
    t.created('R1');
    t.call('c1');
    t.call('c2');
    t.completed('R1');
    t.d.answer('c1', 'é'.repeat(40_000)); // 80,000 bytes of UTF-8
    const first = t.sent[0] as { item: { output: string } };
    expect(first.item.output).toMatch(
      /Hark cut this result to fit the session's input budget: 80000 bytes/,
    );
    t.d.answer('c2', 'short');
    const total = t.sent
      .filter((e) => e.type === 'response.item.create')
      .reduce((n, e) => n + Buffer.byteLength(JSON.stringify((e as { item: unknown }).item)), 0);
    expect(total).toBeLessThanOrEqual(32_768);
    expect((t.sent[1] as { item: { output: string } }).item.output).toBe('short');
    expect(t.types().at(-1)).toBe('response.create');
    expect(t.d.counters.outputsCut).toBe(1);
  });

  it('past the item budget a call is still answered, with a note instead of the result', () => {
    const t = setup({ maxItems: 1 });
    t.created('R1');
    t.call('c1');
    t.call('c2');
    t.completed('R1');
    t.d.answer('c1', 'one');
    t.d.answer('c2', 'two');
    const outputs = t.sent.flatMap((e) =>
      e.type === 'response.item.create' ? [(e as { item: { output: string } }).item.output] : [],
    );
    expect(outputs).toEqual([
      'one',
      'Result omitted: this session has no room left for tool results.',
    ]);
    expect(t.types().filter((x) => x === 'response.create')).toHaveLength(1);
  });

  it('a typed message goes to the backend as one item and one continuation, within the budget', () => {
    const t = setup({ maxBytes: 200 });
    expect(t.d.sendUserText('What is 2 + 2?')).not.toBeNull();
    expect(t.types()).toEqual(['response.item.create', 'response.create']);
    expect(t.d.sendUserText('x'.repeat(500))).toBeNull();
    expect(t.notices.at(-1)).toMatch(/budget/);
  });
});
