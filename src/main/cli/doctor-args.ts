import { parseArgs } from 'node:util';
import type { EngineKind } from '../engine/engine';
import type { ProviderKind } from '../engine/providers';

export interface DoctorOptions {
  provider: ProviderKind;
  /** realtime (default) or live (GPT-Live). */
  engine: EngineKind;
  url: string | undefined;
  apiKey: string | undefined;
  model: string | undefined;
  azureResource: string | undefined;
  wav: string | undefined;
  json: boolean;
  fast: boolean;
  chunkMs: number;
  timeoutMs: number;
  verbose: boolean;
  help: boolean;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

export const DOCTOR_USAGE = `Usage: npm run doctor -- [options]

Proves a full voice round trip: connect, configure, stream speech, commit, get the reply.

  --url <ws-url>        connect to exactly this URL (query kept); default: the embedded simulator
  --provider <name>     openai | azure | custom | simulator (default: simulator, or custom with --url)
  --engine <name>       realtime | live (GPT-Live: start, speech in real time, the reply, close)
  --api-key <key>       API key (default: $OPENAI_API_KEY, or $AZURE_OPENAI_API_KEY for azure)
  --model <name>        model or Azure deployment (default: gpt-realtime; gpt-live-1.1 with --engine live)
  --azure-resource <r>  Azure resource name when no --url is given
  --wav <file.wav>      speech to send (any rate, 8/16/24/32-bit or float, mono or stereo)
  --fast                send the audio back to back instead of in real time
  --chunk-ms <n>        audio per append, 10..100 ms (default 20, as the app's microphone)
  --timeout <seconds>   give up on the session setup, or on the reply, after this long (default 30)
  --json                end with one JSON line describing the run
  --verbose             print every server event type as it arrives
`;

const PROVIDERS: ProviderKind[] = ['openai', 'azure', 'custom', 'simulator'];

export function parseDoctorArgs(argv: string[], env: NodeJS.ProcessEnv): DoctorOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        url: { type: 'string' },
        provider: { type: 'string' },
        engine: { type: 'string', default: 'realtime' },
        'api-key': { type: 'string' },
        model: { type: 'string' },
        'azure-resource': { type: 'string' },
        wav: { type: 'string' },
        json: { type: 'boolean', default: false },
        fast: { type: 'boolean', default: false },
        'chunk-ms': { type: 'string', default: '20' },
        timeout: { type: 'string', default: '30' },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const provider = (values.provider ?? (values.url ? 'custom' : 'simulator')) as ProviderKind;
  if (!PROVIDERS.includes(provider))
    throw new UsageError(`--provider must be one of ${PROVIDERS.join(', ')}.`);
  const engine = values.engine as EngineKind;
  if (engine !== 'realtime' && engine !== 'live')
    throw new UsageError('--engine must be realtime or live.');
  const chunkMs = Number(values['chunk-ms']);
  if (!Number.isInteger(chunkMs) || chunkMs < 10 || chunkMs > 100)
    throw new UsageError('--chunk-ms must be a whole number from 10 to 100.');
  const timeout = Number(values.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0)
    throw new UsageError('--timeout must be a positive number of seconds.');
  const apiKey =
    values['api-key'] ??
    (provider === 'azure' ? (env.AZURE_OPENAI_API_KEY ?? env.OPENAI_API_KEY) : env.OPENAI_API_KEY);
  return {
    provider,
    engine,
    url: values.url,
    apiKey: provider === 'simulator' ? undefined : apiKey || undefined,
    model: values.model,
    azureResource: values['azure-resource'],
    wav: values.wav,
    json: values.json ?? false,
    fast: values.fast ?? false,
    chunkMs,
    timeoutMs: timeout * 1000,
    verbose: values.verbose ?? false,
    help: values.help ?? false,
  };
}
