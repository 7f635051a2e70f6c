/**
 * `npm run -s simulator -- [--port N] [--pacing realtime|fast-stream|instant] [--tls]
 *  [--cert-file PATH] [--url-only] [--explain] [--explain-json FILE] [--event-log FILE]`
 * Runs the Realtime simulator standalone. The first line on stdout is its URL; notes (how to
 * trust the certificate, connections, turns) go to stderr unless `--url-only`. With
 * `--explain`, every mistake a client makes that the real service would refuse or mishandle
 * is explained on stderr, in plain words with the fix.
 */
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { RealtimeSimulator } from './server';
import type { SimulatorPacing } from './realtime/session';
import { generateCertificate } from './tls';
import { EventLogFile } from './explain/event-log-file';
import { explainConnection } from './explain/explainer';
import type { Finding } from './explain/finding';
import { findingJsonLine, findingText } from './explain/report';

const PACINGS: SimulatorPacing[] = ['realtime', 'fast-stream', 'instant'];

const USAGE = `Usage: npm run -s simulator -- [options]

  --port N            port on 127.0.0.1 (default: a free one)
  --pacing MODE       realtime | fast-stream (default) | instant
  --tls               serve wss:// with a certificate generated now
  --cert-file PATH    where to write that certificate (default: a temporary file)
  --url-only, -q      print only the URL line
  --explain           explain on stderr, in plain words, each thing a client does that the
                      real service would refuse or mishandle (binary frames, beta shapes,
                      audio at the wrong rate, short commits, …), with the fix
  --explain-json FILE also write each finding to FILE as one JSON line
  --event-log FILE    write every event both ways to FILE (Hark's inspector export format,
                      audio elided, secrets redacted) to attach to a bug report
  --help, -h          this text

  npm run simulator -- --relay <wss URL> relays your client to the real service instead,
  adding the key from OPENAI_API_KEY and explaining the same mistakes (--relay --help).
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      pacing: { type: 'string', default: 'fast-stream' },
      tls: { type: 'boolean', default: false },
      'cert-file': { type: 'string' },
      'url-only': { type: 'boolean', short: 'q', default: false },
      explain: { type: 'boolean', default: false },
      'explain-json': { type: 'string' },
      'event-log': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0..65535, got "${values.port}"`);
  if (!PACINGS.includes(values.pacing as SimulatorPacing)) {
    throw new Error(`--pacing must be one of ${PACINGS.join(', ')}, got "${values.pacing}"`);
  }
  if (values['cert-file'] && !values.tls) throw new Error('--cert-file needs --tls');
  const quiet = values['url-only'];
  const note = (text: string): void => {
    if (!quiet) process.stderr.write(`${text}\n`);
  };

  let certFile: string | null = null;
  let tempDir: string | null = null;
  let tls: { cert: string; key: string } | undefined;
  if (values.tls) {
    tls = await generateCertificate();
    if (values['cert-file']) certFile = resolve(values['cert-file']);
    else {
      tempDir = mkdtempSync(join(tmpdir(), 'hark-simulator-'));
      certFile = join(tempDir, 'cert.pem');
    }
    writeFileSync(certFile, tls.cert, { mode: 0o644 });
  }

  const explainJson = values['explain-json'] ? resolve(values['explain-json']) : null;
  if (explainJson) writeFileSync(explainJson, '', { mode: 0o644 }); // fails early on a bad path
  const log = values['event-log']
    ? new EventLogFile(resolve(values['event-log']), { source: 'hark simulator' })
    : null;
  log?.flush(); // fails early on a bad path, and leaves a valid (empty) log
  const onFinding = (finding: Finding): void => {
    if (values.explain) process.stderr.write(findingText(finding));
    if (explainJson) appendFileSync(explainJson, findingJsonLine(finding));
  };
  const explaining = values.explain || explainJson !== null || log !== null;
  const simulator = new RealtimeSimulator({
    port,
    pacing: values.pacing as SimulatorPacing,
    tls,
    tap: explaining
      ? (connection, request) =>
          explainConnection(connection, request, { onFinding, log: log ?? undefined })
      : undefined,
  });
  const url = await simulator.start();
  process.stdout.write(`${url}\n`);
  if (certFile) {
    note(`[simulator] certificate: ${certFile}`);
    note(`[simulator] Node clients trust it with NODE_EXTRA_CA_CERTS=${certFile}`);
  }
  simulator.on('connection', ({ id }) => note(`[simulator] connection ${id} opened`));
  simulator.on('turn-committed', (turn) =>
    note(
      `[simulator] connection ${turn.connection}: committed ${turn.durationMs.toFixed(0)} ms of audio`,
    ),
  );
  if (values.explain) note('[simulator] explaining client mistakes on stderr');
  const stop = (): void => {
    log?.flush();
    void simulator.stop().then(() => {
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`simulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
