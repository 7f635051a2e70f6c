/**
 * `npm run bench [-- --json] [--quick] [--strict]`: Hark's speed, idle cost, latency and
 * memory, measured in one run against the peers' own published code. Prints a table; with
 * --json the last line is one flat object. --quick is the CI mode (well under a minute): it
 * fails only when the bench itself breaks, never on a slow machine. --strict exits 1 when a
 * target is missed. Targets live here and in docs/benchmarks.md, not in timed unit tests.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { basicFigures } from './basics';
import { codecFigures } from './codec';
import { reconnectFigures, soakFigures } from './conversation';
import { REQUIRED_KEYS } from './support/keys';
import { flat, meets, table, type Figure } from './support/report';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    strict: { type: 'boolean', default: false },
  },
});
const quick = values.quick;

function ensureRendererBuilt(): void {
  if (existsSync('out/renderer/index.html')) return;
  process.stderr.write('bench: building the renderer (electron-vite build)…\n');
  const result = spawnSync('npx', ['electron-vite', 'build'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
  });
  if (result.status !== 0) throw new Error('electron-vite build failed');
}

async function main(): Promise<void> {
  const started = Date.now();
  const figures: Figure[] = [];
  const section = async (name: string, run: () => Promise<Figure[]> | Figure[]): Promise<void> => {
    const t0 = Date.now();
    figures.push(...(await run()));
    process.stderr.write(`bench: ${name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  };
  // CPU-bound comparisons first, while nothing else of ours runs.
  await section('codec vs peers', () => codecFigures(quick));
  await section('basics', () => basicFigures(quick));
  await section('reconnect', () => reconnectFigures(quick ? 3 : 15));
  await section('accelerated hour', () =>
    soakFigures(quick ? { turns: 12, turnSeconds: 5 } : { turns: 180, turnSeconds: 10 }),
  );
  ensureRendererBuilt();
  const { browserFigures } = await import('./browser/browser-bench');
  await section('browser', () =>
    browserFigures(
      quick
        ? { turns: 3, bargeIns: 1, idleSettleMs: 2500, idleWindowMs: 3000 }
        : { turns: 22, bargeIns: 5, idleSettleMs: 2500, idleWindowMs: 30_000 },
    ),
  );

  const missing = REQUIRED_KEYS.filter((key) => !figures.some((f) => f.key === key));
  if (missing.length) throw new Error(`bench is missing ${missing.join(', ')}`);
  process.stdout.write(`${table(figures)}\n`);
  const misses = figures.filter((f) => meets(f) === false);
  process.stdout.write(
    `\n${misses.length ? `${misses.length} target(s) missed: ${misses.map((f) => f.key).join(', ')}` : 'every target met'}` +
      ` — docs/benchmarks.md explains each figure (${((Date.now() - started) / 1000).toFixed(0)} s${quick ? ', quick' : ''})\n`,
  );
  if (values.json)
    process.stdout.write(
      `${flat(figures, { node: process.version, quick, at: new Date().toISOString() })}\n`,
    );
  if (values.strict && misses.length) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(2);
});
