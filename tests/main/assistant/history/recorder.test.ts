import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../../src/main/assistant/history/history-store';
import { HistoryRecorder } from '../../../../src/main/assistant/history/recorder';

describe('HistoryRecorder', () => {
  let dir: string;
  let clock = 1_000;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hark-recorder-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('records a conversation with a cut, a failed transcription, a tool call and costs', async () => {
    const store = new HistoryStore(dir);
    const recorder = new HistoryRecorder(
      store,
      () => true,
      undefined,
      10,
      () => clock++,
    );
    recorder.transcriptionFailed('u1');
    recorder.message('user', 'u2', 'Copy hello');
    recorder.tool({
      callId: 'c',
      tool: 'copy_to_clipboard',
      summary: 'Copy “hello”',
      status: 'running',
    });
    recorder.tool({
      callId: 'c',
      tool: 'copy_to_clipboard',
      summary: 'Copy “hello”',
      status: 'done',
      result: 'Copied.',
    });
    recorder.message('assistant', 'a1', 'Done, it is on your clipboard');
    recorder.cost('a1', 0.002);
    recorder.cost('a1', 0.001);
    recorder.interrupted('a1', 812.4);
    await recorder.flush();
    const stored = await store.load(recorder.conversationId);
    expect(stored?.entries.map(({ at: _at, ...rest }) => rest)).toEqual([
      { role: 'user', text: '', transcriptionFailed: true },
      { role: 'user', text: 'Copy hello' },
      { role: 'tool', tool: 'copy_to_clipboard', status: 'done', text: 'Copy “hello” → Copied.' },
      {
        role: 'assistant',
        text: 'Done, it is on your clipboard',
        cost: 0.003,
        interrupted: true,
        heardMs: 812,
      },
    ]);
  });

  it('writes nothing when history is off', async () => {
    const store = new HistoryStore(dir);
    const recorder = new HistoryRecorder(store, () => false, undefined, 1);
    recorder.message('user', 'u', 'secret plans');
    await recorder.flush();
    expect(await store.list()).toEqual([]);
  });

  it('continues a reopened conversation in the same file', async () => {
    const store = new HistoryStore(dir);
    const first = new HistoryRecorder(store, () => true, undefined, 1);
    first.message('user', 'u', 'one');
    await first.flush();
    const loaded = (await store.load(first.conversationId))!;
    const second = new HistoryRecorder(store, () => true, undefined, 1);
    second.begin({
      id: loaded.summary.id,
      startedAt: loaded.summary.startedAt,
      entries: loaded.entries,
    });
    second.message('user', 'v', 'two');
    await second.flush();
    expect((await store.load(first.conversationId))!.entries.map((e) => e.text)).toEqual([
      'one',
      'two',
    ]);
    expect(await store.list()).toHaveLength(1);
  });

  it('reports a failing disk once and keeps going', async () => {
    const errors: string[] = [];
    const broken = { save: () => Promise.reject(new Error('EACCES')) } as unknown as HistoryStore;
    const recorder = new HistoryRecorder(
      broken,
      () => true,
      (m) => errors.push(m),
      1,
    );
    recorder.message('user', 'u', 'x');
    await recorder.flush();
    recorder.message('user', 'v', 'y');
    await recorder.flush();
    expect(errors).toEqual(['Hark could not save the conversation: EACCES']);
  });
});
