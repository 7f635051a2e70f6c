/**
 * settings.json, the key file and assistant.json replaced by something that is not a small
 * regular file — a FIFO, a symlink to /dev/zero, a folder, a huge file — must not hang or
 * exhaust startup: the store answers at once with the defaults and a notice, and the thing is
 * moved aside (never deleted) so a fresh file can be written. Each load runs in a child
 * process with a time limit, so a store that did hang fails the test instead of the run.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

const script = join(import.meta.dirname, 'support/load-hostile-files.ts');
const tsx = join(process.cwd(), 'node_modules/.bin/tsx');

type Kind = 'settings' | 'key';
const HOSTILE: [string, (path: string) => void][] = [
  ['a FIFO', (path) => void spawnSync('mkfifo', [path])],
  ['a symlink to /dev/zero', (path) => symlinkSync('/dev/zero', path)],
  ['a folder', (path) => mkdirSync(path)],
  [
    'a 300 MB sparse file',
    (path) => {
      writeFileSync(path, '');
      truncateSync(path, 300 * 1024 * 1024);
    },
  ],
];

function load(kind: Kind, path: string): Record<string, unknown> & { ms: number } {
  // A writer that opens the FIFO after 4 s unblocks a reader that waited on it: a hang
  // then shows up as a slow, failing load rather than a stuck test.
  const writer = spawn('sh', ['-c', `sleep 4; [ -p "${path}" ] && echo x > "${path}"`]);
  try {
    const run = spawnSync(tsx, [script, kind, path], { timeout: 20_000, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as Record<string, unknown> & { ms: number };
  } finally {
    writer.kill();
  }
}

describe.skipIf(process.platform === 'win32')('files that are not small regular files', () => {
  for (const [kind, file] of [
    ['settings', 'settings.json'],
    ['key', 'api-key.bin'],
  ] as const) {
    it.each(HOSTILE)(
      `${kind}: %s gives defaults and a notice at once, and is moved aside`,
      (_name, make) => {
        const dir = mkdtempSync(join(tmpdir(), 'hark-hostile-'));
        const path = join(dir, file);
        make(path);
        const result = load(kind, path);
        expect(result.ms).toBeLessThan(2_000);
        expect(result.problem).toEqual(expect.any(String));
        if (kind === 'settings') expect(result.provider).toBe('simulator');
        if (kind === 'key') {
          expect(result.key).toBeNull();
          expect(result.problem).toMatch(/Enter your key again/);
        }
        // Moved aside, not deleted: the path is free for a fresh file.
        expect(existsSync(path) && !lstatSync(path).isFile()).toBe(false);
        expect(readdirSync(dir).some((name) => name.startsWith(`${file}.damaged-`))).toBe(true);
      },
      30_000,
    );
  }

  it.each(HOSTILE.filter(([name]) => name === 'a folder' || name.includes('sparse')))(
    'assistant.json: %s gives defaults and a notice, and is moved aside',
    async (_name, make) => {
      const { JsonAssistantSettingsStore } =
        await import('../../../src/main/desktop/assistant-stores');
      const dir = mkdtempSync(join(tmpdir(), 'hark-hostile-'));
      const path = join(dir, 'assistant.json');
      make(path);
      const store = new JsonAssistantSettingsStore(path);
      expect(store.load().speed).toBe(1);
      expect(store.problem).toMatch(/could not be read \((it is a folder|it is \d+ bytes)/);
      expect(existsSync(path)).toBe(false);
    },
  );

  it('a settings file just over the limit is refused; one at the limit is read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hark-hostile-'));
    const path = join(dir, 'settings.json');
    const body = JSON.stringify({ version: 2, provider: 'openai' });
    writeFileSync(path, body + ' '.repeat(256 * 1024 - body.length));
    expect(load('settings', path)).toMatchObject({ provider: 'openai', problem: null });
    writeFileSync(path, body + ' '.repeat(256 * 1024 - body.length + 1));
    expect(load('settings', path)).toMatchObject({
      provider: 'simulator',
      problem: expect.stringMatching(/more than the 262144 allowed.*moved aside/),
    });
  }, 30_000);
});
