import { afterEach, describe, expect, it, vi } from 'vitest';
import { TRANSCRIPT_WAIT_MS } from '../../../src/main/conversation/false-interruption';
import { HeldSpeech } from '../../../src/main/conversation/held-speech';
import type { RealtimeClientEvent } from '../../../src/main/realtime/protocol';

afterEach(() => vi.useRealTimers());

/** A HeldSpeech with its port and session recorded in one log, in call order. */
function held(transcribing = true) {
  const log: string[] = [];
  const session = {
    send: (event: RealtimeClientEvent) => {
      log.push(event.type === 'conversation.item.delete' ? `delete ${event.item_id}` : event.type);
      return 'evt';
    },
  };
  const speech = new HeldSpeech(() => transcribing, {
    holdOutput: (on) => log.push(on ? 'hold' : 'go-on'),
    resumed: () => log.push('resumed'),
    interrupted: (itemId, transcript) => log.push(`turn ${itemId} ${String(transcript)}`),
  });
  return { speech, session, log };
}

describe('held speech', () => {
  it('a short sound is no turn: the reply goes on and the stray item is deleted once committed', () => {
    const { speech, session, log } = held();
    speech.hold('item_1', 1_000);
    expect(speech.holding).toBe(true);
    expect(speech.speechStopped(session, 'item_1', 1_400)).toBe(true);
    expect(log).toEqual(['hold', 'go-on', 'resumed']);
    // Its transcript is never shown, final or not.
    expect(speech.heldBack(session, 'item_1', 'mhm', true)).toBe(true);
    speech.committed(session, 'item_1');
    expect(log.slice(3)).toEqual(['delete item_1']);
    speech.committed(session, 'item_1');
    expect(log).toHaveLength(4); // deleted once only
  });

  it('a stray item the server committed before the decision is deleted at once', () => {
    const { speech, session, log } = held();
    speech.hold('item_1', 0);
    speech.committed(session, 'item_1');
    speech.speechStopped(session, 'item_1', 300);
    expect(log).toEqual(['hold', 'go-on', 'delete item_1', 'resumed']);
  });

  it('long speech waits for its words: a backchannel resumes, a sentence is a turn', () => {
    const a = held();
    a.speech.hold('item_1', 0);
    expect(a.speech.speechStopped(a.session, 'item_1', 2_000)).toBe(true);
    expect(a.log).toEqual(['hold']);
    expect(a.speech.heldBack(a.session, 'item_1', 'yeah', false)).toBe(true);
    expect(a.log).toEqual(['hold']); // a partial decides nothing
    a.speech.heldBack(a.session, 'item_1', 'Yeah, okay.', true);
    expect(a.log).toEqual(['hold', 'go-on', 'resumed']);

    const b = held();
    b.speech.hold('item_2', 0);
    b.speech.speechStopped(b.session, 'item_2', 2_000);
    b.speech.heldBack(b.session, 'item_2', 'Wait, what about Tuesday?', true);
    expect(b.log).toEqual(['hold', 'go-on', 'turn item_2 Wait, what about Tuesday?']);
    expect(b.speech.holding).toBe(false);
  });

  it('a transcript that never comes makes long speech a turn', () => {
    vi.useFakeTimers();
    const { speech, session, log } = held();
    speech.hold('item_1', 0);
    speech.speechStopped(session, 'item_1', 2_000);
    vi.advanceTimersByTime(TRANSCRIPT_WAIT_MS - 1);
    expect(log).toEqual(['hold']);
    vi.advanceTimersByTime(1);
    expect(log).toEqual(['hold', 'go-on', 'turn item_1 null']);
  });

  it('a failed transcription counts as nothing made out', () => {
    const { speech, session, log } = held();
    speech.hold('item_1', 0);
    speech.speechStopped(session, 'item_1', 2_000);
    speech.transcriptionFailed(session, 'other');
    expect(log).toEqual(['hold']);
    speech.transcriptionFailed(session, 'item_1');
    expect(log).toEqual(['hold', 'go-on', 'resumed']);
  });

  it('speech and transcripts of other items pass through', () => {
    const { speech, session, log } = held();
    expect(speech.speechStopped(session, 'item_1', 2_000)).toBe(false);
    expect(speech.heldBack(session, 'item_1', 'hello', true)).toBe(false);
    speech.hold('item_1', 0);
    expect(speech.speechStopped(session, 'item_2', 2_000)).toBe(false);
    expect(speech.heldBack(session, 'item_2', 'hello', true)).toBe(false);
    expect(log).toEqual(['hold']);
  });

  it('released (the session went away): the reply is let go and no decision follows', () => {
    vi.useFakeTimers();
    const { speech, session, log } = held();
    speech.release();
    expect(log).toEqual([]); // nothing held, nothing to let go
    speech.hold('item_1', 0);
    speech.speechStopped(session, 'item_1', 2_000);
    speech.release();
    vi.advanceTimersByTime(TRANSCRIPT_WAIT_MS);
    expect(log).toEqual(['hold', 'go-on']);
    expect(speech.holding).toBe(false);
  });
});
