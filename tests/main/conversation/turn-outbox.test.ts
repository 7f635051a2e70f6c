import { describe, expect, it } from 'vitest';
import { MAX_QUEUED_TURNS, TurnOutbox } from '../../../src/main/conversation/turn-outbox';
import { TurnUpload } from '../../../src/main/conversation/turn-upload';

const upload = () => new TurnUpload({ framesSent: 0, bytesSent: 0 }, 1 << 20, () => {});

describe('TurnOutbox', () => {
  it('orders turns by when the user made them, not by when they were queued', () => {
    const outbox = new TurnOutbox();
    const pressed = outbox.nextSeq(); // a press, released after a message was typed
    const typed = outbox.addTyped('typed during the turn');
    outbox.addSpoken(pressed, upload(), true);
    expect(outbox.all().map((t) => t.kind)).toEqual(['spoken', 'typed']);
    expect('turn' in typed && typed.turn.seq).toBeGreaterThan(pressed);
  });

  it('gives a waiting spoken turn a stand-in id and a live one none', () => {
    const outbox = new TurnOutbox();
    expect(outbox.addSpoken(outbox.nextSeq(), upload(), true).placeholderId).toMatch(/^waiting_/);
    expect(outbox.addSpoken(outbox.nextSeq(), upload(), false).placeholderId).toBeNull();
  });

  it('refuses empty, oversized and too many messages with a reason', () => {
    const outbox = new TurnOutbox();
    expect(outbox.addTyped('  ')).toEqual({ error: 'The message is empty.' });
    expect(outbox.addTyped('x'.repeat(4001))).toMatchObject({
      error: expect.stringMatching(/4000/),
    });
    for (let i = 0; i < MAX_QUEUED_TURNS; i++)
      expect(outbox.addTyped(`m${i}`)).toHaveProperty('turn');
    expect(outbox.addTyped('one more')).toMatchObject({ error: expect.stringMatching(/waiting/) });
    expect(outbox.size).toBe(MAX_QUEUED_TURNS);
  });

  it('acknowledges a typed turn once, by its item id', () => {
    const outbox = new TurnOutbox();
    const added = outbox.addTyped('hello');
    if (!('turn' in added)) throw new Error(added.error);
    expect(outbox.acknowledgeTyped('msg_other')).toBeNull();
    expect(outbox.acknowledgeTyped(added.turn.itemId)?.text).toBe('hello');
    expect(outbox.acknowledgeTyped(added.turn.itemId)).toBeNull();
    expect(outbox.size).toBe(0);
  });
});
