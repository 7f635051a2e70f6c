import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ASSISTANT_IPC } from '../../../src/shared/assistant-ipc';

const clipboardState = { text: 'before' };
const opened: string[] = [];
vi.mock('electron', () => ({
  clipboard: {
    readText: () => clipboardState.text,
    writeText: (text: string) => void (clipboardState.text = text),
  },
  shell: { openExternal: async (url: string) => void opened.push(url) },
}));
const { registerAssistantIpc } = await import('../../../src/main/desktop/assistant-ipc');
const { electronDesktopActions } = await import('../../../src/main/desktop/desktop-actions');
const { JsonAssistantSettingsStore, SafeStorageMcpSecretStore } =
  await import('../../../src/main/desktop/assistant-stores');
const { VoiceController } = await import('../../../src/main/voice/voice-controller');
const { MemorySecretStore, MemorySettingsStore } =
  await import('../../../src/main/settings/settings-model');

function setup() {
  const handlers = new Map<string, (event: unknown, payload: unknown) => unknown>();
  const ipcMain = {
    handle: (channel: string, fn: (event: unknown, payload: unknown) => unknown) =>
      handlers.set(channel, fn),
    removeHandler: (channel: string) => handlers.delete(channel),
  };
  const controller = new VoiceController({
    settings: new MemorySettingsStore(),
    secrets: new MemorySecretStore(),
  });
  const sent: [string, unknown][] = [];
  const window = {
    webContents: { id: 7, send: (c: string, p: unknown) => sent.push([c, p]) },
    isDestroyed: () => false,
  };
  const off = registerAssistantIpc(
    ipcMain as never,
    controller,
    () => [window as never],
    (url) => url === 'app://hark/index.html',
  );
  const ours = { sender: { id: 7 }, senderFrame: { url: 'app://hark/index.html', parent: null } };
  const foreign = {
    sender: { id: 8 },
    senderFrame: { url: 'https://evil.example/', parent: null },
  };
  const call = (channel: string, payload?: unknown, event: unknown = ours) =>
    handlers.get(channel)!(event, payload);
  return { handlers, controller, sent, off, call, foreign };
}

describe('registerAssistantIpc', () => {
  it('answers our window, refuses other senders, and validates every payload', async () => {
    const t = setup();
    expect(await t.call(ASSISTANT_IPC.inspectorList, {}, t.foreign)).toEqual({
      ok: false,
      error: 'untrusted sender',
    });
    expect(await t.call(ASSISTANT_IPC.answerApproval, { id: 'x' })).toMatchObject({ ok: false });
    expect(await t.call(ASSISTANT_IPC.historyLoad, '../../etc/passwd')).toEqual({
      ok: false,
      error: 'Not a conversation id.',
    });
    expect(await t.call(ASSISTANT_IPC.saveAssistantSettings, { speed: 'fast' })).toMatchObject({
      ok: false,
    });
    expect(await t.call(ASSISTANT_IPC.saveAssistantSettings, { spendCapUsd: 1 })).toEqual({
      ok: true,
      needsNewSession: false,
    });
    const snapshot = (await t.call(ASSISTANT_IPC.getAssistant)) as {
      settings: { spendCapUsd: number };
    };
    expect(snapshot.settings.spendCapUsd).toBe(1);
    expect(t.sent.map(([channel]) => channel)).toContain(ASSISTANT_IPC.assistantSettings);
    await t.controller.dispose();
  });

  it('removes its handlers', async () => {
    const t = setup();
    t.off();
    expect(t.handlers.size).toBe(0);
    await t.controller.dispose();
  });
});

describe('electronDesktopActions', () => {
  it('uses the clipboard and opens only web pages', async () => {
    const desktop = electronDesktopActions();
    desktop.writeClipboard('hi');
    expect(desktop.readClipboard()).toBe('hi');
    await desktop.openExternal('https://example.com/x');
    expect(opened).toEqual(['https://example.com/x']);
    await expect(desktop.openExternal('file:///etc/passwd')).rejects.toThrow(/web pages/);
    expect(desktop.canType).toBe(false);
    await expect(desktop.pasteKeystroke()).rejects.toThrow(/keyboard hook/);
  });
});

describe('assistant stores', () => {
  let dir: string;
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keep the settings across a restart, and each valid field of a damaged file', async () => {
    dir = await mkdtemp(join(tmpdir(), 'hark-assistant-'));
    const path = join(dir, 'assistant.json');
    const store = new JsonAssistantSettingsStore(path);
    store.save({ ...store.load(), speed: 1.25 });
    expect(new JsonAssistantSettingsStore(path).load().speed).toBe(1.25);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, JSON.stringify({ speed: 99, idleCapMinutes: 7 }));
    expect(new JsonAssistantSettingsStore(path).load()).toMatchObject({
      speed: 1,
      idleCapMinutes: 7,
    });
    writeFileSync(path, '{not json');
    const damaged = new JsonAssistantSettingsStore(path);
    expect(damaged.load().speed).toBe(1);
    expect(damaged.problem).toMatch(/could not be read/);
  });

  it('encrypt MCP authorizations per server and refuse labels that are not labels', async () => {
    dir = await mkdtemp(join(tmpdir(), 'hark-mcp-'));
    const safeStorage = {
      isEncryptionAvailable: () => true,
      encryptString: (s: string) => Buffer.from([...s].reverse().join('')),
      decryptString: (b: Buffer) => [...b.toString()].reverse().join(''),
    };
    const secrets = new SafeStorageMcpSecretStore(dir, safeStorage as never);
    const token = { value: 'Bearer t0k3n', binding: '["mcp","docs","https://x/","openai"]' };
    secrets.write('docs', token);
    expect(new SafeStorageMcpSecretStore(dir, safeStorage as never).read('docs')).toEqual(token);
    const { readFileSync, writeFileSync } = await import('node:fs');
    expect(readFileSync(join(dir, 'docs.bin'), 'utf8')).not.toContain('t0k3n');
    expect(() => secrets.write('../escape', token)).toThrow(/not an MCP server label/);
    expect(secrets.read('../escape')).toBeNull();
    expect(() => secrets.write('../escape', null)).not.toThrow();
    secrets.write('docs', null);
    expect(secrets.read('docs')).toBeNull();
    // A token written by an older Hark (the bare value) reads as unbound: never sent.
    writeFileSync(join(dir, 'old.bin'), safeStorage.encryptString('Bearer legacy'));
    expect(new SafeStorageMcpSecretStore(dir, safeStorage as never).read('old')).toEqual({
      value: 'Bearer legacy',
      binding: null,
    });
    // One the keychain cannot decrypt reads as unbound too: asked for again, never "none".
    const lockedKeychain = {
      ...safeStorage,
      decryptString: () => {
        throw new Error('keychain changed');
      },
    };
    expect(new SafeStorageMcpSecretStore(dir, lockedKeychain as never).read('old')).toEqual({
      value: '',
      binding: null,
    });
    expect(new SafeStorageMcpSecretStore(dir, lockedKeychain as never).read('absent')).toBeNull();
  });
});
