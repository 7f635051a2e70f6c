import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { RealtimeServerEvent } from 'openai/resources/realtime/realtime';

interface SafeParser {
  safeParse(value: unknown): { success: boolean; error?: { message: string } };
  options: { shape: { type: { value: string } } }[];
}

// The agents SDK's own server-event schema (not exported by its package entry; loaded from
// the file its transport uses to parse every event).
const require = createRequire(import.meta.url);
const agentsDist = dirname(require.resolve('@openai/agents-realtime'));
const { realtimeServerEventSchema } = require(join(agentsDist, 'openaiRealtimeEvents.js')) as {
  realtimeServerEventSchema: SafeParser;
};
const AGENTS_TYPES = new Set(realtimeServerEventSchema.options.map((o) => o.shape.type.value));

/** Every GA server event type in the `openai` package's `RealtimeServerEvent` union. */
const OPENAI_TYPES: Record<RealtimeServerEvent['type'], true> = {
  'conversation.created': true,
  'conversation.item.created': true,
  'conversation.item.deleted': true,
  'conversation.item.input_audio_transcription.completed': true,
  'conversation.item.input_audio_transcription.delta': true,
  'conversation.item.input_audio_transcription.failed': true,
  'conversation.item.retrieved': true,
  'conversation.item.truncated': true,
  error: true,
  'input_audio_buffer.cleared': true,
  'input_audio_buffer.committed': true,
  'input_audio_buffer.dtmf_event_received': true,
  'input_audio_buffer.speech_started': true,
  'input_audio_buffer.speech_stopped': true,
  'rate_limits.updated': true,
  'response.output_audio.delta': true,
  'response.output_audio.done': true,
  'response.output_audio_transcript.delta': true,
  'response.output_audio_transcript.done': true,
  'response.content_part.added': true,
  'response.content_part.done': true,
  'response.created': true,
  'response.done': true,
  'response.function_call_arguments.delta': true,
  'response.function_call_arguments.done': true,
  'response.output_item.added': true,
  'response.output_item.done': true,
  'response.output_text.delta': true,
  'response.output_text.done': true,
  'session.created': true,
  'session.updated': true,
  'output_audio_buffer.started': true,
  'output_audio_buffer.stopped': true,
  'output_audio_buffer.cleared': true,
  'conversation.item.added': true,
  'conversation.item.done': true,
  'input_audio_buffer.timeout_triggered': true,
  'conversation.item.input_audio_transcription.segment': true,
  'mcp_list_tools.in_progress': true,
  'mcp_list_tools.completed': true,
  'mcp_list_tools.failed': true,
  'response.mcp_call_arguments.delta': true,
  'response.mcp_call_arguments.done': true,
  'response.mcp_call.in_progress': true,
  'response.mcp_call.completed': true,
  'response.mcp_call.failed': true,
};

/**
 * Problems with one server event: its type must be a GA type of the `openai` package, it must
 * carry an event_id, and where the agents SDK has a schema for the type it must pass it
 * (strictly: the SDK itself falls back to ignoring an event that fails).
 */
export function serverEventProblems(event: unknown): string[] {
  const record = event as { type?: unknown; event_id?: unknown };
  const type = String(record.type);
  const problems: string[] = [];
  if (!(type in OPENAI_TYPES)) problems.push(`${type}: not a GA server event type`);
  if (typeof record.event_id !== 'string') problems.push(`${type}: no event_id`);
  if (AGENTS_TYPES.has(type)) {
    const parsed = realtimeServerEventSchema.safeParse(event);
    if (!parsed.success) problems.push(`${type}: ${parsed.error?.message ?? 'invalid'}`);
  }
  return problems;
}

export function allProblems(events: readonly unknown[]): string[] {
  return events.flatMap(serverEventProblems);
}

/** Whether the agents SDK has a schema for this type (to count what was checked strictly). */
export const agentsKnows = (type: string): boolean => AGENTS_TYPES.has(type);
