import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ASSISTANT_SETTINGS } from '../../../src/shared/assistant';
import { AssistantService } from '../../../src/main/assistant/assistant-service';
import {
  MemoryAssistantSettingsStore,
  MemoryHistoryStore,
  MemoryMcpSecretStore,
} from '../../../src/main/assistant/memory-stores';
import type { DesktopActions } from '../../../src/main/assistant/tools/desktop-actions';
import { Conversation } from '../../../src/main/conversation/conversation';
import { FakeSession } from './support/fake-session';

const flush = () => new Promise((r) => setTimeout(r, 0));

const desktop: DesktopActions & { clipboard: string } = {
  clipboard: '',
  readClipboard() {
    return this.clipboard;
  },
  writeClipboard(text) {
    this.clipboard = text;
  },
  openExternal: async () => undefined,
  pasteKeystroke: async () => undefined,
};

const made: { conversation: Conversation; assistant: AssistantService }[] = [];
afterEach(async () => {
  for (const { conversation, assistant } of made.splice(0)) {
    conversation.dispose();
    await assistant.dispose();
  }
});

function make(spendCapUsd = 0) {
  const assistant = new AssistantService({
    settings: new MemoryAssistantSettingsStore({ ...DEFAULT_ASSISTANT_SETTINGS, spendCapUsd }),
    history: new MemoryHistoryStore(),
    mcpSecrets: new MemoryMcpSecretStore(),
    desktop,
    redactor: { text: (v) => v },
    model: () => 'gpt-realtime',
  });
  const rollovers = { checks: 0 };
  const conversation = new Conversation(
    { ensureConnected: () => undefined, rolloverIfDue: () => void rollovers.checks++ },
    { handsFree: () => false, hooks: assistant },
  );
  made.push({ conversation, assistant });
  const session = new FakeSession();
  conversation.onSessionReady(session.asSession);
  const approvals: string[] = [];
  assistant.on('approval-request', (r) => approvals.push(r.id));
  return { assistant, conversation, session, approvals, rollovers };
}

describe('the conversation with the assistant', () => {
  it('answers a function call and asks for the follow-up through the sequencer, after response.done', async () => {
    const t = make();
    t.conversation.sendText('what is 6*7?');
    t.session.responseStarted('r1');
    t.session.functionCall('r1', 'c1', 'calculate', { expression: '6*7' });
    await flush();
    expect(t.session.outputs()).toEqual([{ result: '42' }]);
    // One response at a time: the follow-up waits for the current one to end.
    expect(t.session.types().filter((x) => x === 'response.create')).toHaveLength(1);
    t.session.responseDone('r1', 'completed');
    expect(t.session.types().at(-1)).toBe('response.create');
  });

  it('is not idle while a call waits for approval, so a rollover waits for it', async () => {
    const t = make();
    t.conversation.sendText('copy hi');
    t.session.responseStarted('r1');
    t.session.functionCall('r1', 'c1', 'copy_to_clipboard', { text: 'hi' });
    t.session.responseDone('r1', 'completed');
    expect(t.conversation.isIdle()).toBe(false);
    t.assistant.answerApproval({ id: t.approvals[0]!, decision: 'once' });
    await flush();
    expect(desktop.clipboard).toBe('hi');
    expect(t.session.outputs()).toEqual([{ result: 'Copied.' }]);
    expect(t.session.types().at(-1)).toBe('response.create');
  });

  it('a barge-in during a call withdraws it: the output says so and no follow-up is asked for', async () => {
    const t = make();
    t.conversation.sendText('copy this');
    t.session.responseStarted('r1');
    t.session.functionCall('r1', 'c1', 'copy_to_clipboard', { text: 'late' });
    t.conversation.talkStart('pointer'); // the user speaks over the reply
    expect(t.session.types()).toContain('response.cancel');
    t.session.responseDone('r1', 'cancelled');
    await flush();
    expect(t.assistant.answerApproval({ id: t.approvals[0]!, decision: 'once' }).ok).toBe(false);
    expect(t.session.outputs()).toEqual([{ error: expect.stringMatching(/withdrawn/) }]);
    expect(t.session.types().filter((x) => x === 'response.create')).toHaveLength(1);
    expect(desktop.clipboard).not.toBe('late');
  });

  it('a new session forgets the old one’s calls: a late approval is refused', async () => {
    const t = make();
    t.session.responseStarted('r1');
    t.session.functionCall('r1', 'c1', 'copy_to_clipboard', { text: 'x' });
    const next = new FakeSession();
    t.conversation.onSessionLost({ permanent: false });
    t.conversation.onSessionReady(next.asSession);
    expect(t.assistant.answerApproval({ id: t.approvals[0]!, decision: 'once' }).ok).toBe(false);
    await flush();
    expect(next.outputs()).toEqual([]);
    expect(t.conversation.isIdle()).toBe(true);
  });

  it('the spend cap refuses new messages once reached', () => {
    const t = make(0.01);
    t.conversation.sendText('hello');
    t.session.responseStarted('r1');
    // 1000 text in × $4/M + 1000 audio out × $64/M = $0.068
    t.session.responseDone('r1', 'completed');
    expect(t.conversation.sendText('more')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/spending limit/),
    });
    expect(t.assistant.status()).toMatchObject({ spendCapReached: true });
  });
});
