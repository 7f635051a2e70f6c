import type { KeyEventLike } from '../../../shared/chord';
import { parseChildMessage, type HookParentMessage, type TapChord } from './hook-protocol';

/** One running hook process, whatever started it (Electron's utilityProcess, Node's fork). */
export interface HookChild {
  postMessage(message: HookParentMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

export type HookState =
  | { running: true }
  | {
      running: false;
      problem: string;
      /** no more restarts (only when restarts are turned off: `restartDelaysMs: []`) */
      final: boolean;
      /** When the next try starts (epoch ms); absent when final. */
      nextTryAt?: number;
    };

export interface HookHandlers {
  keydown(event: KeyEventLike): void;
  keyup(event: KeyEventLike): void;
  state(state: HookState): void;
}

/** What HotkeyService needs of a keyboard hook. */
export interface HookSource {
  start(handlers: HookHandlers): void;
  stop(): void;
  /** Press a chord in the focused application; rejects with a plain reason. */
  keyTap?(chord: TapChord): Promise<void>;
  /** Skip a pending restart delay (resume, unlock, a display change). */
  retryNow?(): void;
}

export interface SupervisorOptions {
  /** A child that has not said "started" by then is killed and counts as a failure. */
  startTimeoutMs?: number;
  pingIntervalMs?: number;
  /**
   * Waits before each restart, growing; the last one repeats for good (Hark never gives up,
   * a resume or display change tries at once: `retryNow`). Empty: no restarts at all.
   */
  restartDelaysMs?: readonly number[];
  /** A child that ran this long wipes the failure count (a crash a day is not a crash loop). */
  stableAfterMs?: number;
  /** A keyTap not answered by then fails (the child may be wedged in native code). */
  keyTapTimeoutMs?: number;
  log?: (message: string) => void;
}

const FALLBACK =
  'Hold-to-talk works in the Hark window meanwhile, and the toggle hotkey works everywhere.';

/**
 * Runs the keyboard hook in a child process and keeps main out of its failures: an abort, a
 * hang (no "started", no pong) or a hook that cannot start becomes a state with a problem
 * text; the child is restarted with growing waits, capped (5 minutes by default) and never
 * given up on; `retryNow` skips the wait (the machine woke up, the session was unlocked, a
 * display came or went).
 */
export class HookSupervisor implements HookSource {
  private child: HookChild | null = null;
  private handlers: HookHandlers | null = null;
  private failures = 0;
  private timers = new Set<ReturnType<typeof setTimeout>>();
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private awaitingPong: number | null = null;
  private nextPing = 0;
  /** The running child said "started": keys and taps go through. */
  private ready = false;
  private lastProblem: string | null = null;
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private nextTap = 0;
  private pendingTaps = new Map<
    number,
    { resolve(): void; reject(error: Error): void; timer: ReturnType<typeof setTimeout> }
  >();
  private readonly options: Required<Omit<SupervisorOptions, 'log'>> &
    Pick<SupervisorOptions, 'log'>;

  constructor(
    private readonly spawn: () => HookChild,
    options: SupervisorOptions = {},
  ) {
    this.options = {
      startTimeoutMs: 5_000,
      pingIntervalMs: 10_000,
      restartDelaysMs: [1_000, 5_000, 20_000, 60_000, 300_000],
      stableAfterMs: 120_000,
      keyTapTimeoutMs: 2_000,
      ...options,
    };
  }

  /** How many children have been started (the first one included). */
  spawned = 0;

  start(handlers: HookHandlers): void {
    this.handlers = handlers;
    this.launch();
  }

  /**
   * A hook that is waiting out a restart delay starts now (the reason it failed — no
   * display, a locked session — may be gone). Nothing happens while one runs or starts.
   */
  retryNow(): void {
    if (!this.handlers || this.child || this.restartTimer === null) return;
    this.cancel(this.restartTimer);
    this.restartTimer = null;
    this.options.log?.('keyboard hook: trying again now');
    this.launch();
  }

  /**
   * Press a chord through the hook process (uiohook's keyTap runs there, never in main).
   * Rejects with a plain reason when the hook is not running, refuses, or does not answer.
   */
  keyTap(chord: TapChord): Promise<void> {
    const child = this.child;
    if (!child || !this.ready) {
      const why = this.lastProblem ?? 'the keyboard hook is not running';
      return Promise.reject(new Error(`No keys could be pressed: ${why}`));
    }
    const id = ++this.nextTap;
    return new Promise<void>((resolve, reject) => {
      // A hook that does not answer is stuck: it is ended (and restarted) before the caller
      // hears of it, so a press it still had queued can never land after the clipboard is
      // put back; the deadline in the message guards the same in the hook process.
      const timer = setTimeout(
        () =>
          this.fail(
            `the keyboard hook did not answer a key press within ${seconds(this.options.keyTapTimeoutMs)}`,
            child,
          ),
        this.options.keyTapTimeoutMs,
      );
      this.pendingTaps.set(id, { resolve, reject, timer });
      try {
        const notAfter = Date.now() + this.options.keyTapTimeoutMs;
        child.postMessage({ type: 'keyTap', id, chord, notAfter });
      } catch (error) {
        this.settleTap(id, `the keyboard hook could not be reached (${describe(error)})`);
      }
    });
  }

  stop(): void {
    this.handlers = null;
    this.clearTimers();
    this.failTaps('Hark is stopping the keyboard hook');
    const child = this.child;
    this.child = null;
    this.ready = false;
    if (!child) return;
    try {
      child.postMessage({ type: 'stop' });
    } catch {
      // Already gone.
    }
    // A child that ignores "stop" (hung in native code) must not outlive main.
    setTimeout(() => child.kill(), 1_000).unref?.();
  }

  private launch(): void {
    if (!this.handlers) return;
    let child: HookChild;
    try {
      child = this.spawn();
    } catch (error) {
      this.fail(`the hook process could not be started (${describe(error)})`);
      return;
    }
    this.child = child;
    this.spawned++;
    let started = false;
    const startTimer = this.after(this.options.startTimeoutMs, () => {
      if (!started)
        this.fail(
          `the keyboard hook did not start within ${seconds(this.options.startTimeoutMs)}`,
          child,
        );
    });
    child.onMessage((raw) => {
      if (child !== this.child) return;
      const message = parseChildMessage(raw);
      if (!message) {
        this.options.log?.('ignored a malformed message from the keyboard-hook process');
        return;
      }
      switch (message.type) {
        case 'started':
          started = true;
          this.ready = true;
          this.lastProblem = null;
          this.cancel(startTimer);
          this.after(this.options.stableAfterMs, () => {
            if (child === this.child) this.failures = 0;
          });
          this.startPings(child);
          this.handlers?.state({ running: true });
          return;
        case 'failed':
          this.fail(`the keyboard hook could not start (${message.message})`, child);
          return;
        case 'pong':
          if (message.id === this.awaitingPong) this.awaitingPong = null;
          return;
        case 'keyTapped':
          this.settleTap(message.id, message.error);
          return;
        case 'keydown':
        case 'keyup':
          if (started) this.handlers?.[message.type](message.event);
      }
    });
    child.onExit((code) => {
      if (child !== this.child) return;
      this.fail(
        `the keyboard hook stopped (${code === null ? 'killed' : `exit code ${code}`})`,
        child,
      );
    });
  }

  private startPings(child: HookChild): void {
    this.stopPings();
    this.pingTimer = setInterval(() => {
      if (child !== this.child) return;
      if (this.awaitingPong !== null) {
        this.fail('the keyboard hook stopped answering', child);
        return;
      }
      this.awaitingPong = ++this.nextPing;
      child.postMessage({ type: 'ping', id: this.awaitingPong });
    }, this.options.pingIntervalMs);
    this.pingTimer.unref?.();
  }

  private fail(reason: string, child?: HookChild): void {
    if (child && child !== this.child) return;
    this.clearTimers();
    this.failTaps(reason);
    this.child = null;
    this.ready = false;
    this.lastProblem = reason;
    if (child) {
      try {
        child.kill();
      } catch {
        // It may already be dead; that is the point.
      }
    }
    this.options.log?.(`keyboard hook: ${reason}`);
    const delays = this.options.restartDelaysMs;
    const final = delays.length === 0;
    const text = `Hold-to-talk from other applications is unavailable: ${reason}.`;
    if (final) {
      this.handlers?.state({ running: false, final, problem: `${text} ${FALLBACK}` });
      return;
    }
    const delay = delays[Math.min(this.failures, delays.length - 1)]!;
    this.failures++;
    const nextTryAt = Date.now() + delay;
    this.handlers?.state({
      running: false,
      final,
      nextTryAt,
      problem: `${text} Retrying in ${seconds(delay)} (at ${clock(nextTryAt)}). ${FALLBACK}`,
    });
    this.restartTimer = this.after(delay, () => {
      this.restartTimer = null;
      this.launch();
    });
  }

  /** Resolve a keyTap, or reject it with the child's (or main's) reason. */
  private settleTap(id: number, error: string | undefined): void {
    const pending = this.pendingTaps.get(id);
    if (!pending) return; // timed out already, or not ours
    this.pendingTaps.delete(id);
    clearTimeout(pending.timer);
    if (error === undefined) pending.resolve();
    else pending.reject(new Error(`No keys could be pressed: ${error}`));
  }

  private failTaps(reason: string): void {
    for (const id of [...this.pendingTaps.keys()]) this.settleTap(id, reason);
  }

  private after(ms: number, run: () => void): ReturnType<typeof setTimeout> {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
    return timer;
  }

  private cancel(timer: ReturnType<typeof setTimeout>): void {
    clearTimeout(timer);
    this.timers.delete(timer);
  }

  private stopPings(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
    this.awaitingPong = null;
  }

  private clearTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.restartTimer = null;
    this.stopPings();
  }
}

function seconds(ms: number): string {
  if (ms >= 120_000) return `${Math.round(ms / 60_000)} min`;
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

/** "14:05" in the user's time zone: when the next try is. */
function clock(at: number): string {
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
