import { utilityProcess } from 'electron';
import type { HookChild } from './hook-supervisor';

/** The keyboard-hook process as an Electron utility process (its own OS process). */
export function utilityHookChild(entry: string): HookChild {
  const child = utilityProcess.fork(entry, [], {
    serviceName: 'Hark keyboard hook',
    stdio: 'inherit',
  });
  return {
    postMessage: (message) => child.postMessage(message),
    onMessage: (listener) => void child.on('message', listener),
    onExit: (listener) => void child.on('exit', (code) => listener(code)),
    kill: () => void child.kill(),
  };
}
