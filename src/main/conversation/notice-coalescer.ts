/**
 * One notice for a burst of the same error: a server that rejects every audio append would
 * otherwise raise one notice per 20 ms frame. The first of a kind is shown at once; the same
 * kind again within `windowMs` is counted, and the next one shown after the window says how
 * many were held back.
 */
export class NoticeCoalescer {
  private readonly recent = new Map<string, { shownAt: number; held: number }>();

  constructor(
    private readonly windowMs = 10_000,
    private readonly maxKinds = 50,
  ) {}

  /** Whether to show a notice of this kind now, and how many like it were held back before it. */
  admit(kind: string, now = Date.now()): { show: boolean; held: number } {
    const entry = this.recent.get(kind);
    if (entry && now - entry.shownAt < this.windowMs) {
      entry.held++;
      return { show: false, held: 0 };
    }
    const held = entry?.held ?? 0;
    this.recent.delete(kind);
    this.recent.set(kind, { shownAt: now, held: 0 });
    // Bounded: the oldest kinds are forgotten first (a Map keeps insertion order).
    while (this.recent.size > this.maxKinds) this.recent.delete(this.recent.keys().next().value!);
    return { show: true, held };
  }
}
