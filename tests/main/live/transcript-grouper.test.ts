import { describe, expect, it } from 'vitest';
import type { TranscriptUpdate } from '../../../src/main/engine/engine';
import { LiveTranscripts } from '../../../src/main/live/transcript-grouper';
import type { LiveServerEvent } from '../../../src/main/live/protocol';

let n = 0;
function fragment(
  speaker: 'user' | 'assistant',
  text: string,
  startMs: number,
  endMs: number,
): LiveServerEvent {
  return {
    type: speaker === 'user' ? 'session.input_transcript.delta' : 'session.output_transcript.delta',
    event_id: `ev_${++n}`,
    delta: text,
    start_ms: startMs,
    end_ms: endMs,
  } as LiveServerEvent;
}

describe('LiveTranscripts', () => {
  it('groups deltas into turns: appended text while open, the whole text once closed', async () => {
    const updates: TranscriptUpdate[] = [];
    const t = new LiveTranscripts((u) => updates.push(u));
    t.push(fragment('user', 'What time', 0, 400));
    t.push(fragment('user', ' is it?', 400, 800));
    t.push(fragment('assistant', 'It is noon.', 2000, 2600));
    await new Promise((r) => setTimeout(r, 80)); // the SDK's 50 ms settle
    t.close();
    const finals = updates.filter((u) => u.final);
    expect(finals.map((u) => [u.role, u.text])).toEqual([
      ['user', 'What time is it?'],
      ['assistant', 'It is noon.'],
    ]);
    const userDeltas = updates.filter((u) => !u.final && u.role === 'user').map((u) => u.text);
    expect(userDeltas.join('')).toBe('What time is it?');
    // Each segment keeps one id from its first delta to its final text.
    const ids = new Set(updates.filter((u) => u.role === 'user').map((u) => u.itemId));
    expect(ids.size).toBe(1);
  });

  it('ignores duplicate event ids and survives a malformed fragment with a warning', () => {
    const updates: TranscriptUpdate[] = [];
    const warnings: string[] = [];
    const t = new LiveTranscripts(
      (u) => updates.push(u),
      (w) => warnings.push(w),
    );
    const once = fragment('user', 'hello', 0, 300);
    t.push(once);
    t.push(once);
    t.push({ ...fragment('user', 'x', 10, 5) } as LiveServerEvent); // end before start
    t.close();
    expect(warnings).toHaveLength(1);
    expect(updates.filter((u) => u.final).map((u) => u.text)).toEqual(['hello']);
  });

  it('session.closed finalises what is open', () => {
    const updates: TranscriptUpdate[] = [];
    const t = new LiveTranscripts((u) => updates.push(u));
    t.push(fragment('assistant', 'Goodbye', 0, 500));
    t.push({
      type: 'session.closed',
      event_id: 'c',
      reason: 'expired',
    } as unknown as LiveServerEvent);
    expect(updates.at(-1)).toMatchObject({ role: 'assistant', text: 'Goodbye', final: true });
  });
});
