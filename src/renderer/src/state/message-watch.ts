import type { TranscriptEntry } from './transcript.svelte';

/** A completed message in words, without its cost or token line. */
export function describeEntry(entry: TranscriptEntry): string | null {
  if (entry.role === 'tool') {
    const status = entry.status ?? 'done';
    return `Tool: ${entry.text} (${status})${entry.result ? `: ${entry.result}` : ''}`;
  }
  const who = entry.role === 'user' ? 'You' : 'Hark';
  if (entry.failed !== undefined && !entry.text) return `${who}: speech not transcribed`;
  return entry.text.trim() ? `${who}: ${entry.text}` : null;
}

/**
 * Which messages completed since the last look. A message is announced once, when it is
 * final; messages already on screen when a conversation is opened are not read out.
 */
export class MessageWatch {
  private heard = new Set<string>();

  /** Everything shown now counts as heard (a reopened conversation). */
  skip(entries: readonly TranscriptEntry[]): void {
    for (const entry of entries) this.heard.add(entry.key);
  }

  completed(entries: readonly TranscriptEntry[]): string[] {
    const out: string[] = [];
    for (const entry of entries) {
      if (!entry.final || this.heard.has(entry.key)) continue;
      const text = describeEntry(entry);
      if (text === null) continue;
      this.heard.add(entry.key);
      out.push(text);
    }
    return out;
  }
}
