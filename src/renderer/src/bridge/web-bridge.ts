import type { AppSnapshot, CommandResult, HarkApi, OutputAudioMessage } from '@shared/ipc';
import {
  BRIDGE_PATH,
  MAX_BRIDGE_TEXT_BYTES,
  decodeOutputAudio,
  type BridgeCall,
  type BridgeEventName,
  type BridgeServerMessage,
} from '@shared/web-bridge-protocol';
import type { HealthSnapshot } from '@shared/health';
import { assistantBridge } from './assistant-bridge';
import {
  AUDIO_BRIDGE_PATH,
  AUDIO_PORT_MESSAGE,
  type AudioPortKind,
} from '@shared/audio-port-protocol';
import AudioSocketWorker from './audio-socket.worker.ts?worker';
import type { AudioSocketWorkerMessage } from './audio-socket.worker';

/**
 * window.hark for the web preview: the same API as the Electron preload, carried over a
 * loopback WebSocket to the main-side core. Only used when there is no preload.
 */
export async function connectWebBridge(): Promise<HarkApi> {
  // Relative to the page, which lives at /<token>/: the bridge URL carries the token.
  const url = new URL(BRIDGE_PATH, location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  url.hash = '';
  // Reply audio comes over the audio Worker's own socket (audioPorts below), not this one.
  url.search = '?audio=port';
  const ws = new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  await new Promise<void>((resolve, reject) => {
    ws.onopen = () => resolve();
    ws.onerror = () =>
      reject(
        new Error('The Hark preview bridge refused the connection (wrong or missing token?).'),
      );
  });

  const audio = audioPorts(url);
  let nextId = 1;
  let closed: CommandResult | null = null;
  /** The last health main sent, to mark it lost when the bridge closes. */
  let lastHealth: HealthSnapshot | null = null;
  /** `command`: answers with a CommandResult, so a closed bridge can answer for the server. */
  const pending = new Map<number, { resolve: (result: unknown) => void; command: boolean }>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const audioListeners = new Set<(message: OutputAudioMessage) => void>();

  ws.onmessage = (event: MessageEvent<string | ArrayBuffer>) => {
    try {
      receive(event.data);
    } catch (error) {
      console.warn('Hark preview: unreadable bridge message', error);
    }
  };
  const receive = (data: string | ArrayBuffer): void => {
    if (data instanceof ArrayBuffer) {
      const message = decodeOutputAudio(new Uint8Array(data));
      audioListeners.forEach((l) => l(message));
      return;
    }
    const message = JSON.parse(data) as BridgeServerMessage;
    if ('event' in message && message.event === 'health')
      lastHealth = message.payload as HealthSnapshot;
    if ('id' in message) {
      // id null: the server could not tell which call it refuses (a bug on this side).
      if (message.id === null) {
        console.warn('Hark preview: the bridge refused', message.result);
        return;
      }
      pending.get(message.id)?.resolve(message.result);
      pending.delete(message.id);
    } else {
      listeners.get(message.event)?.forEach((l) => l(message.payload));
    }
  };
  ws.onclose = (event) => {
    closed = {
      ok: false,
      error: `The preview bridge closed (${event.code}${event.reason ? `: ${event.reason}` : ''}).`,
    };
    // Commands answer with the failure; getState has no failure shape and stays pending.
    for (const { resolve, command } of pending.values()) if (command) resolve(closed);
    pending.clear();
    const payload = {
      level: 'error',
      title: 'Preview disconnected',
      text: 'The preview server stopped. Restart `npm run preview:web` and reload.',
    };
    listeners.get('notice')?.forEach((l) => l(payload));
    // Main can no longer say how the connection is: the pill must not go on saying Ready.
    if (lastHealth) {
      const health: HealthSnapshot = {
        ...lastHealth,
        state: 'needs-attention',
        since: Date.now(),
        rttMs: null,
        nextRetryAt: null,
        title: payload.title,
        diagnosis: payload.text,
      };
      listeners.get('health')?.forEach((l) => l(health));
    }
  };

  /** A frame the server would refuse as too large gets the error here; the socket stays up. */
  const tooLarge = (text: string): CommandResult | null =>
    text.length * 3 > MAX_BRIDGE_TEXT_BYTES &&
    new TextEncoder().encode(text).byteLength > MAX_BRIDGE_TEXT_BYTES
      ? { ok: false, error: 'This is too large for the preview bridge to send.' }
      : null;

  const call = <T>(method: BridgeCall['method'], arg?: unknown): Promise<T> =>
    new Promise((resolve) => {
      const id = nextId++;
      const text = JSON.stringify({ id, method, arg } satisfies BridgeCall);
      const command = method !== 'getState';
      const refusal = closed ?? tooLarge(text);
      if (refusal) {
        if (command) resolve(refusal as T);
        return;
      }
      pending.set(id, { resolve: resolve as (result: unknown) => void, command });
      ws.send(text);
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
    getState: () =>
      call<AppSnapshot>('getState').then((state) => {
        lastHealth ??= state.health;
        return state;
      }),
    connect: () => call('connect'),
    disconnect: () => call('disconnect'),
    retry: () => call('retry'),
    talkStart: (source) => call('talkStart', source),
    talkStop: (source) => call('talkStop', source),
    talkCancel: () => call('talkCancel'),
    talkEnd: () => call('talkEnd'),
    sendText: (text) => call('sendText', text),
    recordHotkey: (kind) => call('recordHotkey', kind),
    onHotkeys: () => () => undefined, // no global hotkeys in a browser
    requestAccessibility: () =>
      Promise.resolve({ ok: false, error: 'Only the macOS desktop app asks for Accessibility.' }),
    saveSettings: (update) => call('saveSettings', update),
    requestAudioPort: (kind) => audio.request(kind),
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
    onOutputHold: on('output-hold'),
    onCapture: on('capture'),
    onOutputAudio: (listener) => {
      audioListeners.add(listener);
      return () => audioListeners.delete(listener);
    },
    ...assistantBridge(call, on),
  };
}

/**
 * The audio Worker (audio-socket.worker.ts) and its socket, opened at once so the first
 * reply finds it ready. Each request makes a channel: one end to the worker, the other to
 * the page as a window message, as Electron's preload delivers its ports.
 */
function audioPorts(bridgeUrl: URL): { request(kind: AudioPortKind): void } {
  const worker = new AudioSocketWorker();
  const url = new URL(AUDIO_BRIDGE_PATH, location.href);
  url.protocol = bridgeUrl.protocol;
  url.hash = '';
  worker.postMessage({ type: 'open', url: url.href } satisfies AudioSocketWorkerMessage);
  return {
    request(kind) {
      const channel = new MessageChannel();
      worker.postMessage({ type: 'port', kind } satisfies AudioSocketWorkerMessage, [
        channel.port2,
      ]);
      window.postMessage({ type: AUDIO_PORT_MESSAGE, kind }, location.origin, [channel.port1]);
    },
  };
}
