/**
 * Main's half of the audio ports (src/shared/audio-port-protocol.ts), for any adapter:
 * reply audio out to one page's playback port, reports and mic frames in from it. It
 * knows PCM chunks and the controller's three output events, not any engine's events.
 */
import {
  readCapturePortMessage,
  readPlaybackPortMessage,
  type PlaybackPortCommand,
} from '../../shared/audio-port-protocol';
import type { Emitter } from '../../shared/emitter';
import { IpcValidationError, type OutputAudioMessage, type PlaybackReport } from '../../shared/ipc';

/** What the pipe needs of the controller (VoiceController has it). */
export interface ReplyAudioSource extends Pick<
  Emitter<{
    'output-audio': OutputAudioMessage;
    'output-done': undefined;
    'output-stop': undefined;
  }>,
  'on'
> {
  pushAudioFrame(pcm: Uint8Array): void;
  reportPlayback(report: PlaybackReport): void;
  /** The engine streams its output continuously (GPT-Live): keep playback shallow. */
  outputIsContinuous?(): boolean;
}

/**
 * The deepest playback buffer for a continuous stream. GPT-Live sends 100 ms chunks at real
 * time: starting at 50 ms and never waiting for more keeps what plays after a yield within
 * ~150 ms (issue 21), at the price of an audible gap when a chunk comes late, not a delay.
 */
export const CONTINUOUS_MAX_BUFFER_MS = 50;

/** One page's playback port, as the adapter sends on it. */
export interface PlaybackPortSink {
  /** Bare PCM16 of the item last named. */
  audio(pcm: Uint8Array): void;
  command(command: PlaybackPortCommand): void;
}

/**
 * Forward the controller's reply audio to `sink`: the item id once per item, then bare
 * PCM; `end` and `clear` in order with it. Returns the unsubscribe.
 */
export function pipeReplyAudio(source: ReplyAudioSource, sink: PlaybackPortSink): () => void {
  let told: string | null = null;
  const offs = [
    source.on('output-audio', ({ itemId, pcm }) => {
      if (itemId !== told) {
        told = itemId;
        sink.command(
          source.outputIsContinuous?.()
            ? { type: 'item', itemId, maxBufferMs: CONTINUOUS_MAX_BUFFER_MS }
            : { type: 'item', itemId },
        );
      }
      sink.audio(pcm);
    }),
    source.on('output-done', () => sink.command({ type: 'end' })),
    source.on('output-stop', () => sink.command({ type: 'clear' })),
  ];
  return () => offs.forEach((off) => off());
}

/**
 * A message from a page's port, validated like IPC and handed to the controller; a
 * refusal is logged (rate-limited by the caller's log) and changes nothing.
 */
export function receivePortMessage(
  source: ReplyAudioSource,
  kind: 'playback' | 'capture',
  data: unknown,
  log: (message: string) => void,
): void {
  try {
    if (kind === 'playback') source.reportPlayback(readPlaybackPortMessage(data));
    else source.pushAudioFrame(readCapturePortMessage(data));
  } catch (error) {
    if (!(error instanceof IpcValidationError)) throw error;
    log(`rejected ${kind} port message: ${error.message}`);
  }
}
