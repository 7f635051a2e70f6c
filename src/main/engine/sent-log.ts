import type { ClientEventType as RealtimeClientEventType } from '../realtime/protocol';
import type { LiveClientEventType } from '../live/protocol';

type ClientEventType = RealtimeClientEventType | LiveClientEventType;

export interface SentEvent {
  type: ClientEventType;
  eventId: string;
  at: number;
  bytes: number;
}

/**
 * A bounded ring of the client events sent on one connection, so a close or an `error`
 * can be tied to what Hark sent last (or to the exact event, by `event_id`).
 */
export class SentEventLog {
  private readonly ring: (SentEvent | undefined)[];
  private next = 0;
  private readonly counts = new Map<ClientEventType, number>();
  private readonly firstAt = new Map<ClientEventType, number>();

  constructor(readonly capacity = 256) {
    if (capacity < 1) throw new RangeError('SentEventLog capacity must be at least 1');
    this.ring = new Array<SentEvent | undefined>(capacity);
  }

  record(entry: SentEvent): void {
    this.ring[this.next % this.capacity] = entry;
    this.next++;
    this.counts.set(entry.type, (this.counts.get(entry.type) ?? 0) + 1);
    if (!this.firstAt.has(entry.type)) this.firstAt.set(entry.type, entry.at);
  }

  /** When the first event of this type was sent on the connection, or null. */
  firstSentAt(type: ClientEventType): number | null {
    return this.firstAt.get(type) ?? null;
  }

  last(): SentEvent | null {
    return this.next === 0 ? null : this.ring[(this.next - 1) % this.capacity]!;
  }

  /** The event with this id, while it is still in the ring. */
  find(eventId: string): SentEvent | null {
    for (const entry of this.ring) if (entry?.eventId === eventId) return entry;
    return null;
  }

  /** Oldest first. */
  entries(): SentEvent[] {
    const start = Math.max(0, this.next - this.capacity);
    const out: SentEvent[] = [];
    for (let i = start; i < this.next; i++) out.push(this.ring[i % this.capacity]!);
    return out;
  }

  count(type: ClientEventType): number {
    return this.counts.get(type) ?? 0;
  }

  /** Counts by type over the whole connection, not just what the ring still holds. */
  countsByType(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  get total(): number {
    return this.next;
  }
}
