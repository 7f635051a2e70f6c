import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'];

export function chromiumPath(): string {
  const found = CANDIDATES.find((path) => existsSync(path));
  if (!found)
    throw new Error('Debian Chromium is needed for the e2e tests: apt-get install chromium');
  return found;
}

export interface LaunchOptions {
  /** WAV file the fake microphone plays once; omit for no fake device at all. */
  micFile?: string | null;
  /** Answer permission prompts with "allow" (default) or leave them to be denied. */
  grantMedia?: boolean;
}

export function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  const args = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--autoplay-policy=no-user-gesture-required',
  ];
  if (options.grantMedia !== false) args.push('--use-fake-ui-for-media-stream');
  if (options.micFile)
    args.push(
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${options.micFile}%noloop`,
    );
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args });
}
