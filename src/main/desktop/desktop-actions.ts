import { clipboard, shell } from 'electron';
import type { DesktopActions } from '../assistant/tools/desktop-actions';

/**
 * The desktop tools' platform actions: Electron's clipboard and shell, and a paste
 * keystroke. The keystroke must come from the keyboard hook's utility process (its native
 * code never runs in main); until that process offers a key-tap, `pasteTap` is null and
 * "type this" says it cannot type here (the clipboard is left as it was).
 */
export function electronDesktopActions(
  pasteTap: (() => Promise<void>) | null = null,
): DesktopActions {
  return {
    canType: pasteTap !== null,
    readClipboard: () => clipboard.readText(),
    writeClipboard: (text) => clipboard.writeText(text),
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
      await pasteTap();
    },
  };
}
