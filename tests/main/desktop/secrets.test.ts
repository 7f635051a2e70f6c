import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));
const { SafeStorageSecretStore, parseKeyFile } = await import('../../../src/main/desktop/secrets');

const safeStorage = (available: boolean) => ({
  isEncryptionAvailable: () => available,
  encryptString: (s: string) => Buffer.from(`enc:${Buffer.from(s).toString('base64')}`),
  decryptString: (b: Buffer) => {
    const text = b.toString();
    if (!text.startsWith('enc:')) throw new Error('Error while decrypting the ciphertext provided');
    return Buffer.from(text.slice(4), 'base64').toString();
  },
});

const store = (path: string, available = true) =>
  new SafeStorageSecretStore(path, safeStorage(available) as never);

describe('SafeStorageSecretStore', () => {
  it('stores the key and its endpoint encrypted, atomically, with mode 0600', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hark-secret-'));
    const path = join(dir, 'key.bin');
    store(path).write({ key: 'sk-abcdef', endpoint: 'openai wss://api.openai.com' });
    const raw = await readFile(path, 'utf8');
    expect(raw).toMatch(/^enc:/);
    expect(raw).not.toContain('sk-abcdef');
    expect(store(path).read()).toEqual({
      key: 'sk-abcdef',
      endpoint: 'openai wss://api.openai.com',
    });
    expect(await readdir(dir)).toEqual(['key.bin']);
    if (process.platform !== 'win32') expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('reads a key file of an older Hark (the bare key) as an unbound key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hark-secret-'));
    const path = join(dir, 'key.bin');
    await writeFile(path, safeStorage(true).encryptString('sk-legacy-key'));
    expect(store(path).read()).toEqual({ key: 'sk-legacy-key', endpoint: null });
    expect(parseKeyFile('{not json')).toEqual({ key: '{not json', endpoint: null });
    expect(parseKeyFile('')).toBeNull();
  });

  it('an undecryptable key is a problem to tell the user, never silent', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hark-secret-'));
    const path = join(dir, 'key.bin');
    await writeFile(path, 'garbage from another keychain');
    const secrets = store(path);
    expect(secrets.read()).toBeNull();
    expect(secrets.problem).toMatch(/Enter your key again/);
    secrets.write({ key: 'sk-new-key', endpoint: 'openai wss://api.openai.com' });
    expect(secrets.problem).toBeNull();
    expect(store(path).read()?.key).toBe('sk-new-key');
  });

  it('keeps the key in memory only when the OS has no encryption', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hark-secret-'));
    const secrets = store(join(dir, 'key.bin'), false);
    secrets.write({ key: 'sk-abcdef', endpoint: 'openai wss://api.openai.com' });
    expect(secrets.read()?.key).toBe('sk-abcdef');
    expect(secrets.persistent).toBe(false);
    expect(await readdir(dir)).toEqual([]);
  });

  it('removes the key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hark-secret-'));
    const secrets = store(join(dir, 'key.bin'));
    secrets.write({ key: 'sk-abcdef', endpoint: null });
    secrets.write(null);
    expect(secrets.read()).toBeNull();
    expect(await readdir(dir)).toEqual([]);
  });

  it('a failed write throws and changes nothing, on disk or in memory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hark-secret-'));
    const path = join(dir, 'key.bin');
    const secrets = store(path);
    secrets.write({ key: 'sk-first-key', endpoint: 'a' });
    const failing = new SafeStorageSecretStore(path, {
      ...safeStorage(true),
      encryptString: () => {
        throw new Error('keychain locked');
      },
    } as never);
    failing.read();
    expect(() => failing.write({ key: 'sk-second-key', endpoint: 'a' })).toThrow(/keychain locked/);
    expect(failing.read()?.key).toBe('sk-first-key');
    expect(store(path).read()?.key).toBe('sk-first-key');
  });
});
