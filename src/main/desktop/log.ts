/**
 * The desktop app's log file: `logs/hark.log` in the user-data folder, through electron-log
 * (its plain-Node build: the same file transport, no renderer bridge), rotated at 1 MiB with
 * three old files kept. Every line passes the redaction first (the stored key in every form,
 * and secret-shaped text), and a flood of one kind of message is cut to a few lines per
 * 10 s plus a count. The process-level handlers log unhandled rejections and uncaught
 * exceptions here too: nothing is swallowed silently.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import electronLog from 'electron-log/node';
import type { VoiceController } from '../voice/voice-controller';
import { Redactor } from '../engine/redaction';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type Log = (level: LogLevel, message: string) => void;

export const LOG_FILE_NAME = 'hark.log';
export const MAX_LOG_BYTES = 1024 * 1024;
export const KEPT_LOG_FILES = 3;

export interface HarkLogger {
  log: Log;
  /** The log file's path, for "where is the log" answers. */
  readonly path: string;
  /** Write what the rate limit holds back, and stop its timer. */
  flush(): void;
}

/**
 * @param secrets the secrets to redact, asked for each line (the key may change while Hark runs)
 * @param echo also write to the console (development runs)
 */
export function createLogger(
  userData: string,
  secrets: () => (string | null | undefined)[],
  options: {
    echo?: boolean;
    linesPerWindow?: number;
    windowMs?: number;
    maxBytes?: number;
  } = {},
): HarkLogger {
  const path = join(userData, 'logs', LOG_FILE_NAME);
  const logger = electronLog.create({ logId: `hark-${path}` });
  logger.transports.file.resolvePathFn = () => path;
  logger.transports.file.maxSize = options.maxBytes ?? MAX_LOG_BYTES;
  logger.transports.file.sync = true;
  logger.transports.file.writeOptions = { flag: 'a', mode: 0o600, encoding: 'utf8' };
  logger.transports.file.archiveLogFn = (file) => rotate(file.path);
  logger.transports.file.level = 'info';
  logger.transports.console.level = options.echo ? 'info' : false;
  // Redaction is the last step before any transport: nothing reaches the file unredacted.
  logger.hooks.push((message) => {
    const redactor = new Redactor(secrets());
    message.data = message.data.map((part: unknown) =>
      typeof part === 'string' ? redactor.text(part) : redactor.deep(part),
    );
    return message;
  });
  const limiter = new FloodGate(options.linesPerWindow ?? 5, options.windowMs ?? 10_000, (line) =>
    logger.warn(line),
  );
  const log: Log = (level, message) => {
    if (level === 'debug') return;
    if (!limiter.admit(message)) return;
    if (level === 'error') logger.error(message);
    else if (level === 'warn') logger.warn(message);
    else logger.info(message);
  };
  return { log, path, flush: () => limiter.flush() };
}

/**
 * Per message shape (digits and ids masked: the same message about another frame is the same
 * kind), the first few lines of each window pass; the rest are counted and summed up in one
 * line when the window ends.
 */
export class FloodGate {
  private readonly passed = new Map<string, number>();
  private readonly held = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly linesPerWindow: number,
    private readonly windowMs: number,
    private readonly write: (line: string) => void,
  ) {}

  admit(message: string): boolean {
    if (this.timer === null) {
      this.timer = setTimeout(() => this.flush(), this.windowMs);
      this.timer.unref();
    }
    const shape = message.slice(0, 60).replace(/[0-9a-f]{6,}|\d+/gi, '#');
    const count = this.passed.get(shape) ?? 0;
    if (count < this.linesPerWindow) {
      this.passed.set(shape, count + 1);
      return true;
    }
    this.held.set(shape, (this.held.get(shape) ?? 0) + 1);
    return false;
  }

  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    for (const [shape, count] of this.held)
      this.write(
        `${count} more like "${shape}…" in the last ${this.windowMs / 1000} s (not written)`,
      );
    this.passed.clear();
    this.held.clear();
  }
}

/** hark.log → hark.1.log → … → hark.3.log (the oldest goes). */
function rotate(path: string): void {
  const numbered = (n: number): string => path.replace(/\.log$/, `.${n}.log`);
  rmSync(numbered(KEPT_LOG_FILES), { force: true });
  for (let n = KEPT_LOG_FILES - 1; n >= 1; n--) {
    if (existsSync(numbered(n))) renameSync(numbered(n), numbered(n + 1));
  }
  renameSync(path, numbered(1));
}

/** Log what the user was told (notices) and each change of connection state, with its why. */
export function logControllerEvents(controller: Pick<VoiceController, 'on'>, log: Log): () => void {
  let last = '';
  const offs = [
    controller.on('notice', (notice) =>
      log(
        notice.level === 'info' ? 'info' : notice.level === 'warning' ? 'warn' : 'error',
        `${notice.title}: ${notice.text}`,
      ),
    ),
    controller.on('health', (health) => {
      const line = `health: ${health.state}${health.title ? ` — ${health.title}` : ''}${health.diagnosis ? `: ${health.diagnosis}` : ''}`;
      if (line === last) return;
      last = line;
      log(health.state === 'needs-attention' ? 'warn' : 'info', line);
    }),
  ];
  return () => offs.forEach((off) => off());
}

/**
 * Log every unhandled rejection and uncaught exception (with its stack, redacted, to the file)
 * instead of losing it, then hand it to `onError`: the app tells the user and restarts what
 * the failure may have left in an unknown state.
 */
export function installProcessHandlers(
  log: Log,
  onError: (kind: 'exception' | 'rejection', error: unknown) => void,
  target: Pick<NodeJS.Process, 'on'> = process,
): void {
  target.on('unhandledRejection', (reason: unknown) => {
    log('error', `Unhandled rejection: ${describe(reason)}`);
    onError('rejection', reason);
  });
  target.on('uncaughtException', (error: Error) => {
    log('error', `Uncaught exception: ${describe(error)}`);
    onError('exception', error);
  });
}

function describe(error: unknown): string {
  if (error instanceof Error)
    return (error.stack ?? `${error.name}: ${error.message}`).slice(0, 4000);
  return String(error).slice(0, 4000);
}
