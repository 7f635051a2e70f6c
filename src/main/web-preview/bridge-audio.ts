/**
 * One page's audio socket (`/<token>/__hark/audio`), opened by the page's audio Worker:
 * the web preview's stand-in for Electron's MessageChannelMain ports. Reply audio goes out
 * as binary frames of bare PCM16 with JSON text commands between them (item, end, clear);
 * in come mic frames (binary) and played-sample reports (text), validated like IPC.
 * Nothing a page sends can throw out of here.
 */
import type { WebSocket } from 'ws';
import {
  pipeReplyAudio,
  receivePortMessage,
  type ReplyAudioSource,
} from '../audio/reply-audio-pipe';
import type { RateLimitedLog } from './rate-limited-log';
import { corkUntil } from './cork';

/** A played-sample report is ~100 bytes; anything much larger is not one. */
const MAX_REPORT_BYTES = 1024;

export function serveAudioBridge(
  ws: WebSocket,
  source: ReplyAudioSource,
  log: RateLimitedLog,
): void {
  ws.on('error', (error) => log('audio socket error', error.message));
  const sent = (error?: Error): void => {
    if (error) log('audio send failed', error.message);
  };
  // An item's command and its first audio go out in one write, at the end of this callback.
  const hold = (): void => corkUntil(ws, (uncork) => process.nextTick(uncork));
  const off = pipeReplyAudio(source, {
    audio: (pcm) => {
      if (ws.readyState !== ws.OPEN) return;
      hold();
      ws.send(pcm, { binary: true }, sent);
    },
    command: (command) => {
      if (ws.readyState !== ws.OPEN) return;
      hold();
      ws.send(JSON.stringify(command), sent);
    },
  });
  ws.on('close', off);
  const refuse = (message: string): void => log('rejected audio socket message', message);

  ws.on('message', (data, isBinary) => {
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    try {
      if (isBinary) {
        // A copy: the frame may be a view into the socket's larger read buffer.
        receivePortMessage(source, 'capture', new Uint8Array(bytes), refuse);
        return;
      }
      if (bytes.byteLength > MAX_REPORT_BYTES) return refuse('a text frame larger than a report');
      let report: unknown;
      try {
        report = JSON.parse(bytes.toString('utf8'));
      } catch {
        return refuse('a text frame that is not JSON');
      }
      receivePortMessage(source, 'playback', report, refuse);
    } catch (error) {
      refuse(error instanceof Error ? error.message : String(error));
    }
  });
}
