import { getContext, setContext } from 'svelte';
import type { ToolCallMessage } from '@shared/assistant';
import type { HarkApi } from '@shared/ipc';
import { playWorkingCue } from '../audio/working-cue';

/** A tool that has not answered after this long gets the cue and a progress line. */
export const SLOW_TOOL_MS = 1_500;

export interface ToolProgressOptions {
  /** Plays the "working" cue; called at most once per call. */
  playCue: () => void;
  /** The "sounds" setting: the cue plays only when it is on (the progress line always shows). */
  soundsOn: () => boolean;
  slowAfterMs?: number;
  now?: () => number;
}

/**
 * No dead air while a tool works: each call still running after `slowAfterMs` plays the
 * working cue once (not a loop) and is marked slow, so the transcript can show how long it
 * has been working. Calls waiting for the user's approval are not timed: the user is the one
 * deciding, not the tool.
 */
export class ToolProgressStore {
  /** Transcript key (`tool:<callId>`) → when the call started running, for slow calls only. */
  slow = $state<Record<string, number>>({});
  /** Ticks once a second while a call is slow, for the elapsed time shown. */
  now = $state(0);
  /** Calls running now (not reactive: only `slow` and `now` are shown). */
  private readonly running: Record<
    string,
    { since: number; timer: ReturnType<typeof setTimeout> | null }
  > = {};
  private ticker: ReturnType<typeof setInterval> | null = null;
  private readonly clock: () => number;

  constructor(private readonly options: ToolProgressOptions) {
    this.clock = options.now ?? Date.now;
    this.now = this.clock();
  }

  observe(call: ToolCallMessage): void {
    const key = `tool:${call.callId}`;
    if (call.status === 'running') {
      if (key in this.running) return; // the same call reported again: keep its first start
      this.running[key] = {
        since: this.clock(),
        timer: setTimeout(() => this.becameSlow(key), this.options.slowAfterMs ?? SLOW_TOOL_MS),
      };
      return;
    }
    if (call.status === 'awaiting-approval') return;
    this.settle(key);
  }

  /** Seconds a slow call has been working, or null while it is not slow. */
  elapsedSeconds(key: string): number | null {
    const since = this.slow[key];
    return since === undefined ? null : Math.max(0, Math.floor((this.now - since) / 1000));
  }

  dispose(): void {
    for (const key of Object.keys(this.running)) this.settle(key);
  }

  private becameSlow(key: string): void {
    const call = this.running[key];
    if (!call) return;
    call.timer = null;
    this.slow[key] = call.since;
    this.now = this.clock();
    this.ticker ??= setInterval(() => (this.now = this.clock()), 1_000);
    if (this.options.soundsOn()) this.options.playCue();
  }

  private settle(key: string): void {
    const timer = this.running[key]?.timer;
    if (timer) clearTimeout(timer);
    delete this.running[key];
    if (key in this.slow) delete this.slow[key];
    if (Object.keys(this.slow).length === 0 && this.ticker !== null) {
      clearInterval(this.ticker);
      this.ticker = null;
    }
  }
}

const CONTEXT = Symbol('tool-progress');

/** The window's store, for the transcript's tool lines (set once by the app). */
export const provideToolProgress = (store: ToolProgressStore): ToolProgressStore =>
  setContext(CONTEXT, store);

/** The window's store, or undefined where none was provided (the mini view, tests). */
export const toolProgress = (): ToolProgressStore | undefined =>
  getContext<ToolProgressStore | undefined>(CONTEXT);

/**
 * For the app's component: the store fed by the tool calls, provided to the transcript. Only
 * the window that owns the audio (`sounding`) plays the cue, so the mini window does not
 * play it a second time.
 */
export function startToolProgress(
  api: HarkApi,
  soundsOn: () => boolean,
  sounding: boolean,
): ToolProgressStore {
  const store = provideToolProgress(
    new ToolProgressStore({
      playCue: () => void playWorkingCue(),
      soundsOn: () => sounding && soundsOn(),
    }),
  );
  $effect(() => {
    const off = api.onToolCall((call) => store.observe(call));
    return () => {
      off();
      store.dispose();
    };
  });
  return store;
}
