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
    expect(parseKeyFile('{not json')).toBeNull(); // not a bare key, not version 2: refused
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
    secrets.write({ key: 'sk-first-key', endpoint: 'openai wss://api.openai.com' });
    const failing = new SafeStorageSecretStore(path, {
      ...safeStorage(true),
      encryptString: () => {
        throw new Error('keychain locked');
      },
    } as never);
    failing.read();
    expect(() =>
      failing.write({ key: 'sk-second-key', endpoint: 'openai wss://api.openai.com' }),
    ).toThrow(/keychain locked/);
    expect(failing.read()?.key).toBe('sk-first-key');
    expect(store(path).read()?.key).toBe('sk-first-key');
  });
});

describe('a key file that is not exactly one Hark wrote', () => {
  const refused: [string, string][] = [
    [
      'an unknown version',
      JSON.stringify({ v: 3, key: 'sk-abc123456789', endpoint: 'openai wss://api.openai.com' }),
    ],
    [
      'no version',
      JSON.stringify({ key: 'sk-abc123456789', endpoint: 'openai wss://api.openai.com' }),
    ],
    [
      'version as text',
      JSON.stringify({ v: '2', key: 'sk-abc123456789', endpoint: 'openai wss://api.openai.com' }),
    ],
    ['a malformed endpoint', JSON.stringify({ v: 2, key: 'sk-abc123456789', endpoint: 'openai' })],
    [
      'an endpoint with a path',
      JSON.stringify({ v: 2, key: 'sk-abc123456789', endpoint: 'custom wss://evil.example/x' }),
    ],
    [
      'an http endpoint',
      JSON.stringify({ v: 2, key: 'sk-abc123456789', endpoint: 'custom https://evil.example' }),
    ],
    [
      'an unknown provider',
      JSON.stringify({ v: 2, key: 'sk-abc123456789', endpoint: 'evil wss://evil.example' }),
    ],
    ['a null endpoint', JSON.stringify({ v: 2, key: 'sk-abc123456789', endpoint: null })],
    [
      'an extra field',
      JSON.stringify({
        v: 2,
        key: 'sk-abc123456789',
        endpoint: 'openai wss://api.openai.com',
        also: 1,
      }),
    ],
    ['an empty key', JSON.stringify({ v: 2, key: '', endpoint: 'openai wss://api.openai.com' })],
    [
      'a key with a newline',
      JSON.stringify({ v: 2, key: 'sk-abc\n123', endpoint: 'openai wss://api.openai.com' }),
    ],
    ['an array', '[2,"sk-abc123456789"]'],
    ['damaged JSON', '{"v":2,"key":"sk-abc'],
    ['a bare "key" with spaces', 'sk-abc 123\n'],
    ['a bare "key" with control characters', 'sk-abc\u0000123'],
  ];

  it.each(refused)(
    '%s: never used, the user asked again, the file moved aside',
    async (_name, content) => {
      const dir = await mkdtemp(join(tmpdir(), 'hark-secret-'));
      const path = join(dir, 'key.bin');
      await writeFile(path, safeStorage(true).encryptString(content));
      const secrets = store(path);
      expect(secrets.read()).toBeNull();
      expect(secrets.problem).toMatch(/did not use your saved API key.*Enter your key again/);
      const files = await readdir(dir);
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/^key\.bin\.unrecognized-\d+$/);
      // Moved, not deleted: the user's bytes are still there.
      expect(await readFile(join(dir, files[0]!), 'utf8')).toBe(
        safeStorage(true).encryptString(content).toString(),
      );
    },
  );

  it('exactly version 2 with a well-formed endpoint is read as it is', () => {
    for (const endpoint of [
      'openai wss://api.openai.com',
      'azure wss://res.openai.azure.com',
      'custom ws://127.0.0.1:8080',
    ]) {
      expect(parseKeyFile(JSON.stringify({ v: 2, key: 'sk-abc123456789', endpoint }))).toEqual({
        key: 'sk-abc123456789',
        endpoint,
      });
    }
  });
});
