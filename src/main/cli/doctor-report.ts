import { describeCloseCode } from '../engine/diagnose';
import type { EngineKind } from '../engine/engine';
import type { RoundTripResult, RoundTripStep } from './round-trip';

/** One human line per round-trip step. */
export function formatStep(step: RoundTripStep): string {
  const at = `${String(step.ms).padStart(6)} ms`;
  switch (step.kind) {
    case 'connected':
      return `  ✓ ${at}  connected`;
    case 'session-created':
      return `  ✓ ${at}  session.created${step.sessionId ? ` (${step.sessionId})` : ''}`;
    case 'session-updated':
      return `  ✓ ${at}  session.updated: push-to-talk, audio/pcm 24 kHz`;
    case 'audio-sent':
      return `  ✓ ${at}  sent ${step.audioMs} ms of speech in ${step.appends} input_audio_buffer.append events`;
    case 'response-created':
      return `  ✓ ${at}  committed; response.created`;
    case 'first-audio':
      return `  ✓ ${at}  first response.output_audio.delta`;
    case 'response-done':
      return `  ${step.status === 'completed' ? '✓' : '✗'} ${at}  response.done (${step.status}), ${step.audioMs} ms of reply audio`;
    case 'server-error':
      return `  ✗ ${at}  server error: ${step.explanation}`;
    case 'warning':
      return `  ! ${at}  ${step.text}`;
    case 'note':
      return `  ✓ ${at}  ${step.text}`;
  }
}

/**
 * What the first audio is timed from, in each protocol's own words: Realtime replies to
 * `response.create`; GPT-Live has no request for a spoken reply — the model answers by
 * itself once the speech is over, so its wait is counted from the end of the speech sent.
 */
const FIRST_AUDIO_AFTER: Record<EngineKind, string> = {
  realtime: 'after response.create',
  live: 'after the end of the speech (GPT-Live answers by itself; nothing requests a reply)',
};

export function formatResult(result: RoundTripResult, engine: EngineKind = 'realtime'): string[] {
  const lines: string[] = [];
  if (result.assistantTranscript) lines.push(`  reply: “${result.assistantTranscript}”`);
  if (result.userTranscript) lines.push(`  heard: “${result.userTranscript}”`);
  const sent = Object.entries(result.sentEvents)
    .map(([type, count]) => `${type}×${count}`)
    .join(', ');
  lines.push(`  sent: ${sent || 'nothing'}`);
  if (result.close) {
    const { code, reason, afterClientEvent, httpStatus } = result.close;
    const what =
      httpStatus !== null
        ? `HTTP ${httpStatus} on the upgrade`
        : `close ${code} (${describeCloseCode(code)})${reason ? ` "${reason}"` : ''}`;
    lines.push(
      `  ended: ${what}${afterClientEvent ? `, right after Hark sent ${afterClientEvent}` : ''}`,
    );
  }
  if (result.ok) {
    lines.push(
      `✓ Round trip complete in ${result.durationMs} ms: ${result.audioSentMs} ms of speech sent, ${result.responseAudioMs} ms of reply audio, first audio ${result.firstAudioDeltaMs} ms ${FIRST_AUDIO_AFTER[engine]}.`,
    );
  } else {
    lines.push(`✗ Round trip failed${result.permanent ? ' (retrying will not help)' : ''}.`);
    if (result.diagnosis) lines.push(`  Why: ${result.diagnosis}`);
  }
  return lines;
}
