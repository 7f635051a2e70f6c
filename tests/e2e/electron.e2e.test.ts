import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { _electron as electron } from 'playwright-core';
import { electronBinary } from '../../scripts/electron-binary.mjs';

const binary = electronBinary();

describe('the desktop app (Electron)', () => {
  it('launches, shows its window and the health pill', async (context) => {
    if (!binary.ok) {
      console.warn(`Electron smoke test skipped: ${binary.why}.`);
      context.skip(
        `skipped: ${binary.why}; run \`npm rebuild electron\` where it can be downloaded`,
      );
    }
    const app = await electron.launch({
      executablePath: binary.binary!,
      args: [
        resolve('out/main/index.js'),
        ...(process.platform === 'linux' ? ['--no-sandbox'] : []),
      ],
      env: { ...process.env, ELECTRON_ENABLE_LOGGING: '1' },
    });
    try {
      const window = await app.firstWindow();
      await window.getByTestId('health-pill').waitFor({ timeout: 15_000 });
      expect(await window.title()).toBe('Hark');
      // No Node in the page, and window.hark offers only functions (domain methods).
      const page = await window.evaluate(() => ({
        require: typeof (globalThis as { require?: unknown }).require,
        process: typeof (globalThis as { process?: unknown }).process,
        hark: Object.values(
          (globalThis as unknown as { hark: Record<string, unknown> }).hark,
        ).every((v) => typeof v === 'function'),
      }));
      expect(page).toEqual({ require: 'undefined', process: 'undefined', hark: true });
    } finally {
      await app.close();
    }
  });
});
