import { chromium } from 'playwright-core';
import { DEFAULT_SETTINGS, MemorySecretStore, MemorySettingsStore } from './src/main/realtime/settings-model';
import { VoiceController } from './src/main/realtime/voice-controller';
import { startWebPreview } from './src/main/web-preview/server';
import { MemoryDesktop } from './tests/e2e/support/memory-desktop';

const dir = process.argv[2]!;
const out = process.argv[3]!;
const controller = new VoiceController({
  settings: new MemorySettingsStore({ ...DEFAULT_SETTINGS, onboarded: true }),
  secrets: new MemorySecretStore(),
  simulator: { pacing: 'fast-stream' },
  assistant: { desktop: new MemoryDesktop() },
});
const preview = await startWebPreview({ controller, rendererDir: dir });
const browser = await chromium.launch({ executablePath: '/usr/lib/chromium/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'] });
const page = await browser.newPage({ viewport: { width: 420, height: 640 } });
await page.goto(preview.url);
await page.locator('[data-testid=health-pill][data-state=ready]').waitFor({ timeout: 10000 });
await page.getByTestId('message-input').fill('Please copy to clipboard text=hello-from-hark');
await page.getByRole('button', { name: 'Send' }).click();
await page.getByTestId('approval-prompt').waitFor({ timeout: 10000 });
await page.waitForTimeout(500);
await page.screenshot({ path: out });
const box = await page.getByTestId('talk-button').boundingBox();
console.log('talk button box', JSON.stringify(box));
await browser.close();
await preview.close();
await controller.dispose();
