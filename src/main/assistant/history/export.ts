import type { ConversationSummary, HistoryEntry } from '../../../shared/assistant';
import { formatCost } from '../../../shared/assistant-format';

/** A conversation as Markdown: who said what, tool calls, barge-in cuts and failed transcriptions marked. */
export function toMarkdown(summary: ConversationSummary, entries: HistoryEntry[]): string {
  const lines = [
    `# ${escapeMarkdown(summary.title)}`,
    '',
    `_${formatTime(summary.startedAt)}_`,
    '',
  ];
  for (const entry of entries) {
    const time = formatClock(entry.at);
    if (entry.role === 'tool') {
      lines.push(
        `> 🔧 **${escapeMarkdown(entry.tool ?? 'tool')}** (${entry.status ?? 'done'}, ${time}): ${escapeMarkdown(entry.text)}`,
        '',
      );
      continue;
    }
    const who = entry.role === 'user' ? 'You' : 'Hark';
    const text = entry.transcriptionFailed
      ? '_(speech not transcribed)_'
      : escapeMarkdown(entry.text) || '_(no text)_';
    const cut = entry.interrupted
      ? ` ✂ _(interrupted${entry.heardMs !== undefined ? ` after ${(entry.heardMs / 1000).toFixed(1)} s` : ''})_`
      : '';
    const cost = entry.cost !== undefined ? ` _(${formatCost(entry.cost)})_` : '';
    lines.push(`**${who}** (${time}): ${text}${cut}${cost}`, '');
  }
  return lines.join('\n');
}

/** Plain text for the clipboard. */
export function toPlainText(entries: HistoryEntry[]): string {
  return entries
    .map((e) => {
      if (e.role === 'tool') return `[${e.tool ?? 'tool'}: ${e.text}]`;
      const who = e.role === 'user' ? 'You' : 'Hark';
      const text = e.transcriptionFailed ? '(speech not transcribed)' : e.text;
      return `${who}: ${text}${e.interrupted ? ' [interrupted]' : ''}`;
    })
    .join('\n');
}

function escapeMarkdown(text: string): string {
  // Keep the speaker's words as words: no headings, links or HTML sneaking in.
  return text.replace(/([\\`*_[\]<>#|])/g, '\\$1').replace(/\n+/g, ' ');
}

function formatTime(at: number): string {
  return new Date(at).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

function formatClock(at: number): string {
  return new Date(at).toISOString().slice(11, 19);
}
