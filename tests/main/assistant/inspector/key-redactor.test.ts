import { describe, expect, it } from 'vitest';
import { keyRedactor } from '../../../../src/main/assistant/inspector/key-redactor';

describe('keyRedactor', () => {
  it('redacts the key it reads now, in full and in part, and follows a new key', () => {
    let key: string | null = 'Hark7LeakCanary0123456789abcdefXYZ';
    let reads = 0;
    const redactor = keyRedactor(() => (reads++, key));
    expect(redactor.text(`said ${key} twice ${key}`)).not.toContain('LeakCanary');
    expect(redactor.text('a piece: LeakCanary0123456789 of it')).not.toContain('Canary0123');
    expect(reads).toBe(2);

    key = 'AnotherKey9876543210zyxwvutsrqp';
    expect(redactor.text(`now ${key}`)).not.toContain('AnotherKey98');
    key = null;
    // Without a key, secret shapes still go.
    expect(redactor.text('token sk-proj-abcdef123456 here')).not.toContain('sk-proj-abcdef');
    expect(redactor.text('plain words stay')).toBe('plain words stay');
  });
});
