import { describe, expect, it } from 'vitest';
import { ConversationHistory } from '../../../src/main/conversation/conversation-history';

describe('ConversationHistory', () => {
  it('seeds a new session with user and assistant text items in order', () => {
    const history = new ConversationHistory();
    history.add('user', ' What time is it? ');
    history.add('assistant', 'It is noon.');
    history.add('user', '   ');
    expect(history.seedEvents()).toEqual([
      {
        type: 'conversation.item.create',
        item: {
          type: 'message',
          role: 'user',
          content: [{ type: 'input_text', text: 'What time is it?' }],
        },
      },
      {
        type: 'conversation.item.create',
        item: {
          type: 'message',
          role: 'assistant',
          content: [{ type: 'output_text', text: 'It is noon.' }],
        },
      },
    ]);
  });

  it('keeps the most recent turns within its bounds', () => {
    const history = new ConversationHistory(3, 10);
    for (const text of ['aaaa', 'bbbb', 'cccc', 'dddd']) history.add('user', text);
    expect(history.entries().map((t) => t.text)).toEqual(['cccc', 'dddd']);
  });
});
