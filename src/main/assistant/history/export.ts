import type { ConversationSummary, HistoryEntry } from '../../../shared/assistant';
import { formatCost } from '../../../shared/assistant-format';

/** A conversation as Markdown: who said what, tool calls, barge-in cuts and failed transcriptions marked. */
export function toMarkdown(
  summary: ConversationSummary,
  entries: HistoryEntry[],
  /** Times in the file that were not plausible and were replaced by the file's own. */
  repairedTimestamps = 0,
): string {
  const lines = [
    `# ${escapeMarkdown(summary.title)}`,
    '',
    `_${formatTime(summary.startedAt)}_`,
    '',
  ];
  if (repairedTimestamps > 0)
    lines.push(
      `_(${repairedTimestamps} time${repairedTimestamps === 1 ? ' was' : 's were'} not valid in the stored file; the file's own time is shown instead.)_`,
      '',
    );
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

/** Never throws: a time no Date can hold (1e300, NaN) reads as unknown. */
function isoOf(at: number): string | null {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function formatTime(at: number): string {
  const iso = isoOf(at);
  return iso ? `${iso.replace('T', ' ').slice(0, 16)} UTC` : 'unknown time';
}

function formatClock(at: number): string {
  return isoOf(at)?.slice(11, 19) ?? '--:--:--';
}
