import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SafeStorage } from 'electron';
import {
  DEFAULT_ASSISTANT_SETTINGS,
  mcpServerSchema,
  readAssistantSettings,
  type AssistantSettings,
} from '../../shared/assistant';
import type { AssistantSettingsStore } from '../assistant/assistant-service';
import { HistoryStore } from '../assistant/history/history-store';
import { JsonMemoryFile } from '../assistant/memory/memory-file';
import type { McpSecretStore, StoredMcpToken } from '../assistant/mcp/mcp-tools';
import { electronDesktopActions } from './desktop-actions';
import { SafeStorageSecretStore, type KeyFileFormat } from './secrets';

/** An MCP token ("Bearer …" has a space) bound to its server and connection: a JSON list of strings. */
const printable = (token: string): boolean =>
  [...token].every((c) => c.charCodeAt(0) >= 0x20 && c !== '\u007f');
const MCP_TOKEN_FORMAT: KeyFileFormat = {
  bare: (text) => !/^["[]/.test(text) && printable(text),
  key: printable,
  endpoint: (binding) => {
    try {
      const value: unknown = JSON.parse(binding);
      return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string');
    } catch {
      return false;
    }
  },
};
import { readSmallFile } from '../files/small-file';

/** Instructions, prices and up to 20 MCP servers fit well within this. */
const MAX_ASSISTANT_SETTINGS_BYTES = 1024 * 1024;

/**
 * The assistant's settings as JSON beside Hark's own, written atomically. Each valid field
 * is kept; a damaged file is set aside and the defaults are used.
 */
export class JsonAssistantSettingsStore implements AssistantSettingsStore {
  problem: string | null = null;

  constructor(private readonly path: string) {}

  load(): AssistantSettings {
    try {
      // A FIFO, a device, a folder or a huge file at the path must not hang or flood startup.
      const bytes = readSmallFile(this.path, MAX_ASSISTANT_SETTINGS_BYTES);
      if (bytes === null) return structuredClone(DEFAULT_ASSISTANT_SETTINGS);
      return readAssistantSettings(JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, '')));
    } catch (error) {
      const aside = `${this.path}.damaged-${Date.now()}`;
      try {
        renameSync(this.path, aside);
      } catch {
        // the defaults still let the app start
      }
      this.problem = `The assistant settings could not be read (${error instanceof Error ? error.message : String(error)}); they were kept as ${aside}.`;
      return structuredClone(DEFAULT_ASSISTANT_SETTINGS);
    }
  }

  save(settings: AssistantSettings): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, this.path);
  }
}

/** Each MCP server's authorization, encrypted with the OS keychain like the API key. */
export class SafeStorageMcpSecretStore implements McpSecretStore {
  constructor(
    private readonly directory: string,
    private readonly safeStorage: SafeStorage,
  ) {}

  /**
   * The token and its binding (kept in the key file's `endpoint` field). A token saved by an
   * older Hark has none: it is never sent, and the window asks for it again.
   */
  read(label: string): StoredMcpToken | null {
    const store = this.storeFor(label);
    const stored = store?.read();
    if (stored) return { value: stored.key, binding: stored.endpoint };
    // A token that is there but cannot be decrypted (another user, a changed keychain) is
    // not "no token": it reads as unbound, so it is never sent and the window asks for it.
    if (store?.problem) return { value: '', binding: null };
    return null;
  }

  write(label: string, token: StoredMcpToken | null): void {
    const store = this.storeFor(label);
    // Nothing can be stored under a label that is not one, so there is nothing to remove.
    if (!store && token === null) return;
    if (!store) throw new Error(`"${label.slice(0, 64)}" is not an MCP server label`);
    store.write(token ? { key: token.value, endpoint: token.binding } : null);
  }

  private readonly stores = new Map<string, SafeStorageSecretStore>();

  private storeFor(label: string): SafeStorageSecretStore | null {
    // Labels name files: only the schema's shape (letters, digits, - and _) is accepted.
    if (!mcpServerSchema.shape.label.safeParse(label).success) return null;
    let store = this.stores.get(label);
    if (!store) {
      store = new SafeStorageSecretStore(
        join(this.directory, `${label}.bin`),
        this.safeStorage,
        MCP_TOKEN_FORMAT,
      );
      this.stores.set(label, store);
    }
    return store;
  }
}

/** The assistant's stores and desktop actions in the user-data folder. */
export function desktopAssistantOptions(userData: string, safeStorage: SafeStorage) {
  return {
    settings: new JsonAssistantSettingsStore(join(userData, 'assistant.json')),
    history: new HistoryStore(join(userData, 'conversations')),
    memory: new JsonMemoryFile(join(userData, 'memory.json')),
    mcpSecrets: new SafeStorageMcpSecretStore(join(userData, 'mcp-auth'), safeStorage),
    desktop: electronDesktopActions(),
  };
}
