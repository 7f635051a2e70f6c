import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const MAIN_BUNDLE = join(ROOT, 'out/main/index.js');
const REGISTER = join(import.meta.dirname, 'register-electron.mjs');

export interface Record {
  record: string;
  [key: string]: unknown;
}

export interface LaunchedMain {
  child: ChildProcess;
  records: Record[];
  stderr: () => string;
  all(type: string): Record[];
  /** Resolves with the first record of `type` matching `where`, or rejects after `ms`. */
  waitFor(type: string, where?: (r: Record) => boolean, ms?: number): Promise<Record>;
  command(message: object): void;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The built main bundle, run by plain Node with the recording stand-in for `electron`. */
export function launchMain(env: NodeJS.ProcessEnv = {}): LaunchedMain {
  const child = fork(MAIN_BUNDLE, [], {
    execArgv: ['--import', REGISTER],
    cwd: ROOT,
    env: {
      ...process.env,
      ELECTRON_RENDERER_URL: '',
      STANDIN_USER_DATA: mkdtempSync(join(tmpdir(), 'hark-bundle-')),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const records: Record[] = [];
  const waiters = new Set<() => void>();
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout!.resume();
  child.on('message', (message: Record) => {
    records.push(message);
    for (const w of [...waiters]) w();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on('exit', (code, signal) => done({ code, signal })),
  );
  return {
    child,
    records,
    stderr: () => err,
    all: (type) => records.filter((r) => r.record === type),
    waitFor: (type, where = () => true, ms = 10_000) =>
      new Promise((done, fail) => {
        const check = (): boolean => {
          const found = records.find((r) => r.record === type && where(r));
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          done(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          fail(
            new Error(
              `no ${type} within ${ms} ms; saw ${records.map((r) => r.record).join(', ')}\n${err}`,
            ),
          );
        }, ms);
        if (!check()) waiters.add(check);
        void exited.then(() => {
          if (waiters.has(check) && !check()) {
            waiters.delete(check);
            clearTimeout(timer);
            fail(
              new Error(
                `main exited before ${type}; saw ${records.map((r) => r.record).join(', ')}\n${err}`,
              ),
            );
          }
        });
      }),
    command: (message) => void (child.connected && child.send(message)),
    exited,
  };
}
