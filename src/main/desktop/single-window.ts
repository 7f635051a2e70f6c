import type { BrowserWindow } from 'electron';

/**
 * A window there is at most one of (the event inspector): opening it again brings the open
 * one to the front instead of making a second.
 */
export class SingleWindow {
  private current: BrowserWindow | null = null;

  constructor(private readonly create: () => BrowserWindow) {}

  /** The open window, if any (for the IPC sender check). */
  get window(): BrowserWindow | null {
    return this.current && !this.current.isDestroyed() ? this.current : null;
  }

  /** Open it, or focus it when it is already open. */
  open(): void {
    const open = this.window;
    if (open) {
      if (open.isMinimized()) open.restore();
      open.show();
      open.focus();
      return;
    }
    const created = this.create();
    this.current = created;
    created.on('closed', () => {
      if (this.current === created) this.current = null;
    });
  }

  close(): void {
    this.window?.close();
    this.current = null;
  }
}
