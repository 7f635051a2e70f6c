import { describe, expect, it } from 'vitest';
import { Announcer } from '../../../src/renderer/src/state/announcer.svelte';
import { MessageWatch, describeEntry } from '../../../src/renderer/src/state/message-watch';
import { TranscriptStore } from '../../../src/renderer/src/state/transcript.svelte';

describe('MessageWatch: each completed message once, never its deltas', () => {
  it('a streamed reply is announced once, whole, when it is final', () => {
    const store = new TranscriptStore();
    const watch = new MessageWatch();
    const heard: string[] = [];
    const look = (): void => void heard.push(...watch.completed(store.entries));
    store.apply({ role: 'user', itemId: 'u', text: 'What time is it?', final: true });
    look();
    for (const delta of ['It ', 'is ', 'noon', '.']) {
      store.apply({ role: 'assistant', itemId: 'a', text: delta, final: false });
      look();
    }
    store.apply({ role: 'assistant', itemId: 'a', text: 'It is noon.', final: true });
    look();
    look();
    expect(heard).toEqual(['You: What time is it?', 'Hark: It is noon.']);
  });

  it('a cost arriving later is not a new message', () => {
    const store = new TranscriptStore();
    const watch = new MessageWatch();
    store.apply({ role: 'assistant', itemId: 'a', text: 'Done.', final: true });
    expect(watch.completed(store.entries)).toEqual(['Hark: Done.']);
    store.entries[0]!.usage = {} as never;
    expect(watch.completed(store.entries)).toEqual([]);
  });

  it('a tool call is announced when it finishes, with its result', () => {
    const store = new TranscriptStore();
    const watch = new MessageWatch();
    const call = { callId: 'c', tool: 'get_current_time', summary: 'Get the time' };
    store.applyToolCall({ ...call, status: 'running' });
    expect(watch.completed(store.entries)).toEqual([]);
    store.applyToolCall({ ...call, status: 'done', result: '12:00' });
    expect(watch.completed(store.entries)).toEqual(['Tool: Get the time (done): 12:00']);
  });

  it('a reopened conversation is shown, not read out', () => {
    const store = new TranscriptStore();
    const watch = new MessageWatch();
    store.replace([
      { key: 'history:0', role: 'user', text: 'old', final: true },
      { key: 'history:1', role: 'assistant', text: 'older', final: true },
    ]);
    watch.skip(store.entries);
    expect(watch.completed(store.entries)).toEqual([]);
  });

  it('a cost line of its own, or an empty reply, says nothing', () => {
    expect(describeEntry({ key: 'usage:r', role: 'assistant', text: '', final: true })).toBeNull();
    expect(
      describeEntry({ key: 'user:u', role: 'user', text: '', final: true, failed: 'noise' }),
    ).toBe('You: speech not transcribed');
  });
});

describe('Announcer', () => {
  it('keeps only the last few items and ignores blank text', () => {
    const announcer = new Announcer();
    for (const text of ['a', ' ', 'b', 'c', 'd', 'e']) announcer.say(text);
    expect(announcer.items.map((i) => i.text)).toEqual(['b', 'c', 'd', 'e']);
    expect(new Set(announcer.items.map((i) => i.id)).size).toBe(4);
  });
});
