/**
 * What happens when a renderer dies: its window is recreated once; if it dies again within
 * `windowMs` (a crash loop: a bad page, a driver that kills the GPU process each time) Hark
 * stops recreating it and says so. The conversation lives in main and survives either way;
 * the caller resets the microphone. Electron-free: index.ts wires it to the windows.
 */
export interface RendererGoneDetails {
  reason: string;
  exitCode: number;
}

export interface CrashRecoveryOptions {
  /** Make a new window in place of the dead one. */
  recreate(): void;
  /** Tell the user (in the window when there is one, and the system's notifications). */
  notice(title: string, text: string): void;
  log(level: 'warn' | 'error', message: string): void;
  now?: () => number;
  windowMs?: number;
}

export const CRASH_LOOP_WINDOW_MS = 60_000;

export class RendererRecovery {
  private lastCrash: number | null = null;
  /** Hark gave up on the window (it crashed twice within the window of time). */
  stopped = false;

  constructor(private readonly options: CrashRecoveryOptions) {}

  /**
   * A renderer ended. `clean-exit` (the window closed normally) is not a crash.
   * @returns what was done: 'recreated', 'stopped' or 'ignored'.
   */
  gone(details: RendererGoneDetails): 'recreated' | 'stopped' | 'ignored' {
    if (details.reason === 'clean-exit' || this.stopped) return 'ignored';
    const now = (this.options.now ?? Date.now)();
    const windowMs = this.options.windowMs ?? CRASH_LOOP_WINDOW_MS;
    const what = `Hark's window stopped (${details.reason}, exit code ${details.exitCode})`;
    if (this.lastCrash !== null && now - this.lastCrash < windowMs) {
      this.stopped = true;
      this.options.log('error', `${what} again within ${windowMs / 1000} s: not reopening it`);
      this.options.notice(
        'Hark’s window keeps crashing',
        `${what} twice within a minute, so Hark stopped reopening it. Hotkeys, the tray and the log keep working; quit and start Hark again.`,
      );
      return 'stopped';
    }
    this.lastCrash = now;
    this.options.log('error', `${what}: reopening it`);
    this.options.recreate();
    this.options.notice(
      'Hark’s window was reopened',
      `${what}. Your conversation is kept; the microphone was turned off — talk again when ready.`,
    );
    return 'recreated';
  }
}
