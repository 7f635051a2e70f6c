import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));
const { JsonSettingsStore } = await import('../../../src/main/desktop/settings');
const { SafeStorageSecretStore } = await import('../../../src/main/desktop/secrets');
const { DEFAULT_SETTINGS } = await import('../../../src/main/realtime/settings-model');

describe('JsonSettingsStore', () => {
  it('returns defaults when there is no file, and round-trips a save', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hark-settings-'));
    const store = new JsonSettingsStore(join(dir, 'settings.json'));
    expect(store.load()).toEqual(DEFAULT_SETTINGS);
    store.save({ ...DEFAULT_SETTINGS, provider: 'openai', model: 'gpt-realtime-mini' });
    expect(new JsonSettingsStore(join(dir, 'settings.json')).load()).toMatchObject({
      provider: 'openai',
      model: 'gpt-realtime-mini',
    });
  });

  it('keeps a damaged file aside, explains, and starts with defaults', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hark-settings-'));
    await writeFile(join(dir, 'settings.json'), '{"provider": "openai",');
    const store = new JsonSettingsStore(join(dir, 'settings.json'));
    expect(store.load()).toEqual(DEFAULT_SETTINGS);
    expect(store.problem).toMatch(/could not be read/);
    const files = await readdir(dir);
    const aside = files.find((f) => f.includes('damaged'))!;
    expect(await readFile(join(dir, aside), 'utf8')).toBe('{"provider": "openai",');
  });

  it('ignores fields of the wrong type', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hark-settings-'));
    await writeFile(
      join(dir, 'settings.json'),
      JSON.stringify({ provider: 'mars', model: 42, voice: 'cedar' }),
    );
    expect(new JsonSettingsStore(join(dir, 'settings.json')).load()).toEqual({
      ...DEFAULT_SETTINGS,
      voice: 'cedar',
    });
  });
});

describe('SafeStorageSecretStore', () => {
  const safeStorage = (available: boolean) => ({
    isEncryptionAvailable: () => available,
    encryptString: (s: string) => Buffer.from(`enc:${s}`),
    decryptString: (b: Buffer) => b.toString().replace(/^enc:/, ''),
  });

  it('stores the key encrypted, never in clear text', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hark-secret-'));
    const path = join(dir, 'key.bin');
    new SafeStorageSecretStore(path, safeStorage(true) as never).setKey('sk-abc');
    expect(await readFile(path, 'utf8')).toBe('enc:sk-abc');
    expect(new SafeStorageSecretStore(path, safeStorage(true) as never).getKey()).toBe('sk-abc');
  });

  it('keeps the key in memory only when the OS has no encryption', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hark-secret-'));
    const store = new SafeStorageSecretStore(join(dir, 'key.bin'), safeStorage(false) as never);
    store.setKey('sk-abc');
    expect(store.getKey()).toBe('sk-abc');
    expect(store.persistent).toBe(false);
    expect(await readdir(dir)).toEqual([]);
  });

  it('removes the key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hark-secret-'));
    const store = new SafeStorageSecretStore(join(dir, 'key.bin'), safeStorage(true) as never);
    store.setKey('sk-abc');
    store.setKey(null);
    expect(store.getKey()).toBeNull();
    expect(await readdir(dir)).toEqual([]);
  });
});
