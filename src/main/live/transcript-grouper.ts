/**
 * GPT-Live transcripts arrive as timed deltas with no turn boundaries and no done events.
 * The official SDK's TranscriptGrouper (its defaults: 500 ms speaker separation, 2,000 ms
 * assistant silence, backchannels under 1,000 ms suppressed, 50 ms settle) turns them into
 * segments; this maps its segments onto Hark's transcript updates: a delta for each growth
 * of a segment, then the whole text, final, when it closes. The live view, the history,
 * the export and the inspector all read those.
 */
import { TranscriptGrouper, type TranscriptSegment } from 'openai/lib/live/transcript-grouper';
import type { TranscriptUpdate } from '../engine/engine';
import type { LiveServerEvent } from './protocol';

export class LiveTranscripts {
  private readonly grouper = new TranscriptGrouper();
  /** Text already emitted per open segment. */
  private readonly shown = new Map<string, number>();
  private closed = false;

  constructor(
    private readonly emit: (update: TranscriptUpdate) => void,
    private readonly warn: (text: string) => void = () => undefined,
  ) {
    this.grouper.on('segment.updated', (segment) => this.updated(segment));
    this.grouper.on('segment.closed', ({ segment }) => {
      this.shown.delete(segment.id);
      this.emit({ role: segment.speaker, itemId: segment.id, text: segment.text, final: true });
    });
  }

  /** Transcript deltas and `session.closed`; everything else is ignored. */
  push(event: LiveServerEvent): void {
    if (this.closed) return;
    try {
      this.grouper.push(event);
      if (event.type === 'session.closed') this.closed = true;
    } catch (error) {
      // A malformed delta must not take the transcript down: say so and go on.
      this.warn(
        `A transcript fragment could not be used: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /** The session ended: every open segment becomes final. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.grouper.close();
  }

  private updated(segment: TranscriptSegment): void {
    const before = this.shown.get(segment.id) ?? 0;
    this.shown.set(segment.id, segment.text.length);
    const added = segment.text.slice(before);
    if (!added) return;
    this.emit({ role: segment.speaker, itemId: segment.id, text: added, final: false });
  }
}
