import { afterEach, describe, expect, it } from 'vitest';
import type { TranscriptMessage } from '../../../src/shared/ipc';
import { Conversation, type ConversationLink } from '../../../src/main/conversation/conversation';
import type { ConversationHooks } from '../../../src/main/conversation/types';
import { FakeSession } from './support/fake-session';

const link: ConversationLink = { ensureConnected: () => {}, rolloverIfDue: () => {} };
const conversations: Conversation[] = [];
afterEach(() => {
  for (const c of conversations.splice(0)) c.dispose();
});

function make(hooks?: ConversationHooks) {
  const conversation = new Conversation(link, { handsFree: () => false, hooks });
  conversations.push(conversation);
  const transcripts: TranscriptMessage[] = [];
  conversation.on('transcript', (t) => transcripts.push(t));
  return { conversation, transcripts };
}

const frame = () => new Uint8Array(960).fill(5);

function speak(conversation: Conversation, frames = 10): void {
  conversation.talkStart('pointer');
  for (let i = 0; i < frames; i++) conversation.pushAudioFrame(frame());
  expect(conversation.talkStop('pointer')).toEqual({ ok: true });
}

/** What reached the server, one line per turn-level event. */
function turnsSent(session: FakeSession): string[] {
  return session.sent.flatMap((e) => {
    if (e.type === 'input_audio_buffer.commit') return ['spoken'];
    if (e.type === 'conversation.item.create' && e.item.type === 'message' && e.item.id) {
      const part = e.item.content[0] as { text?: string };
      return [`typed:${part.text}`];
    }
    if (e.type === 'response.create') return ['reply'];
    return [];
  });
}

function textItemId(session: FakeSession, text: string): string {
  const event = session.sent.find(
    (e) =>
      e.type === 'conversation.item.create' &&
      e.item.type === 'message' &&
      (e.item.content[0] as { text?: string }).text === text,
  ) as { item: { id: string } };
  return event.item.id;
}

/** The server confirms a spoken turn and answers it. */
function answerSpoken(session: FakeSession, itemId: string, responseId: string): void {
  session.server('server-event', { type: 'input_audio_buffer.committed', item_id: itemId });
  session.server('response-started', { responseId });
  session.server('response-done', { responseId, status: 'completed', usage: null });
}

function answerTyped(session: FakeSession, text: string, responseId: string): void {
  session.server('server-event', {
    type: 'conversation.item.added',
    item: { id: textItemId(session, text) },
  });
  session.server('response-started', { responseId });
  session.server('response-done', { responseId, status: 'completed', usage: null });
}

describe('Conversation: turns made during an outage', () => {
  it('sends a spoken then a typed turn in that order, each after the reply to the one before', () => {
    const { conversation, transcripts } = make();
    speak(conversation);
    conversation.sendText('typed while down');
    expect(conversation.queued).toEqual({ typed: 1, spoken: 1 });

    const session = new FakeSession();
    conversation.onSessionReady(session.asSession);
    // Only the spoken turn goes out: the typed one waits for its reply.
    expect(turnsSent(session)).toEqual(['spoken', 'reply']);
    expect(session.appendedBytes()).toBe(10 * 960);
    expect(conversation.queued).toEqual({ typed: 1, spoken: 0 });

    answerSpoken(session, 'item_voice', 'resp_1');
    expect(turnsSent(session)).toEqual(['spoken', 'reply', 'typed:typed while down', 'reply']);
    answerTyped(session, 'typed while down', 'resp_2');
    expect(turnsSent(session)).toHaveLength(4);
    expect(conversation.queued).toEqual({ typed: 0, spoken: 0 });
    expect(conversation.isIdle()).toBe(true);

    // The window showed the spoken turn first, under a stand-in that then became its item.
    const user = transcripts.filter((t) => t.role === 'user');
    expect(user[0]).toMatchObject({ waiting: true, text: expect.stringMatching(/s of speech/) });
    expect(user[1]).toMatchObject({ text: 'typed while down', final: true, waiting: true });
    expect(user[2]).toMatchObject({ itemId: 'item_voice', replaces: user[0]!.itemId });
    expect(user[2]!.waiting).toBeUndefined();
    // The typed turn went out after the reply to the spoken one: no longer waiting.
    expect(user[3]).toMatchObject({ itemId: user[1]!.itemId, text: 'typed while down' });
    expect(user[3]!.waiting).toBeUndefined();
    expect(user).toHaveLength(4);
  });

  it('keeps a typed then a spoken turn in that order too', () => {
    const { conversation } = make();
    conversation.sendText('first typed');
    speak(conversation);
    const session = new FakeSession();
    conversation.onSessionReady(session.asSession);
    expect(turnsSent(session)).toEqual(['typed:first typed', 'reply']);
    expect(session.appendedBytes()).toBe(0);
    answerTyped(session, 'first typed', 'resp_1');
    expect(turnsSent(session)).toEqual(['typed:first typed', 'reply', 'spoken', 'reply']);
    expect(session.appendedBytes()).toBe(10 * 960);
  });

  it('keeps every spoken turn made offline, not only the last', () => {
    const { conversation } = make();
    speak(conversation, 6);
    speak(conversation, 9);
    expect(conversation.queued).toEqual({ typed: 0, spoken: 2 });
    const session = new FakeSession();
    conversation.onSessionReady(session.asSession);
    expect(session.appendedBytes()).toBe(6 * 960);
    answerSpoken(session, 'item_a', 'resp_1');
    expect(session.appendedBytes()).toBe(15 * 960);
    expect(turnsSent(session)).toEqual(['spoken', 'reply', 'spoken', 'reply']);
  });

  it('sends again, in order, what a second drop left unconfirmed', () => {
    const { conversation } = make();
    speak(conversation);
    conversation.sendText('after the voice');
    const first = new FakeSession();
    conversation.onSessionReady(first.asSession);
    expect(turnsSent(first)).toEqual(['spoken', 'reply']);
    conversation.onSessionLost({ permanent: false }); // before the commit was confirmed

    const second = new FakeSession();
    conversation.onSessionReady(second.asSession);
    expect(turnsSent(second)).toEqual(['spoken', 'reply']);
    answerSpoken(second, 'item_v', 'resp_1');
    answerTyped(second, 'after the voice', 'resp_2');
    expect(turnsSent(second)).toEqual(['spoken', 'reply', 'typed:after the voice', 'reply']);
  });

  it('shows a live turn that a drop left unconfirmed before what is typed during the outage', () => {
    const { conversation, transcripts } = make();
    const first = new FakeSession();
    conversation.onSessionReady(first.asSession);
    speak(conversation);
    expect(turnsSent(first)).toEqual(['spoken', 'reply']);
    conversation.onSessionLost({ permanent: false });
    conversation.sendText('typed while down');
    const user = transcripts.filter((t) => t.role === 'user');
    expect(user.map((t) => t.text)).toEqual([
      expect.stringMatching(/s of speech/),
      'typed while down',
    ]);
  });

  it('is not live while offline, and is once a session takes the turn', () => {
    const { conversation } = make();
    conversation.talkStart('pointer');
    conversation.pushAudioFrame(frame());
    expect(conversation.phase).toBe('listening');
    expect(conversation.live).toBe(false);
    expect(conversation.queued).toEqual({ typed: 0, spoken: 1 });
    const session = new FakeSession();
    conversation.onSessionReady(session.asSession);
    expect(conversation.live).toBe(true);
    expect(session.appendedBytes()).toBe(960); // what was said while offline, then live
    conversation.pushAudioFrame(frame());
    expect(session.appendedBytes()).toBe(1920);
  });

  it('online, a message with nothing ahead of it goes out at once and never shows as waiting', () => {
    const { conversation, transcripts } = make();
    const session = new FakeSession();
    conversation.onSessionReady(session.asSession);
    conversation.sendText('hello');
    expect(turnsSent(session)).toEqual(['typed:hello', 'reply']);
    expect(transcripts).toEqual([
      { role: 'user', itemId: expect.stringMatching(/^msg_/), text: 'hello', final: true },
    ]);
  });

  it('online, a message typed during a reply goes after that reply', () => {
    const { conversation } = make();
    const session = new FakeSession();
    conversation.onSessionReady(session.asSession);
    speak(conversation);
    session.server('server-event', { type: 'input_audio_buffer.committed', item_id: 'item_1' });
    session.server('response-started', { responseId: 'resp_1' });
    conversation.sendText('meanwhile');
    expect(turnsSent(session)).toEqual(['spoken', 'reply']);
    session.server('response-done', { responseId: 'resp_1', status: 'completed', usage: null });
    expect(turnsSent(session)).toEqual(['spoken', 'reply', 'typed:meanwhile', 'reply']);
  });

  it('waits for tool calls of the reply before it sends the next queued turn', async () => {
    let busy = false;
    const hooks: ConversationHooks = {
      attach: () => {},
      onServerEvent: () => {},
      onTranscript: () => {},
      onInterrupted: () => {},
      activity: () => {},
      get busy() {
        return busy;
      },
      blocked: null,
    };
    const { conversation } = make(hooks);
    speak(conversation);
    conversation.sendText('next');
    const session = new FakeSession();
    conversation.onSessionReady(session.asSession);
    busy = true; // the reply to the spoken turn calls a tool
    answerSpoken(session, 'item_v', 'resp_1');
    expect(turnsSent(session)).toEqual(['spoken', 'reply']);
    busy = false; // the call ended without a follow-up
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(turnsSent(session)).toEqual(['spoken', 'reply', 'typed:next', 'reply']);
  });

  it('a permanent failure drops every queued turn', () => {
    const { conversation } = make();
    speak(conversation);
    conversation.sendText('lost');
    conversation.onSessionLost({ permanent: true });
    expect(conversation.queued).toEqual({ typed: 0, spoken: 0 });
    const session = new FakeSession();
    conversation.onSessionReady(session.asSession);
    expect(turnsSent(session)).toEqual([]);
  });
});
