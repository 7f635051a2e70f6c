// `npm run setup`: install dependencies on a fresh machine, even one that cannot download
// Electron's binary. Needs nothing but Node and npm.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

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
process.exit(status);
