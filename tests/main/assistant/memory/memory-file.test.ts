import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryBook } from '../../../../src/main/assistant/memory/memory-book';
import { JsonMemoryFile } from '../../../../src/main/assistant/memory/memory-file';

const folder = () => mkdtempSync(join(tmpdir(), 'hark-memory-'));

describe('the memory file', () => {
  it('is written 0600 in the user-data folder and read back', async () => {
    const path = join(folder(), 'memory.json');
    const book = new MemoryBook(new JsonMemoryFile(path));
    book.remember('Prefers metric units', 'model');
    book.setEnabled(false);
    await book.flush();
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
    const again = new MemoryBook(new JsonMemoryFile(path));
    expect(again.entries.map((e) => e.text)).toEqual(['Prefers metric units']);
    expect(again.enabled).toBe(false);
  });

  it('survives a crash mid-write: a writer killed at random leaves a whole memory', async () => {
    const dir = folder();
    const path = join(dir, 'memory.json');
    for (const delayMs of [40, 90, 170]) {
      // One process (tsx as a loader, not its CLI, which would run the writer in a child).
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', resolve('tests/main/assistant/memory/fixtures/save-forever.ts'), path],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      await new Promise<void>((ready) => child.stdout!.once('data', () => ready()));
      await new Promise((r) => setTimeout(r, delayMs));
      const exited = new Promise((r) => child.once('exit', (_code, signal) => r(signal)));
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      // Whatever moment it died at, the file is one complete save.
      const loaded = new JsonMemoryFile(path).load();
      expect(loaded.problem).toBeNull();
      expect(JSON.parse(readFileSync(path, 'utf8')).kind).toBe('hark-memory');
      // Every entry whole (the writer empties its memory every 40 entries, and a save made
      // right after that holds none: an empty memory is a complete save too).
      expect(loaded.content.entries.length).toBeLessThanOrEqual(40);
      for (const entry of loaded.content.entries)
        expect(entry.text).toMatch(/^fact number \d+ y{250}$/);
    }
    // Temporary files of killed writes may remain beside it; they are never read as the memory.
    expect(readdirSync(dir).filter((f) => f === 'memory.json')).toHaveLength(1);
  }, 60_000);

  it('a damaged file is set aside (not lost) and Hark starts with an empty memory', () => {
    const dir = folder();
    const path = join(dir, 'memory.json');
    writeFileSync(path, '{"kind":"hark-memory","entries":[{"id":"mem_1","te');
    const loaded = new JsonMemoryFile(path).load();
    expect(loaded.content.entries).toEqual([]);
    expect(loaded.problem).toMatch(/could not be read.*kept as .*damaged-/);
  });

  it('keeps the valid entries of a file with bad or too many ones', () => {
    const path = join(folder(), 'memory.json');
    const good = (i: number) => ({
      id: `mem_${i}`,
      text: `fact ${i}`,
      createdAt: i,
      updatedAt: i,
      by: 'user',
    });
    const entries = [
      good(1),
      { ...good(2), text: 'x'.repeat(301) },
      { ...good(3), by: 'someone' },
      ...Array.from({ length: 60 }, (_, i) => good(i + 10)),
    ];
    writeFileSync(path, JSON.stringify({ kind: 'hark-memory', enabled: true, entries }));
    const loaded = new JsonMemoryFile(path).load();
    expect(loaded.content.entries).toHaveLength(50);
    expect(loaded.content.entries[0]!.text).toBe('fact 1');
    expect(loaded.problem).toMatch(/13 damaged or extra memory entries were left out/);
  });
});
