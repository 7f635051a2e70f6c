import type { InputTranscriptDeltaEvent } from 'openai/resources/live/live';
import { newId } from '../ids';

/**
 * The input transcript of one utterance: a delta per word (its trailing space kept), the
 * utterance's span shared evenly among them, since the simulator has no word timings.
 */
export function inputTranscriptDeltas(
  text: string,
  startMs: number,
  endMs: number,
): InputTranscriptDeltaEvent[] {
  const words = text.split(/(?<= )/).filter(Boolean);
  const per = words.length ? (endMs - startMs) / words.length : 0;
  return words.map((delta, i) => ({
    type: 'session.input_transcript.delta',
    event_id: newId('event'),
    delta,
    start_ms: Math.round(startMs + i * per),
    end_ms: Math.round(startMs + (i + 1) * per),
  }));
}
