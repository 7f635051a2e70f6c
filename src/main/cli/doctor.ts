/**
 * `npm run doctor`: the headless voice round trip, against the embedded simulator or a
 * real Realtime endpoint. Exit 0 iff the round trip completed; 2 for usage errors.
 */
import { resolve } from 'node:path';
import { ProviderConfigError, resolveEndpoint } from '../engine/providers';
import { endpointSecrets, redactUrl, Redactor } from '../engine/redaction';
import { RealtimeSimulator } from '../../simulator/server';
import { WavFormatError } from '../../shared/audio/wav';
import { DOCTOR_USAGE, parseDoctorArgs, UsageError, type DoctorOptions } from './doctor-args';
import { formatResult, formatStep } from './doctor-report';
import { envProxyAgent, proxyFromEnv } from './env-proxy';
import { runLiveRoundTrip } from './live-round-trip';
import { runRoundTrip, type RoundTripResult } from './round-trip';
import { loadSpeechWav } from './wav-input';

export const DEFAULT_SPEECH_WAV = resolve(
  import.meta.dirname,
  '../../../resources/fixtures/hello-hark.wav',
);

export async function runDoctor(
  argv: string[],
  env: NodeJS.ProcessEnv,
  write: (line: string) => void,
): Promise<number> {
  let options: DoctorOptions;
  try {
    options = parseDoctorArgs(argv, env);
  } catch (error) {
    if (error instanceof UsageError) {
      write(new Redactor(argvSecrets(argv)).text(`doctor: ${error.message}\n\n${DOCTOR_USAGE}`));
      return 2;
    }
    throw error;
  }
  // The key as given (a trailing newline included) and as sent (trimmed), plus anything in the
  // URL that could be a credential; widened below with what the endpoint really carries.
  let redactor = new Redactor([options.apiKey, ...urlSecrets(options.url)]);
  // Human lines are plain text; the --json line is redacted value by value, then serialized
  // (redacting serialized JSON can break it: a quoted URL ending in `\"`).
  const out = (line: string): void => write(redactor.text(line));
  const outJson = (value: object): void => write(JSON.stringify(redactor.deep(value)));
  if (options.help) {
    out(DOCTOR_USAGE);
    return 0;
  }

  let simulator: RealtimeSimulator | null = null;
  // Behind a proxy: HTTPS_PROXY / HTTP_PROXY / ALL_PROXY / NO_PROXY, as curl and npm read them.
  const agent = envProxyAgent();
  try {
    const speech = await loadSpeechWav(options.wav ?? DEFAULT_SPEECH_WAV);
    let url = options.url;
    if (options.provider === 'simulator' && !url) {
      simulator = new RealtimeSimulator();
      url = await simulator.start();
    }
    const endpoint = resolveEndpoint({
      kind: options.provider,
      engine: options.engine,
      url,
      apiKey: options.apiKey,
      model: options.model,
      azureResource: options.azureResource,
    });
    redactor = redactor.with(...endpointSecrets(endpoint));
    if (!options.json) {
      out(`Hark doctor → ${endpoint.label}${simulator ? ' (embedded, no key needed)' : ''}`);
      const proxy = proxyFromEnv(endpoint.url);
      if (proxy) out(`  proxy: ${redactUrl(proxy.url)} (from ${proxy.variable})`);
      out(
        `  speech: ${(speech.pcm.length / 24).toFixed(0)} ms at 24 kHz mono PCM16 (from ${speech.sourceRate} Hz, ${speech.sourceChannels} ch, ${speech.sourceBits}-bit), ${options.fast ? 'sent back to back' : `${options.chunkMs} ms appends in real time`}`,
      );
    }
    const result = await (options.engine === 'live' ? runLiveRoundTrip : runRoundTrip)({
      endpoint,
      pcm: speech.pcm,
      realtime: !options.fast,
      chunkMs: options.chunkMs,
      timeoutMs: options.timeoutMs,
      onStep: options.json ? undefined : (step) => out(formatStep(redactor.deep(step))),
      onServerEvent: options.verbose && !options.json ? (type) => out(`    · ${type}`) : undefined,
      agent,
    });
    report(redactor.deep(result), options, out, outJson);
    return result.ok ? 0 : 1;
  } catch (error) {
    if (error instanceof WavFormatError || error instanceof ProviderConfigError) {
      const message = error.message;
      if (options.json)
        outJson({
          ok: false,
          close: null,
          diagnosis: message,
          sentEvents: {},
          audioSentMs: 0,
          responseAudioMs: 0,
          firstAudioDeltaMs: null,
        });
      else out(`✗ ${message}`);
      return 2;
    }
    throw error;
  } finally {
    agent.destroy();
    await simulator?.stop();
  }
}

function urlSecrets(url: string | undefined): string[] {
  return url ? endpointSecrets({ url, headers: {} }) : [];
}

function report(
  result: RoundTripResult,
  options: DoctorOptions,
  out: (line: string) => void,
  outJson: (value: object) => void,
): void {
  if (options.json) {
    outJson(result);
    return;
  }
  for (const line of formatResult(result, options.engine)) out(line);
}

/** The values of --api-key and --url, however they were written. */
function argvSecrets(argv: string[]): string[] {
  const secrets: string[] = [];
  argv.forEach((arg, i) => {
    const [name, inline] = arg.split(/=(.*)/s);
    const value = inline ?? argv[i + 1];
    if (value && name === '--api-key') secrets.push(value);
    if (value && name === '--url') secrets.push(...urlSecrets(value));
  });
  return secrets;
}

const isEntryPoint = process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename);
if (isEntryPoint) {
  runDoctor(process.argv.slice(2), process.env, (line) => process.stdout.write(`${line}\n`))
    .then((code) => process.exit(code))
    .catch((error: unknown) => {
      const redactor = new Redactor([
        process.env.OPENAI_API_KEY,
        process.env.AZURE_OPENAI_API_KEY,
        ...argvSecrets(process.argv.slice(2)),
      ]);
      const message = redactor.text(
        error instanceof Error ? (error.stack ?? error.message) : String(error),
      );
      process.stderr.write(`doctor: unexpected failure: ${message}\n`);
      // A script reading --json still gets its last line as JSON.
      if (process.argv.includes('--json'))
        process.stdout.write(
          `${JSON.stringify({ ok: false, close: null, diagnosis: `Unexpected failure: ${message.split('\n')[0]}` })}\n`,
        );
      process.exit(3);
    });
}
