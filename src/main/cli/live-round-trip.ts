/**
 * The doctor's GPT-Live round trip: connect → session.start → session.started → speech at
 * real-time pace, then silence (the stream never stops) → the model's reply (voiced output)
 * → session.close → session.closed. Same result contract as the Realtime round trip.
 */
import { pcm16ToBytes } from '../../shared/audio/dsp';
import { pcm16BytesToMs, SAMPLE_RATE } from '../../shared/audio/format';
import type { SessionClosure } from '../engine/engine';
import type { Endpoint } from '../engine/providers';
import { DEFAULT_BACKEND_MODEL } from '../live/protocol';
import { LiveSession } from '../live/session';
import { DEFAULT_SESSION_SETTINGS } from '../realtime/session-config';
import { delay, emptyResult, type RoundTripOptions, type RoundTripResult } from './round-trip';

export async function runLiveRoundTrip(
  options: RoundTripOptions & { endpoint: Endpoint },
): Promise<RoundTripResult> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const note = (text: string): void => options.onStep?.({ kind: 'note', ms: elapsed(), text });
  const session = new LiveSession(
    options.endpoint,
    {
      model: options.endpoint.model,
      instructions: DEFAULT_SESSION_SETTINGS.instructions,
      voice: DEFAULT_SESSION_SETTINGS.voice,
      backendModel: DEFAULT_BACKEND_MODEL,
      tools: [],
      history: [],
    },
    {
      setupTimeoutMs: options.timeoutMs,
      // The doctor paces the input itself: speech, then silence, at real time.
      silencePumpMs: 0,
      ...(options.agent ? { agent: options.agent } : {}),
    },
  );
  const result: RoundTripResult = emptyResult(options.endpoint);
  let speechEndedAt: number | null = null;
  let fatalError: string | null = null;
  let replyDone = false;
  session.connection.on('open', () => options.onStep?.({ kind: 'connected', ms: elapsed() }));
  session.connection.on('received', ({ event }) => options.onServerEvent?.(event.type));
  session.on('output-audio', ({ pcm }) => {
    if (result.firstAudioDeltaMs === null && speechEndedAt !== null) {
      result.firstAudioDeltaMs = Math.round(performance.now() - speechEndedAt);
      note('first voiced session.output_audio.delta (silence is not counted)');
    }
    result.responseAudioMs += pcm16BytesToMs(pcm.byteLength);
  });
  session.on('response-done', () => {
    if (result.responseAudioMs <= 0) return;
    replyDone = true;
    result.responseStatus = 'completed';
  });
  session.on('transcript', (t) => {
    if (!t.final) return;
    if (t.role === 'assistant')
      result.assistantTranscript += (result.assistantTranscript ? ' ' : '') + t.text;
    else result.userTranscript += (result.userTranscript ? ' ' : '') + t.text;
  });
  session.on('server-error', ({ error, explanation }) => {
    result.serverErrors.push(error);
    options.onStep?.({ kind: 'server-error', ms: elapsed(), explanation });
    fatalError ??= explanation;
  });
  session.on('warning', (text) => {
    result.warnings.push(text);
    options.onStep?.({ kind: 'warning', ms: elapsed(), text });
  });

  const finish = (closure: SessionClosure | null): RoundTripResult => {
    result.sentEvents = session.connection.sent.countsByType();
    result.durationMs = elapsed();
    result.responseAudioMs = Math.round(result.responseAudioMs);
    result.audioSentMs = Math.round(result.audioSentMs);
    if (closure && !closure.closedByClient) {
      result.close = {
        code: closure.code,
        reason: closure.reason,
        afterClientEvent: closure.afterClientEvent,
        httpStatus: closure.httpStatus,
      };
      result.diagnosis = closure.diagnosis;
      result.permanent = closure.permanent;
      result.ok = false;
    } else if (fatalError) {
      result.diagnosis = fatalError;
      result.ok = false;
    }
    return result;
  };

  const setup = await session.start();
  if (setup) return finish(setup);
  result.sessionId = session.sessionId;
  note(
    `session.started${session.sessionId ? ` (${session.sessionId})` : ''}: audio/pcm 24 kHz, Responses delegation`,
  );

  // Speech, then silence, one chunk per chunkMs of real time: GPT-Live's input never stops.
  const bytes = pcm16ToBytes(options.pcm);
  const chunkBytes = Math.round((SAMPLE_RATE * options.chunkMs) / 1000) * 2;
  const silence = new Uint8Array(chunkBytes);
  const streamStart = performance.now();
  let appends = 0;
  let offset = 0;
  const deadline = (): number => (speechEndedAt ?? Infinity) + options.timeoutMs;
  while (!session.closed && !fatalError && !replyDone && performance.now() < deadline()) {
    if (options.realtime) {
      const wait = streamStart + appends * options.chunkMs - performance.now();
      if (wait > 0) await delay(wait);
      if (session.closed) break;
    }
    const speaking = offset < bytes.byteLength;
    const chunk = speaking
      ? bytes.subarray(offset, Math.min(bytes.byteLength, offset + chunkBytes))
      : silence;
    if (session.appendAudio(chunk) === null) break;
    appends++;
    if (speaking) {
      offset += chunkBytes;
      result.audioSentMs += pcm16BytesToMs(chunk.byteLength);
      if (offset >= bytes.byteLength) {
        speechEndedAt = performance.now();
        note(
          `sent ${Math.round(result.audioSentMs)} ms of speech in ${appends} session.input_audio.append events`,
        );
      }
    } else if (!options.realtime) await delay(options.chunkMs); // silence always at real time
  }
  if (session.closed) return finish(session.closed);
  if (!replyDone && !fatalError)
    fatalError = `No spoken reply within ${options.timeoutMs / 1000} s after the speech ended. GPT-Live decides by itself when to answer; the session took the audio but stayed silent.`;
  if (replyDone) {
    note(`reply: ${Math.round(result.responseAudioMs)} ms of voiced audio`);
    if (!fatalError) result.ok = true;
  }
  session.close();
  const closure = await closedOf(session);
  if (closure.reason === 'close_requested')
    note('session.close → session.closed (close_requested)');
  return finish(closure);
}

function closedOf(session: LiveSession): Promise<SessionClosure> {
  if (session.closed) return Promise.resolve(session.closed);
  return new Promise((resolve) => session.on('closed', resolve));
}
