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
    /** What a well-formed secret and binding look like (the API key's, or an MCP token's). */
    private readonly format: KeyFileFormat = API_KEY_FORMAT,
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
    const reading = readKeyFile(text, this.format);
    if (reading.ok) return reading.stored;
    // Never used, never deleted: set aside for the user, who is asked for the key again.
    const aside = setAside(this.path, `${this.path}.unrecognized-${Date.now()}`);
    this.problem = `Hark did not use your saved API key: the key file is not one this version of Hark wrote (${reading.why}). Enter your key again in Settings.${aside}`;
    return null;
  }
}

/** The longest key Hark accepts (settings-model); a file with a longer one is not Hark's. */
const MAX_KEY_CHARS = 512;
const ENDPOINT_PROVIDERS = new Set(['openai', 'azure', 'custom']);

/** What a well-formed secret and its binding look like in a key file of version 2. */
export interface KeyFileFormat {
  /** Version 1: the bare secret (an older Hark's; read unbound, so never sent as it is). */
  bare: (text: string) => boolean;
  key: (key: string) => boolean;
  endpoint: (endpoint: string) => boolean;
}

/** The API key: printable, no whitespace; bound to an endpoint identity. */
export const API_KEY_FORMAT: KeyFileFormat = {
  // Printable, no spaces, and not JSON of another shape (an array, a string).
  bare: (text) => text.length <= MAX_KEY_CHARS && /^(?!["[\]])[\x21-\x7e]+$/.test(text),
  key: (key) => key.length <= MAX_KEY_CHARS && /^[\x21-\x7e\u00a0-\uffff]+$/.test(key),
  endpoint: (endpoint) => isEndpointIdentity(endpoint),
};

export type KeyFileReading = { ok: true; stored: StoredKey | null } | { ok: false; why: string };

/**
 * Exactly one of the formats Hark wrote, or nothing: version 2 is JSON `{v: 2, key,
 * endpoint}` with a well-formed endpoint identity ("provider wss://origin"); version 1 was
 * the bare key (no spaces or control characters; bound on first use). Anything else — an
 * unknown version, extra or missing fields, a malformed endpoint — is refused, so a key is
 * never bound to an endpoint it was not entered for.
 */
export function readKeyFile(text: string, format: KeyFileFormat = API_KEY_FORMAT): KeyFileReading {
  if (text === '') return { ok: true, stored: null };
  if (!text.startsWith('{')) {
    return format.bare(text)
      ? { ok: true, stored: { key: text, endpoint: null } }
      : { ok: false, why: 'it is neither a key nor a format this Hark knows' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, why: 'it is damaged' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, why: 'it is not a key record' };
  const record = value as Record<string, unknown>;
  if (record.v !== 2)
    return { ok: false, why: `its version (${String(record.v).slice(0, 20)}) is unknown` };
  const fields = Object.keys(record).sort().join(',');
  if (fields !== 'endpoint,key,v')
    return { ok: false, why: 'its fields are not those of version 2' };
  const { key, endpoint } = record;
  if (typeof key !== 'string' || key === '' || !format.key(key))
    return { ok: false, why: 'its key is not well-formed' };
  if (typeof endpoint !== 'string' || !format.endpoint(endpoint))
    return { ok: false, why: 'the endpoint it names is not well-formed' };
  return { ok: true, stored: { key, endpoint } };
}

/** "provider origin" as endpoint-binding.ts writes it: openai, azure or custom, and a ws(s) origin. */
export function isEndpointIdentity(identity: string): boolean {
  const [provider, origin, ...rest] = identity.split(' ');
  if (rest.length > 0 || !provider || !origin || !ENDPOINT_PROVIDERS.has(provider)) return false;
  try {
    const url = new URL(origin);
    return (
      (url.protocol === 'wss:' || url.protocol === 'ws:') &&
      `${url.protocol}//${url.host}` === origin
    );
  } catch {
    return false;
  }
}

/** The stored key, or null for no key or a file that is not exactly one Hark wrote. */
export function parseKeyFile(text: string): StoredKey | null {
  const reading = readKeyFile(text);
  return reading.ok ? reading.stored : null;
}
