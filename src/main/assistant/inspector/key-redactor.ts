import type { TextRedactor } from './event-log';

const KEY_SHAPES = [/\bsk-[A-Za-z0-9_\-*.]{6,}/g, /\bek_[A-Za-z0-9_\-*.]{6,}/g];

/**
 * The inspector's redaction until the realtime redaction module is wired in: the stored
 * key wherever it appears (as entered and trimmed) and anything shaped like an OpenAI key.
 * Credential fields (authorization, api-key, headers) are blanked by the log itself.
 */
export function keyRedactor(key: () => string | null): TextRedactor {
  return {
    text(value: string): string {
      let out = value;
      const secret = key()?.trim();
      if (secret && secret.length >= 4) out = out.split(secret).join('[API key redacted]');
      for (const shape of KEY_SHAPES) out = out.replace(shape, '[redacted]');
      return out;
    },
  };
}
