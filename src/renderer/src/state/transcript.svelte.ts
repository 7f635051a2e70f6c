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
  /** A stand-in text (a spoken turn waiting for the connection): the first real text replaces it. */
  standIn?: boolean;
  /** Not sent yet: kept after everything sent, in the order made. */
  waiting?: boolean;
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
    if (message.replaces) {
      // A spoken turn shown while it waited now has its item: same place, new key.
      const waiting = this.entries.find((e) => e.key === `${message.role}:${message.replaces}`);
      if (waiting) {
        waiting.key = key;
        waiting.text = message.text || waiting.text;
        waiting.standIn = true;
        delete waiting.waiting;
        return;
      }
    }
    const existing = this.entries.find((e) => e.key === key);
    if (existing && existing.waiting && !message.waiting) delete existing.waiting; // sent now
    if (existing?.standIn) {
      existing.text = message.text;
      existing.final = message.final;
      delete existing.standIn;
      return;
    }
    if (!existing) {
      this.push({
        key,
        role: message.role,
        text: message.text,
        final: message.final,
        ...(message.waiting ? { waiting: true } : {}),
      });
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
   * A reply's cost goes under that reply: its message, or — for a reply that only called
   * tools — its last call (main names them). A reply shown nowhere (cut before any text) gets
   * a line of its own, so every billed reply shows its cost and the lines add up to the
   * total; a cost never lands on another reply (a restored one after Continue included).
   */
  applyUsage(usage: UsageMessage): void {
    this.flush();
    const callIds = usage.callIds ?? [];
    const turnStart = this.entries.findLastIndex((e) => e.role === 'user') + 1;
    const target =
      (usage.itemId && this.entries.find((e) => e.key === `assistant:${usage.itemId}`)) ||
      this.entries.findLast((e) => callIds.some((id) => e.key === `tool:${id}`)) ||
      // Without ids (an older main): a line of the current turn that has no cost yet.
      (callIds.length === 0 && !usage.itemId
        ? this.entries
            .slice(turnStart)
            .findLast((e) => e.role !== 'user' && !e.usage && !e.key.startsWith('history:'))
        : undefined);
    if (target) {
      target.usage = usage;
      return;
    }
    this.push({
      key: `usage:${usage.responseId || this.entries.length}`,
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

  /**
   * Add a line: after everything sent, before the turns still waiting (which are sent in
   * the order made, each taking its place here as it goes out, before its reply).
   */
  private push(entry: TranscriptEntry): void {
    const firstWaiting = entry.waiting ? -1 : this.entries.findIndex((e) => e.waiting);
    if (firstWaiting < 0) this.entries.push(entry);
    else this.entries.splice(firstWaiting, 0, entry);
    if (this.entries.length > MAX_ENTRIES)
      this.entries.splice(0, this.entries.length - MAX_ENTRIES);
  }
}
