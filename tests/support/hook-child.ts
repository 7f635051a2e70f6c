import { fork } from 'node:child_process';
import { resolve } from 'node:path';
import type { HookChild } from '../../src/main/desktop/hotkeys/hook-supervisor';

const ENTRY = resolve(import.meta.dirname, '../../src/main/desktop/hotkeys/hook-process.ts');

/**
 * The hook process started with Node's fork, standing in for Electron's utilityProcess: the
 * same entry file, the same messages, a real separate process that may abort or hang.
 */
export function forkHookChild(
  hookModule: string,
  env: NodeJS.ProcessEnv = {},
): HookChild & { pid: number | undefined } {
  const child = fork(ENTRY, [`--hook-module=${hookModule}`], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  child.stderr?.resume();
  return {
    pid: child.pid,
    postMessage: (message) => void (child.connected && child.send(message)),
    onMessage: (listener) => void child.on('message', listener),
    onExit: (listener) => void child.on('exit', (code) => listener(code)),
    kill: () => void child.kill('SIGKILL'),
  };
}
