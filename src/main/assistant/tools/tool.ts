import type { z } from 'zod';
import type { ApprovalDetail } from '../../../shared/assistant';

/**
 * `auto`: runs as soon as the model asks (reads nothing private, changes nothing).
 * `ask`: the user approves each call in the window (or always, for this tool).
 */
export type ApprovalLevel = 'auto' | 'ask';

export interface ToolContext {
  /** Aborted when the call times out or is cancelled (a barge-in, a lost session). */
  signal: AbortSignal;
  /** A tool that asks the user itself (look_at_screen) says while it waits for the answer. */
  waitingForUser?(waiting: boolean): void;
}

/** One function the model may call. Parameters are a zod schema: the JSON schema sent to
 * the service and the run-time check of the model's arguments come from the same place. */
export interface Tool<Schema extends z.ZodType = z.ZodType> {
  /** ^[a-zA-Z0-9_-]{1,64}$, as the Realtime API requires. */
  name: string;
  description: string;
  parameters: Schema;
  approval: ApprovalLevel;
  /** Longest a call may take; the model then gets an error result. Default 10 s. */
  timeoutMs?: number;
  /** The request in plain words, on one line, for the approval prompt and the transcript. */
  describe(args: z.output<Schema>): string;
  /** What exactly would happen, shown in full in the approval prompt. */
  detail?(args: z.output<Schema>): ApprovalDetail;
  /** false: each call is approved on its own; "always allow" is refused for this tool. */
  allowAlways?: boolean;
  run(args: z.output<Schema>, context: ToolContext): unknown;
}

/** Keeps the schema's type attached while storing tools of different shapes together. */
export function defineTool<Schema extends z.ZodType>(tool: Tool<Schema>): Tool {
  return tool as unknown as Tool;
}
