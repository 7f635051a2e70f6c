import { z } from 'zod';
import type * as Live from 'openai/resources/live/live';
import type * as Responses from 'openai/resources/responses/responses';

/**
 * Runtime schemas for the GPT-Live server events the simulator sends, written from the
 * `openai` package's types (`openai/resources/live/live`, 7.57) — strict, so a field the
 * types do not name fails. `Assignable` below makes the compiler check each schema's
 * inferred type against the package's interface, so the two cannot drift apart silently.
 */

type Assignable<T extends U, U> = T;

const eventId = z.string().min(1);
const clientEventId = z.string().optional();
const timed = { start_ms: z.number().int().min(0), end_ms: z.number().int().min(0) };

const history = {
  id: z.string().nullable().optional(),
  status: z.enum(['incomplete', 'completed']).nullable().optional(),
  type: z.literal('message').optional(),
};
const inputText = z.strictObject({ text: z.string(), type: z.literal('input_text').optional() });
const initialItem = z.discriminatedUnion('role', [
  z.strictObject({ role: z.literal('developer'), content: z.array(inputText), ...history }),
  z.strictObject({ role: z.literal('user'), content: z.array(inputText), ...history }),
  z.strictObject({
    role: z.literal('assistant'),
    content: z.array(
      z.union([
        z.strictObject({ text: z.string(), type: z.literal('output_text') }),
        z.strictObject({ text: z.string(), type: z.literal('text').optional() }),
      ]),
    ),
    ...history,
  }),
]);

const voice = z.union([z.string(), z.strictObject({ id: z.string() })]);
const sessionResource = z.strictObject({
  id: z.string().min(1),
  expires_at: z.number().int(),
  model: z.string(),
  status: z.literal('active'),
  audio: z
    .strictObject({
      format: z.strictObject({ type: z.literal('audio/pcm'), rate: z.literal(24000) }).optional(),
      output: z.strictObject({ voice: voice.optional() }).optional(),
    })
    .optional(),
  delegation: z
    .union([
      z.strictObject({
        type: z.literal('client'),
        acknowledgement_delay_ms: z.number().optional(),
      }),
      z.strictObject({
        type: z.literal('responses'),
        acknowledgement_delay_ms: z.number().optional(),
        responses: z.looseObject({ model: z.string() }),
      }),
    ])
    .nullable()
    .optional(),
  input: z.array(initialItem).optional(),
  instructions: z.string().nullable().optional(),
  store: z.boolean().optional(),
  triggers: z.array(z.never()).optional(), // Decisions triggers are not simulated
});
type _Resource = Assignable<z.infer<typeof sessionResource>, Live.SessionResource>;

const error = z.strictObject({
  type: z.literal('error'),
  event_id: eventId,
  client_event_id: clientEventId,
  error: z.strictObject({
    type: z.string(),
    code: z.string(),
    message: z.string(),
    param: z.string().optional(),
    client_event_id: z.string().optional(),
  }),
});
type _Error = Assignable<z.infer<typeof error>, Live.ErrorEvent>;

const ack = <T extends string>(type: T) =>
  z.strictObject({ type: z.literal(type), event_id: eventId, client_event_id: clientEventId });
const appended = <T extends string>(type: T) =>
  z.strictObject({
    type: z.literal(type),
    event_id: eventId,
    client_event_id: clientEventId,
    ...timed,
  });

/** Base64 of PCM16: an even number of bytes. */
const pcmBase64 = z
  .string()
  .regex(/^[A-Za-z0-9+/]*={0,2}$/)
  .refine((s) => Buffer.from(s, 'base64').byteLength % 2 === 0, 'odd PCM16 byte count');

export const serverEventSchemas = {
  'session.started': z.strictObject({
    type: z.literal('session.started'),
    event_id: eventId,
    client_event_id: clientEventId,
    session: sessionResource,
  }),
  'session.updated': z.strictObject({
    type: z.literal('session.updated'),
    event_id: eventId,
    client_event_id: clientEventId,
    session: sessionResource,
  }),
  'session.input_audio.muted': ack('session.input_audio.muted'),
  'session.input_audio.unmuted': ack('session.input_audio.unmuted'),
  'session.output_audio.fixture.playing': ack('session.output_audio.fixture.playing'),
  'session.output_audio.fixture.played': ack('session.output_audio.fixture.played'),
  'session.instructions.appended': appended('session.instructions.appended'),
  'session.thinking.appended': appended('session.thinking.appended'),
  'session.commentary.appended': appended('session.commentary.appended'),
  // The primary WebSocket's deltas carry no event_id and no timestamps (sideband only).
  'session.output_audio.delta': z.strictObject({
    type: z.literal('session.output_audio.delta'),
    delta: pcmBase64,
  }),
  'session.input_transcript.delta': z.strictObject({
    type: z.literal('session.input_transcript.delta'),
    event_id: eventId,
    client_event_id: clientEventId,
    delta: z.string(),
    ...timed,
  }),
  'session.output_transcript.delta': z.strictObject({
    type: z.literal('session.output_transcript.delta'),
    event_id: eventId,
    client_event_id: clientEventId,
    delta: z.string(),
    ...timed,
  }),
  'session.delegation.created': z.strictObject({
    type: z.literal('session.delegation.created'),
    event_id: eventId,
    client_event_id: clientEventId,
    offset_ms: z.number().int().min(0),
    delegation: z.strictObject({
      id: z.string().min(1),
      target: z.enum(['client', 'responses', 'decisions']),
      type: z.literal('delegation'),
      response_id: z.string().optional(),
    }),
  }),
  'response.event': z.strictObject({
    type: z.literal('response.event'),
    event_id: eventId,
    client_event_id: clientEventId,
    delegation_id: z.string().nullable().optional(),
    event: z.looseObject({ type: z.string() }),
  }),
  'session.usage.updated': z.strictObject({
    type: z.literal('session.usage.updated'),
    event_id: eventId,
    client_event_id: clientEventId,
    usage: z.strictObject({ seconds: z.number().min(0) }),
    context_window: z.strictObject({ usage_ratio: z.number() }).optional(),
  }),
  'session.closed': z.strictObject({
    type: z.literal('session.closed'),
    event_id: eventId,
    client_event_id: clientEventId,
    reason: z.enum(['close_requested', 'expired', 'content', 'remote_hangup', 'connection_lost']),
    session: sessionResource,
    usage: z.strictObject({ seconds: z.number().min(0) }),
  }),
  error,
} as const;

type Schemas = typeof serverEventSchemas;
type _Started = Assignable<z.infer<Schemas['session.started']>, Live.SessionStartedEvent>;
type _Updated = Assignable<z.infer<Schemas['session.updated']>, Live.SessionUpdatedEvent>;
type _Muted = Assignable<z.infer<Schemas['session.input_audio.muted']>, Live.InputAudioMutedEvent>;
type _Unmuted = Assignable<
  z.infer<Schemas['session.input_audio.unmuted']>,
  Live.InputAudioUnmutedEvent
>;
type _Playing = Assignable<
  z.infer<Schemas['session.output_audio.fixture.playing']>,
  Live.OutputAudioFixturePlayingEvent
>;
type _Played = Assignable<
  z.infer<Schemas['session.output_audio.fixture.played']>,
  Live.OutputAudioFixturePlayedEvent
>;
type _Instr = Assignable<
  z.infer<Schemas['session.instructions.appended']>,
  Live.InstructionsAppendedEvent
>;
type _Think = Assignable<z.infer<Schemas['session.thinking.appended']>, Live.ThinkingAppendedEvent>;
type _Comm = Assignable<
  z.infer<Schemas['session.commentary.appended']>,
  Live.CommentaryAppendedEvent
>;
type _Audio = Assignable<
  z.infer<Schemas['session.output_audio.delta']>,
  Live.OutputAudioDeltaEvent
>;
type _In = Assignable<
  z.infer<Schemas['session.input_transcript.delta']>,
  Live.InputTranscriptDeltaEvent
>;
type _Out = Assignable<
  z.infer<Schemas['session.output_transcript.delta']>,
  Live.OutputTranscriptDeltaEvent
>;
type _Deleg = Assignable<
  z.infer<Schemas['session.delegation.created']>,
  Live.DelegationCreatedEvent
>;
type _Resp = Assignable<z.infer<Schemas['response.event']>, Live.ResponseEvent>;
type _Usage = Assignable<z.infer<Schemas['session.usage.updated']>, Live.SessionUsageUpdatedEvent>;
type _Closed = Assignable<z.infer<Schemas['session.closed']>, Live.SessionClosedEvent>;

/* The nested Responses events (`response.event.event`), from `openai/resources/responses`. */
const sequence = z.number().int().min(0);
const usage = z.strictObject({
  input_tokens: z.number().int(),
  input_tokens_details: z.strictObject({
    cached_tokens: z.number().int(),
    cache_write_tokens: z.number().int(),
  }),
  output_tokens: z.number().int(),
  output_tokens_details: z.strictObject({ reasoning_tokens: z.number().int() }),
  total_tokens: z.number().int(),
});
type _ResponseUsage = Assignable<z.infer<typeof usage>, Responses.ResponseUsage>;
const snapshot = z.looseObject({
  id: z.string(),
  object: z.literal('response'),
  created_at: z.number(),
  status: z.enum(['in_progress', 'completed']),
  model: z.string(),
  output: z.array(z.unknown()).length(0), // lifecycle snapshots clear their output
  instructions: z.null(),
  tools: z.array(z.unknown()).length(0),
  parallel_tool_calls: z.boolean(),
  error: z.null(),
  incomplete_details: z.null(),
  metadata: z.null(),
  temperature: z.number().nullable(),
  top_p: z.number().nullable(),
  tool_choice: z.unknown(),
  usage: usage.optional(),
});
const functionCall = z.strictObject({
  id: z.string(),
  type: z.literal('function_call'),
  call_id: z.string(),
  name: z.string(),
  arguments: z.string(),
  status: z.enum(['in_progress', 'completed']),
});
type _Call = Assignable<z.infer<typeof functionCall>, Responses.ResponseFunctionToolCall>;
const mcpApprovalRequest = z.strictObject({
  id: z.string(),
  type: z.literal('mcp_approval_request'),
  server_label: z.string(),
  name: z.string(),
  arguments: z.string(),
});
type _Approval = Assignable<
  z.infer<typeof mcpApprovalRequest>,
  Responses.ResponseOutputItem.McpApprovalRequest
>;
const outputText = z.strictObject({
  type: z.literal('output_text'),
  text: z.string(),
  annotations: z.array(z.never()),
});
const message = z.strictObject({
  id: z.string(),
  type: z.literal('message'),
  role: z.literal('assistant'),
  status: z.enum(['in_progress', 'completed']),
  content: z.array(outputText),
});
type _Message = Assignable<z.infer<typeof message>, Responses.ResponseOutputMessage>;
const at = { item_id: z.string(), output_index: z.number().int(), sequence_number: sequence };
const partAt = { ...at, content_index: z.number().int() };

export const responseEventSchemas = {
  'response.created': z.strictObject({
    type: z.literal('response.created'),
    sequence_number: sequence,
    response: snapshot,
  }),
  'response.in_progress': z.strictObject({
    type: z.literal('response.in_progress'),
    sequence_number: sequence,
    response: snapshot,
  }),
  'response.output_item.added': z.strictObject({
    type: z.literal('response.output_item.added'),
    sequence_number: sequence,
    output_index: z.number().int(),
    item: z.union([functionCall, mcpApprovalRequest, message]),
  }),
  'response.function_call_arguments.delta': z.strictObject({
    type: z.literal('response.function_call_arguments.delta'),
    ...at,
    delta: z.string(),
  }),
  'response.function_call_arguments.done': z.strictObject({
    type: z.literal('response.function_call_arguments.done'),
    ...at,
    arguments: z.string(),
  }),
  'response.content_part.added': z.strictObject({
    type: z.literal('response.content_part.added'),
    ...partAt,
    part: outputText,
  }),
  'response.output_text.delta': z.strictObject({
    type: z.literal('response.output_text.delta'),
    ...partAt,
    delta: z.string(),
    logprobs: z.array(z.never()),
  }),
  'response.output_text.done': z.strictObject({
    type: z.literal('response.output_text.done'),
    ...partAt,
    text: z.string(),
    logprobs: z.array(z.never()),
  }),
  'response.content_part.done': z.strictObject({
    type: z.literal('response.content_part.done'),
    ...partAt,
    part: outputText,
  }),
  'response.output_item.done': z.strictObject({
    type: z.literal('response.output_item.done'),
    sequence_number: sequence,
    output_index: z.number().int(),
    item: z.union([functionCall, mcpApprovalRequest, message]),
  }),
  'response.completed': z.strictObject({
    type: z.literal('response.completed'),
    sequence_number: sequence,
    response: snapshot.extend({ status: z.literal('completed'), usage }),
  }),
} as const;
type _FnDone = Assignable<
  z.infer<(typeof responseEventSchemas)['response.function_call_arguments.done']>,
  Responses.ResponseFunctionCallArgumentsDoneEvent
>;
type _TextDelta = Assignable<
  z.infer<(typeof responseEventSchemas)['response.output_text.delta']>,
  Responses.ResponseTextDeltaEvent
>;

/** Throws, naming the event and the problem, unless `event` is a valid Live server event. */
export function assertServerEvent(event: unknown): void {
  const type = (event as { type?: unknown }).type;
  const schema = serverEventSchemas[type as keyof typeof serverEventSchemas];
  if (!schema)
    throw new Error(`not a GPT-Live server event the simulator may send: ${String(type)}`);
  const parsed = schema.safeParse(event);
  if (!parsed.success) {
    throw new Error(`${String(type)} does not match the types: ${parsed.error.message}`);
  }
  if (type === 'response.event') {
    const nested = (event as { event: { type: string } }).event;
    const nestedSchema = responseEventSchemas[nested.type as keyof typeof responseEventSchemas];
    if (!nestedSchema) throw new Error(`unexpected nested Responses event ${nested.type}`);
    const inner = nestedSchema.safeParse(nested);
    if (!inner.success) {
      throw new Error(`${nested.type} does not match the Responses types: ${inner.error.message}`);
    }
  }
}

/** Every compile-time check above, named once so none is an unused local. */
export type SchemaChecks = [
  _Resource,
  _Error,
  _Started,
  _Updated,
  _Muted,
  _Unmuted,
  _Playing,
  _Played,
  _Instr,
  _Think,
  _Comm,
  _Audio,
  _In,
  _Out,
  _Deleg,
  _Resp,
  _Usage,
  _Closed,
  _ResponseUsage,
  _Call,
  _Approval,
  _Message,
  _FnDone,
  _TextDelta,
];
