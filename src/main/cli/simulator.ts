/**
 * `npm run simulator`: the front door to the protocol simulator and, with `--relay`, to the
 * relay that watches a client against the real service. The simulator itself lives in
 * src/simulator/ and imports nothing of the app; the relay is app tooling (it uses the
 * doctor's diagnosis table and redaction), so the two meet here.
 */
import { runRelay } from './relay/relay-cli';

const argv = process.argv.slice(2);
if (argv.some((arg) => arg === '--relay' || arg.startsWith('--relay='))) {
  const started = await runRelay(
    argv,
    process.env,
    (text) => process.stdout.write(text),
    (text) => process.stderr.write(text),
  );
  if (typeof started === 'number') process.exit(started);
  const stop = (): void => void started.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} else {
  await import('../../simulator/cli');
}
