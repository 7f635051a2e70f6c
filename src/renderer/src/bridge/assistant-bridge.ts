import type { AssistantApi, AssistantEventName, AssistantMethod } from '@shared/assistant-ipc';

type Call = <T>(method: AssistantMethod, arg?: unknown) => Promise<T>;
type On = <T>(name: AssistantEventName) => (listener: (payload: T) => void) => () => void;

/** The assistant part of window.hark over the web preview's bridge. */
export function assistantBridge(call: Call, on: On): AssistantApi {
  return {
    getAssistant: () => call('getAssistant'),
    answerApproval: (answer) => call('answerApproval', answer),
    saveAssistantSettings: (update) => call('saveAssistantSettings', update),
    inspectorList: (afterSeq) => call('inspectorList', { afterSeq }),
    inspectorExport: () => call('inspectorExport'),
    inspectorClear: () => call('inspectorClear'),
    openInspectorWindow: () => call('openInspectorWindow'),
    previewVoice: (voice) => call('previewVoice', voice),
    historyList: () => call('historyList'),
    historyLoad: (id) => call('historyLoad', id),
    historyExport: (id, format, includeMemory) =>
      call('historyExport', { id, format, includeMemory }),
    historyDelete: (id) => call('historyDelete', id),
    historyClear: () => call('historyClear'),
    historyReopen: (id) => call('historyReopen', id),
    newConversation: () => call('newConversation'),
    memory: (command) => call('memory', command),
    attachImage: (request) => call('attachImage', request),
    lookAtScreen: () => call('lookAtScreen'),
    historyImage: (id, sha256) => call('historyImage', { id, sha256 }),
    onToolCall: on('tool-call'),
    onApprovalRequest: on('approval-request'),
    onApprovalSettled: on('approval-settled'),
    onTranscriptionFailed: on('transcription-failed'),
    onUsage: on('usage'),
    onAssistantStatus: on('assistant-status'),
    onAssistantSettings: on('assistant-settings'),
    onMemory: on('memory'),
  };
}
