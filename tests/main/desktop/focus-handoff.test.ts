import { describe, expect, it, vi } from 'vitest';
import { focusHandoff, type FocusableWindow } from '../../../src/main/desktop/focus-handoff';

class FakeWindow implements FocusableWindow {
  minimized = 0;
  constructor(
    public focused: boolean,
    /** Whether minimizing takes the focus away (a window manager that does). */
    private readonly losesFocus = true,
    public destroyed = false,
  ) {}
  isDestroyed = () => this.destroyed;
  isFocused = () => this.focused;
  minimize = () => {
    this.minimized++;
    if (this.losesFocus) setTimeout(() => (this.focused = false), 30);
  };
}

describe('focusHandoff', () => {
  it('does nothing when another application is in front', async () => {
    const w = new FakeWindow(false);
    const hideApp = vi.fn();
    await focusHandoff({ platform: 'darwin', windows: () => [w], hideApp })();
    await focusHandoff({ platform: 'win32', windows: () => [w], hideApp })();
    expect(hideApp).not.toHaveBeenCalled();
    expect(w.minimized).toBe(0);
  });

  it("Windows and Linux: minimizes Hark's focused window and waits until the focus has gone", async () => {
    const main = new FakeWindow(true);
    const mini = new FakeWindow(false);
    const gone = new FakeWindow(true, true, true);
    await focusHandoff({
      platform: 'linux',
      windows: () => [main, mini, gone],
      hideApp: () => undefined,
      settleMs: 1,
    })();
    expect([main.minimized, mini.minimized, gone.minimized]).toEqual([1, 0, 0]);
    expect(main.focused).toBe(false);
  });

  it('macOS: hides the app, which activates the application behind', async () => {
    const w = new FakeWindow(true);
    const hideApp = vi.fn(() => setTimeout(() => (w.focused = false), 20));
    await focusHandoff({ platform: 'darwin', windows: () => [w], hideApp, settleMs: 1 })();
    expect(hideApp).toHaveBeenCalledOnce();
    expect(w.minimized).toBe(0);
  });

  it('a focus that will not leave Hark: a plain refusal, not keys typed into Hark', async () => {
    const w = new FakeWindow(true, false);
    await expect(
      focusHandoff({
        platform: 'win32',
        windows: () => [w],
        hideApp: () => undefined,
        waitMs: 100,
      })(),
    ).rejects.toThrow(/kept the keyboard focus, so nothing was typed/);
  });
});
