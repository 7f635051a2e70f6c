/**
 * window.hark: domain methods only. The renderer never touches ipcRenderer, and never
 * sees the API key.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC, type HarkApi, type OutputAudioMessage } from '../shared/ipc';
import { OutputAudioAssembler } from '../shared/output-audio-framing';
import { appApi } from './app';
import { assistantApi } from './assistant';
import { AUDIO_PORT_MESSAGE, isAudioPortKind } from '../shared/audio-port-protocol';

function subscribe<T>(channel: string, listener: (payload: T) => void): () => void {
  const wrapped = (_event: IpcRendererEvent, payload: T): void => listener(payload);
  ipcRenderer.on(channel, wrapped);
  return () => ipcRenderer.removeListener(channel, wrapped);
}

const replyAudio = new OutputAudioAssembler();
ipcRenderer.on(IPC.outputItem, (_event, itemId: unknown) => replyAudio.item(itemId));
// Main remembers which item id each page was told; a new page must hear it again.
ipcRenderer.send(IPC.outputReset);

function onOutputAudio(listener: (message: OutputAudioMessage) => void): () => void {
  return subscribe<unknown>(IPC.outputAudio, (pcm) => {
    const message = replyAudio.audio(pcm);
    if (message) listener(message);
  });
}

// Audio ports (audio-port-protocol.ts): a MessagePort cannot cross the context bridge, so
// it goes to the page as a window message from this page's own origin.
// (The preload is typed without the DOM: the page's window is reached through globalThis.)
const page = globalThis as unknown as {
  postMessage(message: unknown, targetOrigin: string, transfer: unknown[]): void;
  location: { origin: string };
};
ipcRenderer.on(IPC.audioPort, (event, kind: unknown) => {
  const port = event.ports[0];
  if (port && isAudioPortKind(kind))
    page.postMessage({ type: AUDIO_PORT_MESSAGE, kind }, page.location.origin, [port]);
});

export const hark: HarkApi = {
  getState: () => ipcRenderer.invoke(IPC.getState),
  connect: () => ipcRenderer.invoke(IPC.connect),
  disconnect: () => ipcRenderer.invoke(IPC.disconnect),
  retry: () => ipcRenderer.invoke(IPC.retry),
  talkStart: (source) => ipcRenderer.invoke(IPC.talkStart, source),
  talkStop: (source) => ipcRenderer.invoke(IPC.talkStop, source),
  talkCancel: () => ipcRenderer.invoke(IPC.talkCancel),
  talkEnd: () => ipcRenderer.invoke(IPC.talkEnd),
  sendText: (text) => ipcRenderer.invoke(IPC.sendText, text),
  recordHotkey: (kind) => ipcRenderer.invoke(IPC.recordHotkey, kind),
  onHotkeys: (listener) => subscribe(IPC.hotkeys, listener),
  requestAccessibility: () => ipcRenderer.invoke(IPC.requestAccessibility),
  saveSettings: (update) => ipcRenderer.invoke(IPC.saveSettings, update),
  sendAudioFrame: (pcm) => ipcRenderer.send(IPC.audioFrame, pcm),
  reportPlayback: (report) => ipcRenderer.send(IPC.playback, report),
  requestAudioPort: (kind) => ipcRenderer.send(IPC.audioPort, kind),
  onHealth: (listener) => subscribe(IPC.health, listener),
  onSettings: (listener) => subscribe(IPC.settings, listener),
  onTranscript: (listener) => subscribe(IPC.transcript, listener),
  onOutputAudio,
  onOutputDone: (listener) => subscribe(IPC.outputDone, () => listener()),
  onOutputStop: (listener) => subscribe(IPC.outputStop, () => listener()),
  onOutputHold: (listener) => subscribe(IPC.outputHold, listener),
  onCapture: (listener) => subscribe(IPC.capture, listener),
  onNotice: (listener) => subscribe(IPC.notice, listener),
  ...assistantApi(ipcRenderer, subscribe),
};

contextBridge.exposeInMainWorld('hark', hark);
contextBridge.exposeInMainWorld('harkApp', appApi(ipcRenderer));
