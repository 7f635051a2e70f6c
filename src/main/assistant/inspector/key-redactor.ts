import { Redactor } from '../../engine/redaction';
import type { TextRedactor } from './event-log';

/**
 * The inspector's redaction: the realtime redaction rules (key variants, credential headers
 * and fields, secret-shaped text, secrets in URLs), knowing the stored key. The redactor is
 * rebuilt only when the key changes. Credential fields are also blanked by the log itself.
 */
export function keyRedactor(key: () => string | null): TextRedactor {
  let known: string | null = null;
  let redactor = new Redactor();
  return {
    text(value: string): string {
      const current = key();
      if (current !== known) {
        known = current;
        redactor = new Redactor([current]);
      }
      return redactor.text(value);
    },
  };
}
