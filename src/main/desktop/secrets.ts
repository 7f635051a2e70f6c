import { rmSync } from 'node:fs';
import type { SafeStorage } from 'electron';
import type { SecretStore, StoredKey } from '../settings/settings-model';
import { writeFileAtomic } from './atomic-write';
import { NotASmallFileError, readSmallFile, setAside } from '../files/small-file';

/** An encrypted key (at most 512 characters) with its endpoint is far below this. */
export const MAX_KEY_FILE_BYTES = 64 * 1024;

/** The encrypted file's content: the key and the endpoint it was entered for. */
interface KeyFileV2 {
  v: 2;
  key: string;
  endpoint: string | null;
}

/**
 * The API key, encrypted with the OS keychain (safeStorage) in the user-data folder,
 * together with the endpoint it was entered for, written atomically with mode 0600. Where
 * the OS offers no encryption, the key is kept in memory for this run only and never
 * written in clear text; `persistent` tells the UI so. A key that cannot be decrypted
 * (another user, a changed keychain) is reported in `problem`: the user enters it again.
 */
export class SafeStorageSecretStore implements SecretStore {
  private cached: StoredKey | null | undefined;
  /** Set when the stored key could not be read; the caller tells the user. */
  problem: string | null = null;

  constructor(
    private readonly path: string,
    private readonly safeStorage: SafeStorage,
  ) {}

  get persistent(): boolean {
    return this.safeStorage.isEncryptionAvailable();
  }

  read(): StoredKey | null {
    if (this.cached !== undefined) return this.cached && { ...this.cached };
    this.cached = this.readFile();
    return this.cached && { ...this.cached };
  }

  write(value: StoredKey | null): void {
    if (value === null) {
      rmSync(this.path, { force: true });
    } else if (this.persistent) {
      const content: KeyFileV2 = { v: 2, key: value.key, endpoint: value.endpoint };
      writeFileAtomic(this.path, this.safeStorage.encryptString(JSON.stringify(content)), 0o600);
    }
    // Only once the disk agrees does the key in memory change.
    this.cached = value && { ...value };
    this.problem = null;
  }

  private readFile(): StoredKey | null {
    if (!this.persistent) return null;
    let bytes: Buffer | null;
    try {
      // A FIFO, a device, a folder or a huge file at the path must not hang or flood startup.
      bytes = readSmallFile(this.path, MAX_KEY_FILE_BYTES);
    } catch (error) {
      const aside =
        error instanceof NotASmallFileError
          ? setAside(this.path, `${this.path}.damaged-${Date.now()}`)
          : '';
      this.problem = `Hark could not read your saved API key (${(error instanceof Error ? error.message : String(error)).slice(0, 200)}). Enter your key again in Settings.${aside}`;
      return null;
    }
    if (bytes === null) return null;
    let text: string;
    try {
      text = this.safeStorage.decryptString(bytes);
    } catch {
      this.problem =
        'Hark could not decrypt your saved API key (the system keychain changed, or the file belongs to another user). Enter your key again in Settings.';
      return null;
    }
    return parseKeyFile(text);
  }
}

/** Version 2 is JSON with the binding; version 1 was the bare key (bound on first use). */
export function parseKeyFile(text: string): StoredKey | null {
  if (text.startsWith('{')) {
    try {
      const value = JSON.parse(text) as Partial<KeyFileV2>;
      if (value.v === 2 && typeof value.key === 'string' && value.key) {
        return {
          key: value.key,
          endpoint: typeof value.endpoint === 'string' ? value.endpoint : null,
        };
      }
    } catch {
      // not JSON after all: a bare key that starts with "{"
    }
  }
  return text ? { key: text, endpoint: null } : null;
}
