import type { HarkApi, OutputAudioMessage } from '@shared/ipc';
import {
  BRIDGE_PATH,
  decodeOutputAudio,
  type BridgeCall,
  type BridgeEventName,
  type BridgeServerMessage,
} from '@shared/web-bridge-protocol';
import { assistantBridge } from './assistant-bridge';

/**
 * window.hark for the web preview: the same API as the Electron preload, carried over a
 * loopback WebSocket to the main-side core. Only used when there is no preload.
 */
export async function connectWebBridge(): Promise<HarkApi> {
  const url = new URL(BRIDGE_PATH, location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  await new Promise<void>((resolve, reject) => {
    ws.onopen = () => resolve();
    ws.onerror = () =>
      reject(
        new Error('The Hark preview bridge refused the connection (wrong or missing token?).'),
      );
  });

  let nextId = 1;
  const pending = new Map<number, (result: unknown) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const audioListeners = new Set<(message: OutputAudioMessage) => void>();

  ws.onmessage = (event: MessageEvent<string | ArrayBuffer>) => {
    if (event.data instanceof ArrayBuffer) {
      const message = decodeOutputAudio(new Uint8Array(event.data));
      audioListeners.forEach((l) => l(message));
      return;
    }
    const message = JSON.parse(event.data) as BridgeServerMessage;
    if ('id' in message) {
      pending.get(message.id)?.(message.result);
      pending.delete(message.id);
    } else {
      listeners.get(message.event)?.forEach((l) => l(message.payload));
    }
  };
  ws.onclose = () => {
    const payload = {
      level: 'error',
      title: 'Preview disconnected',
      text: 'The preview server stopped. Restart `npm run preview:web` and reload.',
    };
    listeners.get('notice')?.forEach((l) => l(payload));
  };

  const call = <T>(method: BridgeCall['method'], arg?: unknown): Promise<T> =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve as (result: unknown) => void);
      ws.send(JSON.stringify({ id, method, arg } satisfies BridgeCall));
    });
  const on =
    <T>(name: BridgeEventName) =>
    (listener: (payload: T) => void): (() => void) => {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    };

  return {
    getState: () => call('getState'),
    connect: () => call('connect'),
    disconnect: () => call('disconnect'),
    retry: () => call('retry'),
    talkStart: (source) => call('talkStart', source),
    talkStop: (source) => call('talkStop', source),
    talkCancel: () => call('talkCancel'),
    talkEnd: () => call('talkEnd'),
    sendText: (text) => call('sendText', text),
    recordHotkey: () => call('recordHotkey'),
    onHotkeys: () => () => undefined, // no global hotkeys in a browser
    saveSettings: (update) => call('saveSettings', update),
    sendAudioFrame: (pcm) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(pcm as Uint8Array<ArrayBuffer>);
    },
    reportPlayback: (report) => {
      if (ws.readyState === WebSocket.OPEN)
        ws.send(JSON.stringify({ method: 'reportPlayback', arg: report } satisfies BridgeCall));
    },
    onHealth: on('health'),
    onSettings: on('settings'),
    onTranscript: on('transcript'),
    onNotice: on('notice'),
    onOutputDone: on('output-done'),
    onOutputStop: on('output-stop'),
    onCapture: on('capture'),
    onOutputAudio: (listener) => {
      audioListeners.add(listener);
      return () => audioListeners.delete(listener);
    },
    ...assistantBridge(call, on),
  };
}
