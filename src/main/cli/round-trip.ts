import { redactUrl } from '../engine/redaction';
import { pcm16ToBytes } from '../../shared/audio/dsp';
import { pcm16BytesToMs, SAMPLE_RATE } from '../../shared/audio/format';
import type { ServerErrorInfo } from '../engine/diagnose';
import type { Endpoint } from '../engine/providers';
import { RealtimeSession, type SessionClosure, type SessionOptions } from '../realtime/session';
import { DEFAULT_SESSION_SETTINGS } from '../realtime/session-config';

export interface RoundTripOptions {
  endpoint: Endpoint;
  pcm: Int16Array;
  /** Pace appends like a microphone (true) or send them back to back. */
  realtime: boolean;
  chunkMs: number;
  timeoutMs: number;
  onStep?: (step: RoundTripStep) => void;
  onServerEvent?: (type: string) => void;
  /** Routes the socket (the doctor: the environment's proxy). */
  agent?: SessionOptions['agent'];
}

export type RoundTripStep =
  | { kind: 'connected'; ms: number }
  | { kind: 'session-created'; ms: number; sessionId: string | null }
  | { kind: 'session-updated'; ms: number }
  | { kind: 'audio-sent'; ms: number; audioMs: number; appends: number }
  | { kind: 'response-created'; ms: number }
  | { kind: 'first-audio'; ms: number }
  | { kind: 'response-done'; ms: number; status: string; audioMs: number }
  | { kind: 'server-error'; ms: number; explanation: string }
  /** A protocol step told in its own words (the GPT-Live round trip). */
  | { kind: 'note'; ms: number; text: string }
  | { kind: 'warning'; ms: number; text: string };

export interface RoundTripResult {
  ok: boolean;
  provider: string;
  endpoint: string;
  model: string;
  sessionId: string | null;
  close: {
    code: number | null;
    reason: string;
    afterClientEvent: string | null;
    httpStatus: number | null;
  } | null;
  diagnosis: string | null;
  permanent: boolean;
  sentEvents: Record<string, number>;
  audioSentMs: number;
  responseAudioMs: number;
  firstAudioDeltaMs: number | null;
  responseStatus: string | null;
  assistantTranscript: string;
  userTranscript: string;
  serverErrors: ServerErrorInfo[];
  warnings: string[];
  unknownEventTypes: Record<string, number>;
  durationMs: number;
}

/**
 * The headless round trip: connect → session.created → session.update → session.updated
 * → stream speech as appends → commit → response.create → audio deltas → response.done → close.
 * Never throws for a failure of the other side: the result says what happened and why.
 */
export async function runRoundTrip(options: RoundTripOptions): Promise<RoundTripResult> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const step = (s: RoundTripStep): void => options.onStep?.(s);
  const session = new RealtimeSession(
    options.endpoint,
    { ...DEFAULT_SESSION_SETTINGS, model: options.endpoint.model },
    { setupTimeoutMs: options.timeoutMs, ...(options.agent ? { agent: options.agent } : {}) },
  );

  const result = emptyResult(options.endpoint);

  let responseCreatedAt: number | null = null;
  let fatalError: string | null = null;
  session.connection.on('open', () => step({ kind: 'connected', ms: elapsed() }));
  session.on('server-event', (event) => {
    options.onServerEvent?.(event.type);
    if (event.type === 'session.created') {
      result.sessionId = session.sessionId;
      step({ kind: 'session-created', ms: elapsed(), sessionId: session.sessionId });
    } else if (event.type === 'session.updated') {
      step({ kind: 'session-updated', ms: elapsed() });
    } else if (event.type === 'response.created') {
      step({ kind: 'response-created', ms: elapsed() });
    }
  });
  session.on('output-audio', ({ pcm }) => {
    if (result.firstAudioDeltaMs === null && responseCreatedAt !== null) {
      result.firstAudioDeltaMs = Math.round(performance.now() - responseCreatedAt);
      step({ kind: 'first-audio', ms: elapsed() });
    }
    result.responseAudioMs += pcm16BytesToMs(pcm.byteLength);
  });
  session.on('transcript', (t) => {
    if (t.role === 'assistant')
      result.assistantTranscript = t.final ? t.text : result.assistantTranscript + t.text;
    else result.userTranscript = t.final ? t.text : result.userTranscript + t.text;
  });
  session.on('server-error', ({ error, explanation }) => {
    result.serverErrors.push(error);
    step({ kind: 'server-error', ms: elapsed(), explanation });
    // An error about anything Hark sent in the round trip means the round trip failed.
    fatalError ??= explanation;
  });
  session.on('warning', (text) => {
    result.warnings.push(text);
    step({ kind: 'warning', ms: elapsed(), text });
  });

  const finish = (closure: SessionClosure | null): RoundTripResult => {
    result.sentEvents = session.connection.sent.countsByType();
    result.unknownEventTypes = Object.fromEntries(session.unknownEventTypes);
    result.durationMs = elapsed();
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

  const setupClosure = await session.start();
  if (setupClosure) return finish(setupClosure);

  // Stream the speech as a microphone would, in small appends.
  const bytes = pcm16ToBytes(options.pcm);
  const chunkBytes = Math.round((SAMPLE_RATE * options.chunkMs) / 1000) * 2;
  const streamStart = performance.now();
  let appends = 0;
  for (let offset = 0; offset < bytes.byteLength; offset += chunkBytes) {
    if (session.closed || fatalError) break;
    if (options.realtime) {
      const due = streamStart + appends * options.chunkMs;
      const wait = due - performance.now();
      if (wait > 0) await delay(wait);
      if (session.closed) break;
    }
    const chunk = bytes.subarray(offset, Math.min(bytes.byteLength, offset + chunkBytes));
    if (session.appendAudio(chunk) === null) break;
    result.audioSentMs += pcm16BytesToMs(chunk.byteLength);
    appends++;
  }
  result.audioSentMs = Math.round(result.audioSentMs);
  step({ kind: 'audio-sent', ms: elapsed(), audioMs: result.audioSentMs, appends });
  // Give the server a moment to react to the last append (the reported 1000 close comes here).
  await delay(50);
  if (session.closed) return finish(session.closed);
  if (fatalError) {
    session.close();
    return finish(await closedOf(session));
  }

  session.commitInput();
  session.createResponse();
  responseCreatedAt = performance.now();

  const outcome = await new Promise<'done' | 'closed' | 'timeout' | 'error'>((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), options.timeoutMs);
    const settle = (value: 'done' | 'closed' | 'error'): void => {
      clearTimeout(timer);
      resolve(value);
    };
    session.on('response-done', ({ status }) => {
      result.responseStatus = status;
      step({
        kind: 'response-done',
        ms: elapsed(),
        status,
        audioMs: Math.round(result.responseAudioMs),
      });
      settle('done');
    });
    session.on('closed', () => settle('closed'));
    session.on('server-error', () => settle('error'));
  });
  result.responseAudioMs = Math.round(result.responseAudioMs);

  if (outcome === 'closed') return finish(session.closed);
  if (outcome === 'timeout') {
    fatalError = `No response.done within ${options.timeoutMs / 1000} s after response.create. The server accepted the audio but did not answer; check the model and the session's output settings.`;
  }
  if (outcome === 'done' && result.responseStatus !== 'completed') {
    fatalError ??= `The response ended with status "${result.responseStatus}" instead of "completed".`;
  }
  if (outcome === 'done' && !fatalError) result.ok = true;
  session.close();
  const closure = await closedOf(session);
  return finish(closure);
}

function closedOf(session: RealtimeSession): Promise<SessionClosure> {
  if (session.closed) return Promise.resolve(session.closed);
  return new Promise((resolve) => session.on('closed', resolve));
}

/** A round trip's result before anything has happened (both engines start from it). */
export function emptyResult(endpoint: RoundTripOptions['endpoint']): RoundTripResult {
  return {
    ok: false,
    provider: endpoint.provider,
    endpoint: endpointForDisplay(endpoint.url),
    model: endpoint.model,
    sessionId: null,
    close: null,
    diagnosis: null,
    permanent: false,
    sentEvents: {},
    audioSentMs: 0,
    responseAudioMs: 0,
    firstAudioDeltaMs: null,
    responseStatus: null,
    assistantTranscript: '',
    userTranscript: '',
    serverErrors: [],
    warnings: [],
    unknownEventTypes: {},
    durationMs: 0,
  };
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The URL without credentials: user info, query values other than configuration, token-like path segments. */
export function endpointForDisplay(url: string): string {
  return redactUrl(url);
}
