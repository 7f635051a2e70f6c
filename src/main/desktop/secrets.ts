import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SafeStorage } from 'electron';
import type { SecretStore } from '../realtime/settings-model';

/**
 * The API key, encrypted with the OS keychain (safeStorage) in the user-data folder. Where
 * the OS offers no encryption, the key is kept in memory for this run only and never
 * written in clear text; `persistent` tells the UI so.
 */
export class SafeStorageSecretStore implements SecretStore {
  private memoryKey: string | null = null;

  constructor(
    private readonly path: string,
    private readonly safeStorage: SafeStorage,
  ) {}

  get persistent(): boolean {
    return this.safeStorage.isEncryptionAvailable();
  }

  getKey(): string | null {
    if (this.memoryKey) return this.memoryKey;
    if (!this.persistent || !existsSync(this.path)) return null;
    try {
      this.memoryKey = this.safeStorage.decryptString(readFileSync(this.path));
      return this.memoryKey;
    } catch {
      return null; // unreadable (another user, a changed keychain): ask for the key again
    }
  }

  setKey(key: string | null): void {
    this.memoryKey = key;
    if (key === null) {
      rmSync(this.path, { force: true });
      return;
    }
    if (!this.persistent) return;
    mkdirSync(dirname(this.path), { recursive: true });
    writeFileSync(this.path, this.safeStorage.encryptString(key), { mode: 0o600 });
  }
}
