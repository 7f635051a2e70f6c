import type { DesktopActions } from '../../../src/main/assistant/tools/desktop-actions';

/** The desktop as the tools see it, kept in memory (the Electron adapter is tested apart). */
export class MemoryDesktop implements DesktopActions {
  clipboard = 'what the user had copied';
  readonly opened: string[] = [];
  readClipboard(): string {
    return this.clipboard;
  }
  writeClipboard(text: string): void {
    this.clipboard = text;
  }
  async openExternal(url: string): Promise<void> {
    this.opened.push(url);
  }
  async pasteKeystroke(): Promise<void> {}
}
