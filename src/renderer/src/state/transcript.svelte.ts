import type { TranscriptMessage } from '@shared/ipc';

export interface TranscriptEntry {
  key: string;
  role: 'user' | 'assistant';
  text: string;
  final: boolean;
}

const MAX_ENTRIES = 200;

/** The conversation as it streams in: deltas append, a final text replaces. */
export class TranscriptStore {
  entries = $state<TranscriptEntry[]>([]);

  apply(message: TranscriptMessage): void {
    const key = `${message.role}:${message.itemId}`;
    const existing = this.entries.find((e) => e.key === key);
    if (!existing) {
      this.entries.push({ key, role: message.role, text: message.text, final: message.final });
      if (this.entries.length > MAX_ENTRIES)
        this.entries.splice(0, this.entries.length - MAX_ENTRIES);
      return;
    }
    if (existing.final && !message.final) return; // a late delta after the final text
    existing.text = message.final ? message.text : existing.text + message.text;
    existing.final = message.final;
  }
}
