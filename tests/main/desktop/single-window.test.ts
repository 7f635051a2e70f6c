import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { BrowserWindow } from 'electron';
import { SingleWindow } from '../../../src/main/desktop/single-window';

vi.mock('electron', () => ({}));

class FakeWindow extends EventEmitter {
  destroyed = false;
  minimized = false;
  readonly calls: string[] = [];
  isDestroyed = () => this.destroyed;
  isMinimized = () => this.minimized;
  restore = () => void this.calls.push('restore');
  show = () => void this.calls.push('show');
  focus = () => void this.calls.push('focus');
  close = () => {
    this.calls.push('close');
    this.destroyed = true;
    this.emit('closed');
  };
}

function keeper() {
  const made: FakeWindow[] = [];
  const single = new SingleWindow(() => {
    const window = new FakeWindow();
    made.push(window);
    return window as unknown as BrowserWindow;
  });
  return { single, made };
}

describe('SingleWindow', () => {
  it('opens one window; opening again brings that one forward instead of making another', () => {
    const { single, made } = keeper();
    expect(single.window).toBeNull();
    single.open();
    made[0]!.minimized = true;
    single.open();
    expect(made).toHaveLength(1);
    expect(made[0]!.calls).toEqual(['restore', 'show', 'focus']);
    expect(single.window).toBe(made[0]);
  });

  it('opens a fresh one after the user closed it', () => {
    const { single, made } = keeper();
    single.open();
    made[0]!.close();
    expect(single.window).toBeNull();
    single.open();
    expect(made).toHaveLength(2);
    expect(single.window).toBe(made[1]);
  });

  it('closes with the app, and closing when none is open does nothing', () => {
    const { single, made } = keeper();
    single.close();
    single.open();
    single.close();
    expect(made[0]!.calls).toEqual(['close']);
    expect(single.window).toBeNull();
  });

  it('does not report a window destroyed without a closed event', () => {
    const { single, made } = keeper();
    single.open();
    made[0]!.destroyed = true;
    expect(single.window).toBeNull();
  });
});
