import type { TranscriptMessage } from '@shared/ipc';
import type {
  ToolCallMessage,
  ToolCallStatus,
  TranscriptionFailure,
  UsageMessage,
} from '@shared/assistant';

export interface TranscriptEntry {
  key: string;
  role: 'user' | 'assistant' | 'tool';
  text: string;
  final: boolean;
  /** Tool calls: how far the call got, and what the model was told. */
  status?: ToolCallStatus;
  result?: string;
  /** Replies: what this turn cost (null: no price for the model). */
  usage?: UsageMessage;
  /** Your speech could not be transcribed: the server's reason. */
  failed?: string;
}

const MAX_ENTRIES = 200;
/** A hidden window gets no animation frames: pending text is applied after this at most. */
const LATEST_FLUSH_MS = 100;

/** When queued text is applied: the next frame (or a timer, whichever comes first). */
export type FlushScheduler = (flush: () => void) => void;

const nextFrame: FlushScheduler = (flush) => {
  const timer = setTimeout(flush, LATEST_FLUSH_MS);
  if (typeof requestAnimationFrame === 'function')
    requestAnimationFrame(() => {
      clearTimeout(timer);
      flush();
    });
};

/** The conversation as it streams in: deltas append, a final text replaces. */
export class TranscriptStore {
  entries = $state<TranscriptEntry[]>([]);
  /** Counts replacements (a new or reopened conversation), so views can tell one from growth. */
  generation = $state(0);
  private pending: TranscriptMessage[] = [];
  private scheduled = false;

  constructor(private readonly schedule: FlushScheduler = nextFrame) {}

  /**
   * Take a message from main now and show it with the next frame: a reply streams dozens of
   * deltas between two frames, and rendering (and scrolling to) each one kept the page busy
   * while the reply's first audio waited behind them (8 ms a turn in the bench).
   */
  enqueue(message: TranscriptMessage): void {
    this.pending.push(message);
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => this.flush());
  }

  /** Apply what is queued, in order (before anything else changes the transcript). */
  flush(): void {
    this.scheduled = false;
    const pending = this.pending;
    if (pending.length === 0) return;
    this.pending = [];
    for (const message of pending) this.apply(message);
  }

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
    if (message.final && message.text.trim()) delete existing.failed;
  }

  /** The turn's speech could not be transcribed: mark it where it is (or add it, marked). */
  applyTranscriptionFailed(failure: TranscriptionFailure): void {
    this.flush();
    const key = `user:${failure.itemId}`;
    const existing = this.entries.find((e) => e.key === key);
    if (existing) {
      existing.failed = failure.reason;
      existing.final = true;
      return;
    }
    this.push({ key, role: 'user', text: '', final: true, failed: failure.reason });
  }

  /** A tool call appears where it happened and changes in place as it runs. */
  applyToolCall(call: ToolCallMessage): void {
    this.flush();
    const key = `tool:${call.callId}`;
    const existing = this.entries.find((e) => e.key === key);
    const final = !['running', 'awaiting-approval'].includes(call.status);
    if (existing) {
      existing.status = call.status;
      existing.result = call.result;
      existing.final = final;
      return;
    }
    this.push({
      key,
      role: 'tool',
      text: call.summary,
      final,
      status: call.status,
      result: call.result,
    });
  }

  /**
   * A reply's cost goes under that reply. A reply without text (it only called a tool) puts
   * it under the latest tool call or reply of the current turn that has none yet, or on a
   * compact line of its own: never under a reply of an earlier turn (a reopened
   * conversation's replies have no cost of their own).
   */
  applyUsage(usage: UsageMessage): void {
    this.flush();
    const own = usage.itemId
      ? this.entries.find((e) => e.key === `assistant:${usage.itemId}`)
      : undefined;
    if (own) {
      own.usage = usage;
      return;
    }
    const turnStart = this.entries.findLastIndex((e) => e.role === 'user') + 1;
    const target = this.entries
      .slice(turnStart)
      .findLast((e) => e.role !== 'user' && !e.usage && !e.key.startsWith('history:'));
    if (target) {
      target.usage = usage;
      return;
    }
    this.push({
      key: `usage:${usage.responseId}`,
      role: 'assistant',
      text: '',
      final: true,
      usage,
    });
  }

  /** Start over (a new or reopened conversation). */
  replace(entries: TranscriptEntry[]): void {
    this.pending = []; // what was queued belongs to the conversation being replaced
    this.entries = entries.slice(-MAX_ENTRIES);
    this.generation++;
  }

  private push(entry: TranscriptEntry): void {
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES)
      this.entries.splice(0, this.entries.length - MAX_ENTRIES);
  }
}
