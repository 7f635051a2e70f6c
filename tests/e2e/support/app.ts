import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { HealthState } from '../../../src/shared/health';
import {
  DEFAULT_SETTINGS,
  MemorySecretStore,
  MemorySettingsStore,
} from '../../../src/main/settings/settings-model';
import {
  VoiceController,
  type VoiceControllerOptions,
} from '../../../src/main/voice/voice-controller';
import { startWebPreview, type WebPreview } from '../../../src/main/web-preview/server';

export interface RunningApp {
  controller: VoiceController;
  preview: WebPreview;
  states: HealthState[];
  page: Page;
  close(): Promise<void>;
}

/**
 * The built renderer in Chromium, with window.hark bridged to the real main-side core
 * (VoiceController + embedded simulator) through the web preview: only the IPC hop differs.
 */
export async function openApp(
  browser: Browser,
  options: {
    /** Runs in the page before the app's own scripts (test instrumentation). */
    initScript?: () => void;
    onboarded?: boolean;
    voiceProcessing?: boolean;
    turnDetection?: 'push-to-talk' | 'server_vad' | 'semantic_vad';
    viewport?: { width: number; height: number };
    /** The assistant's stores and desktop actions (tools, history). */
    assistant?: VoiceControllerOptions['assistant'];
    /** What the simulator "hears" (see SimulatorOptions.transcribe); throwing = a failure. */
    transcribe?: (pcm: Buffer) => string;
    /** More saved settings (e.g. a custom URL to a standalone simulator). */
    settings?: Partial<typeof DEFAULT_SETTINGS>;
  } = {},
): Promise<RunningApp> {
  const controller = new VoiceController({
    settings: new MemorySettingsStore({
      ...DEFAULT_SETTINGS,
      onboarded: options.onboarded ?? true,
      voiceProcessing: options.voiceProcessing ?? true,
      turnDetection: options.turnDetection ?? 'push-to-talk',
      ...options.settings,
    }),
    secrets: new MemorySecretStore(),
    simulator: { pacing: 'fast-stream', transcribe: options.transcribe },
    assistant: options.assistant,
  });
  const states: HealthState[] = [];
  controller.on('health', (h) => {
    if (states.at(-1) !== h.state) states.push(h.state);
  });
  const preview = await startWebPreview({ controller, rendererDir: resolve('out/renderer') });
  const page = await browser.newPage({ viewport: options.viewport ?? { width: 420, height: 640 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  if (options.initScript) await page.addInitScript(options.initScript);
  await page.goto(preview.url);
  return {
    controller,
    preview,
    states,
    page,
    close: async () => {
      await page.close();
      await preview.close();
      await controller.dispose();
      if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    },
  };
}

export async function holdTalk(page: Page): Promise<void> {
  const box = (await page.getByTestId('talk-button').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
}
