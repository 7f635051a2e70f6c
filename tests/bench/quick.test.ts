import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REQUIRED_KEYS as REQUIRED } from '../../bench/support/keys';

/**
 * The bench's quick mode, end to end (peers, the main side, headless Chromium with the built
 * renderer). It checks that the bench works and reports every figure — never how fast this
 * machine is: timings are the bench's job, and CI machines are noisy.
 */
describe('npm run bench -- --quick', () => {
  it('runs every section and ends with one flat JSON object holding every promised key', () => {
    const run = spawnSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', 'bench/run.ts', '--quick', '--json'],
      { encoding: 'utf8', timeout: 170_000 },
    );
    expect(run.stderr).not.toMatch(/^bench: .*Error/m);
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    const figures = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
    for (const key of REQUIRED) {
      expect(typeof figures[key], key).toBe('number');
      expect(Number.isFinite(figures[key]), key).toBe(true);
    }
    // Signs that a section measured something real rather than nothing.
    for (const key of REQUIRED.filter((k) => k.includes('_ratio_vs_')))
      expect(figures[key] as number, key).toBeGreaterThan(0);
    expect(figures.added_latency_turns as number).toBeGreaterThanOrEqual(2);
    expect(figures.soak_rollovers as number).toBeGreaterThanOrEqual(1);
    expect(figures.ipc_bytes_per_audio_byte as number).toBeGreaterThanOrEqual(1);
    // GPT-Live's idle output is all zeros, and none of it crosses (a count, not a timing).
    expect(figures.live_idle_silence_ipc_bytes_per_min).toBe(0);
    // The table is printed too.
    expect(run.stdout).toMatch(/encode 20 ms, Hark ÷ console RealtimeUtils/);
    console.log(lines.slice(0, -1).join('\n'));
  });
});
