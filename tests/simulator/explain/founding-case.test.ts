import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

const CLI = resolve(import.meta.dirname, '../../../src/simulator/cli.ts');
const dir = mkdtempSync(join(tmpdir(), 'hark-explain-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The founding case, replayed against `npm run simulator -- --explain`: a client whose first
 * append goes out as a binary message, and whose microphone audio is 16 kHz labelled as
 * 24 kHz. One run, no key: both mistakes are found and explained in plain words.
 */
describe('the founding case through the simulator CLI', () => {
  it(
    'finds the binary append and the 16 kHz audio, on stderr, as JSON lines and in the event log',
    { timeout: 30_000 },
    async () => {
      const jsonFile = join(dir, 'findings.jsonl');
      const logFile = join(dir, 'events.jsonl');
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', CLI, '--explain', '--explain-json', jsonFile, '--event-log', logFile],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const stderr: string[] = [];
      createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
      const url = await new Promise<string>((resolveUrl, reject) => {
        createInterface({ input: child.stdout! }).once('line', (line) => resolveUrl(line.trim()));
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr.join('\n')}`)));
      });
      try {
        const ws = new WebSocket(url, {
          headers: { Authorization: 'Bearer sk-proj-notarealkey1234567890' },
        });
        await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
        ws.send(
          JSON.stringify({
            type: 'session.update',
            session: { type: 'realtime', audio: { input: { turn_detection: null } } },
          }),
        );
        // As the native client did: its first append as a binary message…
        const frame = (): string =>
          JSON.stringify({
            type: 'input_audio_buffer.append',
            audio: Buffer.alloc(640, 5).toString('base64'),
          });
        ws.send(Buffer.from(frame()));
        // …then its 16 kHz microphone, 20 ms at a time in real time, labelled 24 kHz.
        const start = performance.now();
        let sent = 0;
        while (sent < 175) {
          while (sent * 20 <= performance.now() - start && sent < 175) {
            ws.send(frame());
            sent++;
          }
          await sleep(5);
        }
        ws.send(JSON.stringify({ type: 'input_audio_buffer.commit' }));
        const deadline = Date.now() + 10_000;
        const lines = (): string[] => readFileSync(jsonFile, 'utf8').split('\n').filter(Boolean);
        while (lines().length < 2 && Date.now() < deadline) await sleep(100);
        ws.close();
        const findings = lines().map((l) => JSON.parse(l) as Record<string, unknown>);
        expect(findings.map((f) => f.finding)).toEqual(['binary_frame', 'audio_rate_mismatch']);
        expect(findings[0]).toMatchObject({
          event_position: 2,
          event_type: 'input_audio_buffer.append',
        });
        while (!stderr.join('\n').includes('declared as 24 kHz') && Date.now() < deadline)
          await sleep(100);
        const text = stderr.join('\n');
        expect(text).toMatch(
          /What happened: input_audio_buffer\.append was sent as a BINARY WebSocket message/,
        );
        expect(text).toMatch(/closes the socket, often with code 1000 and no reason/);
        expect(text).toMatch(/URLSessionWebSocketTask: \.string\(json\), not \.data/);
        expect(text).toMatch(/16 kHz audio declared as 24 kHz/);
        // The event log: Hark's inspector format, audio elided, no key anywhere.
        await sleep(1_500);
        const log = readFileSync(logFile, 'utf8');
        const [header, ...entries] = log
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as Record<string, unknown>);
        expect(header).toMatchObject({ hark_event_log: 1 });
        expect(entries.length).toBeGreaterThan(100);
        expect(entries.some((e) => String(e.type).includes('[BINARY message]'))).toBe(true);
        expect(log).not.toMatch(/notarealkey/);
        expect(log).not.toContain(Buffer.alloc(640, 5).toString('base64'));
      } finally {
        // Wait for it to go: it flushes its event log on the way out, into the folder removed after.
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGTERM');
        if (child.exitCode === null) await exited;
      }
    },
  );
});
