/**
 * What the desktop tools need from the operating system. The Electron glue implements it
 * (clipboard, shell.openExternal, the keyboard hook's key-tap); tests and the web preview
 * pass their own, so the tools stay plain Node.
 */
export interface DesktopActions {
  /** Electron's clipboard is asynchronous (Electron 45+); test fakes may answer at once. */
  readClipboard(): string | Promise<string>;
  writeClipboard(text: string): void | Promise<void>;
  /**
   * Everything on the clipboard (text, HTML, RTF, an image), to put back after "type this"
   * borrowed it; absent where only text is known (then the text is put back).
   */
  saveClipboard?(): unknown;
  restoreClipboard?(saved: unknown): void | Promise<void>;
  /** Open an http(s) URL in the default browser. */
  openExternal(url: string): Promise<void>;
  /** Press the platform's paste chord (Cmd+V / Ctrl+V) in the focused application. */
  pasteKeystroke(): Promise<void>;
  /** False where no keystroke can be sent: "type this" is then not offered to the model. */
  readonly canType?: boolean;
  /** False where there is no clipboard: the clipboard tools (and "type this") are not offered. */
  readonly hasClipboard?: boolean;
  /** False where no browser can be opened for the user: `open_url` is not offered. */
  readonly canOpenUrls?: boolean;
  /**
   * A picture of the screen (or a window), already scaled to the size the model uses, as a
   * PNG or JPEG data URL. Absent where there is no screen to capture (the web preview):
   * "Show Hark my screen" and `look_at_screen` are then not offered.
   */
  captureScreen?(): Promise<string>;
}

/** Where no desktop exists (web preview, doctor): every action says so. */
export const NO_DESKTOP: DesktopActions = {
  readClipboard: () => {
    throw new Error('The clipboard is not available here.');
  },
  writeClipboard: () => {
    throw new Error('The clipboard is not available here.');
  },
  openExternal: () => Promise.reject(new Error('Opening a browser is not available here.')),
  pasteKeystroke: () => Promise.reject(new Error('Typing into other apps is not available here.')),
  canType: false,
  hasClipboard: false,
  canOpenUrls: false,
};
