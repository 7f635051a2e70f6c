/**
 * Electron's audio ports (src/shared/audio-port-protocol.ts): a page asks on
 * `IPC.audioPort` with the kind it wants; main makes a MessageChannelMain, keeps one end
 * and sends the other with the answer. Reply audio then goes main → playback worklet and
 * mic frames capture worklet → main without the page's main thread; a window with a
 * playback port gets no reply audio over IPC. A new request of a kind (a reload, a new
 * capture node) replaces the old port.
 */
import {
  MessageChannelMain,
  type IpcMain,
  type IpcMainEvent,
  type MessagePortMain,
} from 'electron';
import { isAudioPortKind, type AudioPortKind } from '../../shared/audio-port-protocol';
import { IPC } from '../../shared/ipc';
import {
  pipeReplyAudio,
  receivePortMessage,
  type ReplyAudioSource,
} from '../audio/reply-audio-pipe';
import { PortScratch } from '../audio/port-scratch';

/** The parts of MessageChannelMain used here (a stand-in in tests). */
export interface PortChannel {
  port1: Pick<MessagePortMain, 'postMessage' | 'on' | 'start' | 'close'>;
  port2: MessagePortMain;
}

export interface AudioPorts {
  /** This page plays reply audio from its port: do not send it the audio over IPC too. */
  hasPlayback(webContentsId: number): boolean;
  dispose(): void;
}

export function registerAudioPorts(
  ipcMain: IpcMain,
  source: ReplyAudioSource,
  trusted: (event: IpcMainEvent) => boolean,
  log: (message: string) => void,
  makeChannel: () => PortChannel = () => new MessageChannelMain(),
): AudioPorts {
  /** Per page (webContents id) and kind: how to close the port main holds. */
  const open = new Map<string, () => void>();
  const keyOf = (id: number, kind: AudioPortKind): string => `${id}:${kind}`;
  // A flood of bad messages logs one line per 100, per kind of port.
  const refused: Record<AudioPortKind, number> = { playback: 0, capture: 0 };
  const refuse = (kind: AudioPortKind) => (message: string) => {
    if (refused[kind]++ % 100 === 0) log(message);
  };

  const onRequest = (event: IpcMainEvent, kind: unknown): void => {
    if (!trusted(event)) return;
    if (!isAudioPortKind(kind)) return log('refused audio port request: unknown kind');
    const key = keyOf(event.sender.id, kind);
    open.get(key)?.();
    const { port1, port2 } = makeChannel();
    let offPipe = (): void => undefined;
    if (kind === 'playback') {
      // postMessage copies before it returns, so one buffer per size carries every delta.
      const scratch = new PortScratch();
      offPipe = pipeReplyAudio(source, {
        audio: (pcm) => port1.postMessage(scratch.copy(pcm)),
        command: (command) => port1.postMessage(command),
      });
    }
    let closed = false;
    const close = (): void => {
      if (closed) return;
      closed = true;
      offPipe();
      if (open.get(key) === close) open.delete(key);
      port1.close();
    };
    open.set(key, close);
    port1.on('message', ({ data }) => receivePortMessage(source, kind, data, refuse(kind)));
    port1.on('close', close); // the page went away (closed, reloaded, crashed)
    port1.start();
    event.sender.postMessage(IPC.audioPort, kind, [port2]);
  };
  ipcMain.on(IPC.audioPort, onRequest);

  return {
    hasPlayback: (id) => open.has(keyOf(id, 'playback')),
    dispose: () => {
      ipcMain.removeListener(IPC.audioPort, onRequest);
      for (const close of [...open.values()]) close();
    },
  };
}
