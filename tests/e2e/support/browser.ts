import { chromium, type Browser } from 'playwright-core';
import { findChromium } from './find-chromium';

/** The browser binary (see find-chromium.ts for where it is looked for). */
export function chromiumPath(): string {
  return findChromium();
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
