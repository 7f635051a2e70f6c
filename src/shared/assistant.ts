/**
 * The assistant's part of the IPC contract (tools, approvals, usage and cost, the event
 * inspector, history): zod schemas give both the types and the checks main applies to what
 * the window sends.
 */
import { z } from 'zod';

// ── tools and approvals ─────────────────────────────────────────────────

export const approvalRequestSchema = z.object({
  id: z.string(),
  /** A function tool's name, or an MCP server's tool. */
  tool: z.string(),
  /** `function`: one of Hark's tools; `mcp`: a remote MCP server's tool (server names it). */
  source: z.enum(['function', 'mcp']),
  server: z.string().optional(),
  /** The request in plain words: "Copy to your clipboard: “…”". */
  summary: z.string(),
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
});
export type ModelPrice = z.infer<typeof modelPriceSchema>;

export const priceTableSchema = z.record(z.string().min(1).max(100), modelPriceSchema);
export type PriceTable = z.infer<typeof priceTableSchema>;

export const usageMessageSchema = z.object({
  /** The response this turn's usage belongs to (the transcript shows it under that reply). */
  responseId: z.string(),
  /** The reply's assistant item, when it had one. */
  itemId: z.string().nullable(),
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
        return url.protocol === 'https:' && !url.username && !url.password;
      } catch {
        return false;
      }
    }, 'An MCP server URL must be https:// and carry no user name or password.'),
  /** Empty: every tool the server offers. */
  allowedTools: z.array(z.string().min(1).max(128)).max(100).default([]),
  /** Ask before each call, or let calls run. */
  approval: z.enum(['always', 'never']).default('always'),
  enabled: z.boolean().default(true),
});
export type McpServerConfig = z.infer<typeof mcpServerSchema>;

/** The window's view: whether an authorization is stored, never the value. */
export type McpServerView = McpServerConfig & { hasAuthorization: boolean };
