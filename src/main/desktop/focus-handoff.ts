/** The parts of a BrowserWindow the hand-off reads and moves. */
export interface FocusableWindow {
  isDestroyed(): boolean;
  isFocused(): boolean;
  minimize(): void;
}

export interface FocusHandoffOptions {
  platform: NodeJS.Platform;
  /** Hark's windows, as they are now. */
  windows: () => FocusableWindow[];
  /** macOS: app.hide(), which also activates the application that was in front before. */
  hideApp: () => void;
  waitMs?: number;
  settleMs?: number;
}

const KEPT_FOCUS =
  "Hark's window kept the keyboard focus, so nothing was typed. Click into the application you want the text in, then ask again.";

/**
 * Before "type this" pastes: the approval was probably clicked in Hark's own window, so the
 * keystroke would land in Hark. Give the focus back to the application behind (macOS: hide
 * the app; elsewhere: minimize Hark's focused window, which activates the window below),
 * and wait until Hark has really lost it. Nothing to do when another app is in front.
 */
export function focusHandoff(options: FocusHandoffOptions): () => Promise<void> {
  const { platform, windows, hideApp, waitMs = 1_000, settleMs = 150 } = options;
  const focused = (): FocusableWindow[] =>
    windows().filter((w) => !w.isDestroyed() && w.isFocused());
  return async () => {
    const ours = focused();
    if (ours.length === 0) return;
    if (platform === 'darwin') hideApp();
    else for (const w of ours) w.minimize();
    const end = Date.now() + waitMs;
    while (focused().length > 0) {
      if (Date.now() >= end) throw new Error(KEPT_FOCUS);
      await sleep(25);
    }
    // The application behind needs a moment to take the focus before it gets the keys.
    await sleep(settleMs);
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
