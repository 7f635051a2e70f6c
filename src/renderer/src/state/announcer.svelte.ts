export interface Announcement {
  id: number;
  text: string;
}

/** Enough for a screen reader that reads a little behind; older ones leave the DOM. */
const KEPT = 4;

/**
 * The window's one polite live region: state changes and completed messages are appended
 * here, once each, so a screen reader hears a reply as one sentence rather than its deltas.
 */
export class Announcer {
  items = $state<Announcement[]>([]);
  private nextId = 1;

  say(text: string): void {
    const trimmed = text.trim();
    if (!trimmed) return;
    this.items.push({ id: this.nextId++, text: trimmed });
    if (this.items.length > KEPT) this.items.splice(0, this.items.length - KEPT);
  }
}
