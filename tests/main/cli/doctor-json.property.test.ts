/**
 * `npm run doctor -- --json`: its last line is JSON whatever the server says — URLs, quotes,
 * backslashes, Unicode, the real OpenAI 401 body — on each channel a server can speak
 * through (an HTTP refusal, an error event, a close reason), and it never carries the key
 * or 12 characters of it.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDoctor } from '../../../src/main/cli/doctor';
import { greet, startTestServer, type TestServer } from '../../support/servers';

const KEY = 'sk-proj-Zq8vT3kLm0Pw7RyX2nB5cJ9hD4fG6sA1uE';
/** OpenAI's 401 body for a wrong key, as the service words it (it masks the key itself). */
const OPENAI_401 = `Incorrect API key provided: sk-proj-****************************h7Qx. You can find your API key at https://platform.openai.com/account/api-keys.`;

type Channel = 'refusal' | 'error-event' | 'close-reason';
let current: { channel: Channel; message: string } = { channel: 'refusal', message: OPENAI_401 };
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    refuse: () =>
      current.channel === 'refusal'
        ? {
            status: 401,
            body: JSON.stringify({
              error: {
                message: current.message,
                type: 'invalid_request_error',
                code: 'invalid_api_key',
              },
            }),
          }
        : null,
    onSocket: (socket) =>
      greet(socket, (event) => {
        if (event.type !== 'session.update') return;
        if (current.channel === 'error-event')
          socket.send(
            JSON.stringify({
              type: 'error',
              event_id: 'evt_e',
              error: { type: 'invalid_request_error', code: 'bad', message: current.message },
            }),
          );
        else socket.close(4000, truncateUtf8(current.message, 123));
      }),
  });
});
afterAll(() => server.close());

/** A close reason is at most 123 bytes of UTF-8. */
function truncateUtf8(text: string, bytes: number): string {
  let out = '';
  for (const char of text) {
    if (Buffer.byteLength(out + char) > bytes) break;
    out += char;
  }
  return out;
}

async function lastJsonLine(
  channel: Channel,
  message: string,
): Promise<{ line: string; all: string }> {
  current = { channel, message };
  const lines: string[] = [];
  await runDoctor(
    ['--url', server.url, '--json', '--fast', '--timeout', '5'],
    { OPENAI_API_KEY: KEY },
    (line) => lines.push(...line.split('\n')),
  );
  return { line: lines.filter(Boolean).at(-1) ?? '', all: lines.join('\n') };
}

function leaksKey(text: string): boolean {
  for (let i = 0; i + 12 <= KEY.length; i++) if (text.includes(KEY.slice(i, i + 12))) return true;
  return false;
}

const piece = fc.oneof(
  fc.constantFrom(
    OPENAI_401,
    'https://platform.openai.com/account/api-keys.',
    'see "https://example.com/a?b=c&token=xyz" ',
    'wss://h/v1/realtime?model=m&key=abc\\',
    'C:\\Users\\me\\key.txt',
    '\\"',
    '\\',
    '"',
    "'",
    '\u2028\u2029',
    '“curly” ‘quotes’ — ünïcödé 🎙️',
    'Authorization: Bearer ',
    KEY,
    KEY.slice(3),
    KEY.slice(5, 25),
    'api_key=',
    '\u0000\u001f',
  ),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
);
const message = fc.array(piece, { minLength: 1, maxLength: 6 }).map((parts) => parts.join(''));

describe('the doctor’s --json line', { timeout: 120_000 }, () => {
  it('keeps the real OpenAI 401 body valid JSON, its URL intact', async () => {
    const { line } = await lastJsonLine('refusal', OPENAI_401);
    const parsed = JSON.parse(line) as { close: { httpStatus: number } };
    expect(parsed.close.httpStatus).toBe(401);
    expect(line).toContain('https://platform.openai.com/account/api-keys.');
  });

  it.each(['refusal', 'error-event', 'close-reason'] as const)(
    'is JSON and carries no 12 characters of the key, whatever the server says (%s)',
    async (channel) => {
      await fc.assert(
        fc.asyncProperty(message, async (text) => {
          const { line, all } = await lastJsonLine(channel, text);
          expect(() => JSON.parse(line), line).not.toThrow();
          expect(leaksKey(all), all).toBe(false);
        }),
        { numRuns: 25 },
      );
    },
  );
});
