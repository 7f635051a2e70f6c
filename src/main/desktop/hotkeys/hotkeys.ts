import type { GlobalShortcut } from 'electron';
import type { HotkeyStatus } from '../../../shared/ipc';
import {
  ChordError,
  chordFromEvent,
  chordLabel,
  HoldMatcher,
  parseChord,
  type Chord,
  type KeyEventLike,
} from '../../../shared/chord';

/** The part of uiohook-napi Hark uses (injected, so tests and machines without it work). */
export interface KeyboardHook {
  on(event: 'keydown' | 'keyup', listener: (event: KeyEventLike) => void): unknown;
  removeAllListeners(event?: string): unknown;
  start(): void;
  stop(): void;
}

export interface HotkeyTarget {
  talkStart(source: 'hotkey'): unknown;
  talkStop(source: 'hotkey'): unknown;
  talkToggle(): unknown;
  talkLost(): unknown;
}

export interface HotkeyEnvironment {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** macOS: whether Hark may watch the keyboard (Accessibility). */
  accessibilityTrusted?: () => boolean;
}

/**
 * The global hotkeys: a true hold-to-talk key through a keyboard hook (uiohook), which
 * works while Hark is in the background, and a toggle hotkey through Electron's
 * globalShortcut (which has no key-up). Where the hook cannot run, the toggle remains and
 * the status says what to grant — never a silent failure.
 */
export class HotkeyService {
  private hook: KeyboardHook | null = null;
  private matcher: HoldMatcher;
  private toggleAccelerator: string | null = null;
  private recording: ((chord: Chord | null) => void) | null = null;
  status: HotkeyStatus;

  constructor(
    private readonly loadHook: () => KeyboardHook,
    private readonly shortcuts: Pick<GlobalShortcut, 'register' | 'unregister'>,
    private readonly target: HotkeyTarget,
    private readonly environment: HotkeyEnvironment,
    holdChord: string,
    toggleAccelerator: string,
  ) {
    this.matcher = new HoldMatcher(parseChord(holdChord));
    this.status = {
      hold: chordLabel(parseChord(holdChord)),
      holdActive: false,
      toggle: toggleAccelerator,
      toggleActive: false,
      problem: null,
    };
    this.startHook();
    this.setToggle(toggleAccelerator);
  }

  /** Change the hold chord ("Ctrl+Alt+Space"); throws ChordError for one Hark cannot use. */
  setHoldChord(text: string): void {
    const chord = parseChord(text);
    this.releaseHeld();
    this.matcher.setChord(chord);
    this.status = { ...this.status, hold: chordLabel(chord) };
  }

  /** Register the toggle accelerator; false (with the status saying why) when taken. */
  setToggle(accelerator: string): boolean {
    if (this.toggleAccelerator) this.shortcuts.unregister(this.toggleAccelerator);
    this.toggleAccelerator = null;
    const ok = this.tryRegister(accelerator);
    if (ok) this.toggleAccelerator = accelerator;
    this.status = {
      ...this.status,
      toggle: accelerator,
      toggleActive: ok,
      problem: ok
        ? this.status.problem
        : `${accelerator} is taken by another application; choose another toggle hotkey.`,
    };
    return ok;
  }

  private tryRegister(accelerator: string): boolean {
    try {
      return this.shortcuts.register(accelerator, () => this.target.talkToggle());
    } catch {
      return false; // an accelerator Electron cannot parse is as unusable as a taken one
    }
  }

  /** "Press the key you want": the next chord pressed anywhere, or null after the timeout. */
  record(timeoutMs = 10_000): Promise<string | null> {
    if (!this.hook) return Promise.resolve(null);
    this.recording?.(null);
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(null), timeoutMs);
      const finish = (chord: Chord | null): void => {
        clearTimeout(timer);
        this.recording = null;
        resolve(chord ? chordLabel(chord) : null);
      };
      this.recording = finish;
    });
  }

  /** A key-up that will never come (sleep, lock): end a hold in progress. */
  releaseHeld(): void {
    if (this.matcher.reset() === 'release') this.target.talkStop('hotkey');
  }

  dispose(): void {
    this.releaseHeld();
    if (this.toggleAccelerator) this.shortcuts.unregister(this.toggleAccelerator);
    this.toggleAccelerator = null;
    if (this.hook) {
      this.hook.removeAllListeners('keydown');
      this.hook.removeAllListeners('keyup');
      try {
        this.hook.stop();
      } catch {
        // Stopping a hook that failed halfway must not block quitting.
      }
    }
    this.hook = null;
  }

  private startHook(): void {
    const blocked = this.hookBlockedReason();
    if (blocked) {
      this.status = { ...this.status, holdActive: false, problem: blocked };
      return;
    }
    try {
      const hook = this.loadHook();
      hook.on('keydown', (event) => this.keydown(event));
      hook.on('keyup', (event) => this.keyup(event));
      hook.start();
      this.hook = hook;
      this.status = { ...this.status, holdActive: true };
    } catch (error) {
      this.status = {
        ...this.status,
        holdActive: false,
        problem: `The hold-to-talk key could not start (${error instanceof Error ? error.message : String(error)}); use the toggle hotkey instead.`,
      };
    }
  }

  private hookBlockedReason(): string | null {
    const { platform, env, accessibilityTrusted } = this.environment;
    if (
      platform === 'linux' &&
      (env.XDG_SESSION_TYPE === 'wayland' || (env.WAYLAND_DISPLAY && !env.DISPLAY))
    ) {
      return 'Wayland does not let applications watch the keyboard, so hold-to-talk works only in the Hark window; the toggle hotkey works everywhere.';
    }
    if (platform === 'darwin' && accessibilityTrusted && !accessibilityTrusted()) {
      return 'macOS needs your permission for hold-to-talk: System Settings → Privacy & Security → Accessibility → turn on Hark, then restart it. The toggle hotkey works meanwhile.';
    }
    return null;
  }

  private keydown(event: KeyEventLike): void {
    if (this.recording) {
      const chord = chordFromEvent(event);
      if (chord) this.recording(chord);
      return;
    }
    if (this.matcher.keydown(event) === 'press') this.target.talkStart('hotkey');
  }

  private keyup(event: KeyEventLike): void {
    if (this.matcher.keyup(event) === 'release') this.target.talkStop('hotkey');
  }
}

export { ChordError };
