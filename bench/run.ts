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

/** A section that runs this long is stuck, not slow: say which and what it holds, then stop. */
const QUICK_SECTION_LIMIT_MS = 60_000;
const FULL_SECTION_LIMIT_MS = 600_000;

function startWatchdog(section: string, limitMs: number): NodeJS.Timeout {
  const timer = setTimeout(() => {
    process.stderr.write(
      `bench: the ${section} section is stuck after ${limitMs / 1000} s; open handles: ` +
        `${openHandles()}\n`,
    );
    process.exit(3);
  }, limitMs); // kept ref'd: a section awaiting a promise that never settles must not end quietly
  return timer;
}

function openHandles(): string {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo())
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => `${kind}×${n}`).join(', ') || 'none';
}

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
    const watchdog = startWatchdog(name, quick ? QUICK_SECTION_LIMIT_MS : FULL_SECTION_LIMIT_MS);
    try {
      figures.push(...(await run()));
    } finally {
      clearTimeout(watchdog);
    }
    process.stderr.write(`bench: ${name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  };
  // CPU-bound comparisons first, while nothing else of ours runs.
  await section('codec vs peers', () => codecFigures(quick));
  await section('basics', () => basicFigures(quick));
  await section('reconnect', () => reconnectFigures(quick ? 3 : 15));
  await section('accelerated hour', () =>
    soakFigures(quick ? { turns: 12, turnSeconds: 5 } : { turns: 180, turnSeconds: 10 }),
  );
  await section('gpt-live', async () => (await import('./live')).liveFigures(quick));
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

main()
  .then(() => {
    // Every section closes what it opened; if something still holds the loop, name it and
    // end anyway rather than leave a caller (CI) waiting on a finished bench.
    setTimeout(() => {
      process.stderr.write(`bench: finished, but handles stayed open: ${openHandles()}\n`);
      process.exit(process.exitCode ?? 0);
    }, 5_000).unref();
  })
  .catch((error: unknown) => {
    process.stderr.write(
      `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(2);
  });
