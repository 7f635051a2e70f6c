import { approvalAnswerSchema } from '../../shared/assistant';
import {
  historyExportSchema,
  historyIdSchema,
  historyImageSchema,
  inspectorListSchema,
  type AssistantEventName,
  type AssistantMethod,
  type AssistantResult,
} from '../../shared/assistant-ipc';
import type { HistoryEntry, VoicePreviewResult } from '../../shared/assistant';
import { isPlainObject, voiceSchema } from '../../shared/settings-schema';
import type { AssistantService } from './assistant-service';
import { runMemoryCommand } from './memory/memory-commands';

/** What the handlers need beyond the service: the conversation's part of reopen / new. */
export interface AssistantHost {
  readonly assistant: AssistantService;
  /** Continue a stored conversation in a new session seeded with its text. */
  reopenConversation(id: string): Promise<AssistantResult & { entries?: HistoryEntry[] }>;
  /** Forget the conversation so far and start a new one. */
  newConversation(): Promise<AssistantResult>;
  /** Apply assistant settings that need a new session (between turns). */
  assistantSettingsChanged(needsNewSession: boolean): void;
  /** Where windows exist (the desktop app): show the inspector in its own window. */
  openInspectorWindow?(): void;
  /** A short sample of a voice from the conversation's endpoint, in a session of its own. */
  previewVoice?(voice: string): Promise<VoicePreviewResult>;
}

export class AssistantRequestError extends Error {}

const ok = { ok: true } as const;

/**
 * One implementation of the assistant's methods for both adapters (Electron IPC and the web
 * preview bridge): each validates its argument with the contract's schema before acting.
 */
export function assistantHandlers(
  host: AssistantHost,
  appInfo: Record<string, string> = {},
): Record<AssistantMethod, (arg: unknown) => unknown> {
  const service = host.assistant;
  const id = (arg: unknown): string => {
    const parsed = historyIdSchema.safeParse(arg);
    if (!parsed.success) throw new AssistantRequestError('Not a conversation id.');
    return parsed.data;
  };
  return {
    getAssistant: () => ({
      status: service.status(),
      settings: service.settingsView(),
      inspectorWindow: host.openInspectorWindow !== undefined,
      screenCapture: service.canCaptureScreen,
    }),
    answerApproval: (arg) => {
      const parsed = approvalAnswerSchema.safeParse(arg);
      if (!parsed.success || !isPlainObject(arg))
        throw new AssistantRequestError('An approval answer must be {id, decision}.');
      return service.answerApproval(parsed.data);
    },
    saveAssistantSettings: (arg) => {
      const result = service.saveSettings(arg);
      if (result.ok) host.assistantSettingsChanged(result.needsNewSession);
      return result;
    },
    inspectorList: (arg) => {
      const parsed = inspectorListSchema.safeParse(arg ?? {});
      if (!parsed.success || (arg != null && !isPlainObject(arg)))
        throw new AssistantRequestError('inspectorList takes {afterSeq?}.');
      return service.inspectorList(parsed.data.afterSeq);
    },
    inspectorExport: () => service.inspectorExport(appInfo),
    inspectorClear: () => {
      service.inspectorClear();
      return ok;
    },
    previewVoice: (arg) => {
      const parsed = voiceSchema.safeParse(arg);
      if (!parsed.success) throw new AssistantRequestError('previewVoice takes a voice name.');
      if (!host.previewVoice)
        throw new AssistantRequestError('Voice samples are not available here.');
      return host.previewVoice(parsed.data);
    },
    openInspectorWindow: () => {
      if (!host.openInspectorWindow)
        throw new AssistantRequestError(
          'The inspector opens in a window of its own only in the desktop app.',
        );
      host.openInspectorWindow();
      return ok;
    },
    historyList: () => service.historyList(),
    historyLoad: (arg) => service.historyLoad(id(arg)),
    historyExport: (arg) => {
      const parsed = historyExportSchema.safeParse(arg);
      if (!parsed.success || !isPlainObject(arg))
        throw new AssistantRequestError('historyExport takes {id, format}.');
      return service.historyExport(
        parsed.data.id,
        parsed.data.format,
        parsed.data.includeMemory === true,
      );
    },
    historyDelete: async (arg) => {
      await service.historyDelete(id(arg));
      return ok;
    },
    historyClear: async () => {
      await service.historyClear();
      return ok;
    },
    historyReopen: (arg) => host.reopenConversation(id(arg)),
    newConversation: () => host.newConversation(),
    // Checked in the service (attachImageSchema, then the image's own bytes).
    attachImage: (arg) => service.attachImage(arg),
    lookAtScreen: () => service.lookAtScreen(),
    historyImage: (arg) => {
      const parsed = historyImageSchema.safeParse(arg);
      if (!parsed.success || !isPlainObject(arg))
        throw new AssistantRequestError('historyImage takes {id, sha256}.');
      return service.historyImage(parsed.data.id, parsed.data.sha256);
    },
    memory: (arg) => {
      const { result, switched } = runMemoryCommand(service.memory, arg);
      // On or off: the next session gains or loses the entries and the tools (between turns).
      if (switched) host.assistantSettingsChanged(true);
      return result;
    },
  };
}

/** Forward the service's events to an adapter (`send(name, payload)`); returns the unsubscribe. */
export function forwardAssistantEvents(
  service: AssistantService,
  send: (name: AssistantEventName, payload: unknown) => void,
): () => void {
  const offs = [
    service.on('tool-call', (p) => send('tool-call', p)),
    service.on('approval-request', (p) => send('approval-request', p)),
    service.on('approval-settled', (p) => send('approval-settled', p)),
    service.on('transcription-failed', (p) => send('transcription-failed', p)),
    service.on('usage', (p) => send('usage', p)),
    service.on('status', (p) => send('assistant-status', p)),
    service.on('settings', (p) => send('assistant-settings', p)),
    service.memory.on('update', (p) => send('memory', p)),
  ];
  return () => offs.forEach((off) => off());
}
