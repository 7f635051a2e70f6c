// The system programs the tests need (the browser e2e tests: Chromium, espeak-ng, sox), and
// how to install the missing ones on this machine. Used by `npm run setup` (and so by CI).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const LINUX_CHROMIUM = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'];

/** Which of the test prerequisites are missing here. */
export function missingPrerequisites(
  platform = process.platform,
  has = commandExists,
  exists = existsSync,
) {
  const missing = [];
  if (platform === 'linux' && !LINUX_CHROMIUM.some((p) => exists(p))) missing.push('chromium');
  if (platform === 'darwin' && !exists('/Applications/Chromium.app')) missing.push('chromium');
  if (!has('espeak-ng')) missing.push('espeak-ng');
  if (!has('sox')) missing.push('sox');
  return missing;
}

/**
 * How to install `missing`: the commands to run now (root, passwordless sudo or Homebrew),
 * or null with the one command to show the user.
 */
export function installPlan(missing, env) {
  if (missing.length === 0) return { run: [], show: null };
  if (env.platform === 'linux' && env.hasApt) {
    const install = ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...missing];
    const prefix = env.isRoot ? [] : env.hasSudo ? ['sudo', '-n'] : null;
    if (!prefix) return { run: null, show: `sudo apt-get update && sudo ${install.join(' ')}` };
    return {
      run: [
        [...prefix, 'apt-get', 'update', '-qq'],
        [...prefix, 'env', 'DEBIAN_FRONTEND=noninteractive', ...install],
      ],
      show: null,
    };
  }
  if (env.platform === 'darwin') {
    const formulae = missing.filter((m) => m !== 'chromium');
    const commands = [
      ...(formulae.length ? [['brew', 'install', ...formulae]] : []),
      ...(missing.includes('chromium') ? [['brew', 'install', '--cask', 'chromium']] : []),
    ];
    if (!env.hasBrew) {
      return {
        run: null,
        show: `install Homebrew (https://brew.sh), then: ${commands.map((c) => c.join(' ')).join(' && ')}`,
      };
    }
    return { run: commands, show: null };
  }
  return {
    run: null,
    show: `install ${missing.join(', ')} with your system's package manager (the e2e tests need them)`,
  };
}

export function commandExists(name) {
  const probe = process.platform === 'win32' ? 'where' : 'which';
  return spawnSync(probe, [name], { stdio: 'ignore' }).status === 0;
}

export function machine() {
  const platform = process.platform;
  return {
    platform,
    hasApt: platform === 'linux' && commandExists('apt-get'),
    hasBrew: platform === 'darwin' && commandExists('brew'),
    isRoot: typeof process.getuid === 'function' && process.getuid() === 0,
    hasSudo:
      platform !== 'win32' &&
      commandExists('sudo') &&
      spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0,
  };
}
