/** The assistant part of window.hark (tools, approvals, cost, inspector, history, settings). */
import type { IpcRenderer } from 'electron';
import { ASSISTANT_IPC, type AssistantApi } from '../shared/assistant-ipc';

type Subscribe = <T>(channel: string, listener: (payload: T) => void) => () => void;

export function assistantApi(ipcRenderer: IpcRenderer, subscribe: Subscribe): AssistantApi {
  const I = ASSISTANT_IPC;
  return {
    getAssistant: () => ipcRenderer.invoke(I.getAssistant),
    answerApproval: (answer) => ipcRenderer.invoke(I.answerApproval, answer),
    saveAssistantSettings: (update) => ipcRenderer.invoke(I.saveAssistantSettings, update),
    inspectorList: (afterSeq) => ipcRenderer.invoke(I.inspectorList, { afterSeq }),
    inspectorExport: () => ipcRenderer.invoke(I.inspectorExport),
    inspectorClear: () => ipcRenderer.invoke(I.inspectorClear),
    openInspectorWindow: () => ipcRenderer.invoke(I.openInspectorWindow),
    previewVoice: (voice) => ipcRenderer.invoke(I.previewVoice, voice),
    historyList: () => ipcRenderer.invoke(I.historyList),
    historyLoad: (id) => ipcRenderer.invoke(I.historyLoad, id),
    historyExport: (id, format, includeMemory) =>
      ipcRenderer.invoke(I.historyExport, { id, format, includeMemory }),
    historyDelete: (id) => ipcRenderer.invoke(I.historyDelete, id),
    historyClear: () => ipcRenderer.invoke(I.historyClear),
    historyReopen: (id) => ipcRenderer.invoke(I.historyReopen, id),
    newConversation: () => ipcRenderer.invoke(I.newConversation),
    memory: (command) => ipcRenderer.invoke(I.memory, command),
    attachImage: (request) => ipcRenderer.invoke(I.attachImage, request),
    lookAtScreen: () => ipcRenderer.invoke(I.lookAtScreen),
    historyImage: (id, sha256) => ipcRenderer.invoke(I.historyImage, { id, sha256 }),
    onToolCall: (listener) => subscribe(I.toolCall, listener),
    onApprovalRequest: (listener) => subscribe(I.approvalRequest, listener),
    onApprovalSettled: (listener) => subscribe(I.approvalSettled, listener),
    onTranscriptionFailed: (listener) => subscribe(I.transcriptionFailed, listener),
    onUsage: (listener) => subscribe(I.usage, listener),
    onAssistantStatus: (listener) => subscribe(I.status, listener),
    onAssistantSettings: (listener) => subscribe(I.assistantSettings, listener),
    onMemory: (listener) => subscribe(I.memoryUpdate, listener),
  };
}
