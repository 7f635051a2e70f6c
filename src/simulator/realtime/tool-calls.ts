import { argumentsFor, mentionAt, safeJson } from '../tool-arguments';
import type { DeclaredMcpTool, DeclaredTool, ToolChoice } from './wire-schemas';

/**
 * Deterministic tool calling, so a tool loop can be built and tested offline.
 *
 * The rule: when a response starts right after a user message (text, or the transcript of
 * audio) and tools are declared (session or `response.create`), the simulator calls the
 * declared tool whose name appears earliest in that message — case-insensitive, as a whole
 * word, `_` and `-` also matching a space — unless `tool_choice` is `"none"`.
 * `tool_choice: "required"` calls the first declared tool even when none is named;
 * `{type:"function", name}` / `{type:"mcp", server_label, name}` call that tool.
 *
 * Arguments, for each property of the tool's JSON schema, first match wins:
 * 1. a JSON object in the message (`get_weather {"city": "Paris"}`), its field;
 * 2. `name=value` or `name: value` in the message (value quoted, or up to the next space
 *    or comma), converted to the property's type;
 * 3. the property's `default`, else its first `enum` value;
 * 4. for a required property: an empty value of its type ("", 0, false, [], {}).
 */

export interface McpToolDescription {
  name: string;
  description: string;
  input_schema: Record<string, unknown>;
}

export type ToolPlan =
  | { kind: 'function'; name: string; arguments: string }
  | {
      kind: 'mcp';
      serverLabel: string;
      name: string;
      arguments: string;
      needsApproval: boolean;
    };

/**
 * The canned tool list of a remote MCP server (the simulator reaches no network): the
 * names in `allowed_tools` when it lists some, else `echo` and `add`.
 */
export function mcpToolsOf(tool: DeclaredMcpTool): McpToolDescription[] {
  const allowed = Array.isArray(tool.allowed_tools)
    ? tool.allowed_tools
    : (tool.allowed_tools?.tool_names ?? null);
  const canned = CANNED_MCP_TOOLS;
  if (!allowed?.length) return canned;
  return allowed.map(
    (name) =>
      canned.find((t) => t.name === name) ?? {
        name,
        description: `Simulated tool ${name} of ${tool.server_label}.`,
        input_schema: { type: 'object', properties: {}, additionalProperties: true },
      },
  );
}

const CANNED_MCP_TOOLS: McpToolDescription[] = [
  {
    name: 'echo',
    description: 'Returns its text unchanged.',
    input_schema: {
      type: 'object',
      properties: { text: { type: 'string' } },
      required: ['text'],
    },
  },
  {
    name: 'add',
    description: 'Adds two numbers.',
    input_schema: {
      type: 'object',
      properties: { a: { type: 'number' }, b: { type: 'number' } },
      required: ['a', 'b'],
    },
  },
];

/** What a canned MCP tool returns: `echo` its text, `add` the sum, any other its arguments. */
export function runMcpTool(name: string, args: string): string {
  const parsed = safeJson(args) as Record<string, unknown> | null;
  if (name === 'echo' && typeof parsed?.text === 'string') return parsed.text;
  if (name === 'add' && typeof parsed?.a === 'number' && typeof parsed.b === 'number') {
    return String(parsed.a + parsed.b);
  }
  return JSON.stringify({ tool: name, arguments: parsed ?? args });
}

/** Whether a call to `name` on this server waits for an `mcp_approval_response` (the default). */
export function mcpNeedsApproval(tool: DeclaredMcpTool, name: string): boolean {
  const rule = tool.require_approval;
  if (rule === 'never') return false;
  if (rule === 'always' || rule === null || rule === undefined) return true;
  if (rule.never?.tool_names?.includes(name)) return false;
  if (rule.always?.tool_names?.includes(name)) return true;
  // A filter that does not name the tool: the default (approval) applies.
  return true;
}

interface Candidate {
  name: string;
  schema: unknown;
  plan: (args: string) => ToolPlan;
}

function candidatesOf(tools: readonly DeclaredTool[]): Candidate[] {
  const out: Candidate[] = [];
  for (const tool of tools) {
    if (tool.type === 'function') {
      out.push({
        name: tool.name,
        schema: tool.parameters,
        plan: (args) => ({ kind: 'function', name: tool.name, arguments: args }),
      });
    } else {
      for (const mcp of mcpToolsOf(tool)) {
        out.push({
          name: mcp.name,
          schema: mcp.input_schema,
          plan: (args) => ({
            kind: 'mcp',
            serverLabel: tool.server_label,
            name: mcp.name,
            arguments: args,
            needsApproval: mcpNeedsApproval(tool, mcp.name),
          }),
        });
      }
    }
  }
  return out;
}

/** The tool call the rule above makes for this message, or null for a plain reply. */
export function chooseToolCall(
  message: string,
  tools: readonly DeclaredTool[],
  choice: ToolChoice,
): ToolPlan | null {
  if (choice === 'none') return null;
  const candidates = candidatesOf(tools);
  if (candidates.length === 0) return null;
  let chosen: Candidate | undefined;
  if (typeof choice === 'object') {
    chosen = candidates.find((c) => c.name === choice.name);
    if (choice.type === 'mcp' && !choice.name) {
      const server = tools.find((t) => t.type === 'mcp' && t.server_label === choice.server_label);
      chosen = server?.type === 'mcp' ? candidatesOf([server])[0] : undefined;
    }
  } else {
    let best = Infinity;
    for (const candidate of candidates) {
      const at = mentionAt(message, candidate.name);
      if (at >= 0 && at < best) {
        best = at;
        chosen = candidate;
      }
    }
    if (!chosen && choice === 'required') chosen = candidates[0];
  }
  if (!chosen) return null;
  return chosen.plan(JSON.stringify(argumentsFor(chosen.schema, message)));
}
