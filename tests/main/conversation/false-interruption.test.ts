import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TranscriptMessage } from '../../../src/shared/ipc';
import { Conversation, type ConversationLink } from '../../../src/main/conversation/conversation';
import {
  FalseInterruptionJudge,
  isBackchannel,
  TRANSCRIPT_WAIT_MS,
} from '../../../src/main/conversation/false-interruption';
import {
  buildSessionUpdate,
  DEFAULT_SESSION_SETTINGS,
} from '../../../src/main/realtime/session-config';
import { FakeSession } from './support/fake-session';

const link: ConversationLink = { ensureConnected: () => undefined, rolloverIfDue: () => undefined };
const conversations: Conversation[] = [];
afterEach(() => {
  for (const c of conversations.splice(0)) c.dispose();
  vi.useRealTimers();
});

/** Hands-free, a reply playing: 2 s of it received, 800 ms played, the rest in the speaker's buffer. */
function replying(holdOnSpeech: boolean) {
  const conversation = new Conversation(link, {
    handsFree: () => true,
    holdOnSpeech: () => holdOnSpeech,
    transcribing: () => true,
  });
  conversations.push(conversation);
  const session = new FakeSession();
  conversation.onSessionReady(session.asSession);
  const output: string[] = [];
  const transcripts: TranscriptMessage[] = [];
  conversation.on('output-stop', () => output.push('stop'));
  conversation.on('output-hold', (held) => output.push(held ? 'hold' : 'resume'));
  conversation.on('transcript', (t) => transcripts.push(t));
  session.responseStarted('resp_1');
  for (let i = 0; i < 10; i++)
    session.server('output-audio', {
      itemId: 'reply',
      responseId: 'resp_1',
      pcm: new Uint8Array(9600),
    });
  conversation.reportPlayback({ itemId: 'reply', playedMs: 800, bufferedMs: 1200, underruns: 0 });
  session.sent.length = 0;
  return { conversation, session, output, transcripts };
}

/** The server heard speech from `startMs` to `endMs` and committed it as `itemId`. */
function heard(session: FakeSession, itemId: string, startMs: number, endMs: number): void {
  session.server('speech-started', { itemId, audioStartMs: startMs });
  session.server('speech-stopped', { itemId, audioEndMs: endMs });
  session.server('server-event', {
    type: 'input_audio_buffer.committed',
    item_id: itemId,
    previous_item_id: null,
  });
}

const userFinal = (session: FakeSession, itemId: string, text: string) =>
  session.server('transcript', { role: 'user', itemId, text, final: true });

describe('the false-interruption judge', () => {
  it('knows a backchannel from a turn', () => {
    for (const s of ['Mhm.', 'uh-huh', 'Yeah, okay.', '', '…', '*cough*', 'Hmm', 'oh right'])
      expect(isBackchannel(s), s).toBe(true);
    for (const s of ['Stop.', 'Wait, what about Paris?', 'yeah but no', 'What time is it?'])
      expect(isBackchannel(s), s).toBe(false);
  });

  it('a long speech without a transcript counts as a turn after the wait', () => {
    const judge = new FalseInterruptionJudge(() => true);
    judge.hold('i', 1_000);
    expect(judge.stopped('i', 3_000)).toBeNull();
    expect(judge.timedOut()).toEqual({ kind: 'interrupt', itemId: 'i', transcript: null });
    // Without transcription, a long speech is a turn at once.
    const blind = new FalseInterruptionJudge(() => false);
    blind.hold('j', 0);
    expect(blind.stopped('j', 2_000)).toMatchObject({ kind: 'interrupt' });
  });
});

describe('hands-free over a reply, with the recovery on', () => {
  it('a short noise burst holds the reply, then resumes it: nothing cancelled, cut or asked for; the stray item is deleted', () => {
    const { conversation, session, output, transcripts } = replying(true);
    heard(session, 'noise', 5_000, 5_250);
    // Resumed where it was (the speaker held its buffer), the stray input removed.
    expect(output).toEqual(['hold', 'resume']);
    expect(session.types()).toEqual(['conversation.item.delete']);
    expect(session.sent[0]).toEqual({ type: 'conversation.item.delete', item_id: 'noise' });
    // Its transcript, if one comes, is never shown.
    userFinal(session, 'noise', '[noise]');
    expect(transcripts).toEqual([]);
    // The reply goes on to its end; no new reply was asked for.
    conversation.reportPlayback({ itemId: 'reply', playedMs: 2000, bufferedMs: 0, underruns: 0 });
    session.responseDone('resp_1', 'completed');
    expect(session.types()).not.toContain('response.create');
    expect(conversation.phase).toBe('idle');
  });

  it('a "mhm" (long enough, but only a backchannel) resumes too', () => {
    const { session, output } = replying(true);
    heard(session, 'mhm', 5_000, 5_900);
    expect(output).toEqual(['hold']);
    userFinal(session, 'mhm', 'Mhm.');
    expect(output).toEqual(['hold', 'resume']);
    expect(session.types()).toEqual(['conversation.item.delete']);
  });

  it('nothing transcribed (a failure) resumes', () => {
    const { session, output } = replying(true);
    heard(session, 'cough', 5_000, 5_900);
    session.server('server-event', {
      type: 'conversation.item.input_audio_transcription.failed',
      item_id: 'cough',
      content_index: 0,
      error: {},
    });
    expect(output).toEqual(['hold', 'resume']);
  });

  it('real speech cancels and truncates at the played samples, shows what was said and asks for the answer', () => {
    const { session, output, transcripts } = replying(true);
    heard(session, 'turn', 5_000, 6_400);
    expect(session.sent).toEqual([]); // held: nothing decided while the words are pending
    userFinal(session, 'turn', 'Wait, what about Paris?');
    expect(output).toEqual(['hold', 'resume', 'stop']);
    expect(session.sent).toEqual([
      { type: 'response.cancel' },
      { type: 'conversation.item.truncate', item_id: 'reply', content_index: 0, audio_end_ms: 800 },
    ]);
    expect(transcripts).toEqual([
      { role: 'user', itemId: 'turn', text: 'Wait, what about Paris?', final: true },
    ]);
    // One reply at a time: the answer is asked for once the cancelled one is done.
    session.responseDone('resp_1', 'cancelled');
    expect(session.types()).toEqual([
      'response.cancel',
      'conversation.item.truncate',
      'response.create',
    ]);
  });

  it('a long speech whose words never come is a turn after the wait', () => {
    vi.useFakeTimers();
    const { session, output } = replying(true);
    heard(session, 'quiet', 5_000, 6_400);
    vi.advanceTimersByTime(TRANSCRIPT_WAIT_MS);
    expect(output).toEqual(['hold', 'resume', 'stop']);
    expect(session.types()).toEqual(['response.cancel', 'conversation.item.truncate']);
  });

  it('asks for the reply to an ordinary hands-free turn itself (the server does not)', () => {
    const conversation = new Conversation(link, {
      handsFree: () => true,
      holdOnSpeech: () => true,
    });
    conversations.push(conversation);
    const session = new FakeSession();
    conversation.onSessionReady(session.asSession);
    heard(session, 'hello', 0, 1_500);
    expect(session.types()).toEqual(['response.create']);
  });
});

describe('with the recovery off', () => {
  it('behaves as today: speech over a reply cancels and truncates at once', () => {
    const { session, output } = replying(false);
    session.server('speech-started', { itemId: 'noise', audioStartMs: 5_000 });
    expect(output).toEqual(['stop']);
    expect(session.sent).toEqual([
      { type: 'response.cancel' },
      { type: 'conversation.item.truncate', item_id: 'reply', content_index: 0, audio_end_ms: 800 },
    ]);
    session.server('speech-stopped', { itemId: 'noise', audioEndMs: 5_250 });
    expect(session.types()).not.toContain('response.create'); // the server answers by itself
  });

  it('the session config: create_response follows the setting, interrupt_response stays false', () => {
    for (const holdOnSpeech of [true, false]) {
      const update = buildSessionUpdate({
        ...DEFAULT_SESSION_SETTINGS,
        turnDetection: 'server_vad',
        tuning: { holdOnSpeech },
      });
      expect(update.audio?.input?.turn_detection).toMatchObject({
        create_response: !holdOnSpeech,
        interrupt_response: false,
      });
    }
  });
});
