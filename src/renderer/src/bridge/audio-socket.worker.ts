/**
 * The web preview's audio ports: a dedicated Worker that owns the page's audio socket
 * (`/<token>/__hark/audio`), so reply audio goes main → this worker → the playback worklet
 * and mic frames capture worklet → this worker → main without touching the page's main
 * thread. It relays; main validates (src/main/web-preview/bridge-audio.ts).
 */
import {
  readPlaybackCommand,
  type AudioPortKind,
  type PlaybackPortCommand,
} from '../../../shared/audio-port-protocol';

export type AudioSocketWorkerMessage =
  | { type: 'open'; url: string }
  /** A fresh port of `kind` (transferred): it replaces the previous one. */
  | { type: 'port'; kind: AudioPortKind };

/** What arrives before the playback port does (the first reply can race the page's set-up). */
const MAX_PENDING = 2000;

const scope = self as unknown as { onmessage: ((event: MessageEvent) => void) | null };
let socket: WebSocket | null = null;
const ports: Partial<Record<AudioPortKind, MessagePort>> = {};
const pending: (ArrayBuffer | PlaybackPortCommand)[] = [];

function toPlayback(message: ArrayBuffer | PlaybackPortCommand): void {
  const port = ports.playback;
  if (!port) {
    if (pending.length < MAX_PENDING) pending.push(message);
    return;
  }
  if (message instanceof ArrayBuffer) port.postMessage(message, [message]);
  else port.postMessage(message);
}

function open(url: string): void {
  const ws = new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  ws.onmessage = (event: MessageEvent<string | ArrayBuffer>) => {
    if (event.data instanceof ArrayBuffer) return toPlayback(event.data);
    try {
      const command = readPlaybackCommand(JSON.parse(event.data));
      if (command) toPlayback(command);
    } catch {
      // not JSON: nothing main sends
    }
  };
  socket = ws;
}

function send(data: string | ArrayBuffer): void {
  if (socket?.readyState === WebSocket.OPEN) socket.send(data);
}

function attach(kind: AudioPortKind, port: MessagePort): void {
  ports[kind]?.close();
  ports[kind] = port;
  port.onmessage =
    kind === 'playback'
      ? (event: MessageEvent) => send(JSON.stringify(event.data)) // played-sample reports
      : (event: MessageEvent<ArrayBuffer>) => {
          if (event.data instanceof ArrayBuffer) send(event.data); // mic frames
        };
  if (kind === 'playback') pending.splice(0).forEach(toPlayback);
}

scope.onmessage = (event: MessageEvent<AudioSocketWorkerMessage>) => {
  const message = event.data;
  if (message.type === 'open') open(message.url);
  else if (event.ports[0]) attach(message.kind, event.ports[0]);
};
