import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../../..');

describe('quiet rollovers', () => {
  // A child process with --expose-gc, so collection can be forced and observed.
  it('leave no old session reachable: 50 rollovers, at most 2 sessions alive', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', 'tests/support/rollover-retention.ts', '50'],
      { cwd: root, timeout: 40_000 },
    );
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      rollovers: number;
      reachable: number;
      state: string;
    };
    expect(result.rollovers).toBeGreaterThanOrEqual(50);
    expect(result.state).toBe('listening'); // still connected, and the turn went on
    expect(result.reachable).toBeLessThanOrEqual(2);
  }, 45_000);
});
