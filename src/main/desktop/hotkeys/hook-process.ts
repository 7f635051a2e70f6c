/**
 * The keyboard-hook process: uiohook-napi runs here, never in main, because its native code
 * can abort() or hang the process that loads it (an X server without RECORD, no display).
 * Main starts this file with Electron's utilityProcess; it also runs under plain Node
 * (child_process.fork), which is how the tests drive it. No electron import.
 *
 * argv: `--hook-module=<path>` loads another module exporting `uIOhook` (tests only).
 */
import { createRequire } from 'node:module';
import type { KeyEventLike } from '../../../shared/chord';
import {
  keyEventOf,
  parseParentMessage,
  tapKeys,
  type HookChildMessage,
  type TapChord,
} from './hook-protocol';

/** The part of uiohook-napi's `uIOhook` used here. */
interface KeyboardHook {
  on(event: 'keydown' | 'keyup', listener: (event: KeyEventLike) => void): unknown;
  start(): void;
  stop(): void;
  keyTap?(key: number, modifiers?: number[]): void;
}

interface ParentPort {
  postMessage(message: HookChildMessage): void;
  onMessage(listener: (message: unknown) => void): void;
}

/** Electron's process.parentPort, or the Node IPC channel of child_process.fork. */
function parentPort(): ParentPort | null {
  const electronPort = (
    process as {
      parentPort?: {
        postMessage(m: unknown): void;
        on(e: 'message', l: (e: { data: unknown }) => void): void;
      };
    }
  ).parentPort;
  if (electronPort) {
    return {
      postMessage: (m) => electronPort.postMessage(m),
      onMessage: (listener) => electronPort.on('message', (event) => listener(event.data)),
    };
  }
  if (process.send) {
    // The parent is gone: nobody to talk to, and a hook left running would leak.
    process.on('disconnect', () => process.exit(0));
    return {
      postMessage: (m) => void process.send?.(m),
      onMessage: (listener) => process.on('message', listener),
    };
  }
  return null;
}

function hookModule(argv: string[]): string {
  const flag = argv.find((a) => a.startsWith('--hook-module='));
  return flag ? flag.slice('--hook-module='.length) : 'uiohook-napi';
}

export function runHookProcess(port: ParentPort, argv: string[]): void {
  let hook: KeyboardHook;
  try {
    const require = createRequire(import.meta.url);
    hook = (require(hookModule(argv)) as { uIOhook: KeyboardHook }).uIOhook;
    const forward =
      (type: 'keydown' | 'keyup') =>
      (event: KeyEventLike): void =>
        port.postMessage({ type, event: keyEventOf(event) });
    hook.on('keydown', forward('keydown'));
    hook.on('keyup', forward('keyup'));
    hook.start();
  } catch (error) {
    port.postMessage({
      type: 'failed',
      message: error instanceof Error ? error.message : String(error),
    });
    return;
  }
  // Main is the only sender: Electron's parentPort (or Node's IPC channel) carries nothing
  // else, and no other input (stdin, sockets, ports sent along) is ever read here.
  port.onMessage((raw) => {
    const message = parseParentMessage(raw);
    if (!message) return;
    switch (message.type) {
      case 'ping':
        port.postMessage({ type: 'pong', id: message.id });
        return;
      case 'keyTap': {
        // Main gave up on it (and put the user's clipboard back): pressing now would paste that.
        const late = Date.now() > message.notAfter;
        const result = late ? { error: 'the key press came too late' } : tap(hook, message.chord);
        port.postMessage({ type: 'keyTapped', id: message.id, ...result });
        return;
      }
      case 'stop':
        try {
          hook.stop();
        } finally {
          process.exit(0);
        }
    }
  });
  port.postMessage({ type: 'started' });
}

/** Press a chord with uiohook's keyTap; an error is reported to main, never thrown. */
function tap(hook: KeyboardHook, chord: TapChord): { error?: string } {
  if (!hook.keyTap) return { error: 'this keyboard hook cannot press keys' };
  try {
    const { key, modifiers } = tapKeys(chord, process.platform);
    hook.keyTap(key, modifiers);
    return {};
  } catch (error) {
    return { error: (error instanceof Error ? error.message : String(error)).slice(0, 2000) };
  }
}

const port = parentPort();
if (port) runHookProcess(port, process.argv);
