// `npm run setup`: install dependencies on a fresh machine, even one that cannot download
// Electron's binary, then the system programs the tests need where this machine allows it
// (root or passwordless sudo with apt-get, Homebrew on macOS) — or print the exact command.
//
// It prints a short summary; what npm and apt print (engine warnings, progress) goes to
// setup.log, shown in full only when a step fails.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { installPlan, machine, missingPrerequisites } from './system-deps.mjs';

const LOG = resolve('setup.log');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const command = existsSync('package-lock.json') && process.env.CI ? 'ci' : 'install';

writeFileSync(LOG, `hark setup, ${new Date().toISOString()}\n`);

/** Run a program with its output in the log; returns its exit status and how long it took. */
function logged(program, args, env = process.env) {
  writeFileSync(LOG, `\n$ ${[program, ...args].join(' ')}\n`, { flag: 'a' });
  const fd = openSync(LOG, 'a');
  const started = Date.now();
  try {
    const run = spawnSync(program, args, { stdio: ['ignore', fd, fd], env });
    const status = run.status ?? 1;
    if (run.error) writeFileSync(LOG, `${run.error.message}\n`, { flag: 'a' });
    return { status, seconds: Math.round((Date.now() - started) / 1000) };
  } finally {
    closeSync(fd);
  }
}

const say = (line = '') => console.log(line);

/** A step failed: the whole log, then one line saying what failed. */
function fail(what, status) {
  process.stderr.write(readFileSync(LOG, 'utf8'));
  console.error(`\nhark setup: ${what} (exit code ${status}). The output above is also in ${LOG}.`);
  process.exit(status || 1);
}

say('hark setup');

// 1. npm dependencies; where Electron's binary cannot be downloaded, without it.
const npmArgs = [command, '--no-audit', '--no-fund'];
let install = logged(npm, npmArgs);
let electronSkipped = Boolean(process.env.ELECTRON_SKIP_BINARY_DOWNLOAD);
if (install.status !== 0 && !electronSkipped) {
  // The usual cause: Electron's download host is out of reach. Everything but the desktop
  // window works without the binary, so try once more without it.
  electronSkipped = true;
  install = logged(npm, npmArgs, { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
}
if (install.status !== 0) fail(`npm ${command} failed`, install.status);
say(`  ✓ npm dependencies installed (npm ${command}, ${install.seconds} s)`);
if (electronSkipped || !existsSync('node_modules/electron/path.txt')) {
  say("  – Electron's binary is not here: only `npm start` (the desktop window) needs it;");
  say('    the tests, the doctor, the simulator and the web preview work without it.');
  say('    Run `npm rebuild electron` on a machine that can download it.');
} else {
  say("  ✓ Electron's binary");
}

// 2. What the browser end-to-end tests need from the system: Chromium, espeak-ng and sox.
const missing = missingPrerequisites();
if (missing.length === 0) {
  say('  ✓ Chromium, espeak-ng and sox for the browser tests');
} else if (process.env.HARK_SETUP_SKIP_SYSTEM) {
  say(`  – not installing ${missing.join(', ')} (HARK_SETUP_SKIP_SYSTEM is set)`);
} else {
  const plan = installPlan(missing, machine());
  for (const [program, ...rest] of plan.run ?? []) {
    const run = logged(program, rest);
    if (run.status !== 0) {
      writeFileSync(LOG, `\n(${program} failed with ${run.status})\n`, { flag: 'a' });
      break;
    }
  }
  const still = missingPrerequisites();
  if (still.length === 0) {
    say(`  ✓ installed for the browser tests: ${missing.join(', ')}`);
  } else {
    const again = installPlan(still, { ...machine(), isRoot: false, hasSudo: false });
    const how = again.show ?? again.run?.map((c) => c.join(' ')).join(' && ');
    // CI must have them: fail there (with what the installer said) rather than later in the
    // e2e tests.
    if (process.env.CI) fail(`the browser tests need ${still.join(', ')}; run: ${how}`, 1);
    say(`  – the browser tests need ${still.join(', ')}, which setup could not install.`);
    say(`    Run: ${how}`);
    say('    Everything else (npm start, the doctor, the unit tests) works without them.');
  }
}

say();
say('Ready: `npm start` runs Hark, `npm test` runs every check.');
say(`The full install output is in ${LOG}.`);
