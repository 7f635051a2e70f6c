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
import type { HookSource, HookState } from './hook-supervisor';

export interface HotkeyTarget {
  talkStart(source: 'hotkey'): unknown;
  talkStop(source: 'hotkey'): unknown;
  talkToggle(): unknown;
  talkLost(): unknown;
}

export interface HotkeyEnvironment {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** macOS: whether Hark may watch the keyboard (Accessibility), without asking. */
  accessibilityTrusted?: () => boolean;
  /** macOS: add Hark to the Accessibility list and show the system prompt (a user action). */
  requestAccessibility?: () => boolean;
}

export function isWayland(env: NodeJS.ProcessEnv): boolean {
  return env.XDG_SESSION_TYPE === 'wayland' || Boolean(env.WAYLAND_DISPLAY && !env.DISPLAY);
}

const ACCESSIBILITY_PROBLEM =
  'macOS needs your permission for hold-to-talk from other applications: choose "Allow hold-to-talk in other apps…" in ⚙ Settings (Hotkeys), the Hark menu or the tray menu, or System Settings → Privacy & Security → Accessibility → turn on Hark. Hold-to-talk works in the Hark window and the toggle hotkey everywhere meanwhile.';

const WAYLAND_TYPING =
  'Wayland does not let applications press keys in other applications, so Hark cannot type here. Ask Hark to copy the text to the clipboard instead.';
const ACCESSIBILITY_TYPING =
  'macOS needs your permission before Hark can type into other applications: choose "Allow hold-to-talk in other apps…" in ⚙ Settings, the Hark menu or the tray menu (or System Settings → Privacy & Security → Accessibility → turn on Hark), then ask again.';

/**
 * The global hotkeys: a true hold-to-talk key through a keyboard hook (uiohook, in its own
 * process), which works while Hark is in the background, and a toggle hotkey through
 * Electron's globalShortcut (which has no key-up). Key events of Hark's own window feed
 * the same matcher. Where the hook cannot run, the toggle remains and the status says what
 * to grant — never a silent failure.
 */
export class HotkeyService {
  private matcher: HoldMatcher;
  private toggleAccelerator: string | null = null;
  private recording: ((chord: Chord | null) => void) | null = null;
  private hookStarted = false;
  private holdProblem: string | null = null;
  private toggleProblem: string | null = null;
  private blockedByAccessibility = false;
  /** Off while constructing: the caller reads the first status itself. */
  private notifying = false;
  status: HotkeyStatus;

  /** macOS: hold-to-talk waits for the Accessibility permission. */
  get needsAccessibility(): boolean {
    return this.blockedByAccessibility;
  }

  constructor(
    private readonly hook: HookSource | null,
    private readonly shortcuts: Pick<GlobalShortcut, 'register' | 'unregister'>,
    private readonly target: HotkeyTarget,
    private readonly environment: HotkeyEnvironment,
    holdChord: string,
    toggleAccelerator: string,
    /** Called whenever the status changes (the window shows it; main raises notices). */
    private readonly onChange: (status: HotkeyStatus) => void = () => undefined,
  ) {
    this.matcher = new HoldMatcher(parseChord(holdChord));
    this.status = {
      hold: chordLabel(parseChord(holdChord)),
      holdActive: false,
      toggle: toggleAccelerator,
      toggleActive: false,
      problem: null,
      needsAccessibility: false,
    };
    this.startHook();
    this.setToggle(toggleAccelerator);
    this.notifying = true;
  }

  /** Change the hold chord ("Ctrl+Alt+Space"); throws ChordError for one Hark cannot use. */
  setHoldChord(text: string): void {
    const chord = parseChord(text);
    this.releaseHeld();
    this.matcher.setChord(chord);
    this.update({ hold: chordLabel(chord) });
  }

  /** Register the toggle accelerator; false (with the status saying why) when taken. */
  setToggle(accelerator: string): boolean {
    if (this.toggleAccelerator) this.shortcuts.unregister(this.toggleAccelerator);
    this.toggleAccelerator = null;
    const ok = this.tryRegister(accelerator);
    if (ok) this.toggleAccelerator = accelerator;
    this.toggleProblem = ok ? null : this.toggleRefused(accelerator);
    this.update({ toggle: accelerator, toggleActive: ok });
    return ok;
  }

  private toggleRefused(accelerator: string): string {
    if (this.environment.platform === 'linux' && isWayland(this.environment.env)) {
      return `${accelerator} could not be registered: this Wayland desktop offers no global shortcuts to applications (the GlobalShortcuts portal), or another application holds them. Use Space in the Hark window.`;
    }
    return `${accelerator} is taken by another application; choose another toggle hotkey.`;
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
    if (!this.status.holdActive) return Promise.resolve(null);
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

  /** The machine woke up, the session was unlocked or a display changed: try the hook now. */
  retryHook(): void {
    this.hook?.retryNow?.();
  }

  /** A key-up that will never come (sleep, lock): end a hold in progress. */
  releaseHeld(): void {
    if (this.matcher.reset() === 'release') this.target.talkStop('hotkey');
  }

  /** A key event from Hark's own window (see window-keys.ts). */
  windowKey(kind: 'keydown' | 'keyup', event: KeyEventLike): void {
    if (kind === 'keydown') this.keydown(event);
    else this.keyup(event);
  }

  /** macOS: ask for Accessibility (a user action), then start the hook if it was granted. */
  requestAccessibility(): boolean {
    const granted = this.environment.requestAccessibility?.() ?? true;
    this.recheckPermissions();
    return granted;
  }

  /**
   * Press the platform's paste chord in the focused application, through the hook process.
   * Rejects with a plain reason (Wayland, no Accessibility, the hook down or refusing).
   */
  pressPaste(): Promise<void> {
    const { platform, env } = this.environment;
    if (platform === 'linux' && isWayland(env)) return Promise.reject(new Error(WAYLAND_TYPING));
    if (this.blockedByAccessibility) return Promise.reject(new Error(ACCESSIBILITY_TYPING));
    if (!this.hook?.keyTap || !this.hookStarted)
      return Promise.reject(
        new Error('Typing into other applications needs the keyboard hook, which is not running.'),
      );
    return this.hook.keyTap('paste');
  }

  /** Hark regained focus: a permission granted meanwhile starts the hook without a restart. */
  recheckPermissions(): void {
    if (!this.blockedByAccessibility) return;
    if (this.environment.accessibilityTrusted?.() === false) return;
    this.blockedByAccessibility = false;
    this.holdProblem = null;
    this.startHook();
    this.update({});
  }

  dispose(): void {
    this.releaseHeld();
    this.recording?.(null);
    if (this.toggleAccelerator) this.shortcuts.unregister(this.toggleAccelerator);
    this.toggleAccelerator = null;
    if (this.hookStarted) {
      try {
        this.hook?.stop();
      } catch {
        // Stopping a hook that failed halfway must not block quitting.
      }
    }
    this.hookStarted = false;
  }

  private startHook(): void {
    const blocked = this.hookBlockedReason();
    if (blocked || !this.hook) {
      this.holdProblem = blocked ?? 'Global hotkeys are not available here.';
      this.update({ holdActive: false });
      return;
    }
    this.hookStarted = true;
    this.hook.start({
      keydown: (event) => this.keydown(event),
      keyup: (event) => this.keyup(event),
      state: (state) => this.hookState(state),
    });
  }

  private hookState(state: HookState): void {
    if (state.running) {
      this.holdProblem = null;
      this.update({ holdActive: true });
      return;
    }
    // The key-up of a hold in progress died with the hook.
    this.releaseHeld();
    this.recording?.(null);
    this.holdProblem = state.problem;
    this.update({ holdActive: false });
  }

  private hookBlockedReason(): string | null {
    const { platform, env, accessibilityTrusted } = this.environment;
    if (platform === 'linux' && isWayland(env)) {
      return 'Wayland does not let applications watch the keyboard, so hold-to-talk works only in the Hark window; the toggle hotkey works where the desktop offers global shortcuts.';
    }
    if (platform === 'darwin' && accessibilityTrusted && !accessibilityTrusted()) {
      this.blockedByAccessibility = true;
      return ACCESSIBILITY_PROBLEM;
    }
    return null;
  }

  private keydown(event: KeyEventLike): void {
    if (this.recording) {
      // From the hook or the window, whichever sees the chord first.
      const chord = chordFromEvent(event);
      if (chord) this.recording(chord);
      return;
    }
    if (this.matcher.keydown(event) === 'press') this.target.talkStart('hotkey');
  }

  private keyup(event: KeyEventLike): void {
    if (this.matcher.keyup(event) === 'release') this.target.talkStop('hotkey');
  }

  private update(change: Partial<HotkeyStatus>): void {
    const problem = [this.holdProblem, this.toggleProblem].filter(Boolean).join(' ') || null;
    const next = {
      ...this.status,
      ...change,
      problem,
      needsAccessibility: this.blockedByAccessibility,
    };
    const changed = (Object.keys(next) as (keyof HotkeyStatus)[]).some(
      (key) => next[key] !== this.status[key],
    );
    this.status = next;
    if (changed && this.notifying) this.onChange(next);
  }
}

export { ChordError };
