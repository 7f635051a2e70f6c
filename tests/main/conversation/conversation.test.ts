import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NoticeMessage, TranscriptMessage } from '../../../src/shared/ipc';
import { Conversation, type ConversationLink } from '../../../src/main/conversation/conversation';
import { EchoGuard } from '../../../src/main/conversation/echo-guard';
import { FakeSession } from './support/fake-session';

class FakeLink implements ConversationLink {
  connects: boolean[] = [];
  rolloverChecks = 0;
  ensureConnected(afterFailure: boolean): void {
    this.connects.push(afterFailure);
  }
  rolloverIfDue(): void {
    this.rolloverChecks++;
  }
}

const conversations: Conversation[] = [];
afterEach(() => {
  for (const c of conversations.splice(0)) c.dispose();
  vi.restoreAllMocks();
});

function make(handsFree = false) {
  const link = new FakeLink();
  const conversation = new Conversation(link, { handsFree: () => handsFree });
  conversations.push(conversation);
  const transcripts: TranscriptMessage[] = [];
  const notices: NoticeMessage[] = [];
  const capture: boolean[] = [];
  conversation.on('transcript', (t) => transcripts.push(t));
  conversation.on('notice', (n) => notices.push(n));
  conversation.on('capture', (on) => capture.push(on));
  return { link, conversation, transcripts, notices, capture };
}

const frame = () => new Uint8Array(960).fill(3);

describe('Conversation', () => {
  it('keeps a turn made before any session and sends it whole once one is ready', () => {
    const { link, conversation } = make();
    conversation.talkStart('pointer');
    expect(link.connects).toEqual([true]);
    for (let i = 0; i < 10; i++) conversation.pushAudioFrame(frame());
    expect(conversation.talkStop('pointer')).toEqual({ ok: true });
    expect(conversation.isIdle()).toBe(false);

    const session = new FakeSession();
    conversation.onSessionReady(session.asSession);
    expect(session.appendedBytes()).toBe(9600);
    expect(session.types().at(0)).toBe('input_audio_buffer.clear');
    expect(session.types().slice(-2)).toEqual(['input_audio_buffer.commit', 'response.create']);
  });

  it('sends an unconfirmed turn again on the next session, and a confirmed one never', () => {
    const { conversation } = make();
    const first = new FakeSession();
    conversation.onSessionReady(first.asSession);
    conversation.talkStart('pointer');
    for (let i = 0; i < 8; i++) conversation.pushAudioFrame(frame());
    conversation.talkStop('pointer');
    expect(first.types()).toContain('input_audio_buffer.commit');

    conversation.onSessionLost({ permanent: false });
    const second = new FakeSession();
    conversation.onSessionReady(second.asSession);
    expect(second.appendedBytes()).toBe(8 * 960);
    expect(second.types().filter((t) => t === 'input_audio_buffer.commit')).toHaveLength(1);

    second.server('server-event', { type: 'input_audio_buffer.committed', item_id: 'item_1' });
    conversation.onSessionLost({ permanent: false });
    const third = new FakeSession();
    conversation.onSessionReady(third.asSession);
    expect(third.appendedBytes()).toBe(0);
    expect(third.types()).not.toContain('input_audio_buffer.commit');
  });

  it('delivers typed text until the server adds it, then seeds it as history', () => {
    const { link, conversation, transcripts } = make();
    expect(conversation.sendText('  hello there ')).toEqual({ ok: true });
    expect(link.connects).toEqual([false]);
    expect(transcripts[0]).toMatchObject({ role: 'user', text: 'hello there', final: true });

    const first = new FakeSession();
    conversation.onSessionReady(first.asSession);
    const created = first.sent.find((e) => e.type === 'conversation.item.create') as {
      item: { id: string };
    };
    conversation.onSessionLost({ permanent: false });

    const second = new FakeSession();
    conversation.onSessionReady(second.asSession);
    const again = second.sent.filter((e) => e.type === 'conversation.item.create');
    expect(again).toHaveLength(1);
    expect((again[0] as { item: { id: string } }).item.id).toBe(created.item.id);
    second.server('server-event', {
      type: 'conversation.item.added',
      item: { id: created.item.id },
    });
    conversation.onSessionLost({ permanent: false });

    const third = new FakeSession();
    conversation.onSessionReady(third.asSession);
    const seeded = third.sent.filter((e) => e.type === 'conversation.item.create') as {
      item: { id?: string; content: { text: string }[] };
    }[];
    expect(seeded).toHaveLength(1);
    expect(seeded[0]!.item.id).toBeUndefined(); // history, not the pending message
    expect(seeded[0]!.item.content[0]!.text).toBe('hello there');
  });

  it('refuses empty and oversized messages with a reason', () => {
    const { conversation } = make();
    expect(conversation.sendText('   ')).toMatchObject({ ok: false });
    expect(conversation.sendText('x'.repeat(4001))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/4000/),
    });
  });

  it('is idle only with no turn, reply or pending message, and tells the link when a reply ends', () => {
    const { link, conversation } = make();
    const session = new FakeSession();
    conversation.onSessionReady(session.asSession);
    expect(conversation.isIdle()).toBe(true);
    conversation.sendText('hi');
    expect(conversation.isIdle()).toBe(false);
    session.server('server-event', {
      type: 'conversation.item.added',
      item: { id: (session.sent[0] as { item: { id: string } }).item.id },
    });
    session.server('response-started', { responseId: 'resp_1' });
    expect(conversation.isIdle()).toBe(false);
    session.server('response-done', { responseId: 'resp_1', status: 'completed', usage: null });
    expect(link.rolloverChecks).toBe(1);
    expect(conversation.isIdle()).toBe(true);
  });

  it('lets a rollover that fell due during playback happen once the speaker drains', () => {
    const { link, conversation } = make();
    const session = new FakeSession();
    conversation.onSessionReady(session.asSession);
    conversation.talkStart('pointer');
    for (let i = 0; i < 10; i++) conversation.pushAudioFrame(frame());
    conversation.talkStop('pointer');
    session.server('server-event', { type: 'input_audio_buffer.committed', item_id: 'in_1' });
    session.server('response-started', { responseId: 'resp_1' });
    conversation.reportPlayback({ itemId: 'out_1', playedMs: 100, bufferedMs: 900, underruns: 0 });
    const before = link.rolloverChecks;
    session.server('response-done', { responseId: 'resp_1', status: 'completed', usage: null });
    // The server is done but the speaker still plays: not idle, no rollover yet.
    expect(conversation.isIdle()).toBe(false);
    expect(link.rolloverChecks).toBe(before);
    conversation.reportPlayback({ itemId: 'out_1', playedMs: 600, bufferedMs: 400, underruns: 0 });
    expect(link.rolloverChecks).toBe(before);
    conversation.reportPlayback({ itemId: 'out_1', playedMs: 1000, bufferedMs: 0, underruns: 0 });
    expect(conversation.isIdle()).toBe(true);
    expect(link.rolloverChecks).toBe(before + 1);
  });

  it('follows only the newest session after a rollover', () => {
    const { conversation, transcripts } = make();
    const old = new FakeSession();
    conversation.onSessionReady(old.asSession);
    const fresh = new FakeSession();
    conversation.onSessionReady(fresh.asSession);
    old.server('transcript', { role: 'assistant', itemId: 'a', text: 'stale', final: true });
    fresh.server('transcript', { role: 'assistant', itemId: 'b', text: 'fresh', final: true });
    expect(transcripts.map((t) => t.text)).toEqual(['fresh']);
  });

  it('a permanent loss drops the turn and the unsent text and closes the microphone', () => {
    const { conversation, capture } = make();
    conversation.talkStart('pointer');
    for (let i = 0; i < 10; i++) conversation.pushAudioFrame(frame());
    conversation.sendText('later');
    conversation.onSessionLost({ permanent: true });
    expect(capture.at(-1)).toBe(false);
    expect(conversation.phase).toBe('idle');
    expect(conversation.isIdle()).toBe(true);
    const session = new FakeSession();
    conversation.onSessionReady(session.asSession);
    expect(session.sent).toEqual([]);
  });

  it('hands-free streams every frame while a session is up and counts the rest as dropped', () => {
    const { conversation, capture } = make(true);
    conversation.pushAudioFrame(frame());
    expect(conversation.counters.framesDropped).toBe(1);
    const session = new FakeSession();
    conversation.onSessionReady(session.asSession);
    expect(capture).toEqual([true]);
    conversation.pushAudioFrame(frame());
    expect(conversation.counters).toMatchObject({ framesSent: 1, bytesSent: 960 });
    expect(session.appendedBytes()).toBe(960);
  });

  it.each([
    [false, 0],
    [true, 1],
  ])('the echo guard follows the reply only in hands-free (hands-free: %s)', (handsFree, calls) => {
    const noteOutput = vi.spyOn(EchoGuard.prototype, 'noteOutput');
    const notePlayback = vi.spyOn(EchoGuard.prototype, 'notePlayback');
    const { conversation } = make(handsFree);
    const audio: Uint8Array[] = [];
    conversation.on('output-audio', (m) => audio.push(m.pcm));
    const session = new FakeSession();
    conversation.onSessionReady(session.asSession);
    const pcm = Buffer.alloc(4800, 1);
    session.server('output-audio', { itemId: 'item_1', responseId: 'resp_1', pcm });
    conversation.reportPlayback({ itemId: 'item_1', playedMs: 20, bufferedMs: 80, underruns: 0 });
    expect(audio).toHaveLength(1);
    expect(audio[0]!.buffer).toBe(pcm.buffer); // a view of the delta, not a copy
    expect(audio[0]!.byteLength).toBe(4800);
    expect(noteOutput).toHaveBeenCalledTimes(calls);
    expect(notePlayback).toHaveBeenCalledTimes(calls);
  });
});
