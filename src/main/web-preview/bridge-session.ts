/**
 * One page's bridge: forwards the controller's events to the socket and runs the page's
 * calls. Every frame gets an outcome: a result, or `{ok: false, error}` for anything
 * malformed or failed (with the call's id when it could be read). Nothing a page sends can
 * throw out of here.
 */
import type { WebSocket } from 'ws';
import type { VoiceController } from '../voice/voice-controller';
import {
  encodeOutputAudio,
  type BridgeEventName,
  type BridgeServerMessage,
} from '../../shared/web-bridge-protocol';
import { parseBridgeFrame, type ValidCall } from './bridge-frame';
import { assistantHandlers, forwardAssistantEvents } from '../assistant/assistant-handlers';
import type { RateLimitedLog } from './rate-limited-log';
import { corkUntil } from './cork';

export function serveBridge(
  ws: WebSocket,
  controller: VoiceController,
  log: RateLimitedLog,
  /** `replyAudio: false`: the page's audio socket carries reply audio (bridge-audio.ts). */
  options: { replyAudio: boolean } = { replyAudio: true },
): void {
  // Oversized frames, invalid UTF-8 and protocol errors end here; ws then closes the socket
  // with 1009 / 1007 / 1002 and the page is told why.
  ws.on('error', (error) => log('bridge socket error', error.message));

  const send = (message: BridgeServerMessage): void => {
    if (ws.readyState !== ws.OPEN) return;
    try {
      // The page's view may wait for the end of this turn of the loop: one write for all.
      corkUntil(ws, (uncork) => setImmediate(uncork));
      ws.send(JSON.stringify(message));
    } catch (error) {
      log('bridge send failed', error instanceof Error ? error.message : String(error));
    }
  };
  const event = (name: BridgeEventName) => (payload: unknown) =>
    send({ event: name, payload: payload ?? null });
  const offs = [
    controller.on('health', event('health')),
    controller.on('settings', event('settings')),
    controller.on('transcript', event('transcript')),
    controller.on('notice', event('notice')),
    controller.on('output-done', event('output-done')),
    controller.on('output-stop', event('output-stop')),
    controller.on('output-hold', event('output-hold')),
    controller.on('capture', event('capture')),
    controller.on('output-audio', ({ itemId, pcm }) => {
      if (!options.replyAudio || ws.readyState !== ws.OPEN) return;
      try {
        ws.send(encodeOutputAudio(itemId, pcm), { binary: true });
      } catch (error) {
        log('bridge send failed', error instanceof Error ? error.message : String(error));
      }
    }),
    forwardAssistantEvents(controller.assistant, (name, payload) => event(name)(payload)),
  ];
  ws.on('close', () => offs.forEach((off) => off()));
  const assistant = assistantHandlers(controller);

  ws.on('message', (data, isBinary) => {
    const bytes = toBytes(data);
    const frame = parseBridgeFrame(bytes, isBinary);
    switch (frame.kind) {
      case 'audio':
        try {
          // A copy: the frame may be a view into the socket's larger read buffer.
          controller.pushAudioFrame(new Uint8Array(frame.pcm));
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          log('bridge call failed', `audio frame: ${message}`);
          send({ id: null, result: { ok: false, error: message } });
        }
        return;
      case 'invalid':
        log('rejected bridge frame', frame.error);
        send({ id: frame.id, result: { ok: false, error: frame.error } });
        return;
      case 'assistant':
        Promise.resolve()
          .then(() => assistant[frame.method](frame.arg))
          .then(
            (result) => frame.id !== null && send({ id: frame.id, result }),
            (error: unknown) => {
              const message = error instanceof Error ? error.message : String(error);
              log('bridge call failed', `${frame.method}: ${message}`);
              send({ id: frame.id, result: { ok: false, error: message } });
            },
          );
        return;
      case 'call':
        run(controller, frame.call).then(
          (result) => {
            if (frame.id !== null) send({ id: frame.id, result });
          },
          (error: unknown) => {
            const message = error instanceof Error ? error.message : String(error);
            log('bridge call failed', `${frame.call.method}: ${message}`);
            send({ id: frame.id, result: { ok: false, error: message } });
          },
        );
    }
  });
}

/** Runs a validated call; a synchronous throw becomes a rejection. */
async function run(controller: VoiceController, call: ValidCall): Promise<unknown> {
  switch (call.method) {
    case 'getState':
      return controller.snapshot();
    case 'connect':
      return controller.connect();
    case 'disconnect':
      return controller.disconnect();
    case 'retry':
      return controller.retryNow();
    case 'talkStart':
      return controller.talkStart(call.arg);
    case 'talkStop':
      return controller.talkStop(call.arg);
    case 'talkCancel':
      return controller.talkCancel();
    case 'talkEnd':
      return controller.talkLost();
    case 'sendText':
      return controller.sendText(call.arg);
    case 'recordHotkey':
      return { ok: false, error: 'Global hotkeys exist only in the desktop app.' };
    case 'saveSettings':
      return controller.saveSettings(call.arg);
    case 'reportPlayback':
      controller.reportPlayback(call.arg);
      return { ok: true };
  }
}

function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}
