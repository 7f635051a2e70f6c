import { describe, expect, it } from 'vitest';
import { inputTranscriptDeltas } from '../../../src/simulator/live/input-transcript';

describe('inputTranscriptDeltas', () => {
  it('sends one delta per word, sharing the utterance span evenly', () => {
    const deltas = inputTranscriptDeltas('what time is it', 1_000, 2_000);
    expect(deltas.map((d) => [d.delta, d.start_ms, d.end_ms])).toEqual([
      ['what ', 1_000, 1_250],
      ['time ', 1_250, 1_500],
      ['is ', 1_500, 1_750],
      ['it', 1_750, 2_000],
    ]);
    expect(new Set(deltas.map((d) => d.event_id)).size).toBe(4);
  });

  it('sends nothing for speech that was not transcribed', () => {
    expect(inputTranscriptDeltas('', 0, 500)).toEqual([]);
  });
});
