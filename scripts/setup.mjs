// `npm run setup`: install dependencies on a fresh machine, even one that cannot download
// Electron's binary, then the system programs the tests need where this machine allows it
// (root or passwordless sudo with apt-get, Homebrew on macOS) — or print the exact command.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { installPlan, machine, missingPrerequisites } from './system-deps.mjs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const command = existsSync('package-lock.json') && process.env.CI ? ['ci'] : ['install'];
const args = [...command, '--no-audit', '--no-fund'];

function install(env) {
  return spawnSync(npm, args, { stdio: 'inherit', env }).status ?? 1;
}

let status = install(process.env);
if (status !== 0 && !process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  console.log(`
hark setup: the install failed; the usual cause is that Electron's binary cannot be
downloaded from this machine. Retrying with ELECTRON_SKIP_BINARY_DOWNLOAD=1: everything but
the desktop window (npm start) works without it — the tests, the doctor, the simulator and
the web preview. Run \`npm rebuild electron\` later where the download works.
`);
  status = install({ ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
}
if (status !== 0) process.exit(status);

// The browser end-to-end tests need Chromium, espeak-ng and sox; nothing else does.
const missing = missingPrerequisites();
if (missing.length > 0 && !process.env.HARK_SETUP_SKIP_SYSTEM) {
  const plan = installPlan(missing, machine());
  if (plan.run) {
    console.log(`hark setup: installing what the tests need: ${missing.join(', ')}`);
    for (const [program, ...rest] of plan.run) {
      const run = spawnSync(program, rest, { stdio: 'inherit' });
      if (run.status !== 0) {
        console.log(`hark setup: \`${[program, ...rest].join(' ')}\` failed (${run.status}).`);
        break;
      }
    }
  }
  const still = missingPrerequisites();
  if (still.length > 0) {
    const again = installPlan(still, { ...machine(), isRoot: false, hasSudo: false });
    console.log(`
hark setup: the end-to-end tests need ${still.join(', ')}, which this setup could not install.
Run: ${again.show ?? again.run?.map((c) => c.join(' ')).join(' && ')}
Everything else (npm start, the doctor, the unit tests) works without them.
`);
    // CI must have them: fail there rather than later in the e2e tests.
    if (process.env.CI) process.exit(1);
  }
}
