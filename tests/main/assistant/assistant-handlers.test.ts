import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ASSISTANT_SETTINGS } from '../../../src/shared/assistant';
import {
  AssistantRequestError,
  assistantHandlers,
  type AssistantHost,
} from '../../../src/main/assistant/assistant-handlers';
import { AssistantService } from '../../../src/main/assistant/assistant-service';
import { HistoryStore } from '../../../src/main/assistant/history/history-store';
import { NO_DESKTOP } from '../../../src/main/assistant/tools/desktop-actions';
import { MemoryMcpSecretStore } from '../../../src/main/assistant/memory-stores';

describe('assistantHandlers: the inspector’s own window', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hark-handlers-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function host(openInspectorWindow?: () => void): AssistantHost {
    const assistant = new AssistantService({
      settings: { load: () => DEFAULT_ASSISTANT_SETTINGS, save: () => undefined },
      history: new HistoryStore(dir),
      mcpSecrets: new MemoryMcpSecretStore(),
      desktop: NO_DESKTOP,
      redactor: { text: (v) => v },
      model: () => 'gpt-realtime',
    });
    return {
      assistant,
      reopenConversation: async () => ({ ok: true }),
      newConversation: async () => ({ ok: true }),
      assistantSettingsChanged: () => undefined,
      ...(openInspectorWindow ? { openInspectorWindow } : {}),
    };
  }

  it('opens it where the adapter has windows, and says so in the snapshot', async () => {
    let opened = 0;
    const handlers = assistantHandlers(host(() => opened++));
    expect(await handlers.getAssistant(undefined)).toMatchObject({ inspectorWindow: true });
    expect(await handlers.openInspectorWindow(undefined)).toEqual({ ok: true });
    expect(opened).toBe(1);
  });

  it('refuses with a reason where there are none (the web preview)', async () => {
    const handlers = assistantHandlers(host());
    expect(await handlers.getAssistant(undefined)).toMatchObject({ inspectorWindow: false });
    expect(() => handlers.openInspectorWindow(undefined)).toThrow(AssistantRequestError);
  });

  it('previews only a voice name, where the host can render one', async () => {
    const asked: string[] = [];
    const withPreview: AssistantHost = {
      ...host(),
      previewVoice: async (voice) => {
        asked.push(voice);
        return { ok: false, error: 'offline' };
      },
    };
    const handlers = assistantHandlers(withPreview);
    expect(await handlers.previewVoice('ash')).toEqual({ ok: false, error: 'offline' });
    expect(() => handlers.previewVoice('../../etc')).toThrow(AssistantRequestError);
    expect(() => handlers.previewVoice({ voice: 'ash' })).toThrow(AssistantRequestError);
    expect(asked).toEqual(['ash']);
    expect(() => assistantHandlers(host()).previewVoice('ash')).toThrow(AssistantRequestError);
  });
});
