import { describe, expect, it } from 'vitest';
import { EventLog, safeJson } from '../../../../src/main/assistant/inspector/event-log';

const noRedaction = { text: (v: string) => v };
const keyRedaction = { text: (v: string) => v.split('sk-secret-123').join('[API key redacted]') };
const audio = 'A'.repeat(6_400); // 4800 bytes = 100 ms

describe('EventLog', () => {
  it('elides audio payloads but keeps transcript deltas', () => {
    expect(JSON.parse(safeJson({ type: 'input_audio_buffer.append', audio }))).toEqual({
      type: 'input_audio_buffer.append',
      audio: '[6400 base64 characters of audio elided, ≈100 ms]',
    });
    expect(
      JSON.parse(safeJson({ type: 'response.output_audio.delta', delta: audio })).delta,
    ).toMatch(/elided/);
    const transcript = 'word '.repeat(40);
    expect(
      JSON.parse(safeJson({ type: 'response.output_audio_transcript.delta', delta: transcript }))
        .delta,
    ).toBe(transcript);
    const item = {
      type: 'conversation.item.retrieved',
      item: { content: [{ type: 'input_audio', audio }] },
    };
    expect(safeJson(item)).not.toContain('AAAA');
  });

  it('elides an image data URL however it is spelt, and keeps text that only starts with "data:"', () => {
    const bytes = Buffer.alloc(3000, 7).toString('base64');
    for (const url of [
      `DATA:Image/PNG;base64,${bytes}`,
      ` data:image/jpeg;base64,${bytes}`,
      `data:;base64,${bytes}`,
    ]) {
      const json = safeJson({
        type: 'conversation.item.create',
        item: { content: [{ type: 'input_image', image_url: url }] },
      });
      expect(json, url.slice(0, 12)).not.toContain(bytes.slice(0, 64));
      expect(json).toMatch(/\[image (of \d+ data-URL characters elided|png|jpeg)/);
    }
    const said = 'data: the numbers, as you asked';
    expect(JSON.parse(safeJson({ type: 'x', text: said })).text).toBe(said);
  });

  it('redacts credentials by field and the key wherever it appears', () => {
    const log = new EventLog({ redactor: keyRedaction });
    const entry = log.record({
      direction: 'sent',
      at: 1,
      type: 'session.update',
      bytes: 300,
      event: {
        type: 'session.update',
        session: {
          instructions: 'my key is sk-secret-123',
          tools: [
            {
              type: 'mcp',
              server_label: 'x',
              authorization: 'Bearer abc',
              headers: { 'X-Key': 'k' },
            },
          ],
        },
      },
    });
    expect(entry.json).not.toContain('sk-secret-123');
    expect(entry.json).not.toContain('Bearer abc');
    expect(entry.json).not.toContain('"k"');
    expect(entry.json).toContain('[API key redacted]');
  });

  it('stays within its bounds, oldest first out', () => {
    const log = new EventLog({ redactor: noRedaction, maxEntries: 3 });
    for (let i = 0; i < 10; i++)
      log.record({ direction: 'received', at: i, type: `t${i}`, bytes: 10, event: { i } });
    expect(log.list().map((e) => e.type)).toEqual(['t7', 't8', 't9']);
    expect(log.list().map((e) => e.seq)).toEqual([8, 9, 10]);

    const byChars = new EventLog({ redactor: noRedaction, maxChars: 100 });
    for (let i = 0; i < 10; i++)
      byChars.record({
        direction: 'sent',
        at: i,
        type: 't',
        bytes: 40,
        event: { text: 'x'.repeat(30) },
      });
    expect(byChars.size).toBe(2);
  });

  it('cuts a huge event', () => {
    const log = new EventLog({ redactor: noRedaction, maxEntryChars: 50 });
    const entry = log.record({
      direction: 'sent',
      at: 0,
      type: 'big',
      bytes: 1,
      event: { text: 'y'.repeat(500) },
    });
    expect(entry.json).toMatch(/^.{50}… \[\d+ more characters not kept\]$/);
  });

  it('filters by type or prefix and by sequence', () => {
    const log = new EventLog({ redactor: noRedaction });
    for (const type of ['session.created', 'response.created', 'response.done', 'error'])
      log.record({ direction: 'received', at: 0, type, bytes: 1, event: { type } });
    expect(log.list({ types: ['response.'] }).map((e) => e.type)).toEqual([
      'response.created',
      'response.done',
    ]);
    expect(log.list({ types: ['error', 'session.created'] })).toHaveLength(2);
    expect(log.list({ afterSeq: 3 }).map((e) => e.type)).toEqual(['error']);
  });

  it('exports JSON lines with a header, and clears', () => {
    const log = new EventLog({ redactor: noRedaction });
    log.record({
      direction: 'sent',
      at: 5,
      type: 'response.create',
      bytes: 26,
      event: { type: 'response.create' },
    });
    const lines = log
      .export({ version: '0.1.0' })
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ hark_event_log: 1, entries: 1, version: '0.1.0' });
    expect(lines[1]).toMatchObject({
      seq: 1,
      direction: 'sent',
      type: 'response.create',
      size: 26,
    });
    log.clear();
    expect(log.size).toBe(0);
  });

  it('survives an event that cannot be serialized', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(JSON.parse(safeJson(cyclic)).unserializable).toMatch(/circular/i);
  });

  it('records what recordSoon holds after this turn of the loop, or before anything reads the log, in order', async () => {
    const log = new EventLog({ redactor: keyRedaction });
    const wire = (type: string) =>
      ({
        direction: 'received',
        at: 0,
        type,
        bytes: 1,
        event: { type, key: 'sk-secret-123' },
      }) as const;
    log.recordSoon(wire('a'));
    log.recordSoon(wire('b'));
    // A direct record comes after what waits; a read sees everything, redacted.
    log.record(wire('c'));
    expect(log.list().map((e) => [e.seq, e.type])).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
    ]);
    expect(log.list()[0]!.json).not.toContain('sk-secret-123');

    log.recordSoon(wire('d'));
    expect(log.size).toBe(4); // size reads through the waiting event
    log.recordSoon(wire('e'));
    expect(log.export().trim().split('\n')).toHaveLength(1 + 5);

    // Unread, it is recorded by itself once the loop turns.
    log.recordSoon(wire('f'));
    await new Promise((resolve) => setImmediate(resolve));
    const more = log.list({ afterSeq: 5 });
    expect(more.map((e) => e.type)).toEqual(['f']);

    // Clearing drops what waits too.
    log.recordSoon(wire('g'));
    log.clear();
    expect(log.size).toBe(0);
  });
});
