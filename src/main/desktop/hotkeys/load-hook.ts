import { createRequire } from 'node:module';
import type { KeyboardHook } from './hotkeys';

/**
 * uiohook-napi, loaded only when needed: it is a native module, and where there is no
 * display to hook (a headless machine) loading it throws — the caller falls back.
 */
export function loadKeyboardHook(): KeyboardHook {
  const require = createRequire(import.meta.url);
  return (require('uiohook-napi') as { uIOhook: KeyboardHook }).uIOhook;
}
