/**
 * `npm run simulator -- [--port N] [--pacing realtime|fast-stream|instant]`
 * Runs the embedded Realtime simulator standalone and prints its ws:// URL on one line.
 */
import { parseArgs } from 'node:util';
import { RealtimeSimulator } from './server';
import type { SimulatorPacing } from './session';

const PACINGS: SimulatorPacing[] = ['realtime', 'fast-stream', 'instant'];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      pacing: { type: 'string', default: 'fast-stream' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      'Usage: npm run simulator -- [--port N] [--pacing realtime|fast-stream|instant]\n',
    );
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0..65535, got "${values.port}"`);
  if (!PACINGS.includes(values.pacing as SimulatorPacing)) {
    throw new Error(`--pacing must be one of ${PACINGS.join(', ')}, got "${values.pacing}"`);
  }
  const simulator = new RealtimeSimulator({ port, pacing: values.pacing as SimulatorPacing });
  const url = await simulator.start();
  process.stdout.write(`${url}\n`);
  simulator.on('connection', ({ id }) =>
    process.stderr.write(`[simulator] connection ${id} opened\n`),
  );
  simulator.on('turn-committed', (turn) =>
    process.stderr.write(
      `[simulator] connection ${turn.connection}: committed ${turn.durationMs.toFixed(0)} ms of audio\n`,
    ),
  );
  const stop = (): void => {
    void simulator.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`simulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
