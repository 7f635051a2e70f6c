/**
 * `npm run preview:web`: the Hark window in your browser, on 127.0.0.1, talking to the
 * same main-side core (and, without OPENAI_API_KEY, to the embedded simulator).
 *
 * Options: `--port N` (default: any free port), `--renderer DIR` (default: out/renderer).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  MemorySecretStore,
  MemorySettingsStore,
  DEFAULT_SETTINGS,
} from '../settings/settings-model';
import { Redactor } from '../engine/redaction';
import { VoiceController } from '../voice/voice-controller';
import { startWebPreview, type WebPreview } from './server';

const key = process.env.OPENAI_API_KEY?.trim() || null;

/**
 * Nothing this process writes may carry the key, in the form it was given or trimmed, nor
 * 12 characters of it (engine/redaction.ts; these lines are plain text, never JSON).
 */
const redactor = new Redactor([process.env.OPENAI_API_KEY, key]);
function redact(text: string): string {
  return redactor.text(text);
}

function writeLine(prefix: string, message: string): void {
  process.stderr.write(`${prefix} ${redact(message)}\n`);
}

function describe(reason: unknown): string {
  return reason instanceof Error ? (reason.stack ?? reason.message) : String(reason);
}

let preview: WebPreview | null = null;
let controller: VoiceController | null = null;

function stop(code: number): void {
  void Promise.resolve()
    .then(() => preview?.close())
    .then(() => controller?.dispose())
    .catch((error: unknown) => writeLine('[preview]', `while stopping: ${describe(error)}`))
    .finally(() => process.exit(code));
}

// The last net, never silent. Requests and frames cannot reach here (every one is caught
// where it is handled); should something still slip through:
// - a rejected promise leaves no state half-changed: log it and keep serving;
// - a thrown exception may have: log it and stop cleanly rather than serve on in an
//   unknown state.
process.on('unhandledRejection', (reason) => {
  writeLine('[preview]', `unhandled rejection (still running): ${describe(reason)}`);
});
process.on('uncaughtException', (error) => {
  writeLine('[preview]', `uncaught exception, stopping: ${describe(error)}`);
  stop(1);
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      renderer: { type: 'string', default: resolve(import.meta.dirname, '../../../out/renderer') },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    writeLine('preview:web:', `--port must be a whole number from 0 to 65535`);
    process.exit(2);
  }
  controller = new VoiceController({
    settings: new MemorySettingsStore({
      ...DEFAULT_SETTINGS,
      provider: key ? 'openai' : 'simulator',
      onboarded: key !== null,
    }),
    secrets: new MemorySecretStore(key),
    log: (level, message) => writeLine(`[hark:${level}]`, message),
  });
  preview = await startWebPreview({
    controller,
    rendererDir: values.renderer,
    port,
    log: (message) => writeLine('[preview]', message),
  });
  process.stdout.write(`${preview.url}\n`);
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
}

main().catch((error: unknown) => {
  writeLine('preview:web:', error instanceof Error ? error.message : String(error));
  const usage = String((error as { code?: unknown } | null)?.code).startsWith('ERR_PARSE_ARGS');
  process.exit(usage ? 2 : 1);
});
