import { describe, expect, it } from 'vitest';
import type { UsageMessage } from '../../../src/shared/assistant';
import { TranscriptStore } from '../../../src/renderer/src/state/transcript.svelte';

const counts = {
  inputText: 10,
  inputAudio: 0,
  inputImage: 0,
  inputCached: 0,
  outputText: 0,
  outputAudio: 20,
};

let total = 0;
let responses = 0;
function usage(
  responseId: string,
  itemId: string | null,
  turnCost: number,
  callIds?: string[],
): UsageMessage {
  total += turnCost;
  responses++;
  return {
    responseId,
    itemId,
    callIds,
    model: 'gpt-realtime',
    turn: counts,
    turnCost,
    session: counts,
    sessionCost: total,
    responses,
  };
}

const shownCosts = (store: TranscriptStore) =>
  store.entries.flatMap((e) => (e.usage?.turnCost != null ? [e.usage.turnCost] : []));

describe('TranscriptStore: a spoken turn that waited', () => {
  it('keeps waiting turns in the order made, each before its own reply', () => {
    const store = new TranscriptStore();
    store.apply({ role: 'user', itemId: 'u0', text: 'before the outage', final: true });
    // During the outage: a spoken turn, then a typed one; both wait.
    store.apply({
      role: 'user',
      itemId: 'waiting_1',
      text: '🎙 2.5 s of speech',
      final: false,
      waiting: true,
    });
    store.apply({
      role: 'user',
      itemId: 'msg_t',
      text: 'typed while down',
      final: true,
      waiting: true,
    });
    expect(store.entries.map((e) => Boolean(e.waiting))).toEqual([false, true, true]);
    // Back online: the spoken turn goes out first and becomes its item, where it is.
    store.apply({
      role: 'user',
      itemId: 'item_v',
      text: '🎙 2.5 s of speech',
      final: false,
      replaces: 'waiting_1',
    });
    expect(store.entries[1]).toMatchObject({ key: 'user:item_v', text: '🎙 2.5 s of speech' });
    expect(store.entries[1]!.waiting).toBeUndefined();
    store.apply({ role: 'user', itemId: 'item_v', text: 'what', final: false });
    store.apply({ role: 'user', itemId: 'item_v', text: ' time', final: false });
    expect(store.entries[1]).toMatchObject({ text: 'what time', final: false });
    // Its reply comes before the typed turn, which still waits.
    store.apply({ role: 'assistant', itemId: 'a1', text: 'reply one', final: true });
    expect(store.entries.at(-1)).toMatchObject({ key: 'user:msg_t', waiting: true });
    // Then the typed turn goes out, and its reply follows it.
    store.apply({ role: 'user', itemId: 'msg_t', text: 'typed while down', final: true });
    store.apply({ role: 'assistant', itemId: 'a2', text: 'reply two', final: true });
    expect(store.entries.map((e) => e.text)).toEqual([
      'before the outage',
      'what time',
      'reply one',
      'typed while down',
      'reply two',
    ]);
    expect(store.entries.some((e) => e.waiting)).toBe(false);
  });

  it('shows a replacement whose stand-in is gone (a cleared transcript) as a new line', () => {
    const store = new TranscriptStore();
    store.apply({ role: 'user', itemId: 'item_v', text: '', final: false, replaces: 'gone' });
    store.apply({ role: 'user', itemId: 'item_v', text: 'hello', final: true });
    expect(store.entries).toMatchObject([{ key: 'user:item_v', text: 'hello' }]);
  });
});

describe('TranscriptStore: costs', () => {
  it('puts each cost on the reply that incurred it, a tool-only one too, and they sum to the total', () => {
    total = 0;
    responses = 0;
    const store = new TranscriptStore();
    store.apply({ role: 'user', itemId: 'u1', text: 'typed', final: true });
    store.apply({ role: 'assistant', itemId: 'a1', text: 'typed reply', final: true });
    store.applyUsage(usage('r1', 'a1', 0.004));
    store.apply({ role: 'user', itemId: 'u2', text: 'what is the time', final: true });
    store.applyToolCall({
      callId: 'call_1',
      tool: 'get_current_time',
      summary: 'Get the time',
      status: 'done',
      result: '12:00',
    });
    const last = usage('r2', null, 0.003, ['call_1']);
    store.applyUsage(last); // the tool-only reply
    store.apply({ role: 'assistant', itemId: 'a3', text: 'It is noon', final: true });
    const final = usage('r3', 'a3', 0.005);
    store.applyUsage(final);
    expect(store.entries.find((e) => e.key === 'tool:call_1')?.usage?.turnCost).toBe(0.003);
    expect(shownCosts(store)).toEqual([0.004, 0.003, 0.005]);
    expect(shownCosts(store).reduce((a, b) => a + b, 0)).toBeCloseTo(final.sessionCost!, 12);
  });

  it('after Continue, new costs never land on restored replies', () => {
    total = 0;
    responses = 0;
    const store = new TranscriptStore();
    store.replace([
      { key: 'history:0', role: 'user', text: 'old question', final: true },
      { key: 'history:1', role: 'assistant', text: 'old answer', final: true },
    ]);
    // A tool-only reply whose call is not shown, and a reply cut before any text.
    store.applyUsage(usage('r1', null, 0.002, ['call_unseen']));
    store.applyUsage(usage('r2', 'a_never_shown', 0.001));
    store.apply({ role: 'assistant', itemId: 'a3', text: 'new answer', final: true });
    const last = usage('r3', 'a3', 0.006);
    store.applyUsage(last);
    expect(store.entries.filter((e) => e.key.startsWith('history:')).every((e) => !e.usage)).toBe(
      true,
    );
    expect(shownCosts(store).reduce((a, b) => a + b, 0)).toBeCloseTo(last.sessionCost!, 12);
  });
});
