import { afterEach, describe, expect, it } from 'vitest';
import { assistantHandlers } from '../../../../src/main/assistant/assistant-handlers';
import {
  DEFAULT_SETTINGS,
  MemorySecretStore,
  MemorySettingsStore,
} from '../../../../src/main/settings/settings-model';
import { VoiceController } from '../../../../src/main/voice/voice-controller';
import type { MemoryChange } from '../../../../src/shared/memory';

const controllers: VoiceController[] = [];
afterEach(async () => {
  for (const c of controllers.splice(0)) await c.dispose();
});

async function ready(controller: VoiceController): Promise<void> {
  for (let i = 0; i < 200 && controller.snapshot().health.state !== 'ready'; i++)
    await new Promise((r) => setTimeout(r, 20));
  expect(controller.snapshot().health.state).toBe('ready');
}

/** The `session.update` events sent so far, parsed (from the inspector's log). */
function sessionUpdates(controller: VoiceController) {
  return controller.assistant
    .inspectorList()
    .filter((e) => e.direction === 'sent' && e.type === 'session.update')
    .map(
      (e) =>
        (JSON.parse(e.json) as { session: { instructions: string; tools?: { name?: string }[] } })
          .session,
    );
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 250 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
  expect(check()).toBe(true);
}

describe('memory in the session', () => {
  it('a remember tool call is kept; the next session carries it; the off switch removes it and the tools', async () => {
    const controller = new VoiceController({
      settings: new MemorySettingsStore({ ...DEFAULT_SETTINGS }),
      secrets: new MemorySecretStore(null),
      simulator: { pacing: 'instant' },
    });
    controllers.push(controller);
    const handlers = assistantHandlers(controller);
    const changes: MemoryChange[] = [];
    controller.assistant.memory.on('update', (u) => u.change && changes.push(u.change));
    await controller.connect();
    await ready(controller);
    expect(sessionUpdates(controller)[0]!.tools!.map((t) => t.name)).toEqual(
      expect.arrayContaining(['remember', 'forget']),
    );

    // The simulator calls the tool named in the message, with its arguments (its rule).
    controller.sendText('Please remember fact="Prefers answers in metric units"');
    await until(() => changes.length === 1);
    expect(changes[0]).toMatchObject({ kind: 'remembered', by: 'model' });
    expect(controller.assistant.memory.entries.map((e) => e.text)).toEqual([
      'Prefers answers in metric units',
    ]);
    // The history keeps the call, but an export leaves the memory out unless asked for.
    const conversation = controller.assistant.recorder.conversationId;
    const plain = await controller.assistant.historyExport(conversation, 'markdown');
    expect(plain).toMatch(/Please remember/);
    expect(plain).not.toMatch(/Remember “Prefers|## Memory/);
    const asked = await handlers.historyExport!({
      id: conversation,
      format: 'markdown',
      includeMemory: true,
    });
    expect(asked).toMatch(/Remember “Prefers answers in metric units”/);
    expect(asked).toMatch(/## Memory\n\n- Prefers answers in metric units\n$/);
    // Not in this session's instructions (they are set at start) …
    expect(sessionUpdates(controller).at(-1)!.instructions).not.toMatch(/metric/);
    await ready(controller);
    await controller.newConversation();
    await ready(controller);
    // … but in the next one's, under the heading.
    await until(() =>
      /- Prefers answers in metric units$/.test(sessionUpdates(controller).at(-1)!.instructions),
    );

    // Off: the next session has neither the entries nor the tools.
    expect(await handlers.memory!({ action: 'enable', enabled: false })).toMatchObject({
      ok: true,
    });
    await controller.newConversation();
    await ready(controller);
    await until(() => !/metric/.test(sessionUpdates(controller).at(-1)!.instructions));
    const last = sessionUpdates(controller).at(-1)!;
    expect((last.tools ?? []).map((t) => t.name)).not.toContain('remember');
    // The memory itself is kept while off (the user may turn it back on).
    expect(controller.assistant.memory.entries).toHaveLength(1);
  });
});
