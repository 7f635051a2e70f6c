/**
 * The assistant's IPC channels and the window.hark methods they back (kept apart from
 * ipc.ts so the two contracts can change independently). Payloads are checked in main
 * with the zod schemas of `assistant.ts`.
 */
import { z } from 'zod';
import type {
  ApprovalAnswer,
  ApprovalRequest,
  AssistantSettings,
  AssistantSettingsUpdate,
  AssistantStatus,
  ConversationSummary,
  HistoryEntry,
  InspectorEntry,
  McpServerView,
  ToolCallMessage,
  TranscriptionFailure,
  UsageMessage,
  VoicePreviewResult,
} from './assistant';
import { conversationIdSchema } from './assistant';
import type { MemoryChange, MemoryCommand, MemoryResult, MemoryView } from './memory';
import type { AttachImageRequest, ImageFacts } from './image-attachment';

export const ASSISTANT_IPC = {
  // renderer → main (invoke)
  answerApproval: 'hark:assistant:answer-approval',
  getAssistant: 'hark:assistant:get',
  saveAssistantSettings: 'hark:assistant:save-settings',
  inspectorList: 'hark:assistant:inspector-list',
  inspectorExport: 'hark:assistant:inspector-export',
  inspectorClear: 'hark:assistant:inspector-clear',
  openInspectorWindow: 'hark:assistant:open-inspector-window',
  previewVoice: 'hark:assistant:preview-voice',
  historyList: 'hark:assistant:history-list',
  historyLoad: 'hark:assistant:history-load',
  historyExport: 'hark:assistant:history-export',
  historyDelete: 'hark:assistant:history-delete',
  historyClear: 'hark:assistant:history-clear',
  historyReopen: 'hark:assistant:history-reopen',
  newConversation: 'hark:assistant:new-conversation',
  memory: 'hark:assistant:memory',
  attachImage: 'hark:assistant:attach-image',
  historyImage: 'hark:assistant:history-image',
  lookAtScreen: 'hark:assistant:look-at-screen',
  // main → renderer
  toolCall: 'hark:assistant:tool-call',
  approvalRequest: 'hark:assistant:approval-request',
  approvalSettled: 'hark:assistant:approval-settled',
  transcriptionFailed: 'hark:assistant:transcription-failed',
  usage: 'hark:assistant:usage',
  status: 'hark:assistant:status',
  assistantSettings: 'hark:assistant:settings',
  memoryUpdate: 'hark:assistant:memory-update',
} as const;

export type AssistantSettingsView = Omit<AssistantSettings, 'mcpServers'> & {
  mcpServers: McpServerView[];
};

export interface AssistantSnapshot {
  status: AssistantStatus;
  settings: AssistantSettingsView;
  /** The inspector can open in a window of its own (the desktop app; not the web preview). */
  inspectorWindow: boolean;
  /** "Show Hark my screen" exists (the desktop app; the web preview cannot capture the screen). */
  screenCapture?: boolean;
}

/** An image offered to the model: sent (its facts), or why not (`declined`: the user said no). */
export type ImageShareResult =
  { ok: true; image: ImageFacts } | { ok: false; error: string; declined?: boolean };

export interface AssistantResult {
  ok: boolean;
  error?: string;
}

export const inspectorListSchema = z
  .strictObject({ afterSeq: z.number().int().min(0).optional() })
  .default({});
export const historyIdSchema = conversationIdSchema;
/** A kept image of a stored conversation, by its hash. */
export const historyImageSchema = z.strictObject({
  id: conversationIdSchema,
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export const historyExportSchema = z.strictObject({
  id: conversationIdSchema,
  format: z.enum(['markdown', 'text']),
  /** The memory's entries (and its tool calls) only when asked for. */
  includeMemory: z.boolean().optional(),
});

/** The assistant part of window.hark. */
export interface AssistantApi {
  getAssistant(): Promise<AssistantSnapshot>;
  answerApproval(answer: ApprovalAnswer): Promise<AssistantResult>;
  saveAssistantSettings(
    update: AssistantSettingsUpdate,
  ): Promise<AssistantResult & { needsNewSession?: boolean }>;
  inspectorList(afterSeq?: number): Promise<InspectorEntry[]>;
  /** The log as a JSON-lines text for a bug report (audio elided, secrets redacted). */
  inspectorExport(): Promise<string>;
  inspectorClear(): Promise<AssistantResult>;
  /** Open the inspector in its own window, or bring that window to the front. */
  openInspectorWindow(): Promise<AssistantResult>;
  /** A short sample of a voice, rendered by the service in a session of its own (it costs a few tokens; cached). */
  previewVoice(voice: string): Promise<VoicePreviewResult>;
  historyList(): Promise<ConversationSummary[]>;
  historyLoad(
    id: string,
  ): Promise<{ summary: ConversationSummary; entries: HistoryEntry[] } | null>;
  historyExport(
    id: string,
    format: 'markdown' | 'text',
    includeMemory?: boolean,
  ): Promise<string | null>;
  historyDelete(id: string): Promise<AssistantResult>;
  historyClear(): Promise<AssistantResult>;
  /** Continue a stored conversation: a new session is seeded with it. */
  historyReopen(id: string): Promise<AssistantResult & { entries?: HistoryEntry[] }>;
  newConversation(): Promise<AssistantResult>;
  /** List, add, edit, delete, clear, undo a change, or switch the memory on or off. */
  memory(command: MemoryCommand): Promise<MemoryResult>;
  /** A pasted or dropped image (already downscaled): shown for approval, then sent. Resolves once answered. */
  attachImage(request: AttachImageRequest): Promise<ImageShareResult>;
  /** "Show Hark my screen" (desktop only): capture, show for approval, then send. */
  lookAtScreen(): Promise<ImageShareResult>;
  /** A kept image of a stored conversation as a data URL; null when it was not kept. */
  historyImage(id: string, sha256: string): Promise<string | null>;
  onToolCall(listener: (call: ToolCallMessage) => void): () => void;
  onApprovalRequest(listener: (request: ApprovalRequest) => void): () => void;
  onApprovalSettled(listener: (settled: { id: string; outcome: string }) => void): () => void;
  onTranscriptionFailed(listener: (failure: TranscriptionFailure) => void): () => void;
  onUsage(listener: (usage: UsageMessage) => void): () => void;
  onAssistantStatus(listener: (status: AssistantStatus) => void): () => void;
  onAssistantSettings(listener: (settings: AssistantSettingsView) => void): () => void;
  onMemory(listener: (update: { memory: MemoryView; change?: MemoryChange }) => void): () => void;
}

/** The invoke-style methods of AssistantApi (the rest are subscriptions). */
export type AssistantMethod = Exclude<keyof AssistantApi, `on${string}`>;

export const ASSISTANT_METHODS: readonly AssistantMethod[] = [
  'getAssistant',
  'answerApproval',
  'saveAssistantSettings',
  'inspectorList',
  'inspectorExport',
  'inspectorClear',
  'openInspectorWindow',
  'previewVoice',
  'historyList',
  'historyLoad',
  'historyExport',
  'historyDelete',
  'historyClear',
  'historyReopen',
  'newConversation',
  'memory',
  'attachImage',
  'lookAtScreen',
  'historyImage',
];

export function isAssistantMethod(value: unknown): value is AssistantMethod {
  return ASSISTANT_METHODS.includes(value as AssistantMethod);
}

/** Events main pushes to the window, by name; the IPC channel of each is in ASSISTANT_IPC. */
export const ASSISTANT_EVENTS = {
  'tool-call': ASSISTANT_IPC.toolCall,
  'approval-request': ASSISTANT_IPC.approvalRequest,
  'approval-settled': ASSISTANT_IPC.approvalSettled,
  'transcription-failed': ASSISTANT_IPC.transcriptionFailed,
  usage: ASSISTANT_IPC.usage,
  'assistant-status': ASSISTANT_IPC.status,
  'assistant-settings': ASSISTANT_IPC.assistantSettings,
  memory: ASSISTANT_IPC.memoryUpdate,
} as const;
export type AssistantEventName = keyof typeof ASSISTANT_EVENTS;

/** The IPC channel of each invoke-style method. */
export const ASSISTANT_METHOD_CHANNELS: Record<AssistantMethod, string> = {
  getAssistant: ASSISTANT_IPC.getAssistant,
  answerApproval: ASSISTANT_IPC.answerApproval,
  saveAssistantSettings: ASSISTANT_IPC.saveAssistantSettings,
  inspectorList: ASSISTANT_IPC.inspectorList,
  inspectorExport: ASSISTANT_IPC.inspectorExport,
  inspectorClear: ASSISTANT_IPC.inspectorClear,
  openInspectorWindow: ASSISTANT_IPC.openInspectorWindow,
  previewVoice: ASSISTANT_IPC.previewVoice,
  historyList: ASSISTANT_IPC.historyList,
  historyLoad: ASSISTANT_IPC.historyLoad,
  historyExport: ASSISTANT_IPC.historyExport,
  historyDelete: ASSISTANT_IPC.historyDelete,
  historyClear: ASSISTANT_IPC.historyClear,
  historyReopen: ASSISTANT_IPC.historyReopen,
  newConversation: ASSISTANT_IPC.newConversation,
  memory: ASSISTANT_IPC.memory,
  attachImage: ASSISTANT_IPC.attachImage,
  lookAtScreen: ASSISTANT_IPC.lookAtScreen,
  historyImage: ASSISTANT_IPC.historyImage,
};
