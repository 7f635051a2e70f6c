import { describe, expect, it } from 'vitest';
import { committedSpeech, waitingSpeech } from '../../../src/main/conversation/waiting-speech';

describe('waiting speech in the transcript', () => {
  it('waits under its stand-in id, shown as its length', () => {
    expect(waitingSpeech('waiting_3_x', 2_460)).toEqual({
      role: 'user',
      itemId: 'waiting_3_x',
      text: '🎙 2.5 s of speech',
      final: false,
      waiting: true,
    });
  });

  it('once committed, the same entry becomes the server item and no longer waits', () => {
    const message = committedSpeech('item_7', 'waiting_3_x', 800);
    expect(message).toEqual({
      role: 'user',
      itemId: 'item_7',
      text: '🎙 0.8 s of speech',
      final: false,
      replaces: 'waiting_3_x',
    });
    expect(message).not.toHaveProperty('waiting');
  });
});
