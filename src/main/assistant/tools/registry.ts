import { z } from 'zod';
import type { RealtimeFunctionTool } from 'openai/resources/realtime/realtime';
import type { ApprovalDetail } from '../../../shared/assistant';
import { revealInline } from '../../../shared/reveal-text';
import type { Tool } from './tool';

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const DEFAULT_TIMEOUT_MS = 10_000;
/** A tool's answer is context for the model, not a file transfer: long ones are cut. */
export const MAX_OUTPUT_CHARS = 8_000;

/** A call whose arguments parsed and validated: ready to run (after approval if it needs it). */
export interface PreparedCall {
  tool: Tool;
  args: unknown;
  /** The request in plain words. */
  summary: string;
  detail?: ApprovalDetail;
}

export type Preparation = { ok: true; call: PreparedCall } | { ok: false; output: string };

export interface CallResult {
  ok: boolean;
  /** The `function_call_output.output` string the model reads. */
  output: string;
  /** A short line for the transcript. */
  summary: string;
}

/**
 * The tools Hark declares to the service. Everything the model sends is checked before a
 * tool runs; an unknown name, malformed JSON, arguments that fail the schema, a tool that
 * throws or one that takes too long each become an error result the model can read and
 * recover from — never an exception in the conversation.
 */
export class ToolRegistry {
  private readonly tools = new Map<string, Tool>();

  constructor(tools: Tool[] = []) {
    for (const tool of tools) this.register(tool);
  }

  register(tool: Tool): void {
    if (!TOOL_NAME.test(tool.name)) throw new Error(`Invalid tool name "${tool.name}".`);
    if (this.tools.has(tool.name)) throw new Error(`Tool "${tool.name}" is already registered.`);
    this.tools.set(tool.name, tool);
  }

  get(name: string): Tool | undefined {
    return this.tools.get(name);
  }

  names(): string[] {
    return [...this.tools.keys()];
  }

  /** The `tools` of `session.update`. */
  declarations(): RealtimeFunctionTool[] {
    return [...this.tools.values()].map((tool) => ({
      type: 'function',
      name: tool.name,
      description: tool.description,
      parameters: toParameterSchema(tool.parameters),
    }));
  }

  /** Parse and validate the model's arguments. */
  prepare(name: string, argumentsJson: string): Preparation {
    const tool = this.tools.get(name);
    if (!tool) return { ok: false, output: errorOutput(`There is no tool named "${name}".`) };
    let raw: unknown;
    try {
      raw = argumentsJson.trim() === '' ? {} : JSON.parse(argumentsJson);
    } catch {
      return { ok: false, output: errorOutput('The arguments are not valid JSON.') };
    }
    const parsed = tool.parameters.safeParse(raw);
    if (!parsed.success) {
      return {
        ok: false,
        output: errorOutput(`Invalid arguments: ${z.prettifyError(parsed.error)}`),
      };
    }
    let summary: string;
    let detail: ApprovalDetail | undefined;
    try {
      // Summaries are one line of plain words: hidden characters in them are shown as marks.
      summary = revealInline(tool.describe(parsed.data));
      detail = tool.detail?.(parsed.data);
    } catch {
      // Never ask the user to approve something that cannot be shown to them.
      return {
        ok: false,
        output: errorOutput('The request could not be described to the user, so it was not made.'),
      };
    }
    return { ok: true, call: { tool, args: parsed.data, summary, ...(detail ? { detail } : {}) } };
  }

  /** Run a prepared call within its time limit; `signal` cancels it early. */
  async execute(
    call: PreparedCall,
    signal?: AbortSignal,
    waitingForUser?: (waiting: boolean) => void,
  ): Promise<CallResult> {
    const controller = new AbortController();
    const timeoutMs = call.tool.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const onAbort = (): void => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    let timer: NodeJS.Timeout | undefined;
    const stopped = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new ToolStopped(`The tool did not finish within ${timeoutMs / 1000} s.`));
        controller.abort(new Error('timeout'));
      }, timeoutMs);
      controller.signal.addEventListener('abort', () =>
        reject(new ToolStopped('The call was cancelled.')),
      );
    });
    try {
      if (signal?.aborted) throw new ToolStopped('The call was cancelled.');
      const value = await Promise.race([
        Promise.resolve().then(() =>
          call.tool.run(call.args, {
            signal: controller.signal,
            ...(waitingForUser ? { waitingForUser } : {}),
          }),
        ),
        stopped,
      ]);
      return { ok: true, output: resultOutput(value), summary: call.summary };
    } catch (error) {
      const message =
        error instanceof ToolStopped
          ? error.message
          : `The tool failed: ${error instanceof Error ? error.message : String(error)}`;
      return { ok: false, output: errorOutput(message), summary: call.summary };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      stopped.catch(() => undefined);
    }
  }
}

class ToolStopped extends Error {}

/** A JSON schema of what the model may send (defaults optional), without the `$schema` key the service does not need. */
export function toParameterSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: 'input' }) as Record<
    string,
    unknown
  >;
  return rest;
}

export function errorOutput(message: string): string {
  return JSON.stringify({ error: message });
}

export function resultOutput(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify({ result: value === undefined ? 'done' : value });
  } catch {
    text = JSON.stringify({ result: String(value) });
  }
  if (text.length <= MAX_OUTPUT_CHARS) return text;
  const asText = typeof value === 'string' ? value : text;
  return JSON.stringify({
    result: asText.slice(0, MAX_OUTPUT_CHARS - 200),
    truncated: `The result was ${asText.length} characters; only the start is shown.`,
  });
}
