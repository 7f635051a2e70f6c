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

function mentionAt(text: string, name: string): number {
  const pattern = name
    .split(/[_\- ]/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[_\\- ]');
  const match = new RegExp(`(?<![A-Za-z0-9_])${pattern}(?![A-Za-z0-9_])`, 'i').exec(text);
  return match ? match.index : -1;
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

interface PropertySchema {
  type?: string | string[];
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
}

export function argumentsFor(schema: unknown, message: string): Record<string, unknown> {
  // The schema comes from the client: read it defensively.
  const object = isRecord(schema) ? schema : {};
  const properties = isRecord(object.properties) ? object.properties : {};
  const required = new Set(Array.isArray(object.required) ? object.required : []);
  const inline = embeddedJson(message);
  const args: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(properties)) {
    const property: PropertySchema = isRecord(raw) ? raw : {};
    if (inline && name in inline) {
      args[name] = inline[name];
      continue;
    }
    const said = namedValue(message, name);
    const converted = said === null ? undefined : convert(said, property);
    if (converted !== undefined) args[name] = converted;
    else if (property.default !== undefined) args[name] = property.default;
    else if (property.const !== undefined) args[name] = property.const;
    else if (Array.isArray(property.enum) && property.enum.length) args[name] = property.enum[0];
    else if (required.has(name)) args[name] = emptyOf(property);
  }
  return args;
}

function embeddedJson(message: string): Record<string, unknown> | null {
  const start = message.indexOf('{');
  const end = message.lastIndexOf('}');
  if (start < 0 || end <= start) return null;
  const parsed = safeJson(message.slice(start, end + 1));
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : null;
}

function namedValue(message: string, name: string): string | null {
  const key = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(
    `(?<![A-Za-z0-9_])${key}\\s*[=:]\\s*(?:"([^"]*)"|'([^']*)'|([^\\s,;]+))`,
    'i',
  ).exec(message);
  if (!match) return null;
  return match[1] ?? match[2] ?? (match[3] ?? '').replace(/[.!?]+$/, '');
}

function typeOf(property: PropertySchema): string {
  const type = Array.isArray(property.type)
    ? property.type.find((t) => t !== 'null')
    : property.type;
  return typeof type === 'string' ? type : 'string';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function convert(value: string, property: PropertySchema): unknown {
  let converted: unknown;
  switch (typeOf(property)) {
    case 'number':
    case 'integer': {
      const n = Number(value);
      converted =
        Number.isFinite(n) && (typeOf(property) === 'number' || Number.isInteger(n))
          ? n
          : undefined;
      break;
    }
    case 'boolean':
      converted = /^(true|yes|on)$/i.test(value)
        ? true
        : /^(false|no|off)$/i.test(value)
          ? false
          : undefined;
      break;
    case 'array':
      converted = value.split('|').filter(Boolean);
      break;
    case 'object':
      converted = safeJson(value) ?? undefined;
      break;
    default:
      converted = value;
  }
  if (
    converted !== undefined &&
    Array.isArray(property.enum) &&
    !property.enum.includes(converted)
  ) {
    return undefined;
  }
  return converted;
}

function emptyOf(property: PropertySchema): unknown {
  switch (typeOf(property)) {
    case 'number':
    case 'integer':
      return 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
      return {};
    case 'null':
      return null;
    default:
      return '';
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
