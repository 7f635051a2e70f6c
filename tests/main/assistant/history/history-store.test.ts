import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../../src/shared/assistant';
import { toMarkdown, toPlainText } from '../../../../src/main/assistant/history/export';
import { HistoryStore } from '../../../../src/main/assistant/history/history-store';

const T0 = Date.UTC(2026, 10, 24, 18, 0, 0);
const entries: HistoryEntry[] = [
  { at: T0, role: 'user', text: 'What time is it?' },
  {
    at: T0 + 1_000,
    role: 'tool',
    tool: 'get_current_time',
    status: 'done',
    text: 'Read the date and time',
  },
  {
    at: T0 + 2_000,
    role: 'assistant',
    text: 'It is six in the evening, and the *weather*',
    interrupted: true,
    heardMs: 1_500,
    cost: 0.0123,
  },
  { at: T0 + 3_000, role: 'user', text: '', transcriptionFailed: true },
];

describe('HistoryStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hark-history-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps a conversation across a restart (a new store on the same folder)', async () => {
    const id = HistoryStore.newId(T0);
    await new HistoryStore(dir).save(id, entries, T0);
    const reopened = new HistoryStore(dir);
    const list = await reopened.list();
    expect(list).toEqual([
      { id, title: 'What time is it?', startedAt: T0, updatedAt: T0 + 3_000, entries: 4 },
    ]);
    const loaded = await reopened.load(id);
    expect(loaded?.entries).toEqual(entries);
    expect(loaded?.skippedLines).toBe(0);
  });

  it('lists newest first and skips foreign or empty files', async () => {
    const store = new HistoryStore(dir);
    const older = HistoryStore.newId(T0);
    const newer = HistoryStore.newId(T0 + 10);
    await store.save(older, entries.slice(0, 1), T0);
    await store.save(newer, [{ ...entries[0]!, at: T0 + 99_000 }], T0 + 10);
    await store.save(HistoryStore.newId(T0 + 20), [], T0 + 20);
    await writeFile(join(dir, 'notes.txt'), 'hello');
    expect((await store.list()).map((s) => s.id)).toEqual([newer, older]);
  });

  it.runIf(process.platform !== 'win32')(
    'a FIFO, a device link or a folder among the conversations is skipped, never waited on',
    async () => {
      const store = new HistoryStore(dir);
      const real = HistoryStore.newId(T0);
      await store.save(real, entries.slice(0, 1), T0);
      execFileSync('mkfifo', [join(dir, `${HistoryStore.newId(T0 + 1)}.jsonl`)]);
      await symlink('/dev/zero', join(dir, `${HistoryStore.newId(T0 + 2)}.jsonl`));
      await mkdir(join(dir, `${HistoryStore.newId(T0 + 3)}.jsonl`));
      const started = Date.now();
      expect((await store.list()).map((s) => s.id)).toEqual([real]);
      expect(Date.now() - started).toBeLessThan(2_000);
    },
  );

  it('writes atomically: no temporary file is left and the file is whole', async () => {
    const store = new HistoryStore(dir);
    const id = HistoryStore.newId(T0);
    await Promise.all([store.save(id, entries, T0), store.save(id, entries.slice(0, 2), T0)]);
    const files = await readdir(dir);
    expect(files).toEqual([`${id}.jsonl`]);
    const text = await readFile(join(dir, files[0]!), 'utf8');
    expect([3, 5]).toContain(text.trim().split('\n').length);
  });

  it('reads what it can from a damaged file', async () => {
    const store = new HistoryStore(dir);
    const id = HistoryStore.newId(T0);
    await store.save(id, entries.slice(0, 1), T0);
    const file = join(dir, `${id}.jsonl`);
    await writeFile(
      file,
      (await readFile(file, 'utf8')) + '{"at":1,"role":"user","te\n{"role":"robot"}\n',
    );
    const loaded = await store.load(id);
    expect(loaded?.entries).toHaveLength(1);
    expect(loaded?.skippedLines).toBe(2);
  });

  it('removes one conversation or all, and refuses ids that are not ids', async () => {
    const store = new HistoryStore(dir);
    const a = HistoryStore.newId(T0);
    const b = HistoryStore.newId(T0 + 1);
    await store.save(a, entries, T0);
    await store.save(b, entries, T0);
    await store.remove(a);
    expect((await store.list()).map((s) => s.id)).toEqual([b]);
    expect(await store.clear()).toBe(1);
    expect(await store.list()).toEqual([]);
    await expect(store.load('../../etc/passwd')).rejects.toThrow(/Not a conversation id/);
    await expect(store.remove('conv_1_x')).rejects.toThrow();
  });

  it('gives back a kept image only while its bytes are the ones that were sent', async () => {
    const store = new HistoryStore(dir);
    const id = HistoryStore.newId(T0);
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xd9]);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const image = { format: 'jpeg' as const, width: 1, height: 1, bytes: 4, sha256 };
    await store.saveImage(id, image, bytes);
    expect(await store.loadImage(id, image)).toEqual(bytes);
    // Replaced on disk (another picture under the same name): not shown as the one sent.
    await writeFile(join(dir, `${id}.images`, `${sha256}.jpg`), Buffer.from([0xff, 0xd8, 0]));
    expect(await store.loadImage(id, image)).toBeNull();
  });

  it('clearing also deletes what the list skips: orphan image folders, damaged or empty files, crash leftovers', async () => {
    const store = new HistoryStore(dir);
    const shown = HistoryStore.newId(T0);
    const orphan = HistoryStore.newId(T0 + 1); // its image was kept, its conversation never written
    const damaged = HistoryStore.newId(T0 + 2);
    const empty = HistoryStore.newId(T0 + 3);
    const image = {
      format: 'jpeg' as const,
      width: 2,
      height: 2,
      bytes: 3,
      sha256: 'b'.repeat(64),
    };
    await store.save(shown, entries, T0);
    await store.saveImage(shown, image, new Uint8Array([1, 2, 3]));
    await store.saveImage(orphan, image, new Uint8Array([1, 2, 3]));
    await writeFile(join(dir, `${damaged}.jsonl`), 'not json, but still the user’s words\n');
    await store.save(empty, [], T0);
    await writeFile(join(dir, `${shown}.jsonl.0123456789ab.tmp`), 'half a conversation');
    await writeFile(join(dir, 'notes.txt'), 'not Hark’s');
    expect((await store.list()).map((s) => s.id)).toEqual([shown]);

    expect(await store.clear()).toBe(1);
    expect(await readdir(dir)).toEqual(['notes.txt']);
  });

  it('returns null for a conversation that does not exist, and an empty list without a folder', async () => {
    expect(await new HistoryStore(dir).load(HistoryStore.newId())).toBeNull();
    expect(await new HistoryStore(join(dir, 'missing')).list()).toEqual([]);
  });
});

describe('export', () => {
  const summary = {
    id: 'conv_x',
    title: 'What time is it?',
    startedAt: T0,
    updatedAt: T0,
    entries: 4,
  };

  it('writes Markdown with tool calls, barge-in cuts and failed transcriptions marked', () => {
    expect(toMarkdown(summary, entries)).toBe(
      [
        '# What time is it?',
        '',
        '_2026-11-24 18:00 UTC_',
        '',
        '**You** (18:00:00): What time is it?',
        '',
        '> 🔧 **get\\_current\\_time** (done, 18:00:01): Read the date and time',
        '',
        '**Hark** (18:00:02): It is six in the evening, and the \\*weather\\* ✂ _(interrupted after 1.5 s)_ _($0.012)_',
        '',
        '**You** (18:00:03): _(speech not transcribed)_',
        '',
      ].join('\n'),
    );
  });

  it('keeps a user’s markup from becoming Markdown', () => {
    const md = toMarkdown(summary, [
      { at: T0, role: 'user', text: '# hi <img src=x> [a](b)\nnext' },
    ]);
    expect(md).toContain('\\# hi \\<img src=x\\> \\[a\\](b) next');
  });

  it('copies as plain text', () => {
    expect(toPlainText(entries)).toBe(
      [
        'You: What time is it?',
        '[get_current_time: Read the date and time]',
        'Hark: It is six in the evening, and the *weather* [interrupted]',
        'You: (speech not transcribed)',
      ].join('\n'),
    );
  });
});
