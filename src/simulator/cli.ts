/**
 * `npm run -s simulator -- [--port N] [--pacing realtime|fast-stream|instant] [--tls]
 *  [--cert-file PATH] [--url-only]`
 * Runs the Realtime simulator standalone. The first line on stdout is its URL; notes (how to
 * trust the certificate, connections, turns) go to stderr unless `--url-only`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { RealtimeSimulator } from './server';
import type { SimulatorPacing } from './realtime/session';
import { generateCertificate } from './tls';

const PACINGS: SimulatorPacing[] = ['realtime', 'fast-stream', 'instant'];

const USAGE = `Usage: npm run -s simulator -- [options]

  --port N            port on 127.0.0.1 (default: a free one)
  --pacing MODE       realtime | fast-stream (default) | instant
  --tls               serve wss:// with a certificate generated now
  --cert-file PATH    where to write that certificate (default: a temporary file)
  --url-only, -q      print only the URL line
  --help, -h          this text
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      pacing: { type: 'string', default: 'fast-stream' },
      tls: { type: 'boolean', default: false },
      'cert-file': { type: 'string' },
      'url-only': { type: 'boolean', short: 'q', default: false },
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

  const simulator = new RealtimeSimulator({ port, pacing: values.pacing as SimulatorPacing, tls });
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
  const stop = (): void => {
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
