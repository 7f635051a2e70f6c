import { clipboard, shell } from 'electron';
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
): DesktopActions {
  return {
    canType: pasteTap !== null,
    readClipboard: () => clipboard.readText(),
    writeClipboard: (text) => clipboard.writeText(text),
    // A copied image or formatted text must survive "type this", not only plain text.
    saveClipboard: () => ({
      text: clipboard.readText(),
      html: clipboard.readHTML(),
      rtf: clipboard.readRTF(),
      image: clipboard.readImage(),
    }),
    restoreClipboard: (saved) => {
      const { text, html, rtf, image } = saved as {
        text: string;
        html: string;
        rtf: string;
        image: Electron.NativeImage;
      };
      if (!text && !html && !rtf && image.isEmpty()) {
        clipboard.clear();
        return;
      }
      clipboard.write({
        ...(text ? { text } : {}),
        ...(html ? { html } : {}),
        ...(rtf ? { rtf } : {}),
        ...(image.isEmpty() ? {} : { image }),
      });
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
