/**
 * Run by hostile-files.test.ts in a child process (a store that blocked on a FIFO or read
 * /dev/zero forever would hang a test worker): loads the settings or the key from the path
 * given and prints what the store said, as JSON. (No electron import: plain Node.)
 */
import { SafeStorageSecretStore } from '../../../../src/main/desktop/secrets';
import { JsonSettingsStore } from '../../../../src/main/desktop/settings';

const safeStorage = {
  isEncryptionAvailable: () => true,
  encryptString: (s: string) => Buffer.from(s),
  decryptString: (b: Buffer) => b.toString(),
};

const [kind, path] = process.argv.slice(2) as ['settings' | 'key', string];
const started = Date.now();
let result: unknown;
if (kind === 'settings') {
  const store = new JsonSettingsStore(path, () => 42);
  result = { provider: store.load().provider, problem: store.problem };
} else {
  const store = new SafeStorageSecretStore(path, safeStorage as never);
  result = { key: store.read(), problem: store.problem };
}
process.stdout.write(JSON.stringify({ ...(result as object), ms: Date.now() - started }));
