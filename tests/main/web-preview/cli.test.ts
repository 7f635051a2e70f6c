import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = resolve('src/main/web-preview/cli.ts');
const run = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], {
    encoding: 'utf8',
    env: { ...process.env, OPENAI_API_KEY: 'sk-cli-test-key-0123456789' },
    timeout: 20_000,
  });

describe('npm run preview:web', { timeout: 30_000 }, () => {
  it('refuses a bad --port or an unknown option with exit code 2', () => {
    const badPort = run(['--port', '70000']);
    expect(badPort.status).toBe(2);
    expect(badPort.stderr).toMatch(/--port must be a whole number/);
    expect(run(['--bogus']).status).toBe(2);
  });

  it('explains a missing renderer build with exit code 1, and never prints the key', () => {
    const result = run(['--renderer', resolve('does-not-exist')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/No built renderer at .*does-not-exist: run `npm run build`/);
    expect(result.stdout + result.stderr).not.toContain('sk-cli-test-key');
  });
});
