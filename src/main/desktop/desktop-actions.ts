import { clipboard, ClipboardItem, shell } from 'electron';
import type { DesktopActions } from '../assistant/tools/desktop-actions';

/**
 * The desktop tools' platform actions: Electron's clipboard and shell, and a paste
 * keystroke. The keystroke comes from the keyboard hook's utility process (its native code
 * never runs in main): `pasteTap` presses the paste chord there, and is null where no
 * keystroke can ever be sent (Wayland, no hook), so "type this" is not offered at all.
 * `beforePaste` moves the focus off Hark's window first (see focus-handoff.ts).
 */
export function electronDesktopActions(
  pasteTap: (() => Promise<void>) | null = null,
  beforePaste: () => Promise<void> = () => Promise.resolve(),
  /** "Look at this": a picture of the screen (screen-capture.ts); absent, none is offered. */
  captureScreen?: () => Promise<string>,
): DesktopActions {
  return {
    ...(captureScreen ? { captureScreen } : {}),
    canType: pasteTap !== null,
    readClipboard: () => clipboard.readText(),
    writeClipboard: (text) => clipboard.writeText(text),
    // A copied image or formatted text must survive "type this", not only plain text: every
    // format of every item is read now (a ClipboardItem read later would see what was typed).
    saveClipboard: async () => {
      const items = await clipboard.read();
      return Promise.all(
        items.map(async (item) => {
          const entries = await Promise.all(
            item.types.map(async (type) => [type, await item.getType(type)] as const),
          );
          return Object.fromEntries(entries) as Record<string, Blob | Electron.ClipboardBookmark>;
        }),
      );
    },
    restoreClipboard: async (saved) => {
      const items = (saved as Record<string, Blob | Electron.ClipboardBookmark>[]).filter(
        (item) => Object.keys(item).length > 0,
      );
      if (items.length === 0) {
        clipboard.clear();
        return;
      }
      await clipboard.write(items.map((item) => new ClipboardItem(item)));
    },
    openExternal: async (url) => {
      const parsed = new URL(url); // the tool validated it; checked again where it leaves Hark
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
        throw new Error('Only web pages can be opened.');
      await shell.openExternal(parsed.toString());
    },
    pasteKeystroke: async () => {
      if (!pasteTap)
        throw new Error(
          'Typing into other apps needs the keyboard hook, which is not available here.',
        );
      await beforePaste();
      await pasteTap();
    },
  };
}
