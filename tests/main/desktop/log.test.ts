import { EventEmitter } from 'node:events';
import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));
const { createLogger, FloodGate, installProcessHandlers, LOG_FILE_NAME } =
  await import('../../../src/main/desktop/log');

const KEY = 'sk-proj-LogCanary0123456789abcdefXYZ';

describe('the log file', () => {
  it('lives in the user-data folder, mode 0600, and never holds the key in any form', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hark-log-'));
    const logger = createLogger(dir, () => [`${KEY}\n`]);
    logger.log('info', `connecting with ${KEY}`);
    logger.log('warn', `server said: Incorrect API key provided: ${KEY}.`);
    logger.log('error', `headers {"Authorization":"Bearer ${KEY}"} and api-key: other-secret-99`);
    logger.log('warn', 'an unknown sk-otherkey123456789 and ek_abcdef123456 too');
    logger.log('debug', 'debug lines are not written');
    logger.flush();
    expect(logger.path).toBe(join(dir, 'logs', LOG_FILE_NAME));
    const text = await readFile(logger.path, 'utf8');
    expect(text).toMatch(/connecting with \[API key redacted\]/);
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(KEY.slice(8));
    expect(text).not.toContain('other-secret-99');
    expect(text).not.toContain('sk-otherkey123456789');
    expect(text).not.toContain('ek_abcdef123456');
    expect(text).not.toContain('debug lines');
    if (process.platform !== 'win32') expect((await stat(logger.path)).mode & 0o777).toBe(0o600);
  });

  it('a flood of one kind becomes a few lines and a count', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hark-log-'));
    const logger = createLogger(dir, () => []);
    for (let i = 0; i < 20_000; i++) logger.log('warn', `rejected audio frame ${i}: 3 bytes`);
    logger.log('warn', 'something else entirely');
    logger.flush();
    const lines = (await readFile(logger.path, 'utf8')).trim().split('\n');
    expect(lines.length).toBe(7);
    expect(lines.at(-1)).toMatch(/19995 more like "rejected audio frame #/);
    expect(lines.join('\n')).toMatch(/something else entirely/);
  });

  it('rotates: the file stays bounded and three old files are kept', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hark-log-'));
    const logger = createLogger(dir, () => [], { maxBytes: 4096, linesPerWindow: 1e9 });
    for (let i = 0; i < 2000; i++) logger.log('info', `line ${i} ${'x'.repeat(40)}`);
    const files = (await readdir(join(dir, 'logs'))).sort();
    expect(files).toEqual(['hark.1.log', 'hark.2.log', 'hark.3.log', 'hark.log']);
    expect((await stat(logger.path)).size).toBeLessThanOrEqual(4096 + 200);
    expect(await readFile(logger.path, 'utf8')).toMatch(/line 1999 /);
  });
});

describe('FloodGate', () => {
  it('passes a few of each shape per window and sums up the rest', () => {
    const written: string[] = [];
    const gate = new FloodGate(2, 10_000, (line) => written.push(line));
    expect([1, 2, 3, 4].map((n) => gate.admit(`frame ${n} bad`))).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(gate.admit('other')).toBe(true);
    gate.flush();
    expect(written).toEqual(['2 more like "frame # bad…" in the last 10 s (not written)']);
    expect(gate.admit('frame 9 bad')).toBe(true);
    gate.flush();
  });
});

describe('process-level handlers', () => {
  it('log unhandled rejections and uncaught exceptions; never silent', () => {
    const target = new EventEmitter();
    const lines: string[] = [];
    const fatal = vi.fn();
    installProcessHandlers((level, m) => lines.push(`${level} ${m}`), fatal, target as never);
    target.emit('unhandledRejection', new Error('save failed'));
    target.emit('uncaughtException', new TypeError('boom'));
    expect(lines[0]).toMatch(/^error Unhandled rejection: Error: save failed/);
    expect(lines[1]).toMatch(/^error Uncaught exception: TypeError: boom/);
    expect(fatal.mock.calls.map(([kind]) => kind)).toEqual(['rejection', 'exception']);
    expect(fatal.mock.calls[1]![1]).toBeInstanceOf(TypeError);
  });
});
