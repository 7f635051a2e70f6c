import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const SETUP = resolve('scripts/setup.mjs');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * Runs the real setup script in an empty folder whose PATH holds only a stand-in `npm`
 * (a shell script): it prints what npm prints on a fresh machine and exits with `status`
 * — or fails only while Electron's binary download is allowed. No `which`, `apt-get` or
 * `sudo` is on that PATH, so nothing is installed for real.
 */
function runSetup(npm: { status: number; failWithElectron?: boolean }, env: NodeJS.ProcessEnv) {
  const dir = mkdtempSync(join(tmpdir(), 'hark-setup-'));
  dirs.push(dir);
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  // Shell built-ins only: nothing else is on this PATH.
  const noise = Array.from(
    { length: 30 },
    (_, i) => `echo "npm warn EBADENGINE Unsupported engine { package: 'pkg-${i}' }" >&2`,
  ).join('\n');
  writeFileSync(
    join(bin, 'npm'),
    `#!/bin/sh
echo "$@" >> "${join(dir, 'npm-calls')}"
${noise}
${npm.failWithElectron ? 'if [ -z "$ELECTRON_SKIP_BINARY_DOWNLOAD" ]; then echo "npm error HTTPError: 403 electron download" >&2; exit 1; fi' : ''}
echo "added 812 packages in 41s"
exit ${npm.status}
`,
  );
  chmodSync(join(bin, 'npm'), 0o755);
  const run = spawnSync(process.execPath, [SETUP], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: bin, HOME: dir, HARK_CHROMIUM: join(dir, 'no-chromium'), ...env },
  });
  return {
    status: run.status,
    stdout: run.stdout,
    stderr: run.stderr,
    log: readFileSync(join(dir, 'setup.log'), 'utf8'),
    calls: readFileSync(join(dir, 'npm-calls'), 'utf8').trim().split('\n'),
  };
}

describe('npm run setup', () => {
  it('prints a short, calm summary and keeps npm’s output in setup.log', () => {
    const run = runSetup({ status: 0 }, { HARK_SETUP_SKIP_SYSTEM: '1' });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('✓ npm dependencies installed (npm install');
    expect(run.stdout).toContain('Ready: `npm start` runs Hark');
    expect(run.stdout.split('\n').length).toBeLessThan(15);
    expect(run.stdout + run.stderr).not.toMatch(/EBADENGINE|npm error/);
    expect(run.log).toContain('EBADENGINE');
    expect(run.log).toContain('added 812 packages');
  });

  it('retries without Electron’s binary and says plainly what that means', () => {
    const run = runSetup({ status: 0, failWithElectron: true }, { HARK_SETUP_SKIP_SYSTEM: '1' });
    expect(run.status).toBe(0);
    expect(run.calls).toHaveLength(2);
    expect(run.stdout).toContain("Electron's binary is not here: only `npm start`");
    expect(run.stdout + run.stderr).not.toMatch(/HTTPError|EBADENGINE/);
    expect(run.log).toContain('HTTPError: 403');
  });

  it('shows the whole log, and fails, when the install fails', () => {
    const run = runSetup(
      { status: 7 },
      { HARK_SETUP_SKIP_SYSTEM: '1', ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
    );
    expect(run.status).toBe(7);
    expect(run.calls).toHaveLength(1);
    expect(run.stderr).toContain('EBADENGINE');
    expect(run.stderr).toMatch(/npm install failed \(exit code 7\)/);
    expect(run.stdout).not.toContain('Ready');
  });

  it('in CI uses npm ci and fails when a test prerequisite is missing', () => {
    const dirRun = runSetup({ status: 0 }, { CI: 'true', ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
    expect(dirRun.status).toBe(1);
    expect(dirRun.calls[0]).toMatch(/^install /); // no package-lock.json in the empty folder
    expect(dirRun.stderr).toMatch(/the browser tests need chromium, espeak-ng, sox/);
  });

  it('outside CI only says what to run when a prerequisite is missing', () => {
    const run = runSetup({ status: 0 }, { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/the browser tests need chromium, espeak-ng, sox/);
    expect(run.stdout).toMatch(/Run: install chromium, espeak-ng, sox with your system/);
  });
});
