/**
 * Logging that a flood cannot turn into a flood of lines: per kind of message, the first
 * few in each window are written, the rest counted and summed up in one line when the
 * window ends. 20,000 bad frames in a second give a handful of lines, not 20,000.
 */
export interface RateLimitedLog {
  /** Write `message` unless this `kind` already used up its lines in this window. */
  (kind: string, message: string): void;
  /** Write the pending summaries now and stop the timer. */
  flush(): void;
}

/** Messages may quote what a client sent: keep each line short. */
const MAX_CHARS = 300;

export function rateLimitedLog(
  write: (message: string) => void,
  options: { linesPerWindow?: number; windowMs?: number } = {},
): RateLimitedLog {
  const linesPerWindow = options.linesPerWindow ?? 5;
  const windowMs = options.windowMs ?? 10_000;
  const written = new Map<string, number>();
  const suppressed = new Map<string, number>();
  let timer: NodeJS.Timeout | null = null;

  const endWindow = (): void => {
    timer = null;
    for (const [kind, count] of suppressed) {
      write(`${kind}: ${count} more in the last ${windowMs / 1000} s (not shown)`);
    }
    written.clear();
    suppressed.clear();
  };

  const log = ((kind: string, message: string): void => {
    if (timer === null) {
      timer = setTimeout(endWindow, windowMs);
      timer.unref();
    }
    const count = written.get(kind) ?? 0;
    if (count < linesPerWindow) {
      written.set(kind, count + 1);
      write(`${kind}: ${message.length > MAX_CHARS ? `${message.slice(0, MAX_CHARS)}…` : message}`);
    } else {
      suppressed.set(kind, (suppressed.get(kind) ?? 0) + 1);
    }
  }) as RateLimitedLog;
  log.flush = () => {
    if (timer !== null) clearTimeout(timer);
    endWindow();
  };
  return log;
}
