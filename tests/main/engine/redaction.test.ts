import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  endpointSecrets,
  KEY_REDACTED,
  MIGHT_MATCH_A_PATTERN,
  Redactor,
  redactText,
  redactUrl,
  TEXT_PATTERNS,
} from '../../../src/main/engine/redaction';

const KEY = 'sk-proj-Hark7LeakCanary0123456789abcdef';

describe('Redactor', () => {
  it('removes the key as entered, trimmed and URL-encoded', () => {
    const r = new Redactor([`${KEY}\n`]);
    expect(r.text(`Incorrect API key provided: ${KEY}.`)).toBe(
      `Incorrect API key provided: ${KEY_REDACTED}.`,
    );
    expect(r.text(`with newline ${KEY}\n!`)).not.toContain(KEY);
    const odd = new Redactor(['key/with+odd=chars']);
    expect(odd.text(`?k=${encodeURIComponent('key/with+odd=chars')}`)).not.toContain(
      encodeURIComponent('key/with+odd=chars'),
    );
  });

  it('removes Authorization and api-key values, and sk-/ek_-shaped secrets, without knowing them', () => {
    const r = new Redactor();
    expect(r.text('Authorization: Bearer abc.def-ghi')).toBe('Authorization: Bearer [redacted]');
    expect(r.text('{"api-key":"0123456789abcdef"}')).toBe('{"api-key":"[redacted]"}');
    expect(r.text('api_key=s3cr3t&model=x')).toBe('api_key=[redacted]&model=x');
    expect(r.text('a sk-abcdefgh1234 b ek_68a1b2c3d4e5f6 c')).toBe('a [redacted] b [redacted] c');
    expect(r.text('masked sk-proj-****************abcd')).toBe('masked [redacted]');
    expect(r.text('input_tokens: 12, max tokens: 5')).toBe('input_tokens: 12, max tokens: 5');
  });

  it('redacts secrets inside URLs: user info, query values, token-like path segments', () => {
    expect(redactUrl('wss://user:pw@h.example/v1/realtime?model=gpt-realtime&k=hunter22#x')).toBe(
      'wss://[redacted]@h.example/v1/realtime?model=gpt-realtime&k=[redacted]',
    );
    expect(redactUrl('wss://h.example/v1/Zq9f8s7d6f5g4h3j2k1l0/realtime')).toBe(
      'wss://h.example/v1/[redacted]/realtime',
    );
    expect(redactUrl(`wss://h.example/${KEY}`)).toBe('wss://h.example/[redacted]');
    expect(redactText(`failed: wss://h.example/x?sig=abc123&api-version=2025-01-01`)).toBe(
      'failed: wss://h.example/x?sig=[redacted]&api-version=2025-01-01',
    );
    expect(redactUrl('not a url with sk-secret1234 inside')).not.toContain('sk-secret1234');
  });

  it('knows the secrets an endpoint carries', () => {
    expect(
      endpointSecrets({
        url: 'wss://u:p4ss@h.example/a/Zq9f8s7d6f5g4h3j2k1l0?model=m&token=t0k3n',
        headers: { Authorization: `Bearer ${KEY}`, 'X-Other': 'public' },
      }),
    ).toEqual(
      expect.arrayContaining([`Bearer ${KEY}`, 'p4ss', 'u', 't0k3n', 'Zq9f8s7d6f5g4h3j2k1l0']),
    );
  });

  it('redacts deep structures (keys too) and leaves binary views alone', () => {
    const r = new Redactor([KEY]);
    const audio = new Uint8Array([1, 2]);
    const out = r.deep({ error: { message: `bad ${KEY}`, [KEY]: 1 }, list: [KEY], audio, n: 5 });
    expect(JSON.stringify(out)).not.toContain(KEY);
    expect(out.audio).toBe(audio);
    expect(out.n).toBe(5);
  });

  it('no generated text carries a generated key out (10,000 cases)', () => {
    const key = fc
      .tuple(
        fc.constantFrom('sk-', 'sk-proj-', 'ek_', '', 'az'),
        fc.stringMatching(/^[A-Za-z0-9_-]{8,80}$/),
        fc.constantFrom('', '\n', ' ', '\r\n', '\t '),
      )
      .map(([prefix, body, tail]) => ({
        stored: `${prefix}${body}${tail}`,
        sent: `${prefix}${body}`,
      }));
    const around = fc.string({ maxLength: 60 });
    const echo = fc.constantFrom(
      (k: string) => `Incorrect API key provided: ${k}. You can find your API key at https://x`,
      (k: string) => `{"error":{"message":"key ${k} invalid","type":"invalid_request_error"}}`,
      (k: string) => `invalid_request_error.invalid_api_key ${k}`,
      (k: string) => `wss://h.example/v1/${k}/realtime?x=${k}`,
      (k: string) => `Authorization: Bearer ${k}`,
      (k: string) => `api-key: ${k}`,
      (k: string) => encodeURIComponent(k),
      (k: string) => k,
    );
    let cases = 0;
    fc.assert(
      fc.property(key, around, around, echo, ({ stored, sent }, before, after, form) => {
        cases++;
        const out = new Redactor([stored]).text(`${before}${form(sent)}${after}`);
        expect(out).not.toContain(sent);
        expect(out).not.toContain(encodeURIComponent(sent));
      }),
      { numRuns: 10_000, seed: 0x6b6579 },
    );
    expect(cases).toBe(10_000);
  }, 30_000); // a correctness test, not a timing one: generous for a loaded machine

  it('property: no pattern text() runs can match text its guard lets skip them', () => {
    // Redactor.text runs TEXT_PATTERNS only on text MIGHT_MATCH_A_PATTERN accepts. Each
    // piece below is part of something a pattern looks for; any text, and any join of them,
    // that the guard turns away must match none of the patterns.
    const piece = fc.constantFrom(
      'sk',
      'ek',
      '-',
      '_',
      'proj',
      'Authorization',
      'PROXY-AUTHORIZATION',
      'api_key',
      'x-api-key',
      'token',
      'password',
      'Bearer ',
      'https',
      '//',
      'wss',
      ' ',
      '"',
      "'",
      'abc123',
      'ABCdef0123456789',
      '*',
      '.',
      '：', // a full-width colon is not a colon
    );
    const text = fc.oneof(
      fc.array(piece, { maxLength: 14 }).map((pieces) => pieces.join('')),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
    );
    const patterns = TEXT_PATTERNS.map((p) => new RegExp(p.source, p.flags.replace('g', '')));
    let skipped = 0;
    fc.assert(
      fc.property(text, (value) => {
        if (MIGHT_MATCH_A_PATTERN.test(value)) return;
        skipped++;
        for (const pattern of patterns) expect(pattern.test(value), String(pattern)).toBe(false);
      }),
      { numRuns: 5000 },
    );
    expect(skipped).toBeGreaterThan(1000);
  });
});
