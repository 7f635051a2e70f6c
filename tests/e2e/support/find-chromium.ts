import { accessSync, constants, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { chromium } from 'playwright-core';

/** What the lookup may ask of the machine (the real one by default; tests pass their own). */
export interface ChromiumProbe {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  home: string;
  isExecutable(path: string): boolean;
  /** Where playwright-core keeps its own Chromium (`npx playwright-core install chromium`). */
  playwrightChromium(): string | null;
}

const DEBIAN = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'];
const ON_PATH = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
const MAC_APPS = [
  'Chromium.app/Contents/MacOS/Chromium',
  'Google Chrome.app/Contents/MacOS/Google Chrome',
  'Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
];

export class ChromiumNotFoundError extends Error {
  override name = 'ChromiumNotFoundError';
}

/**
 * The Chromium (or Chrome) the e2e tests drive: HARK_CHROMIUM when set (and nothing else),
 * else the first of Debian's Chromium, chromium / chromium-browser / google-chrome(-stable)
 * on PATH, Playwright's own download, and the macOS applications. The error lists every
 * place tried and how to install one.
 */
export function findChromium(probe: ChromiumProbe = realProbe()): string {
  const override = probe.env.HARK_CHROMIUM;
  if (override) {
    if (probe.isExecutable(override)) return override;
    throw new ChromiumNotFoundError(
      `HARK_CHROMIUM=${override} is not an executable file. Point it at a Chromium or Chrome binary, or unset it to search the usual places.`,
    );
  }
  const tried: string[] = [];
  const attempt = (path: string): boolean => {
    tried.push(path);
    return probe.isExecutable(path);
  };
  const pathDirs = (probe.env.PATH ?? '').split(delimiter).filter(Boolean);
  const candidates = [
    ...(probe.platform === 'linux' ? DEBIAN : []),
    ...ON_PATH.flatMap((name) => pathDirs.map((dir) => join(dir, name))),
  ];
  for (const path of candidates) if (attempt(path)) return path;
  const playwright = probe.playwrightChromium();
  if (playwright && attempt(playwright)) return playwright;
  if (probe.platform === 'darwin') {
    for (const root of ['/Applications', join(probe.home, 'Applications')])
      for (const app of MAC_APPS) if (attempt(join(root, app))) return join(root, app);
  }
  throw new ChromiumNotFoundError(
    [
      'The e2e tests need Chromium or Chrome, and none was found. Tried:',
      ...(probe.platform === 'linux' ? DEBIAN.map((p) => `  ${p}`) : []),
      `  ${ON_PATH.join(', ')} on PATH (${pathDirs.length} folders)`,
      `  Playwright's Chromium: ${playwright ?? '(playwright-core knows none for this system)'}`,
      ...(probe.platform === 'darwin'
        ? [`  /Applications and ~/Applications: ${MAC_APPS.map((a) => a.split('/')[0]).join(', ')}`]
        : []),
      'Install one:',
      '  npm run setup   (Debian/Ubuntu: apt-get install chromium; macOS: brew install --cask chromium)',
      "  or npx playwright-core install chromium   (any system, into Playwright's cache)",
      '  or set HARK_CHROMIUM=/path/to/chromium',
    ].join('\n'),
  );
}

function realProbe(): ChromiumProbe {
  return {
    env: process.env,
    platform: process.platform,
    home: homedir(),
    isExecutable: (path) => {
      try {
        accessSync(path, constants.X_OK);
        return statSync(path).isFile();
      } catch {
        return false;
      }
    },
    playwrightChromium: () => {
      try {
        return chromium.executablePath() || null;
      } catch {
        return null;
      }
    },
  };
}
