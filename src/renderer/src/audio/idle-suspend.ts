/**
 * Suspends the shared AudioContext when nothing plays and nothing is captured, so an idle
 * Hark costs no audio-thread CPU; the next talk or reply resumes it. Samples pushed while
 * suspended wait in the playback ring (the worklet renders nothing until the context
 * runs), so a resume clips nothing.
 */
export type AudioUse = 'capture' | 'playback' | 'sample' | 'cue';

export interface SuspendableContext {
  readonly state: AudioContextState | string;
  suspend(): Promise<void>;
  resume(): Promise<void>;
}

export interface IdleSuspendOptions {
  /** Quiet time before suspending. */
  idleMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

export const IDLE_SUSPEND_MS = 2000;

export class IdleSuspend {
  private readonly busy = new Set<AudioUse>();
  private timer: unknown = null;
  /** We suspended it: only then do we resume it (an autoplay-suspended context resumes on a gesture). */
  private suspendedByUs = false;
  private readonly idleMs: number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;
  private readonly watchers = new Set<(suspended: boolean) => void>();
  private readonly wakers = new Set<() => void>();

  constructor(
    private readonly context: () => SuspendableContext | null,
    options: IdleSuspendOptions = {},
  ) {
    this.idleMs = options.idleMs ?? IDLE_SUSPEND_MS;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer =
      options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  }

  get suspended(): boolean {
    return this.suspendedByUs;
  }

  /**
   * Nothing uses audio and nothing just did (the idle time has passed, or nothing ever
   * started: a fresh window has no context yet). The level meters sleep then, instead of
   * asking for an animation frame 60 times a second that would show silence.
   */
  get quiet(): boolean {
    return this.busy.size === 0 && this.timer === null;
  }

  /** Be told each time it stops being quiet (a use starts, or a press wakes it); returns the unsubscribe. */
  onWake(listener: () => void): () => void {
    this.wakers.add(listener);
    return () => this.wakers.delete(listener);
  }

  /** Be told when the context is suspended (true) or resumed (false); returns the unsubscribe. */
  watch(listener: (suspended: boolean) => void): () => void {
    this.watchers.add(listener);
    return () => this.watchers.delete(listener);
  }

  /** Mark a use as busy (resumes at once) or done (suspends after the idle time). */
  set(use: AudioUse, busy: boolean): void {
    if (busy) {
      const wasQuiet = this.quiet;
      this.busy.add(use);
      this.cancelTimer();
      this.resume();
      if (wasQuiet) this.wakers.forEach((w) => w());
      return;
    }
    if (this.busy.delete(use) && this.busy.size === 0) this.startTimer();
  }

  /**
   * Something is about to need audio (a talk press, before main opens the capture): resume
   * now, so the first samples are not lost to the resume, and count the idle time afresh.
   */
  wake(): void {
    const wasQuiet = this.quiet;
    this.resume();
    if (this.busy.size === 0) {
      this.cancelTimer();
      this.startTimer();
    }
    if (wasQuiet) this.wakers.forEach((w) => w());
  }

  private startTimer(): void {
    if (this.timer !== null) return;
    this.timer = this.setTimer(() => {
      this.timer = null;
      this.suspend();
    }, this.idleMs);
  }

  private suspend(): void {
    const context = this.context();
    if (this.busy.size > 0 || !context || context.state !== 'running') return;
    this.suspendedByUs = true;
    context.suspend().catch(() => undefined);
    this.watchers.forEach((w) => w(true));
  }

  private resume(): void {
    const context = this.context();
    if (!this.suspendedByUs || !context) return;
    this.suspendedByUs = false;
    if (context.state !== 'closed') context.resume().catch(() => undefined);
    this.watchers.forEach((w) => w(false));
  }

  private cancelTimer(): void {
    if (this.timer === null) return;
    this.clearTimer(this.timer);
    this.timer = null;
  }
}
