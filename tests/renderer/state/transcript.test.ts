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

  it('shows your words live as they are transcribed', () => {
    const store = new TranscriptStore();
    store.apply({ role: 'user', itemId: 'u', text: 'What is', final: false });
    expect(store.entries[0]).toMatchObject({ role: 'user', text: 'What is', final: false });
    store.apply({ role: 'user', itemId: 'u', text: ' the time', final: false });
    expect(store.entries[0]!.text).toBe('What is the time');
  });

  it('marks a turn whose speech could not be transcribed, live, with the reason', () => {
    const store = new TranscriptStore();
    store.apply({ role: 'user', itemId: 'u1', text: 'half a sen', final: false });
    store.applyTranscriptionFailed({ itemId: 'u1', reason: 'audio_unintelligible' });
    expect(store.entries[0]).toMatchObject({
      text: 'half a sen',
      final: true,
      failed: 'audio_unintelligible',
    });
    // No delta came first: the turn appears, marked.
    store.applyTranscriptionFailed({ itemId: 'u2', reason: 'timeout' });
    expect(store.entries[1]).toMatchObject({ key: 'user:u2', text: '', failed: 'timeout' });
    // A transcript that arrives after all clears the mark.
    store.apply({ role: 'user', itemId: 'u2', text: 'hello', final: true });
    expect(store.entries[1]!.failed).toBeUndefined();
  });

  it('queues streamed text and shows it in one go with the next frame, in order', () => {
    const frames: (() => void)[] = [];
    const store = new TranscriptStore((flush) => frames.push(flush));
    store.enqueue({ role: 'assistant', itemId: 'a', text: 'Hel', final: false });
    store.enqueue({ role: 'assistant', itemId: 'a', text: 'lo', final: false });
    expect(store.entries).toEqual([]); // nothing rendered per delta
    expect(frames).toHaveLength(1); // one frame asked for, not one per delta
    frames[0]!();
    expect(store.entries[0]).toMatchObject({ text: 'Hello' });
    // Anything else that changes the transcript applies the queue first, keeping the order.
    store.enqueue({ role: 'user', itemId: 'u', text: 'half', final: false });
    store.applyTranscriptionFailed({ itemId: 'u', reason: 'audio_unintelligible' });
    expect(store.entries[1]).toMatchObject({ text: 'half', failed: 'audio_unintelligible' });
    frames[1]!(); // the frame comes later: nothing twice
    expect(store.entries).toHaveLength(2);
    // A new conversation drops what was queued for the old one.
    store.enqueue({ role: 'assistant', itemId: 'b', text: 'stale', final: true });
    store.replace([]);
    frames[2]!();
    expect(store.entries).toEqual([]);
  });

  it('shows queued text even where no frame comes (a hidden window)', async () => {
    const store = new TranscriptStore(); // no requestAnimationFrame under Node: the timer
    store.enqueue({ role: 'user', itemId: 'u', text: 'hi', final: true });
    await new Promise((r) => setTimeout(r, 150));
    expect(store.entries[0]).toMatchObject({ text: 'hi' });
  });
});
