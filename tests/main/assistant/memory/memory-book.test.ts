import { describe, expect, it } from 'vitest';
import { MemoryBook, MEMORY_HEADING } from '../../../../src/main/assistant/memory/memory-book';
import { runMemoryCommand } from '../../../../src/main/assistant/memory/memory-commands';
import { InMemoryMemoryFile } from '../../../../src/main/assistant/memory/memory-file';
import { memoryTools } from '../../../../src/main/assistant/memory/memory-tools';
import { ToolRegistry } from '../../../../src/main/assistant/tools/registry';
import {
  MEMORY_INSTRUCTIONS_BUDGET_CHARS,
  MEMORY_MAX_ENTRIES,
  type MemoryChange,
} from '../../../../src/shared/memory';

function book() {
  let now = 1_000;
  const file = new InMemoryMemoryFile();
  const memory = new MemoryBook(file, { now: () => (now += 1) });
  const changes: MemoryChange[] = [];
  memory.on('update', (u) => u.change && changes.push(u.change));
  return { memory, file, changes };
}

describe('the memory book', () => {
  it('remembers, forgets and undoes each change, announcing each one', async () => {
    const { memory, file, changes } = book();
    const first = memory.remember('Prefers metric units', 'model');
    memory.remember('Has a cat called Miso', 'user');
    expect(memory.entries.map((e) => e.text)).toEqual([
      'Prefers metric units',
      'Has a cat called Miso',
    ]);
    // The same fact again changes nothing (and is not announced again).
    expect(memory.remember('prefers METRIC units', 'model')).toEqual({ ok: true, change: null });
    const forgotten = memory.forget('cat', 'model');
    expect(forgotten).toMatchObject({ ok: true, count: 1 });
    expect(memory.entries.map((e) => e.text)).toEqual(['Prefers metric units']);
    // Undo the forget: the cat is back, in its place.
    memory.undo(forgotten.ok ? forgotten.change!.changeId : '');
    expect(memory.entries.map((e) => e.text)).toEqual([
      'Prefers metric units',
      'Has a cat called Miso',
    ]);
    // Undo the first remember: gone.
    memory.undo(first.ok ? first.change!.changeId : '');
    expect(memory.entries.map((e) => e.text)).toEqual(['Has a cat called Miso']);
    expect(changes.map((c) => [c.kind, c.by, c.undone ?? false])).toEqual([
      ['remembered', 'model', false],
      ['remembered', 'user', false],
      ['forgotten', 'model', false],
      ['forgotten', 'model', true],
      ['remembered', 'model', true],
    ]);
    expect(memory.undo('chg_unknown')).toMatchObject({ ok: false });
    await memory.flush();
    // Saved: a new book over the same file reads the same memory.
    expect(new MemoryBook(file).entries.map((e) => e.text)).toEqual(['Has a cat called Miso']);
  });

  it('an undo does not throw away a later edit of the same entry', () => {
    const { memory } = book();
    const added = memory.remember('Lives in Lyon', 'model');
    const id = memory.entries[0]!.id;
    memory.edit(id, 'Lives in Lyon, France');
    memory.undo(added.ok ? added.change!.changeId : '');
    expect(memory.entries.map((e) => e.text)).toEqual(['Lives in Lyon, France']);
  });

  it('is bounded in count (it refuses, it does not drop old entries silently)', () => {
    const { memory } = book();
    for (let i = 0; i < MEMORY_MAX_ENTRIES; i++)
      expect(memory.remember(`fact ${i}`, 'user').ok).toBe(true);
    expect(memory.remember('one too many', 'model')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/full \(50 entries\)/),
    });
    expect(memory.entries).toHaveLength(MEMORY_MAX_ENTRIES);
  });

  it('adds the newest entries to the instructions within the budget; off adds none', () => {
    const { memory } = book();
    expect(memory.instructions('Base.')).toBe('Base.');
    for (let i = 0; i < MEMORY_MAX_ENTRIES; i++)
      memory.remember(`${String(i).padStart(2, '0')} ${'x'.repeat(296)}`, 'user');
    const instructions = memory.instructions('Base.');
    const block = instructions.slice('Base.\n\n'.length);
    expect(block.startsWith(MEMORY_HEADING)).toBe(true);
    expect(block.length).toBeLessThanOrEqual(MEMORY_INSTRUCTIONS_BUDGET_CHARS);
    const lines = block.split('\n').slice(1);
    // 300-character entries: six fit in 2,000 characters with the heading; the newest six.
    expect(lines.map((l) => l.slice(2, 4))).toEqual(['44', '45', '46', '47', '48', '49']);
    expect(memory.view().inNextSession).toBe(6);
    memory.setEnabled(false);
    expect(memory.instructions('Base.')).toBe('Base.');
    expect(memory.view().inNextSession).toBe(0);
  });

  it('validates the window’s commands in main, and reports a flip of the switch', () => {
    const { memory } = book();
    expect(runMemoryCommand(memory, { action: 'add', text: '  ' }).result).toMatchObject({
      ok: false,
    });
    expect(runMemoryCommand(memory, { action: 'add', text: 'a\nb' }).result.ok).toBe(false);
    expect(runMemoryCommand(memory, { action: 'add', text: 'x'.repeat(301) }).result.ok).toBe(
      false,
    );
    expect(runMemoryCommand(memory, { action: 'delete', id: '../etc' }).result.ok).toBe(false);
    expect(runMemoryCommand(memory, { action: 'nuke' }).result.ok).toBe(false);
    expect(runMemoryCommand(memory, { action: 'list', extra: 1 }).result.ok).toBe(false);
    const added = runMemoryCommand(memory, { action: 'add', text: 'Likes tea' }).result;
    expect(added).toMatchObject({ ok: true, change: { kind: 'remembered', by: 'user' } });
    const id = memory.entries[0]!.id;
    expect(
      runMemoryCommand(memory, { action: 'edit', id, text: 'Likes green tea' }).result,
    ).toMatchObject({
      ok: true,
      memory: { entries: [{ text: 'Likes green tea' }] },
    });
    expect(runMemoryCommand(memory, { action: 'delete', id }).result).toMatchObject({
      ok: true,
      memory: { entries: [] },
    });
    expect(runMemoryCommand(memory, { action: 'enable', enabled: true }).switched).toBe(false);
    expect(runMemoryCommand(memory, { action: 'enable', enabled: false }).switched).toBe(true);
    expect(memory.remember('while off', 'model')).toMatchObject({ ok: false });
  });

  it('the remember and forget tools change the memory and tell the model', async () => {
    const { memory, changes } = book();
    const registry = new ToolRegistry(memoryTools(memory));
    const run = async (name: string, args: object) => {
      const prepared = registry.prepare(name, JSON.stringify(args));
      if (!prepared.ok) throw new Error(prepared.output);
      return registry.execute(prepared.call);
    };
    expect(await run('remember', { fact: 'Birthday is 3 May' })).toMatchObject({
      ok: true,
      output: '{"result":"Remembered."}',
      summary: 'Remember “Birthday is 3 May”',
    });
    expect(await run('forget', { what: 'birthday' })).toMatchObject({
      ok: true,
      output: '{"result":"Forgot 1 memory."}',
    });
    expect(await run('forget', { what: 'birthday' })).toMatchObject({ ok: false });
    expect(changes.map((c) => c.kind)).toEqual(['remembered', 'forgotten']);
  });
});
