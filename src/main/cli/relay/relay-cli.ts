/**
 * `npm run simulator -- --relay <wss URL> [--port N] [--explain-json FILE] [--event-log FILE]`
 * Runs the relay: a local endpoint for a developer's own Realtime client, which adds the key
 * from the environment and explains what the client and the service do. The first line on
 * stdout is the URL to point the client at; explanations go to stderr. The key is never printed.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findingJsonLine, findingText } from '../../../simulator/explain/report';
import { EventLog } from '../../assistant/inspector/event-log';
import { Redactor, redactUrl } from '../../engine/redaction';
import { envProxyAgent } from '../env-proxy';
import { RealtimeRelay } from './relay';
import { upstreamAuth } from './upstream-auth';

export const RELAY_USAGE = `Usage: npm run -s simulator -- --relay <URL> [options]

  --relay URL          the service to relay to: wss://api.openai.com/v1/realtime?model=gpt-realtime,
                       wss://<resource>.openai.azure.com/openai/v1/realtime?model=<deployment>, or any
                       wss:// URL (ws:// only on this machine)
  --port N             port on 127.0.0.1 (default: a free one)
  --explain-json FILE  also write each finding to FILE as one JSON line
  --event-log FILE     write every event both ways to FILE (Hark's inspector export format,
                       audio elided, secrets redacted), to attach to a bug report

The key comes from OPENAI_API_KEY (Azure: AZURE_OPENAI_API_KEY, else OPENAI_API_KEY); your
client needs none. HTTPS_PROXY / NO_PROXY are followed as the doctor follows them.
`;

export async function runRelay(
  argv: string[],
  env: NodeJS.ProcessEnv,
  out: (text: string) => void,
  err: (text: string) => void,
): Promise<{ relay: RealtimeRelay; stop: () => Promise<void> } | number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    out(RELAY_USAGE);
    return 0;
  }
  let values;
  try {
    values = parseArgs({
      args: argv,
      options: {
        relay: { type: 'string' },
        port: { type: 'string', default: '0' },
        'explain-json': { type: 'string' },
        'event-log': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    err(`simulator: ${(error as Error).message}\n\n${RELAY_USAGE}`);
    return 2;
  }
  if (values.help) {
    out(RELAY_USAGE);
    return 0;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    err(`simulator: --port must be 0..65535, got "${values.port}"\n`);
    return 2;
  }
  const auth = upstreamAuth(values.relay ?? '', env);
  if ('problem' in auth) {
    err(`simulator: ${auth.problem}\n\n${RELAY_USAGE}`);
    return 2;
  }
  const redactor = new Redactor([auth.key]);
  const explainJson = values['explain-json'] ? resolve(values['explain-json']) : null;
  if (explainJson) writeFileSync(explainJson, '');
  const logFile = values['event-log'] ? resolve(values['event-log']) : null;
  const log = new EventLog({ redactor, maxEntries: 5_000 });
  const writeLog = (): void => {
    if (logFile)
      writeFileSync(logFile, log.export({ source: 'hark relay', upstream: redactUrl(auth.url) }), {
        mode: 0o600,
      });
  };
  writeLog();
  let logTimer: NodeJS.Timeout | null = null;
  const relay = new RealtimeRelay({
    upstream: auth.url,
    upstreamHeaders: auth.headers,
    port,
    agent: envProxyAgent(),
    redactor,
    say: (line) => err(`${redactor.text(line)}\n`),
    onFinding: (finding) => {
      err(redactor.text(findingText(finding)));
      if (explainJson) appendFileSync(explainJson, redactor.text(findingJsonLine(finding)));
    },
    onFrame: logFile
      ? (connection, direction, text, isBinary) => {
          let event: object;
          try {
            const parsed = JSON.parse(text) as unknown;
            // JSON that is not an object (null, a number, a string) is logged as what it is.
            event = typeof parsed === 'object' && parsed !== null ? parsed : { value: parsed };
          } catch {
            event = { unparsed: `${text.length} characters that are not JSON` };
          }
          const type = (event as { type?: unknown }).type;
          log.record({
            direction,
            at: Date.now(),
            type: `${typeof type === 'string' ? type : '(no type)'}${isBinary ? ' [BINARY message]' : ''} #${connection}`,
            bytes: Buffer.byteLength(text),
            event,
          });
          logTimer ??= setTimeout(() => {
            logTimer = null;
            writeLog();
          }, 1_000);
        }
      : undefined,
  });
  const url = await relay.start();
  out(`${url}\n`);
  err(
    `[relay] point your client at the URL above (no key needed); relaying to ${redactUrl(auth.url)} with the key from ${auth.keyVariable}\n`,
  );
  return {
    relay,
    stop: async () => {
      if (logTimer) clearTimeout(logTimer);
      writeLog();
      await relay.stop();
    },
  };
}
