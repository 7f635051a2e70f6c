import { describe, expect, it } from 'vitest';
import { TranscriptStore } from '../../../src/renderer/src/state/transcript.svelte';

describe('TranscriptStore', () => {
  it('appends deltas and replaces with the final text', () => {
    const store = new TranscriptStore();
    store.apply({ role: 'assistant', itemId: 'a', text: 'Hel', final: false });
    store.apply({ role: 'assistant', itemId: 'a', text: 'lo', final: false });
    expect(store.entries[0]).toMatchObject({ text: 'Hello', final: false });
    store.apply({ role: 'assistant', itemId: 'a', text: 'Hello there.', final: true });
    expect(store.entries[0]).toMatchObject({ text: 'Hello there.', final: true });
    store.apply({ role: 'assistant', itemId: 'a', text: ' late', final: false });
    expect(store.entries[0]!.text).toBe('Hello there.');
  });

  it('keeps user and assistant lines apart, in order of arrival, bounded', () => {
    const store = new TranscriptStore();
    store.apply({ role: 'user', itemId: 'u', text: 'hi', final: true });
    store.apply({ role: 'assistant', itemId: 'u', text: 'hey', final: true });
    expect(store.entries.map((e) => e.role)).toEqual(['user', 'assistant']);
    for (let i = 0; i < 250; i++)
      store.apply({ role: 'user', itemId: `x${i}`, text: 't', final: true });
    expect(store.entries).toHaveLength(200);
  });
});
