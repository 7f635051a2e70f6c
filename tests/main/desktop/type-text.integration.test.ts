import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApprovalRequest, ToolCallMessage } from '../../../src/shared/assistant';
import { forkHookChild } from '../../support/hook-child';

// "Type this" from a request to the keystroke: the embedded simulator asks for type_text,
// the user approves, the desktop actions put the text on the (faked) clipboard, the real
// hook process (Node's fork standing in for the utility process, with a fake uiohook)
// presses the paste chord, and the clipboard comes back.
const board = vi.hoisted(() => ({ text: '', writes: [] as string[] }));
vi.mock('electron', () => ({
  clipboard: {
    readText: async () => board.text,
    writeText: async (text: string) => {
      board.text = text;
      board.writes.push(text);
    },
  },
  shell: { openExternal: () => Promise.resolve() },
}));

const { electronDesktopActions } = await import('../../../src/main/desktop/desktop-actions');
const { HookSupervisor } = await import('../../../src/main/desktop/hotkeys/hook-supervisor');
const { HotkeyService } = await import('../../../src/main/desktop/hotkeys/hotkeys');
const { VoiceController } = await import('../../../src/main/voice/voice-controller');
const { DEFAULT_SETTINGS, MemorySecretStore, MemorySettingsStore } =
  await import('../../../src/main/settings/settings-model');

const fixture = (name: string) =>
  resolve(import.meta.dirname, 'hotkeys/fixtures', `${name}-hook.cjs`);
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function until(done: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function typingApp(hook: string, env: NodeJS.ProcessEnv = {}) {
  const supervisor = new HookSupervisor(() => forkHookChild(fixture(hook), env), {
    restartDelaysMs: [],
  });
  const hotkeys = new HotkeyService(
    supervisor,
    { register: () => true, unregister: () => undefined },
    {
      talkStart: () => undefined,
      talkStop: () => undefined,
      talkToggle: () => undefined,
      talkLost: () => undefined,
    },
    { platform: 'linux', env: { DISPLAY: ':0' } },
    'Ctrl+Alt+Space',
    'CommandOrControl+Alt+Shift+H',
  );
  cleanups.push(() => hotkeys.dispose());
  const desktop = electronDesktopActions(() => hotkeys.pressPaste());
  const controller = new VoiceController({
    settings: new MemorySettingsStore({ ...DEFAULT_SETTINGS, onboarded: true }),
    secrets: new MemorySecretStore(),
    simulator: { pacing: 'fast-stream' },
    assistant: { desktop },
  });
  cleanups.push(() => controller.dispose());
  const calls: ToolCallMessage[] = [];
  const requests: ApprovalRequest[] = [];
  controller.assistant.on('tool-call', (c) => calls.push(c));
  controller.assistant.on('approval-request', (r) => requests.push(r));
  return { controller, hotkeys, calls, requests };
}

async function askToType(app: Awaited<ReturnType<typeof typingApp>>): Promise<ToolCallMessage> {
  await app.controller.connect();
  await until(() => app.controller.snapshot().health.state === 'ready', 'a ready session');
  await app.controller.sendText('Please type text text=Dear-Sam');
  await until(() => app.requests.length === 1, 'the approval request');
  expect(app.requests[0]).toMatchObject({ tool: 'type_text' });
  expect(app.requests[0]!.summary).toContain('Dear-Sam');
  expect(board.writes).toEqual([]); // nothing happens before the user says yes
  app.controller.assistant.answerApproval({ id: app.requests[0]!.id, decision: 'once' });
  await until(
    () => app.calls.some((c) => c.status !== 'running' && c.status !== 'awaiting-approval'),
    'the call to finish',
  );
  return app.calls.at(-1)!;
}

describe('type_text through the keyboard hook process', { timeout: 40_000 }, () => {
  it('approved: pastes with Ctrl+V in the hook process and restores the clipboard', async () => {
    board.text = 'what the user had copied';
    board.writes = [];
    const log = join(mkdtempSync(join(tmpdir(), 'hark-type-')), 'taps.jsonl');
    const app = await typingApp('typing', { HARK_TAP_LOG: log });
    await until(() => app.hotkeys.status.holdActive, 'the hook to start');
    const call = await askToType(app);
    expect(call).toMatchObject({ tool: 'type_text', status: 'done' });
    expect(call.result).toMatch(/Typed/);
    expect(
      readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([{ key: 47, modifiers: [29] }]);
    expect(board.writes).toEqual(['Dear-Sam', 'what the user had copied']);
    expect(board.text).toBe('what the user had copied');
  });

  it('hook down: the call fails with the reason in plain words, nothing is typed, the clipboard is back', async () => {
    board.text = 'kept';
    board.writes = [];
    const app = await typingApp('throw');
    await until(() => app.hotkeys.status.problem !== null, 'the hook to fail');
    const call = await askToType(app);
    expect(call.status).toBe('failed');
    expect(call.result).toMatch(
      /No keys could be pressed: the keyboard hook could not start \(Couldn't find per display information\)/,
    );
    expect(board.text).toBe('kept');
  });
});
