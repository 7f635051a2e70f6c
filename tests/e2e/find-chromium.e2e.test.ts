import { describe, expect, it } from 'vitest';
import { ChromiumNotFoundError, findChromium, type ChromiumProbe } from './support/find-chromium';

// Where the e2e tests look for a browser, on machines described by fakes (no browser needed).
function machine(
  platform: NodeJS.Platform,
  installed: string[],
  env: NodeJS.ProcessEnv = {},
  playwright: string | null = null,
): ChromiumProbe {
  return {
    env: { PATH: '/usr/local/bin:/usr/bin', ...env },
    platform,
    home: '/home/me',
    isExecutable: (path) => installed.includes(path),
    playwrightChromium: () => playwright,
  };
}

describe('findChromium', () => {
  it("prefers Debian's Chromium, then the PATH names, then Playwright's, then macOS apps", () => {
    expect(findChromium(machine('linux', ['/usr/bin/chromium', '/usr/bin/google-chrome']))).toBe(
      '/usr/bin/chromium',
    );
    expect(findChromium(machine('linux', ['/usr/local/bin/chromium-browser']))).toBe(
      '/usr/local/bin/chromium-browser',
    );
    expect(findChromium(machine('linux', ['/usr/bin/google-chrome-stable']))).toBe(
      '/usr/bin/google-chrome-stable',
    );
    const cache = '/home/me/.cache/ms-playwright/chromium-1255/chrome-linux64/chrome';
    expect(findChromium(machine('linux', [cache], {}, cache))).toBe(cache);
    const chrome = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    expect(findChromium(machine('darwin', [chrome]))).toBe(chrome);
    const mine = '/home/me/Applications/Chromium.app/Contents/MacOS/Chromium';
    expect(findChromium(machine('darwin', [mine]))).toBe(mine);
  });

  it('HARK_CHROMIUM wins, and a wrong one is an error, not a silent fallback', () => {
    expect(
      findChromium(
        machine('linux', ['/usr/bin/chromium', '/opt/c/chrome'], {
          HARK_CHROMIUM: '/opt/c/chrome',
        }),
      ),
    ).toBe('/opt/c/chrome');
    expect(() =>
      findChromium(machine('linux', ['/usr/bin/chromium'], { HARK_CHROMIUM: '/nope' })),
    ).toThrow(/HARK_CHROMIUM=\/nope is not an executable file/);
  });

  it('none found: says exactly what was tried and how to install one', () => {
    let error: unknown;
    try {
      findChromium(machine('linux', [], {}, '/home/me/.cache/ms-playwright/chromium-1/chrome'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ChromiumNotFoundError);
    const text = (error as Error).message;
    for (const tried of [
      '/usr/lib/chromium/chromium',
      '/usr/bin/chromium',
      'chromium, chromium-browser, google-chrome, google-chrome-stable on PATH (2 folders)',
      "Playwright's Chromium: /home/me/.cache/ms-playwright/chromium-1/chrome",
      'npm run setup',
      'apt-get install chromium',
      'brew install --cask chromium',
      'npx playwright-core install chromium',
      'HARK_CHROMIUM=',
    ])
      expect(text).toContain(tried);
    expect(() => findChromium(machine('darwin', []))).toThrow(
      /Applications and ~\/Applications: Chromium\.app, Google Chrome\.app/,
    );
  });
});
