import { z } from 'zod';

/**
 * What the service accepts from a client, as strict schemas: an unknown field is
 * `unknown_parameter`, a wrong type `invalid_type`, a value out of range `*_above_max_value`
 * (see wire-errors.ts). Shapes follow the `openai` package's GA types
 * (`openai/resources/realtime/realtime`); field ranges follow the API reference.
 */

/**
 * Text the simulator keeps (instructions, item text, tool output) is bounded so that one
 * client cannot grow its memory without limit; a longer string is `string_above_max_length`,
 * as the service words it. The service's own limits are in tokens; this is the simulator's.
 */
export const MAX_TEXT_CHARS = 256 * 1024;
const longText = z.string().max(MAX_TEXT_CHARS);
/** Names, ids, labels, URLs, header values: anything that is not prose or audio. */
export const MAX_SHORT_CHARS = 4096;
const shortText = z.string().max(MAX_SHORT_CHARS);
/** Tools per session or response, and names in a list (the API allows 128 tools). */
const MAX_LIST = 128;

const audioFormat = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('audio/pcm'), rate: z.literal(24000).optional() }),
  z.strictObject({ type: z.literal('audio/pcmu') }),
  z.strictObject({ type: z.literal('audio/pcma') }),
]);

const serverVad = z.strictObject({
  type: z.literal('server_vad'),
  threshold: z.number().min(0).max(1).optional(),
  prefix_padding_ms: z.number().int().min(0).optional(),
  silence_duration_ms: z.number().int().min(0).optional(),
  idle_timeout_ms: z.number().int().min(5000).max(30000).nullable().optional(),
  create_response: z.boolean().optional(),
  interrupt_response: z.boolean().optional(),
});

const semanticVad = z.strictObject({
  type: z.literal('semantic_vad'),
  eagerness: z.enum(['low', 'medium', 'high', 'auto']).optional(),
  create_response: z.boolean().optional(),
  interrupt_response: z.boolean().optional(),
});

const transcription = z.strictObject({
  model: shortText.optional(),
  language: shortText.optional(),
  prompt: longText.optional(),
  delay: z.enum(['minimal', 'low', 'medium', 'high', 'xhigh']).optional(),
  keywords: z.array(shortText).max(MAX_LIST).optional(),
  languages: z.array(shortText).max(MAX_LIST).optional(),
});

const voice = z.union([shortText, z.strictObject({ id: shortText })]);

const audioConfig = z.strictObject({
  input: z
    .strictObject({
      format: audioFormat.optional(),
      // The live service sends `null` for both when they are off and accepts `null` back.
      transcription: transcription.nullable().optional(),
      noise_reduction: z
        .strictObject({
          type: z.enum(['near_field', 'far_field']).optional(),
          strength: z.number().min(0).max(1).optional(),
        })
        .nullable()
        .optional(),
      turn_detection: z.discriminatedUnion('type', [serverVad, semanticVad]).nullable().optional(),
    })
    .optional(),
  output: z
    .strictObject({
      format: audioFormat.optional(),
      voice: voice.optional(),
      speed: z.number().min(0.25).max(1.5).optional(),
    })
    .optional(),
});

const functionTool = z.strictObject({
  type: z.literal('function'),
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/),
  description: longText.optional(),
  parameters: z.record(shortText, z.unknown()).optional(),
});

const toolNameFilter = z.strictObject({
  read_only: z.boolean().optional(),
  tool_names: z.array(shortText).max(MAX_LIST).optional(),
});

const mcpTool = z.strictObject({
  type: z.literal('mcp'),
  server_label: shortText.min(1),
  server_url: shortText.optional(),
  server_description: longText.optional(),
  connector_id: shortText.optional(),
  authorization: shortText.optional(),
  headers: z.record(shortText, shortText).nullable().optional(),
  allowed_tools: z
    .union([z.array(shortText).max(MAX_LIST), toolNameFilter])
    .nullable()
    .optional(),
  allowed_callers: z
    .array(z.enum(['direct', 'programmatic']))
    .nullable()
    .optional(),
  require_approval: z
    .union([
      z.enum(['always', 'never']),
      z.strictObject({ always: toolNameFilter.optional(), never: toolNameFilter.optional() }),
    ])
    .nullable()
    .optional(),
  defer_loading: z.boolean().optional(),
  tunnel_id: shortText.optional(),
});

/** `type` is optional for function tools in the GA types; a tool without one is a function. */
export const toolSchema = z.preprocess(
  (value) =>
    typeof value === 'object' && value !== null && !('type' in value)
      ? { ...value, type: 'function' }
      : value,
  z.discriminatedUnion('type', [functionTool, mcpTool]),
);
export type DeclaredTool = z.infer<typeof toolSchema>;
export type DeclaredFunctionTool = z.infer<typeof functionTool>;
export type DeclaredMcpTool = z.infer<typeof mcpTool>;

export const toolChoiceSchema = z.union([
  z.enum(['none', 'auto', 'required']),
  z.strictObject({ type: z.literal('function'), name: shortText }),
  z.strictObject({ type: z.literal('mcp'), server_label: shortText, name: shortText.optional() }),
]);
export type ToolChoice = z.infer<typeof toolChoiceSchema>;

/** GA allows one output modality per response: audio (with its transcript) or text. */
const outputModalities = z.union([z.tuple([z.literal('audio')]), z.tuple([z.literal('text')])]);
const maxOutputTokens = z.union([z.number().int().min(1).max(4096), z.literal('inf')]);
const prompt = z
  .strictObject({
    id: shortText,
    version: shortText.nullable().optional(),
    variables: z.record(shortText, z.unknown()).nullable().optional(),
  })
  .nullable();
const reasoning = z.strictObject({
  effort: z.enum(['minimal', 'low', 'medium', 'high', 'xhigh']).optional(),
});

export const sessionUpdateSchema = z.strictObject({
  type: z.literal('realtime'),
  model: shortText.optional(),
  instructions: longText.optional(),
  output_modalities: outputModalities.optional(),
  audio: audioConfig.optional(),
  include: z.array(z.literal('item.input_audio_transcription.logprobs')).nullable().optional(),
  max_output_tokens: maxOutputTokens.optional(),
  parallel_tool_calls: z.boolean().optional(),
  prompt: prompt.optional(),
  reasoning: reasoning.optional(),
  tool_choice: toolChoiceSchema.optional(),
  tools: z.array(toolSchema).max(MAX_LIST).optional(),
  tracing: z
    .union([
      z.literal('auto'),
      z.strictObject({
        workflow_name: shortText.optional(),
        group_id: shortText.optional(),
        metadata: z.unknown().optional(),
      }),
    ])
    .nullable()
    .optional(),
  truncation: z
    .union([
      z.enum(['auto', 'disabled']),
      z.strictObject({
        type: z.literal('retention_ratio'),
        retention_ratio: z.number().min(0).max(1),
        token_limits: z
          .strictObject({ post_instructions: z.number().int().min(0).optional() })
          .optional(),
      }),
    ])
    .optional(),
});
export type SessionUpdate = z.infer<typeof sessionUpdateSchema>;

const itemEnvelope = {
  id: z.string().max(64).optional(),
  object: z.literal('realtime.item').optional(),
  status: z.enum(['completed', 'incomplete', 'in_progress']).optional(),
};

const messageItem = z.discriminatedUnion('role', [
  z.strictObject({
    ...itemEnvelope,
    type: z.literal('message'),
    role: z.literal('system'),
    content: z.array(z.strictObject({ type: z.literal('input_text'), text: longText })),
  }),
  z.strictObject({
    ...itemEnvelope,
    type: z.literal('message'),
    role: z.literal('user'),
    content: z.array(
      z.discriminatedUnion('type', [
        z.strictObject({ type: z.literal('input_text'), text: longText }),
        z.strictObject({
          type: z.literal('input_audio'),
          audio: z.string().optional(),
          transcript: longText.nullable().optional(),
        }),
        z.strictObject({
          type: z.literal('input_image'),
          image_url: z.string(),
          detail: z.enum(['auto', 'low', 'high']).optional(),
        }),
      ]),
    ),
  }),
  z.strictObject({
    ...itemEnvelope,
    type: z.literal('message'),
    role: z.literal('assistant'),
    content: z.array(
      z.discriminatedUnion('type', [
        z.strictObject({ type: z.literal('output_text'), text: longText }),
        z.strictObject({
          type: z.literal('output_audio'),
          audio: z.string().optional(),
          transcript: longText.nullable().optional(),
        }),
      ]),
    ),
  }),
]);

/** Items a client may create (item references only inside `response.create`'s input). */
export const clientItemSchema = z.discriminatedUnion('type', [
  messageItem,
  z.strictObject({
    ...itemEnvelope,
    type: z.literal('function_call'),
    name: shortText,
    arguments: longText,
    call_id: shortText.optional(),
  }),
  z.strictObject({
    ...itemEnvelope,
    type: z.literal('function_call_output'),
    call_id: shortText,
    output: longText,
  }),
  z.strictObject({
    id: shortText.optional(),
    type: z.literal('mcp_approval_response'),
    approval_request_id: shortText,
    approve: z.boolean(),
    reason: longText.nullable().optional(),
  }),
]);
export type ClientItem = z.infer<typeof clientItemSchema>;

const itemReference = z.strictObject({ type: z.literal('item_reference'), id: shortText });

export const responseParamsSchema = z.strictObject({
  conversation: shortText.optional(),
  input: z
    .array(z.discriminatedUnion('type', [itemReference, ...clientItemSchema.options]))
    .optional(),
  instructions: longText.optional(),
  output_modalities: outputModalities.optional(),
  audio: z
    .strictObject({
      output: z
        .strictObject({ format: audioFormat.optional(), voice: voice.optional() })
        .optional(),
    })
    .optional(),
  max_output_tokens: maxOutputTokens.optional(),
  metadata: z
    .record(z.string().max(64), z.string().max(512))
    .refine((pairs) => Object.keys(pairs).length <= 16, 'at most 16 key-value pairs')
    .nullable()
    .optional(),
  parallel_tool_calls: z.boolean().optional(),
  prompt: prompt.optional(),
  reasoning: reasoning.optional(),
  tool_choice: toolChoiceSchema.optional(),
  tools: z.array(toolSchema).max(MAX_LIST).optional(),
});
export type ResponseParams = z.infer<typeof responseParamsSchema>;

const eventId = { event_id: z.string().max(512).optional() };

/** The 11 GA client events. */
export const clientEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...eventId, type: z.literal('session.update'), session: sessionUpdateSchema }),
  z.strictObject({ ...eventId, type: z.literal('input_audio_buffer.append'), audio: z.string() }),
  z.strictObject({ ...eventId, type: z.literal('input_audio_buffer.commit') }),
  z.strictObject({ ...eventId, type: z.literal('input_audio_buffer.clear') }),
  z.strictObject({ ...eventId, type: z.literal('output_audio_buffer.clear') }),
  z.strictObject({
    ...eventId,
    type: z.literal('conversation.item.create'),
    previous_item_id: shortText.nullable().optional(),
    item: clientItemSchema,
  }),
  z.strictObject({
    ...eventId,
    type: z.literal('conversation.item.retrieve'),
    item_id: shortText,
  }),
  z.strictObject({
    ...eventId,
    type: z.literal('conversation.item.truncate'),
    item_id: shortText,
    content_index: z.number().int().min(0),
    audio_end_ms: z.number().int().min(0),
  }),
  z.strictObject({ ...eventId, type: z.literal('conversation.item.delete'), item_id: shortText }),
  z.strictObject({
    ...eventId,
    type: z.literal('response.create'),
    response: responseParamsSchema.optional(),
  }),
  z.strictObject({
    ...eventId,
    type: z.literal('response.cancel'),
    response_id: shortText.optional(),
  }),
]);
export type ClientEvent = z.infer<typeof clientEventSchema>;
