import { z } from 'zod';

/**
 * GPT-Live client events as strict schemas: an unknown field is `unknown_parameter`, a
 * missing one `missing_required_parameter` (see ../wire-errors.ts). Shapes follow the
 * `openai` package's types (`openai/resources/live/live`, 7.57): `SessionConfig`,
 * `SessionUpdateConfig`, `ResponsesDelegationConfig`, the `*Event` client interfaces.
 */

/** The simulator's own bound on kept text, so one client cannot grow its memory without end. */
export const MAX_TEXT_CHARS = 256 * 1024;
const text = z.string().max(MAX_TEXT_CHARS);
const shortText = z.string().max(4096);
const eventId = shortText.nullable().optional();
const nullable = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

const audioFormat = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('audio/pcm'),
    rate: z.union([z.literal(16000), z.literal(24000)]),
  }),
  z.strictObject({ type: z.literal('audio/pcmu'), rate: z.number() }),
  z.strictObject({ type: z.literal('audio/pcma'), rate: z.number() }),
]);

const voice = z.union([shortText, z.strictObject({ id: shortText })]);

const functionTool = z.strictObject({
  type: z.literal('function'),
  name: shortText.regex(/^[A-Za-z0-9_-]{1,64}$/, 'a tool name is 1-64 letters, digits, _ or -'),
  description: nullable(text),
  parameters: nullable(z.record(z.string(), z.unknown())),
  strict: nullable(z.boolean()),
});

/** Hosted tools: the types name only `type`; the service runs them (the simulator never calls them). */
const HOSTED_TOOLS = [
  'web_search',
  'file_search',
  'code_interpreter',
  'shell',
  'image_generation',
  'mcp',
  'custom',
  'namespace',
  'tool_search',
  'programmatic_tool_calling',
  'computer',
  'apply_patch',
] as const;
const hostedTool = z.looseObject({ type: z.enum(HOSTED_TOOLS) });
const tool = z.union([functionTool, hostedTool]);
export type DeclaredTool = z.infer<typeof tool>;
export type DeclaredFunctionTool = z.infer<typeof functionTool>;

const HOSTED_CHOICES = [
  'file_search',
  'web_search',
  'web_search_preview',
  'image_generation',
  'computer',
  'code_interpreter',
  'programmatic_tool_calling',
  'shell',
  'apply_patch',
] as const;
const namedChoice = z.union([
  z.strictObject({ type: z.literal('function'), name: shortText }),
  z.strictObject({ type: z.literal('mcp'), name: shortText, server_label: shortText }),
  z.strictObject({ type: z.literal('custom'), name: shortText }),
  z.strictObject({ type: z.enum(HOSTED_CHOICES) }),
]);
const toolChoice = z.union([
  z.enum(['auto', 'none', 'required']),
  namedChoice,
  z.strictObject({
    type: z.literal('allowed_tools'),
    tools: z.array(namedChoice).max(128),
    mode: nullable(z.enum(['none', 'auto', 'required'])),
  }),
]);
export type ToolChoice = z.infer<typeof toolChoice>;

const responsesFields = {
  instructions: nullable(text),
  max_output_tokens: nullable(z.number().int().min(1)),
  parallel_tool_calls: nullable(z.boolean()),
  reasoning: nullable(
    z.strictObject({
      effort: nullable(z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh'])),
      summary: nullable(z.enum(['concise', 'detailed', 'auto'])),
    }),
  ),
  service_tier: nullable(
    z.enum(['auto', 'default', 'fast_tier_temp_pilot', 'flex', 'priority', 'ultrafast']),
  ),
  text: nullable(z.strictObject({ verbosity: nullable(z.enum(['low', 'medium', 'high'])) })),
  tool_choice: toolChoice.optional(),
  tools: z.array(tool).max(128).optional(),
};
const responsesConfig = z.strictObject({ model: shortText, ...responsesFields });
export type ResponsesConfig = z.infer<typeof responsesConfig>;
const responsesUpdate = z.strictObject({ model: shortText.optional(), ...responsesFields });
export type ResponsesUpdate = z.infer<typeof responsesUpdate>;

const ackDelay = z.number().int().min(0).max(60_000).optional();
const clientDelegation = z.strictObject({
  type: z.literal('client'),
  acknowledgement_delay_ms: ackDelay,
});
const decisionsDelegation = z.strictObject({
  type: z.literal('decisions'),
  decisions: z.looseObject({}),
  acknowledgement_delay_ms: ackDelay,
});
const delegation = z.discriminatedUnion('type', [
  clientDelegation,
  z.strictObject({
    type: z.literal('responses'),
    responses: responsesConfig,
    acknowledgement_delay_ms: ackDelay,
  }),
  decisionsDelegation,
]);
export type Delegation = z.infer<typeof delegation>;

const inputText = z.strictObject({ text, type: z.literal('input_text').optional() });
const initialItem = z.discriminatedUnion('role', [
  z.strictObject({
    role: z.literal('developer'),
    content: z.array(inputText),
    id: nullable(shortText),
    status: nullable(z.enum(['incomplete', 'completed'])),
    type: z.literal('message').optional(),
  }),
  z.strictObject({
    role: z.literal('user'),
    content: z.array(inputText),
    id: nullable(shortText),
    status: nullable(z.enum(['incomplete', 'completed'])),
    type: z.literal('message').optional(),
  }),
  z.strictObject({
    role: z.literal('assistant'),
    content: z.array(
      z.union([
        z.strictObject({ text, type: z.literal('output_text') }),
        z.strictObject({ text, type: z.literal('text').optional() }),
      ]),
    ),
    id: nullable(shortText),
    status: nullable(z.enum(['incomplete', 'completed'])),
    type: z.literal('message').optional(),
  }),
]);
export type InitialItem = z.infer<typeof initialItem>;

export const sessionConfig = z.strictObject({
  model: shortText,
  audio: z
    .strictObject({
      format: audioFormat.optional(),
      output: z.strictObject({ voice: voice.optional() }).optional(),
    })
    .optional(),
  client: z.looseObject({}).optional(),
  delegation: delegation.nullable().optional(),
  input: z.array(initialItem).max(1024).optional(),
  instructions: nullable(text),
  store: z.boolean().optional(),
  triggers: z.array(z.looseObject({})).optional(),
});
export type SessionConfig = z.infer<typeof sessionConfig>;

const sessionUpdate = z.strictObject({
  delegation: z
    .discriminatedUnion('type', [
      clientDelegation,
      z.strictObject({
        type: z.literal('responses'),
        responses: responsesUpdate.optional(),
        acknowledgement_delay_ms: ackDelay,
      }),
      z.strictObject({
        type: z.literal('decisions'),
        decisions: z.looseObject({}).optional(),
        acknowledgement_delay_ms: ackDelay,
      }),
    ])
    .nullable()
    .optional(),
  triggers: z.array(z.looseObject({})).optional(),
});
export type SessionUpdate = z.infer<typeof sessionUpdate>;

const contentPart = z.union([
  z.strictObject({ type: z.literal('input_text'), text }),
  z.strictObject({
    type: z.literal('output_text'),
    text,
    annotations: z.array(z.unknown()).optional(),
  }),
]);
/** `ResponseInputItem`, the kinds the simulator's backend understands. */
const responseItem = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('message'),
    role: z.enum(['user', 'assistant', 'system', 'developer']),
    content: z.union([text, z.array(contentPart).max(128)]),
    id: nullable(shortText),
    status: nullable(z.enum(['in_progress', 'completed', 'incomplete'])),
  }),
  z.strictObject({
    type: z.literal('function_call_output'),
    call_id: shortText,
    output: z.union([
      text,
      z.array(z.strictObject({ type: z.literal('input_text'), text })).max(128),
    ]),
    id: nullable(shortText),
    status: nullable(z.enum(['in_progress', 'completed', 'incomplete'])),
  }),
  // The user's answer to an MCP tool's approval request (an `McpApprovalResponse`).
  z.strictObject({
    type: z.literal('mcp_approval_response'),
    approval_request_id: shortText,
    approve: z.boolean(),
    id: nullable(shortText),
    reason: nullable(text),
  }),
]);
export type ResponseItem = z.infer<typeof responseItem>;

const appendFields = { content: text, delegation_id: shortText.nullable(), event_id: eventId };

/** One schema per client event type (the `ClientEvent` union of the types). */
export const clientEventSchemas = {
  'session.start': z.strictObject({
    type: z.literal('session.start'),
    session: sessionConfig,
    event_id: eventId,
  }),
  'session.update': z.strictObject({
    type: z.literal('session.update'),
    session: sessionUpdate,
    event_id: eventId,
  }),
  'session.input_audio.append': z.strictObject({
    type: z.literal('session.input_audio.append'),
    audio: z.string(),
    event_id: eventId,
  }),
  'session.input_audio.mute': z.strictObject({
    type: z.literal('session.input_audio.mute'),
    event_id: eventId,
  }),
  'session.input_audio.unmute': z.strictObject({
    type: z.literal('session.input_audio.unmute'),
    event_id: eventId,
  }),
  'session.output_audio.fixture.play': z.strictObject({
    type: z.literal('session.output_audio.fixture.play'),
    audio: z.string(),
    event_id: eventId,
  }),
  'session.instructions.append': z.strictObject({
    type: z.literal('session.instructions.append'),
    ...appendFields,
  }),
  'session.thinking.append': z.strictObject({
    type: z.literal('session.thinking.append'),
    ...appendFields,
  }),
  'session.commentary.append': z.strictObject({
    type: z.literal('session.commentary.append'),
    ...appendFields,
  }),
  'decision.create': z.strictObject({ type: z.literal('decision.create'), event_id: shortText }),
  'decision.item.create': z.strictObject({
    type: z.literal('decision.item.create'),
    item: z.looseObject({}),
    event_id: eventId,
  }),
  'decision.item.delete': z.strictObject({
    type: z.literal('decision.item.delete'),
    item_id: shortText,
    event_id: eventId,
  }),
  'response.item.create': z.strictObject({
    type: z.literal('response.item.create'),
    item: responseItem,
    event_id: eventId,
  }),
  'response.create': z.strictObject({ type: z.literal('response.create'), event_id: eventId }),
  'session.close': z.strictObject({ type: z.literal('session.close'), event_id: eventId }),
} as const;

export type ClientEventType = keyof typeof clientEventSchemas;
export type ClientEvent = {
  [K in ClientEventType]: z.infer<(typeof clientEventSchemas)[K]>;
}[ClientEventType];

export function isClientEventType(type: string): type is ClientEventType {
  return Object.hasOwn(clientEventSchemas, type);
}

/** The text of a message's content (a string, or its text parts joined). */
export function textOf(content: string | readonly { text: string }[]): string {
  return typeof content === 'string' ? content : content.map((part) => part.text).join('');
}
