import { randomBytes } from 'node:crypto';
import { Emitter } from '../../../shared/emitter';
import type { ToolCallMessage, ToolCallStatus } from '../../../shared/assistant';
import type { RealtimeClientEvent } from 'openai/resources/realtime/realtime';
import { revealInline } from '../../../shared/reveal-text';
import { MAX_PARKED_APPROVALS, type ApprovalGate } from './approvals';
import { errorOutput, type ToolRegistry } from './registry';

/** What the tool runner needs of the conversation: the live session and the sequencer. */
export interface ToolSessionPort {
  /** Send on the current session; null when there is none. */
  send(event: RealtimeClientEvent): string | null;
  /** Ask for a response through the response sequencer (held while one is active). */
  requestResponse(): void;
}

export interface FunctionCallRequest {
  callId: string;
  name: string;
  arguments: string;
  responseId: string;
}

export interface McpApprovalItem {
  id: string;
  name: string;
  arguments: string;
  serverLabel: string;
}

interface CallRecord {
  callId: string;
  responseId: string;
  generation: number;
  tool: string;
  summary: string;
  status: ToolCallStatus;
  approvalId: string | null;
  abort: AbortController;
}

interface ResponseRecord {
  done: boolean;
  cancelled: boolean;
  calls: Set<string>;
}

interface ToolCallEvents extends Record<string, unknown> {
  /** A call appeared or changed status (the transcript shows it). */
  call: ToolCallMessage;
}

const RESULT_PREVIEW_CHARS = 300;
const OVERFLOW_OUTPUT = errorOutput(
  `Not run: ${MAX_PARKED_APPROVALS} requests are already waiting for the user's approval. Wait for their answers before asking again.`,
);
/** A prompt that scrolls through this much is already beyond reading. */
const MAX_ARGUMENTS_SHOWN = 20_000;

/**
 * Runs the function calls the model makes: validate, ask the user when the tool needs it,
 * run within the tool's time limit, answer with `function_call_output`, and — once every
 * call of the response has its output and the response is done — ask for one follow-up
 * response (several calls in one response get one follow-up, not several).
 *
 * A barge-in (the response ends `cancelled`) stops what is still waiting: parked approvals
 * expire, running calls are aborted, and their outputs say so, but no follow-up is asked
 * for — the user has moved on and their new turn gets its own reply. Calls from an older
 * connection are forgotten: their items died with that session.
 */
export class ToolCallRunner extends Emitter<ToolCallEvents> {
  private readonly calls = new Map<string, CallRecord>();
  private readonly responses = new Map<string, ResponseRecord>();
  /** MCP approval requests waiting for the user, by approval id: answered "no" on cancel. */
  private readonly mcpWaiting = new Map<string, string>();
  private generation = 0;

  constructor(
    private readonly registry: ToolRegistry,
    private readonly gate: ApprovalGate,
    private readonly port: ToolSessionPort,
  ) {
    super();
  }

  /** Calls still waiting for approval or running: a rollover waits for them. */
  get busy(): boolean {
    for (const call of this.calls.values())
      if (call.status === 'awaiting-approval' || call.status === 'running') return true;
    return false;
  }

  /**
   * The user ended the session (disconnect, new session, quit): every call still waiting
   * for an answer is cancelled and the model is told so at once (while the session is still
   * open); running calls are aborted; no follow-up response is asked for.
   */
  cancelPending(reason: string): void {
    for (const record of [...this.calls.values()]) {
      const response = this.responses.get(record.responseId);
      if (response) response.cancelled = true;
      if (record.status === 'awaiting-approval')
        this.finish(record, 'cancelled', errorOutput(`${reason} The call was not made.`));
      else if (record.status === 'running') record.abort.abort(new Error(reason));
    }
    for (const itemId of this.mcpWaiting.values()) this.answerMcp(itemId, false);
    this.mcpWaiting.clear();
    this.gate.cancelAll();
  }

  /** A new connection (reconnect, rollover): what belonged to the old one is gone. */
  newConnection(generation: number): void {
    this.generation = generation;
    this.mcpWaiting.clear();
    this.gate.expireBefore(generation);
    for (const call of this.calls.values()) call.abort.abort(new Error('connection replaced'));
    this.calls.clear();
    this.responses.clear();
  }

  /** `response.function_call_arguments.done`. */
  onArguments(request: FunctionCallRequest): void {
    if (this.calls.has(request.callId)) return; // a duplicate event
    const response = this.responseRecord(request.responseId);
    response.calls.add(request.callId);
    // Too many already wait for the user: refuse at once, before any parsing (a flood costs
    // main one short answer per call).
    const tool = this.registry.get(request.name);
    if (tool?.approval === 'ask' && this.gate.full && !this.gate.isAlwaysAllowed(tool.name)) {
      const refused = this.newRecord(request, request.name);
      this.calls.set(request.callId, refused);
      this.finish(refused, 'failed', OVERFLOW_OUTPUT);
      return;
    }
    const prepared = this.registry.prepare(request.name, request.arguments);
    const record = this.newRecord(
      request,
      prepared.ok ? prepared.call.summary : `${request.name} (invalid request)`,
    );
    this.calls.set(request.callId, record);
    if (!prepared.ok) {
      this.finish(record, 'failed', prepared.output);
      return;
    }
    if (response.cancelled) {
      this.finish(record, 'cancelled', errorOutput('The user interrupted; the call was not made.'));
      return;
    }
    const call = prepared.call;
    if (call.tool.approval === 'ask') {
      const { id, outcome } = this.gate.request(
        {
          tool: call.tool.name,
          source: 'function',
          summary: call.summary,
          ...(call.detail ? { detail: call.detail } : {}),
          allowAlways: call.tool.allowAlways !== false,
        },
        this.generation,
      );
      if (id) {
        record.approvalId = id;
        this.update(record, 'awaiting-approval');
      }
      void outcome.then((answer) => {
        // Cancelled meanwhile (cancelPending answered the model already): nothing to do.
        if (!this.isCurrent(record) || record.status === 'cancelled') return;
        if (answer === 'approved')
          this.run(record, () => this.registry.execute(call, record.abort.signal));
        else if (answer === 'denied')
          this.finish(
            record,
            'denied',
            errorOutput('The user declined this request. Do not try again unless they ask.'),
          );
        else if (answer === 'overflow') this.finish(record, 'failed', OVERFLOW_OUTPUT);
        else
          this.finish(
            record,
            'cancelled',
            errorOutput('The request was withdrawn before the user answered.'),
          );
      });
      return;
    }
    this.run(record, () =>
      this.registry.execute(call, record.abort.signal, (waiting) => {
        // Shown as waiting for approval, not as work (no "still working" cue meanwhile).
        if (
          this.isCurrent(record) &&
          (record.status === 'running' || record.status === 'awaiting-approval')
        )
          this.update(record, waiting ? 'awaiting-approval' : 'running');
      }),
    );
  }

  /** `response.done` of any response: a follow-up is asked for once its calls are answered. */
  onResponseDone(responseId: string, status: string): void {
    const response = this.responses.get(responseId);
    if (!response) return;
    response.done = true;
    if (status === 'cancelled') {
      response.cancelled = true;
      for (const callId of response.calls) {
        const call = this.calls.get(callId);
        if (!call) continue;
        if (call.approvalId) this.gate.expire(call.approvalId);
        if (call.status === 'running') call.abort.abort(new Error('interrupted'));
      }
    }
    this.followUpIfReady(responseId);
  }

  /** An `mcp_approval_request` item: the same prompt, answered with an `mcp_approval_response`. */
  onMcpApprovalRequest(item: McpApprovalItem): void {
    const generation = this.generation;
    const tool = `${item.serverLabel}:${item.name}`;
    const { id, outcome } = this.gate.request(
      {
        tool,
        source: 'mcp',
        server: item.serverLabel,
        summary: revealInline(
          `Use “${item.name}” on ${item.serverLabel}${describeArguments(item.arguments)}`,
        ),
        detail: { kind: 'arguments', json: formatArguments(item.arguments) },
        allowAlways: true,
      },
      generation,
    );
    if (id) this.mcpWaiting.set(id, item.id);
    void outcome.then((answer) => {
      if (id) this.mcpWaiting.delete(id);
      if (generation !== this.generation) return;
      // Refused at once when too many wait (no follow-up: a flood must not ask for replies).
      if (answer === 'overflow') return this.answerMcp(item.id, false);
      if (answer !== 'approved' && answer !== 'denied') return; // cancelPending answered
      this.answerMcp(item.id, answer === 'approved');
      this.port.requestResponse();
    });
  }

  private answerMcp(approvalRequestId: string, approve: boolean): void {
    this.port.send({
      type: 'conversation.item.create',
      item: {
        id: `mcpr_${randomBytes(8).toString('hex')}`,
        type: 'mcp_approval_response',
        approval_request_id: approvalRequestId,
        approve,
      },
    });
  }

  private run(record: CallRecord, execute: () => Promise<{ ok: boolean; output: string }>): void {
    this.update(record, 'running');
    void execute().then((result) => {
      // Already answered (the user ended the session while the tool waited for them).
      if (!this.isCurrent(record) || !['running', 'awaiting-approval'].includes(record.status))
        return;
      const cancelled = record.abort.signal.aborted;
      this.finish(record, cancelled ? 'cancelled' : result.ok ? 'done' : 'failed', result.output);
    });
  }

  private finish(record: CallRecord, status: ToolCallStatus, output: string): void {
    record.approvalId = null;
    this.port.send({
      type: 'conversation.item.create',
      item: { type: 'function_call_output', call_id: record.callId, output },
    });
    this.update(record, status, output);
    this.followUpIfReady(record.responseId);
  }

  private followUpIfReady(responseId: string): void {
    const response = this.responses.get(responseId);
    if (!response?.done) return;
    const open = [...response.calls].some((id) => {
      const status = this.calls.get(id)?.status;
      return status === 'awaiting-approval' || status === 'running';
    });
    if (open) return;
    this.responses.delete(responseId);
    for (const id of response.calls) this.calls.delete(id);
    if (!response.cancelled && response.calls.size > 0) this.port.requestResponse();
  }

  private newRecord(request: FunctionCallRequest, summary: string): CallRecord {
    return {
      callId: request.callId,
      responseId: request.responseId,
      generation: this.generation,
      tool: request.name,
      summary,
      status: 'running',
      approvalId: null,
      abort: new AbortController(),
    };
  }

  private responseRecord(responseId: string): ResponseRecord {
    let record = this.responses.get(responseId);
    if (!record)
      this.responses.set(
        responseId,
        (record = { done: false, cancelled: false, calls: new Set() }),
      );
    return record;
  }

  private isCurrent(record: CallRecord): boolean {
    return record.generation === this.generation && this.calls.get(record.callId) === record;
  }

  private update(record: CallRecord, status: ToolCallStatus, output?: string): void {
    record.status = status;
    this.emit('call', {
      callId: record.callId,
      tool: record.tool,
      summary: record.summary,
      status,
      ...(output !== undefined ? { result: previewOutput(output) } : {}),
    });
  }
}

function previewOutput(output: string): string {
  let text = output;
  try {
    const parsed = JSON.parse(output) as { result?: unknown; error?: unknown };
    const value = parsed.error ?? parsed.result;
    text = typeof value === 'string' ? value : JSON.stringify(value);
  } catch {
    // not JSON: show as is
  }
  return text.length > RESULT_PREVIEW_CHARS ? `${text.slice(0, RESULT_PREVIEW_CHARS - 1)}…` : text;
}

/** The arguments in full, indented when they are JSON (the window reveals hidden characters). */
function formatArguments(json: string): string {
  const text = json.length > MAX_ARGUMENTS_SHOWN ? json.slice(0, MAX_ARGUMENTS_SHOWN) : json;
  let shown = text;
  try {
    shown = JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    // not JSON (or cut): show as sent
  }
  return json.length > MAX_ARGUMENTS_SHOWN
    ? `${shown}\n… and ${json.length - MAX_ARGUMENTS_SHOWN} more characters`
    : shown;
}

function describeArguments(json: string): string {
  const trimmed = json.trim();
  if (!trimmed || trimmed === '{}') return '';
  return ` with ${trimmed.length > 200 ? `${trimmed.slice(0, 199)}…` : trimmed}`;
}
