import type { SessionUsage } from 'openai/resources/live/live';

/** How often the service reports usage while a session runs (ms of session timeline). */
export const USAGE_EVERY_MS = 1_000;

/** A Live session's usage: it is billed by the seconds of its timeline (the output clock). */
export function usageAt(nowMs: number): SessionUsage {
  return { seconds: nowMs / 1000 };
}

/** When the next `session.usage.updated` is due: once per USAGE_EVERY_MS of timeline. */
export class UsageReports {
  private lastMs = 0;

  /** The usage to report at `nowMs`, or null when the last report is recent enough. */
  due(nowMs: number): SessionUsage | null {
    if (nowMs - this.lastMs < USAGE_EVERY_MS) return null;
    this.lastMs = nowMs;
    return usageAt(nowMs);
  }
}
