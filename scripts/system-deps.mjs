// The system programs the tests need (the browser e2e tests: Chromium, espeak-ng, sox), and
// how to install the missing ones on this machine. Used by `npm run setup` (and so by CI).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const LINUX_CHROMIUM = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'];
const CHROMIUM_COMMANDS = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
const MAC_BROWSERS = ['/Applications/Chromium.app', '/Applications/Google Chrome.app'];

/**
 * Whether a browser the e2e tests can drive is here: the places tests/e2e/support/
 * find-chromium.ts looks first (HARK_CHROMIUM, Debian's Chromium, the usual commands on
 * PATH, the macOS applications). Playwright's own download counts there too.
 */
function hasChromium(platform, has, exists, env) {
  if (env.HARK_CHROMIUM) return exists(env.HARK_CHROMIUM);
  if (platform === 'linux' && LINUX_CHROMIUM.some((p) => exists(p))) return true;
  if (CHROMIUM_COMMANDS.some((name) => has(name))) return true;
  return platform === 'darwin' && MAC_BROWSERS.some((p) => exists(p));
}

/** Which of the test prerequisites are missing here. */
export function missingPrerequisites(
  platform = process.platform,
  has = commandExists,
  exists = existsSync,
  env = process.env,
) {
  const missing = [];
  if (!hasChromium(platform, has, exists, env)) missing.push('chromium');
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
