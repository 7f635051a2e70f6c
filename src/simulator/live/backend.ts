import { newId } from '../ids';
import { mcpNeedsApproval, mcpToolsOf, runMcpTool } from '../realtime/tool-calls';
import type { DeclaredMcpTool } from '../realtime/wire-schemas';
import { argumentsFor, mentionAt } from '../tool-arguments';
import { backendEvents, type BackendOutput } from './backend-stream';
import { liveError, type LiveError } from './errors';
import { typedReply, toolResultText } from './voice';
import {
  textOf,
  type DeclaredFunctionTool,
  type ResponseItem,
  type ResponsesConfig,
} from './wire-schemas';

/** The service's per-session cap on appended Responses input (field measurement, §5 of the notes). */
export const MAX_INPUT_ITEMS = 128;
export const MAX_INPUT_BYTES = 32_768;

export interface BackendHost {
  /** A new delegation: the host sends `session.delegation.created` (echoing `clientEventId`). */
  delegated(
    delegationId: string,
    responseId: string,
    clientEventId: string | null,
    offsetMs: number | null,
  ): void;
  /** One nested Responses event, wrapped in `response.event`. */
  responseEvent(event: Record<string, unknown>, delegationId: string): void;
  /** The voice says this (a run's text: a typed answer, or the continuation after tool outputs). */
  speak(text: string): void;
}

interface Call {
  name: string;
  delegationId: string;
  output: string | null;
}

interface Candidate {
  name: string;
  schema: unknown;
  /** The MCP server offering it, or null for a function tool. */
  server: DeclaredMcpTool | null;
}

/** What a run does with the tool it chose. */
type Chosen =
  | Exclude<BackendOutput, { kind: 'text' }>
  | { kind: 'mcp_call'; serverLabel: string; name: string; arguments: string };

/** An MCP tool call that waits for the user's approval (`mcp_approval_request`). */
interface Approval {
  name: string;
  arguments: string;
  delegationId: string;
  approved: boolean | null;
}

/**
 * The Responses backend of a session under Responses delegation. Deterministic: a run calls
 * the declared function tool named earliest in the user's words (speech or a typed message)
 * with arguments read from them (../tool-arguments.ts); otherwise it answers in text. A
 * call's output comes back with `response.item.create`, then one `response.create` runs the
 * continuation, whose text the voice speaks. Enforced: every call answered before
 * `response.create` (`function_call_outputs_required`), one output per call, and the
 * session's input budget (128 items, 32,768 UTF-8 bytes: `response_input_buffer_full`).
 *
 * MCP servers declared on the backend (`type: "mcp"`) offer the canned tools of the Realtime
 * side (the simulator reaches no network: `allowed_tools`, else `echo` and `add`). A named
 * one is called by the same rule: without approval its canned result is spoken at once;
 * with approval (the default) the run ends with an `mcp_approval_request`, and after the
 * `mcp_approval_response` one `response.create` speaks the result (or that it was declined).
 */
export class ResponsesBackend {
  private items = 0;
  private bytes = 0;
  private readonly calls = new Map<string, Call>();
  private readonly approvals = new Map<string, Approval>();
  private typed: string[] = [];

  constructor(
    private readonly config: () => ResponsesConfig,
    private readonly host: BackendHost,
  ) {}

  /** The user's speech: a run that calls the tool it names, if it names one. */
  fromSpeech(text: string, endMs: number): boolean {
    const call = this.chooseCall(text);
    if (!call) return false;
    this.runChosen(call, text, null, endMs);
    return true;
  }

  addItem(item: ResponseItem): LiveError | null {
    const text =
      item.type === 'mcp_approval_response'
        ? ''
        : textOf(item.type === 'message' ? item.content : item.output);
    const size = Buffer.byteLength(text, 'utf8');
    if (this.items + 1 > MAX_INPUT_ITEMS || this.bytes + size > MAX_INPUT_BYTES) {
      return liveError(
        'response_input_buffer_full',
        `Responses input is limited to ${MAX_INPUT_ITEMS} items and ${MAX_INPUT_BYTES} UTF-8 bytes per session; this item (${size} bytes) would exceed it (${this.items} items, ${this.bytes} bytes so far).`,
        'item',
      );
    }
    if (item.type === 'function_call_output') {
      const call = this.calls.get(item.call_id);
      if (!call) {
        return liveError(
          'invalid_value',
          `No function call with call_id '${item.call_id}' is waiting for an output.`,
          'item.call_id',
        );
      }
      if (call.output !== null) {
        return liveError(
          'invalid_value',
          `The function call '${item.call_id}' already has an output; send one output per call.`,
          'item.call_id',
        );
      }
      call.output = text;
    } else if (item.type === 'mcp_approval_response') {
      const approval = this.approvals.get(item.approval_request_id);
      if (!approval || approval.approved !== null) {
        return liveError(
          'invalid_value',
          `No MCP approval request '${item.approval_request_id}' is waiting for an answer.`,
          'item.approval_request_id',
        );
      }
      approval.approved = item.approve;
    } else if (item.role === 'user') {
      this.typed.push(text);
    }
    this.items++;
    this.bytes += size;
    return null;
  }

  /** `response.create`: continue after tool outputs, or answer what the user typed. */
  create(clientEventId: string | null): LiveError | null {
    const missing = [...this.calls.entries()].filter(([, call]) => call.output === null);
    if (missing.length) {
      return liveError(
        'function_call_outputs_required',
        `Function call outputs are required before response.create for call_id(s): ${missing.map(([id]) => id).join(', ')}.`,
      );
    }
    const decided = [...this.approvals.entries()].filter(([, a]) => a.approved !== null);
    if (this.calls.size || decided.length) {
      const answered = [...this.calls.values()];
      this.calls.clear();
      for (const [id] of decided) this.approvals.delete(id);
      const text = [
        toolResultText(answered.map((call) => ({ name: call.name, output: call.output! }))),
        ...decided.map(([, a]) =>
          a.approved
            ? toolResultText([{ name: a.name, output: runMcpTool(a.name, a.arguments) }])
            : `The ${a.name} call was not approved.`,
        ),
      ]
        .filter(Boolean)
        .join(' ');
      const delegationId = (answered[0] ?? decided[0]![1]).delegationId;
      this.stream({ kind: 'text', text }, text, delegationId);
      this.host.speak(text);
      return null;
    }
    const typed = this.typed.join('\n');
    this.typed = [];
    const call = typed ? this.chooseCall(typed) : null;
    if (call) {
      this.runChosen(call, typed, clientEventId, null);
      return null;
    }
    const text = typed ? typedReply(typed) : 'There is nothing new to answer.';
    this.run({ kind: 'text', text }, typed, clientEventId, text);
    return null;
  }

  /** Whether a call still waits for its output (the session's close does not wait for it). */
  get waiting(): boolean {
    return [...this.calls.values()].some((call) => call.output === null);
  }

  /** A chosen tool: an MCP tool without approval answers at once (its canned result). */
  private runChosen(
    call: Chosen,
    inputText: string,
    clientEventId: string | null,
    offsetMs: number | null,
  ): void {
    if (call.kind === 'mcp_call') {
      const text = toolResultText([
        { name: call.name, output: runMcpTool(call.name, call.arguments) },
      ]);
      this.run({ kind: 'text', text }, inputText, clientEventId, text, offsetMs);
      return;
    }
    this.run(call, inputText, clientEventId, null, offsetMs);
  }

  private run(
    output: BackendOutput,
    inputText: string,
    clientEventId: string | null,
    spoken: string | null,
    offsetMs: number | null = null,
  ): void {
    const delegationId = newId('deleg');
    const events = backendEvents(this.config(), output, inputText);
    const responseId = (events[0]!.response as { id: string }).id;
    this.host.delegated(delegationId, responseId, clientEventId, offsetMs);
    if (output.kind === 'function_call') {
      this.calls.set(output.callId, { name: output.name, delegationId, output: null });
    } else if (output.kind === 'mcp_approval_request') {
      this.approvals.set(output.id, {
        name: output.name,
        arguments: output.arguments,
        delegationId,
        approved: null,
      });
    }
    for (const event of events) this.host.responseEvent(event, delegationId);
    if (spoken) this.host.speak(spoken);
  }

  private stream(output: BackendOutput, inputText: string, delegationId: string): void {
    for (const event of backendEvents(this.config(), output, inputText)) {
      this.host.responseEvent(event, delegationId);
    }
  }

  /**
   * The tool the text names (earliest mention) — a function tool, or a tool of a declared
   * MCP server — as `tool_choice` allows.
   */
  private chooseCall(text: string): Chosen | null {
    const { tools = [], tool_choice: choice = 'auto' } = this.config();
    const functions = tools.filter((t): t is DeclaredFunctionTool => t.type === 'function');
    const candidates: Candidate[] = functions.map((tool) => ({
      name: tool.name,
      schema: tool.parameters,
      server: null,
    }));
    for (const tool of tools) {
      if (tool.type !== 'mcp') continue;
      const server = tool as unknown as DeclaredMcpTool;
      for (const mcp of mcpToolsOf(server))
        candidates.push({ name: mcp.name, schema: mcp.input_schema, server });
    }
    if (choice === 'none' || candidates.length === 0) return null;
    let chosen: Candidate | undefined;
    if (typeof choice === 'object') {
      chosen =
        choice.type === 'function'
          ? candidates.find((c) => c.server === null && c.name === choice.name)
          : undefined;
    } else {
      let best = Infinity;
      for (const candidate of candidates) {
        const at = mentionAt(text, candidate.name);
        if (at >= 0 && at < best) {
          best = at;
          chosen = candidate;
        }
      }
      if (!chosen && choice === 'required') chosen = candidates[0];
    }
    if (!chosen) return null;
    const args = JSON.stringify(argumentsFor(chosen.schema, text));
    if (chosen.server === null)
      return { kind: 'function_call', callId: newId('call'), name: chosen.name, arguments: args };
    const serverLabel = chosen.server.server_label;
    return mcpNeedsApproval(chosen.server, chosen.name)
      ? {
          kind: 'mcp_approval_request',
          id: newId('mcpr'),
          serverLabel,
          name: chosen.name,
          arguments: args,
        }
      : { kind: 'mcp_call', serverLabel, name: chosen.name, arguments: args };
  }
}
