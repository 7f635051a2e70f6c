import { describe, expect, it } from 'vitest';
import type { TokenCounts, UsageMessage } from '../../../src/shared/assistant';
import { TranscriptStore } from '../../../src/renderer/src/state/transcript.svelte';

const TOKENS: TokenCounts = {
  inputText: 100,
  inputAudio: 40,
  inputImage: 0,
  inputCached: 0,
  outputText: 20,
  outputAudio: 200,
};

let session = 0;
let responses = 0;
function usage(responseId: string, itemId: string | null, cost: number): UsageMessage {
  session += cost;
  responses += 1;
  return {
    responseId,
    itemId,
    model: 'gpt-realtime',
    turn: TOKENS,
    turnCost: cost,
    session: TOKENS,
    sessionCost: session,
    responses,
  };
}

/** What the lines under the replies add up to. */
const shownTotal = (store: TranscriptStore): number =>
  store.entries.reduce((sum, e) => sum + (e.usage?.turnCost ?? 0), 0);

describe('TranscriptStore: every billed reply shows its cost, under the right line', () => {
  it('a reply with text: under it; a reply that only called a tool: under the tool call', () => {
    session = 0;
    responses = 0;
    const store = new TranscriptStore();
    store.apply({ role: 'user', itemId: 'u1', text: 'copy hello', final: true });
    store.applyToolCall({
      callId: 'c1',
      tool: 'copy_to_clipboard',
      summary: 'Copy “hello”',
      status: 'done',
      result: 'Copied.',
    });
    store.applyUsage(usage('r1', null, 0.002));
    store.apply({ role: 'assistant', itemId: 'a2', text: 'Copied it.', final: true });
    store.applyUsage(usage('r2', 'a2', 0.004));
    expect(store.entries.find((e) => e.key === 'tool:c1')?.usage?.turnCost).toBe(0.002);
    expect(store.entries.find((e) => e.key === 'assistant:a2')?.usage?.turnCost).toBe(0.004);
    expect(shownTotal(store)).toBeCloseTo(session, 10);
  });

  it('after a conversation is reopened, a new cost never lands under a restored reply', () => {
    session = 0;
    responses = 0;
    const store = new TranscriptStore();
    store.replace([
      { key: 'history:0', role: 'user', text: 'old question', final: true },
      { key: 'history:1', role: 'assistant', text: 'old answer', final: true },
    ]);
    store.apply({ role: 'user', itemId: 'u2', text: 'new question', final: true });
    // A reply without an item of its own (it only called a tool that is not shown).
    store.applyUsage(usage('r1', null, 0.003));
    expect(store.entries.find((e) => e.key === 'history:1')?.usage).toBeUndefined();
    const line = store.entries.at(-1)!;
    expect(line).toMatchObject({ key: 'usage:r1', role: 'assistant', text: '', final: true });
    store.apply({ role: 'assistant', itemId: 'a3', text: 'new answer', final: true });
    store.applyUsage(usage('r2', 'a3', 0.005));
    expect(shownTotal(store)).toBeCloseTo(session, 10);
  });

  it('typed and spoken turns: the lines add up to the session total', () => {
    session = 0;
    responses = 0;
    const store = new TranscriptStore();
    for (let i = 0; i < 5; i++) {
      store.apply({ role: 'user', itemId: `u${i}`, text: i % 2 ? 'typed' : '', final: true });
      store.apply({ role: 'assistant', itemId: `a${i}`, text: `reply ${i}`, final: true });
      store.applyUsage(usage(`r${i}`, `a${i}`, 0.001 * (i + 1)));
    }
    expect(shownTotal(store)).toBeCloseTo(session, 10);
    expect(store.entries.filter((e) => e.usage)).toHaveLength(5);
  });

  it('counts each replacement, so a reopened conversation can be told from growth', () => {
    const store = new TranscriptStore();
    expect(store.generation).toBe(0);
    store.replace([]);
    expect(store.generation).toBe(1);
  });
});
