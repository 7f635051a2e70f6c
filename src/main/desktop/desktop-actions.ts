import { createRequire } from 'node:module';
import { clipboard, shell } from 'electron';
import type { DesktopActions } from '../assistant/tools/desktop-actions';

interface KeyTapper {
  keyTap(key: number, modifiers?: number[]): void;
}
interface UiohookModule {
  uIOhook: KeyTapper;
  UiohookKey: { V: number; Ctrl: number; Meta: number };
}

/** The paste chord through uiohook-napi (Cmd+V on macOS, Ctrl+V elsewhere), or null without a hook. */
export function uiohookPasteTap(
  platform: NodeJS.Platform = process.platform,
): (() => Promise<void>) | null {
  if (platform === 'linux' && process.env.WAYLAND_DISPLAY) return null; // Wayland: no synthetic keys
  let hook: UiohookModule;
  try {
    hook = createRequire(import.meta.url)('uiohook-napi') as UiohookModule;
  } catch {
    return null;
  }
  const modifier = platform === 'darwin' ? hook.UiohookKey.Meta : hook.UiohookKey.Ctrl;
  return async () => hook.uIOhook.keyTap(hook.UiohookKey.V, [modifier]);
}

/**
 * The desktop tools' platform actions: Electron's clipboard and shell, and the keyboard
 * hook's key-tap for the paste keystroke (absent where there is no hook, e.g. Wayland).
 */
export function electronDesktopActions(
  pasteTap: (() => Promise<void>) | null = uiohookPasteTap(),
): DesktopActions {
  return {
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
