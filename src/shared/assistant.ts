/**
 * The assistant's part of the IPC contract (tools, approvals, usage and cost, the event
 * inspector, history): zod schemas give both the types and the checks main applies to what
 * the window sends.
 */
import { z } from 'zod';
import { isLoopbackHost, isPlainObject } from './settings-schema';
import { imageFactsSchema } from './image-attachment';

// ── tools and approvals ─────────────────────────────────────────────────

/**
 * What exactly would happen, shown in full beside the summary: the whole text to copy or
 * type (the window reveals invisible characters in it), the page to open with its host
 * named, or an MCP call's arguments.
 */
export const approvalDetailSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), label: z.string(), text: z.string() }),
  z.object({
    kind: z.literal('url'),
    /** `new URL(…).href`: a non-ASCII host appears in its punycode form (xn--…). */
    href: z.string(),
    host: z.string(),
    /** The host has a punycode label: it may imitate another site's name. */
    international: z.boolean(),
  }),
  z.object({ kind: z.literal('arguments'), json: z.string() }),
  /** The exact image that would be sent (the same data URL), with its facts. */
  imageFactsSchema.extend({
    kind: z.literal('image'),
    dataUrl: z.string(),
    origin: z.enum(['paste', 'drop', 'screen', 'tool']),
  }),
]);
export type ApprovalDetail = z.infer<typeof approvalDetailSchema>;

export const approvalRequestSchema = z.object({
  id: z.string(),
  /** A function tool's name, or an MCP server's tool. */
  tool: z.string(),
  /** `function`: one of Hark's tools; `mcp`: a remote MCP server's tool (server names it). */
  source: z.enum(['function', 'mcp']),
  server: z.string().optional(),
  /** The request in plain words, on one line: "Type 2 lines (40 characters) into …". */
  summary: z.string(),
  detail: approvalDetailSchema.optional(),
  /** false: this tool must be approved each time ("Always allow" is not offered, and refused). */
  allowAlways: z.boolean(),
});
export type ApprovalRequest = z.infer<typeof approvalRequestSchema>;

export const approvalAnswerSchema = z.strictObject({
  id: z.string().min(1).max(100),
  decision: z.enum(['once', 'always', 'deny']),
});
export type ApprovalAnswer = z.infer<typeof approvalAnswerSchema>;

export const toolCallStatusSchema = z.enum([
  'awaiting-approval',
  'running',
  'done',
  'failed',
  'denied',
  'cancelled',
]);
export type ToolCallStatus = z.infer<typeof toolCallStatusSchema>;

/** A tool call as the transcript shows it; sent again whenever its status changes. */
export const toolCallMessageSchema = z.object({
  callId: z.string(),
  tool: z.string(),
  summary: z.string(),
  status: toolCallStatusSchema,
  /** What the model was told (shortened), once finished. */
  result: z.string().optional(),
});
export type ToolCallMessage = z.infer<typeof toolCallMessageSchema>;

/** The service could not transcribe the user's speech: the transcript marks that turn. */
export const transcriptionFailureSchema = z.object({
  itemId: z.string(),
  /** The server's reason, redacted and shortened. */
  reason: z.string(),
});
export type TranscriptionFailure = z.infer<typeof transcriptionFailureSchema>;

// ── usage and cost ──────────────────────────────────────────────────────

export const tokenCountsSchema = z.object({
  inputText: z.number(),
  inputAudio: z.number(),
  inputImage: z.number(),
  /** Part of the three input counts above (billed at the cached rate), not added to them. */
  inputCached: z.number(),
  outputText: z.number(),
  outputAudio: z.number(),
});
export type TokenCounts = z.infer<typeof tokenCountsSchema>;

/** US dollars per million tokens. */
export const modelPriceSchema = z.strictObject({
  textInput: z.number().min(0).max(10_000),
  textCachedInput: z.number().min(0).max(10_000),
  textOutput: z.number().min(0).max(10_000),
  audioInput: z.number().min(0).max(10_000),
  audioCachedInput: z.number().min(0).max(10_000),
  audioOutput: z.number().min(0).max(10_000),
  imageInput: z.number().min(0).max(10_000),
  imageCachedInput: z.number().min(0).max(10_000),
  /** GPT-Live: dollars per minute of session audio (its usage is seconds, not tokens). */
  voicePerMinute: z.number().min(0).max(100).optional(),
});
export type ModelPrice = z.infer<typeof modelPriceSchema>;

// A Map or a class instance would pass as an empty record: only plain objects are tables.
export const priceTableSchema = z
  .custom<unknown>(isPlainObject, { error: 'prices must be an object' })
  .pipe(z.record(z.string().min(1).max(100), modelPriceSchema));
export type PriceTable = z.infer<typeof priceTableSchema>;

export const usageMessageSchema = z.object({
  /** The response this turn's usage belongs to (the transcript shows it under that reply). */
  responseId: z.string(),
  /** The reply's assistant item, when it had one. */
  itemId: z.string().nullable(),
  /** The reply's function calls: where a reply that only called tools shows its cost. */
  callIds: z.array(z.string()).optional(),
  model: z.string(),
  turn: tokenCountsSchema,
  /** null when the model has no price in the table. */
  turnCost: z.number().nullable(),
  session: tokenCountsSchema,
  sessionCost: z.number().nullable(),
  responses: z.number(),
});
export type UsageMessage = z.infer<typeof usageMessageSchema>;

export const rateLimitSchema = z.object({
  name: z.string(),
  limit: z.number(),
  remaining: z.number(),
  resetSeconds: z.number(),
});
export type RateLimit = z.infer<typeof rateLimitSchema>;

// ── event inspector ─────────────────────────────────────────────────────

export const inspectorEntrySchema = z.object({
  seq: z.number(),
  at: z.number(),
  direction: z.enum(['sent', 'received']),
  type: z.string(),
  /** Bytes on the wire. */
  size: z.number(),
  /** The event's JSON with audio elided and secrets redacted. */
  json: z.string(),
});
export type InspectorEntry = z.infer<typeof inspectorEntrySchema>;

// ── history ─────────────────────────────────────────────────────────────

export const historyEntrySchema = z.object({
  at: z.number(),
  role: z.enum(['user', 'assistant', 'tool']),
  text: z.string(),
  /** The user spoke over the reply: only the part before `heardMs` was heard. */
  interrupted: z.boolean().optional(),
  heardMs: z.number().optional(),
  /** The user's speech could not be transcribed (the text is empty or a placeholder). */
  transcriptionFailed: z.boolean().optional(),
  /** For role "tool": the tool's name and how the call ended. */
  tool: z.string().optional(),
  status: toolCallStatusSchema.optional(),
  /** Dollars the reply cost, when priced. */
  cost: z.number().optional(),
  /** An image the user sent ("Look at this"): its facts; the file is kept beside the conversation. */
  image: imageFactsSchema.optional(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export const conversationSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  startedAt: z.number(),
  updatedAt: z.number(),
  entries: z.number(),
});
export type ConversationSummary = z.infer<typeof conversationSummarySchema>;

/** Conversation ids name files: only this shape is accepted from the window. */
export const conversationIdSchema = z.string().regex(/^conv_[0-9]{13}_[0-9a-f]{8}$/);

// ── MCP servers ─────────────────────────────────────────────────────────

/** A remote MCP server as the user configures it. Its authorization is stored apart, like the API key. */
export const mcpServerSchema = z.strictObject({
  /** Names the server in tool calls: letters, digits, "-" and "_". */
  label: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'Use letters, digits, "-" or "_" (at most 64).'),
  url: z
    .string()
    .max(2_000)
    .refine((value) => {
      try {
        const url = new URL(value);
        // Its token travels with it: in clear text only to this machine (the key's rule).
        const secure =
          url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
        return secure && !url.username && !url.password;
      } catch {
        return false;
      }
    }, 'An MCP server URL must be https:// (http:// only to this machine) and carry no user name or password.')
    // Characters URL parsers disagree on (a backslash, "@", "#", spaces, controls) could make
    // the service reach another host than the one the token is bound to: refused outright,
    // and the URL kept in the one form that is both bound and sent.
    .refine(
      (value) => !/[\\@#\s\p{Cc}]/u.test(value),
      'An MCP server URL may not contain "\\", "@", "#", spaces or control characters.',
    )
    .transform((value) => new URL(value).href),
  /** Empty: every tool the server offers. */
  allowedTools: z.array(z.string().min(1).max(128)).max(100).default([]),
  /** Ask before each call, or let calls run. */
  approval: z.enum(['always', 'never']).default('always'),
  enabled: z.boolean().default(true),
});
export type McpServerConfig = z.infer<typeof mcpServerSchema>;

/**
 * The window's view: whether a token is stored for this server URL and connection (it is
 * sent), or one is stored for another (it is not: "enter the token again") — never the value.
 */
export type McpServerView = McpServerConfig & {
  hasAuthorization: boolean;
  authorizationNeedsReentry: boolean;
};

// ── the assistant's status (pill details) ───────────────────────────────

export const assistantStatusSchema = z.object({
  /** Dollars so far in this conversation; null when a model has no price. */
  sessionCost: z.number().nullable(),
  responses: z.number(),
  /** Hands-free stops streaming at this time (epoch ms) without speech; null when not counting. */
  idleCapAt: z.number().nullable(),
  /** The idle cap stopped the microphone (talk or type to go on). */
  idlePaused: z.boolean(),
  /** The spend cap was reached: no more replies in this conversation. */
  spendCapReached: z.boolean(),
  rateLimits: z.array(rateLimitSchema),
  pendingApprovals: z.array(approvalRequestSchema),
  /**
   * Set on status updates pushed to the window: `pendingApprovals` is left empty there, the
   * list travels as approval-request / approval-settled increments (a flood of calls must
   * not resend it per change). Snapshots (getAssistant) carry the list and leave this unset.
   */
  approvalsByIncrement: z.literal(true).optional(),
});
export type AssistantStatus = z.infer<typeof assistantStatusSchema>;

// ── voice preview ───────────────────────────────────────────────────────

export type VoicePreviewResult =
  | {
      ok: true;
      /** PCM16 LE mono 24 kHz, base64. */
      audio: string;
      /** Played from Hark's memory: nothing was asked of the service. */
      cached: boolean;
      tokens: number;
      /** Dollars; null when the model has no price. */
      cost: number | null;
      /** The simulator rendered it (a chime, not the voice). */
      simulated: boolean;
    }
  | { ok: false; error: string };

// ── the assistant's own settings ────────────────────────────────────────

export const DEFAULT_INSTRUCTIONS =
  'You are Hark, a concise and friendly voice assistant. Keep answers short and speak naturally. You can tell the time, calculate, and — when the user asks and approves — read or copy the clipboard, open web pages and type text into their app.';

export const VOICES = [
  'alloy',
  'ash',
  'ballad',
  'cedar',
  'coral',
  'echo',
  'marin',
  'sage',
  'shimmer',
  'verse',
] as const;

/** The transcription prompt's length limit (the service reads it as a short hint). */
export const VOCABULARY_MAX_CHARS = 800;

const assistantSettingsFields = {
  /** The persona: the session's instructions. */
  instructions: z.string().trim().min(1).max(8_000),
  /** Speech speed, 0.25–1.5 (the service's range). */
  speed: z.number().min(0.25).max(1.5),
  /** The speaker's deviceId; empty for the system default. */
  outputDeviceId: z.string().max(512),
  transcription: z.boolean(),
  transcriptionModel: z.string().min(1).max(100),
  /** ISO-639-1, empty to let the model detect it. */
  transcriptionLanguage: z
    .string()
    .regex(/^([a-z]{2})?$/, 'Use a two-letter language code such as "en", or leave it empty.'),
  /**
   * Names and terms Hark should hear correctly, sent as the transcription `prompt`; empty
   * for none. One line of text (the service reads it as a hint, not as instructions).
   */
  transcriptionVocabulary: z
    .string()
    .max(VOCABULARY_MAX_CHARS, `Keep the vocabulary under ${VOCABULARY_MAX_CHARS} characters.`)
    .refine(
      (v) => !/\p{Cc}/u.test(v),
      'Put the vocabulary on one line (separate terms with commas).',
    ),
  noiseReduction: z.enum(['near_field', 'far_field', 'off']),
  /**
   * Hands-free: a cough or a "mhm" over a reply pauses it instead of cancelling it; it goes
   * on unless what was heard turns out to be a turn (src/main/conversation/false-interruption.ts).
   */
  falseInterruptionRecovery: z.boolean(),
  semanticEagerness: z.enum(['auto', 'low', 'medium', 'high']),
  vadSilenceMs: z.number().int().min(200).max(2_000),
  vadThreshold: z.number().min(0.1).max(0.95),
  /** Hands-free stops streaming after this many minutes without speech; 0 turns it off. */
  idleCapMinutes: z.number().int().min(0).max(120),
  /** Dollars per conversation; 0 for no limit. */
  spendCapUsd: z.number().min(0).max(1_000),
  historyEnabled: z.boolean(),
  /** The price table (dollars per million tokens) per model. */
  prices: priceTableSchema,
  mcpServers: z.array(mcpServerSchema).max(20),
  /** Tools the user allowed "always". */
  alwaysAllowedTools: z.array(z.string().max(200)).max(100),
};

export const assistantSettingsSchema = z.strictObject(assistantSettingsFields);
export type AssistantSettings = z.infer<typeof assistantSettingsSchema>;

/** Every token price zero: a per-minute model's row, or a model Hark has no price for. */
export const ZERO_TOKEN_PRICES = {
  textInput: 0,
  textCachedInput: 0,
  textOutput: 0,
  audioInput: 0,
  audioCachedInput: 0,
  audioOutput: 0,
  imageInput: 0,
  imageCachedInput: 0,
};

/** Prices as OpenAI published them for the Realtime models (late 2025), dollars per million tokens. */
export const DEFAULT_PRICES: PriceTable = {
  'gpt-realtime': {
    textInput: 4,
    textCachedInput: 0.4,
    textOutput: 16,
    audioInput: 32,
    audioCachedInput: 0.4,
    audioOutput: 64,
    imageInput: 5,
    imageCachedInput: 0.5,
  },
  'gpt-realtime-mini': {
    textInput: 0.6,
    textCachedInput: 0.06,
    textOutput: 2.4,
    audioInput: 10,
    audioCachedInput: 0.3,
    audioOutput: 20,
    imageInput: 0.8,
    imageCachedInput: 0.08,
  },
  // GPT-Live is billed per minute of active session ($0.05, per second, no rounding); its
  // backend model's tokens are priced by that model's own row.
  'gpt-live-1.1': { ...ZERO_TOKEN_PRICES, voicePerMinute: 0.05 },
  'gpt-live-1': { ...ZERO_TOKEN_PRICES, voicePerMinute: 0.05 },
  // GPT-Live's default backend model (OpenAI's model page, after the 2026-07-30 price cut):
  // $0.20 input, $0.02 cached input, $1.20 output per million tokens; images are input
  // tokens at the text rate; it takes no audio.
  'gpt-5.6-luna': {
    textInput: 0.2,
    textCachedInput: 0.02,
    textOutput: 1.2,
    audioInput: 0,
    audioCachedInput: 0,
    audioOutput: 0,
    imageInput: 0.2,
    imageCachedInput: 0.02,
  },
};

export const DEFAULT_ASSISTANT_SETTINGS: AssistantSettings = {
  instructions: DEFAULT_INSTRUCTIONS,
  speed: 1,
  outputDeviceId: '',
  transcription: true,
  transcriptionModel: 'gpt-4o-mini-transcribe',
  transcriptionLanguage: '',
  transcriptionVocabulary: '',
  noiseReduction: 'near_field',
  falseInterruptionRecovery: false,
  semanticEagerness: 'auto',
  vadSilenceMs: 500,
  vadThreshold: 0.5,
  idleCapMinutes: 5,
  spendCapUsd: 0,
  historyEnabled: true,
  prices: DEFAULT_PRICES,
  mcpServers: [],
  alwaysAllowedTools: [],
};

/**
 * Stored settings from disk: each valid field is kept, each missing or damaged one falls
 * back to its default (one bad value must not reset the rest).
 */
export function readAssistantSettings(raw: unknown): AssistantSettings {
  const input = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const out: Record<string, unknown> = { ...DEFAULT_ASSISTANT_SETTINGS };
  for (const [key, schema] of Object.entries(assistantSettingsFields)) {
    const parsed = (schema as z.ZodType).safeParse(input[key]);
    if (parsed.success) out[key] = parsed.data;
  }
  return out as AssistantSettings;
}

/** What the window may change; `mcpAuthorization` sets (or with "" removes) a server's stored token. */
export const assistantSettingsUpdateSchema = z
  .strictObject(assistantSettingsFields)
  .omit({ alwaysAllowedTools: true })
  .partial()
  .extend({
    mcpAuthorization: z
      .strictObject({ label: z.string().max(64), value: z.string().max(4_000) })
      .optional(),
    forgetAlwaysAllowed: z.boolean().optional(),
  });
export type AssistantSettingsUpdate = z.infer<typeof assistantSettingsUpdateSchema>;
