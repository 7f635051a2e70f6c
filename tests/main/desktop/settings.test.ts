import { mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));
const { JsonSettingsStore } = await import('../../../src/main/desktop/settings');
const { DEFAULT_SETTINGS, SETTINGS_VERSION } =
  await import('../../../src/main/settings/settings-model');

async function storeWith(content?: string) {
  const dir = await mkdtemp(join(tmpdir(), 'hark-settings-'));
  const path = join(dir, 'settings.json');
  if (content !== undefined) await writeFile(path, content);
  return { dir, path, store: new JsonSettingsStore(path, () => 1234) };
}

describe('JsonSettingsStore', () => {
  it('returns defaults when there is no file, and round-trips a save', async () => {
    const { path, store } = await storeWith();
    expect(store.load()).toEqual(DEFAULT_SETTINGS);
    expect(store.problem).toBeNull();
    store.save({ ...DEFAULT_SETTINGS, provider: 'openai', model: 'gpt-realtime-mini' });
    const reloaded = new JsonSettingsStore(path);
    expect(reloaded.load()).toEqual({
      ...DEFAULT_SETTINGS,
      provider: 'openai',
      model: 'gpt-realtime-mini',
    });
    expect(reloaded.problem).toBeNull();
    expect(JSON.parse(await readFile(path, 'utf8')).version).toBe(SETTINGS_VERSION);
  });

  it('writes atomically with mode 0600 and leaves no temporary file', async () => {
    const { dir, path, store } = await storeWith();
    store.save(DEFAULT_SETTINGS);
    store.save({ ...DEFAULT_SETTINGS, earcons: true });
    expect(await readdir(dir)).toEqual(['settings.json']);
    if (process.platform !== 'win32') expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('a failed save throws and leaves the file as it was', async () => {
    const { dir, path, store } = await storeWith();
    store.save(DEFAULT_SETTINGS);
    const before = await readFile(path, 'utf8');
    // The folder cannot take the temporary file (it is a file, not a folder): works as root too.
    const blocked = new JsonSettingsStore(join(path, 'settings.json'));
    expect(() => blocked.save({ ...DEFAULT_SETTINGS, earcons: true })).toThrow();
    expect(await readFile(path, 'utf8')).toBe(before);
    expect(await readdir(dir)).toEqual(['settings.json']);
  });

  it('keeps a damaged file aside, says where, and starts with defaults', async () => {
    const { dir, store } = await storeWith('{"provider": "openai",');
    expect(store.load()).toEqual(DEFAULT_SETTINGS);
    expect(store.problem).toMatch(/could not be used \(it is not valid JSON/);
    expect(store.problem).toContain('settings.json.damaged-1234');
    expect(await readFile(join(dir, 'settings.json.damaged-1234'), 'utf8')).toBe(
      '{"provider": "openai",',
    );
  });

  it('reports a list ([]) instead of silently resetting', async () => {
    const { store } = await storeWith('[]');
    expect(store.load()).toEqual(DEFAULT_SETTINGS);
    expect(store.problem).toMatch(/holds a list, not a settings object/);
  });

  it('reads a file saved with a UTF-8 byte-order mark', async () => {
    const { store } = await storeWith(
      `\uFEFF${JSON.stringify({ provider: 'openai', voice: 'cedar' })}`,
    );
    expect(store.load()).toEqual({ ...DEFAULT_SETTINGS, provider: 'openai', voice: 'cedar' });
    expect(store.problem).toBeNull();
  });

  it('reports fields of the wrong type (and keeps a copy of the file) instead of dropping them silently', async () => {
    const original = JSON.stringify({
      provider: 'mars',
      model: 42,
      voice: 'cedar',
      toggleHotkey: '+',
    });
    const { dir, store } = await storeWith(original);
    expect(store.load()).toEqual({ ...DEFAULT_SETTINGS, voice: 'cedar' });
    expect(store.problem).toMatch(/provider \(/);
    expect(store.problem).toMatch(/model \(/);
    expect(store.problem).toMatch(/toggleHotkey \(/);
    expect(store.problem).toContain('settings.json.before-1234');
    expect(await readFile(join(dir, 'settings.json.before-1234'), 'utf8')).toBe(original);
  });

  it('never names a copy that could not be written', async () => {
    const { dir, store } = await storeWith('{"model": 42}');
    // Something already sits where the copy would go, and cannot be overwritten.
    await mkdir(join(dir, 'settings.json.before-1234', 'occupied'), { recursive: true });
    store.load();
    expect(store.problem).toMatch(/model/);
    expect(store.problem).toMatch(/could not be kept/);
    expect(store.problem).not.toMatch(/kept as/);
  });

  it('migrates an unversioned (version 1) file and refuses what the schema refuses', async () => {
    const { store } = await storeWith(
      JSON.stringify({
        provider: 'custom',
        customUrl: 'javascript:alert(1)',
        holdHotkey: 'ctrl+alt+space',
        model: 'x'.repeat(60_000),
      }),
    );
    const loaded = store.load();
    expect(loaded.provider).toBe('custom');
    expect(loaded.customUrl).toBe('');
    expect(loaded.holdHotkey).toBe('Ctrl+Alt+Space');
    expect(loaded.model).toBe(DEFAULT_SETTINGS.model);
    expect(store.problem).toMatch(/customUrl/);
    expect(store.problem!.length).toBeLessThan(2000);
  });

  it('says when a newer Hark wrote the file', async () => {
    const { store } = await storeWith(JSON.stringify({ version: 99, voice: 'cedar', future: 1 }));
    expect(store.load()).toEqual({ ...DEFAULT_SETTINGS, voice: 'cedar' });
    expect(store.problem).toMatch(/newer Hark \(format 99\)/);
  });
});
