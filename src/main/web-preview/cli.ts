/**
 * `npm run preview:web`: the Hark window in your browser, on 127.0.0.1, talking to the
 * same main-side core (and, without OPENAI_API_KEY, to the embedded simulator).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  MemorySecretStore,
  MemorySettingsStore,
  DEFAULT_SETTINGS,
} from '../realtime/settings-model';
import { VoiceController } from '../realtime/voice-controller';
import { startWebPreview } from './server';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '0' } } });
  const key = process.env.OPENAI_API_KEY?.trim() || null;
  const controller = new VoiceController({
    settings: new MemorySettingsStore({
      ...DEFAULT_SETTINGS,
      provider: key ? 'openai' : 'simulator',
      onboarded: key !== null,
    }),
    secrets: new MemorySecretStore(key),
    log: (level, message) => process.stderr.write(`[hark:${level}] ${message}\n`),
  });
  const preview = await startWebPreview({
    controller,
    rendererDir: resolve(import.meta.dirname, '../../../out/renderer'),
    port: Number(values.port),
    log: (message) => process.stderr.write(`[preview] ${message}\n`),
  });
  process.stdout.write(`${preview.url}\n`);
  const stop = (): void => {
    void preview
      .close()
      .then(() => controller.dispose())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`preview:web: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
