import { describe, expect, it } from 'vitest';
import { SettingsKeeper } from '../../../src/main/settings/settings-keeper';
import {
  DEFAULT_SETTINGS,
  MemorySecretStore,
  MemorySettingsStore,
  type StoredKey,
} from '../../../src/main/settings/settings-model';

/** A key store whose disk refuses writes until `fixed`. */
class ReadOnlyKeyStore extends MemorySecretStore {
  fixed = false;
  override write(value: StoredKey | null): void {
    if (!this.fixed) throw new Error('EROFS: read-only file system');
    super.write(value);
  }
}

describe('SettingsKeeper', () => {
  it('an old key that cannot be bound is sent nowhere, and the window is told beside the key field', () => {
    const secrets = new ReadOnlyKeyStore('sk-old-unbound-key');
    const keeper = new SettingsKeeper(
      new MemorySettingsStore({ ...DEFAULT_SETTINGS, provider: 'openai' }),
      secrets,
    );
    expect(keeper.key()).toBeNull();
    expect(keeper.view()).toMatchObject({
      hasKey: true,
      keyForOtherEndpoint: true,
      keyProblem: expect.stringMatching(/EROFS.*enter the key for this endpoint again/),
    });
    // Entering the key (once the disk takes it) clears the problem.
    secrets.fixed = true;
    expect(keeper.save({ apiKey: 'sk-new-key-123456' }, () => undefined)).toMatchObject({
      ok: true,
    });
    expect(keeper.view().keyProblem).toBeNull();
    expect(keeper.key()).toBe('sk-new-key-123456');
  });

  it('a key bound without trouble has no problem to show', () => {
    const keeper = new SettingsKeeper(
      new MemorySettingsStore({ ...DEFAULT_SETTINGS, provider: 'openai' }),
      new MemorySecretStore('sk-old-unbound-key'),
    );
    expect(keeper.view().keyProblem).toBeNull();
    expect(keeper.key()).toBe('sk-old-unbound-key');
  });
});
