/**
 * Responses delegation: Hark's tools live on the backend model; its function calls arrive
 * wrapped in `response.event`. This keeps the books of one session:
 *
 * - a call is taken from `response.output_item.done` with status `completed`, once per call_id
 *   (only that event carries the name, the id and the arguments together);
 * - every call gets exactly one output (`response.item.create`) — an output for a call that is
 *   not open is dropped, and a call nobody answers within `timeoutMs` is answered "timed out";
 * - outputs are cut to the session's input budget (32,768 bytes / 128 items), with a note to
 *   the model, keeping room for the other open calls' answers;
 * - exactly one `response.create` follows, once no backend response runs and no call is open
 *   (a partial batch is refused with `function_call_outputs_required`).
 * Outputs for a failed or incomplete response are not sent: the server refuses them.
 *
 * MCP servers declared on the backend run there; a call that needs approval arrives as an
 * `mcp_approval_request` item. It goes to the same approval prompt as Hark's own tools and is
 * answered with one `mcp_approval_response` (counted in the budget like an output); like an
 * open call, it holds the continuation until it is answered.
 */
import type { ResponseDoneEvent } from '../realtime/protocol';
import {
  RESPONSE_INPUT_MAX_BYTES,
  RESPONSE_INPUT_MAX_ITEMS,
  type LiveClientEvent,
} from './protocol';

export interface DelegatedCall {
  callId: string;
  name: string;
  arguments: string;
  /** The backend response it belongs to (or its delegation, when the response id is unknown). */
  responseId: string;
}

export interface BackendResponseDone {
  responseId: string;
  status: 'completed' | 'failed' | 'incomplete' | 'cancelled';
  /** Token usage in Realtime's shape, so one meter prices both engines. */
  usage: ResponseDoneEvent['response']['usage'] | null;
}

/** An MCP tool call the backend wants approved (`mcp_approval_request`). */
export interface DelegatedApproval {
  id: string;
  serverLabel: string;
  name: string;
  arguments: string;
}

export interface DelegationOptions {
  send: (event: LiveClientEvent) => string | null;
  onCall: (call: DelegatedCall) => void;
  onApprovalRequest?: (request: DelegatedApproval) => void;
  onResponseDone: (done: BackendResponseDone) => void;
  /** Backend work started (true) or everything settled (false). */
  onBusy: (busy: boolean) => void;
  onNotice: (text: string) => void;
  /** An open call unanswered this long is answered "timed out" (pipecat: 120 s). */
  timeoutMs?: number;
  maxBytes?: number;
  maxItems?: number;
}

interface OpenCall {
  responseId: string;
  timer: NodeJS.Timeout;
}

/** Room kept per other open call, so that every call can still be answered. */
const ANSWER_RESERVE_BYTES = 256;
const TERMINAL = new Set([
  'response.completed',
  'response.failed',
  'response.incomplete',
  'response.cancelled',
]);

export class Delegation {
  private readonly seen = new Set<string>();
  private readonly open = new Map<string, OpenCall>();
  /** MCP approval requests not yet answered (by approval request id). */
  private readonly approvals = new Set<string>();
  private readonly active = new Set<string>();
  /** Delegations announced by the voice model whose backend response has not ended. */
  private readonly pending = new Set<string>();
  /** Response id per delegation id (inner events may lack the response id). */
  private readonly responseOf = new Map<string, string>();
  private continuationWanted = false;
  private bytesUsed = 0;
  private itemsUsed = 0;
  private wasBusy = false;
  readonly counters = { calls: 0, outputsSent: 0, outputsCut: 0, timedOut: 0, continuations: 0 };

  constructor(private readonly options: DelegationOptions) {}

  get busy(): boolean {
    return (
      this.pending.size > 0 || this.active.size > 0 || this.open.size > 0 || this.approvals.size > 0
    );
  }

  get budget(): { bytesUsed: number; itemsUsed: number } {
    return { bytesUsed: this.bytesUsed, itemsUsed: this.itemsUsed };
  }

  /** `session.delegation.created` for the Responses backend. */
  delegationCreated(delegationId: string, responseId: string | null): void {
    this.pending.add(delegationId);
    if (responseId) this.responseOf.set(delegationId, responseId);
    this.busyChanged();
  }

  /** One `response.event`: its nested Responses event and the delegation it belongs to. */
  onResponseEvent(event: Record<string, unknown>, delegationId: string | null): void {
    const type = typeof event.type === 'string' ? event.type : '';
    const response = (event.response ?? null) as { id?: unknown; usage?: unknown } | null;
    const responseIdOfEvent = typeof response?.id === 'string' ? response.id : null;
    if (type === 'response.created') {
      const id = responseIdOfEvent ?? delegationId ?? 'response';
      if (delegationId) this.responseOf.set(delegationId, id);
      this.active.add(id);
      this.busyChanged();
      return;
    }
    if (type === 'response.output_item.done') {
      this.onItemDone(event.item, delegationId, responseIdOfEvent);
      return;
    }
    if (TERMINAL.has(type)) {
      const id =
        responseIdOfEvent ??
        (delegationId ? this.responseOf.get(delegationId) : null) ??
        delegationId ??
        'response';
      this.active.delete(id);
      if (delegationId) this.pending.delete(delegationId);
      const status = type.slice('response.'.length) as BackendResponseDone['status'];
      if (status !== 'completed') this.dropCallsOf(id, status);
      this.options.onResponseDone({
        responseId: id,
        status,
        usage: realtimeUsage(response?.usage),
      });
      this.maybeContinue();
      this.busyChanged();
    }
    // Other nested events (argument and text streams, content parts) carry nothing to act on.
  }

  /** The one output for a call: cut to the budget, sent, then the continuation when due. */
  answer(callId: string, output: string): boolean {
    const call = this.open.get(callId);
    if (!call) return false; // already answered (or timed out), or not a call of this session
    clearTimeout(call.timer);
    this.open.delete(callId);
    const text = this.fit(callId, output);
    const item = { type: 'function_call_output' as const, call_id: callId, output: text };
    this.bytesUsed += Buffer.byteLength(JSON.stringify(item));
    this.itemsUsed++;
    this.counters.outputsSent++;
    this.options.send({ type: 'response.item.create', item } as LiveClientEvent);
    this.continuationWanted = true;
    this.maybeContinue();
    this.busyChanged();
    return true;
  }

  /** The user's answer to an MCP approval request: one `mcp_approval_response`, then go on. */
  answerApproval(approvalRequestId: string, approve: boolean): boolean {
    if (!this.approvals.delete(approvalRequestId)) return false; // answered, or not ours
    const item = {
      type: 'mcp_approval_response' as const,
      approval_request_id: approvalRequestId,
      approve,
    };
    this.bytesUsed += Buffer.byteLength(JSON.stringify(item));
    this.itemsUsed++;
    this.options.send({ type: 'response.item.create', item } as LiveClientEvent);
    this.continuationWanted = true;
    this.maybeContinue();
    this.busyChanged();
    return true;
  }

  /**
   * Ask the backend to go on: once all outputs are in and nothing runs. Only new input (an
   * output or a message since the last `response.create`) is worth a continuation, so asking
   * twice never sends two.
   */
  requestContinuation(): void {
    this.maybeContinue();
  }

  /** A typed message for the backend: one item, then the continuation (it speaks the answer). */
  sendUserText(text: string): string | null {
    const item = {
      type: 'message' as const,
      role: 'user' as const,
      content: [{ type: 'input_text' as const, text }],
    };
    const bytes = Buffer.byteLength(JSON.stringify(item));
    if (
      this.bytesUsed + bytes > (this.options.maxBytes ?? RESPONSE_INPUT_MAX_BYTES) ||
      this.itemsUsed + 1 > (this.options.maxItems ?? RESPONSE_INPUT_MAX_ITEMS)
    ) {
      this.options.onNotice(
        "This session's budget for typed messages and tool results is spent; say it instead, or start a new conversation.",
      );
      return null;
    }
    const id = this.options.send({ type: 'response.item.create', item } as LiveClientEvent);
    if (id === null) return null;
    this.bytesUsed += bytes;
    this.itemsUsed++;
    this.continuationWanted = true;
    this.maybeContinue();
    return id;
  }

  dispose(): void {
    for (const call of this.open.values()) clearTimeout(call.timer);
    this.open.clear();
    this.approvals.clear();
    this.active.clear();
    this.pending.clear();
    this.busyChanged();
  }

  private onItemDone(raw: unknown, delegationId: string | null, responseId: string | null): void {
    const item = (raw ?? {}) as {
      type?: unknown;
      status?: unknown;
      call_id?: unknown;
      name?: unknown;
      arguments?: unknown;
      id?: unknown;
      server_label?: unknown;
    };
    if (item.type === 'mcp_approval_request') {
      if (typeof item.id !== 'string' || typeof item.name !== 'string') return;
      if (this.seen.has(item.id)) return; // a duplicate
      this.seen.add(item.id);
      this.approvals.add(item.id);
      this.busyChanged();
      this.options.onApprovalRequest?.({
        id: item.id,
        name: item.name,
        serverLabel: typeof item.server_label === 'string' ? item.server_label : 'MCP',
        arguments: typeof item.arguments === 'string' ? item.arguments : '',
      });
      return;
    }
    if (item.type !== 'function_call' || item.status !== 'completed') return;
    if (typeof item.call_id !== 'string' || typeof item.name !== 'string') return;
    if (this.seen.has(item.call_id)) return; // a duplicate
    this.seen.add(item.call_id);
    const id =
      responseId ??
      (delegationId ? this.responseOf.get(delegationId) : null) ??
      delegationId ??
      'response';
    const callId = item.call_id;
    const timer = setTimeout(() => {
      if (!this.open.has(callId)) return;
      this.counters.timedOut++;
      this.options.onNotice(
        `The ${String(item.name)} tool did not answer in time; the model was told.`,
      );
      this.answer(
        callId,
        JSON.stringify({ error: 'The tool did not answer in time (timed out).' }),
      );
    }, this.options.timeoutMs ?? 120_000);
    timer.unref?.();
    this.open.set(callId, { responseId: id, timer });
    this.counters.calls++;
    this.busyChanged();
    this.options.onCall({
      callId,
      name: item.name,
      arguments: typeof item.arguments === 'string' ? item.arguments : '',
      responseId: id,
    });
  }

  /** The server refuses outputs for a failed response: its calls are closed without one. */
  private dropCallsOf(responseId: string, status: string): void {
    for (const [callId, call] of this.open) {
      if (call.responseId !== responseId) continue;
      clearTimeout(call.timer);
      this.open.delete(callId);
      this.options.onNotice(
        `A tool call was dropped because the backend response ended "${status}".`,
      );
    }
  }

  private maybeContinue(): void {
    if (!this.continuationWanted || this.open.size > 0 || this.approvals.size > 0) return;
    if (this.active.size > 0) return;
    this.continuationWanted = false;
    this.counters.continuations++;
    this.options.send({ type: 'response.create' } as LiveClientEvent);
  }

  /** The output, cut so that it and the other open calls' answers fit the session's budget. */
  private fit(callId: string, output: string): string {
    const maxBytes = this.options.maxBytes ?? RESPONSE_INPUT_MAX_BYTES;
    const maxItems = this.options.maxItems ?? RESPONSE_INPUT_MAX_ITEMS;
    const overhead = Buffer.byteLength(
      JSON.stringify({ type: 'function_call_output', call_id: callId, output: '' }),
    );
    const allowed = maxBytes - this.bytesUsed - overhead - this.open.size * ANSWER_RESERVE_BYTES;
    if (this.itemsUsed >= maxItems || allowed <= 0) {
      this.counters.outputsCut++;
      this.options.onNotice("This session's budget for tool results is spent; the model was told.");
      return 'Result omitted: this session has no room left for tool results.';
    }
    // JSON escaping can grow a string: measure the escaped form.
    if (jsonBytes(output) <= allowed) return output;
    this.counters.outputsCut++;
    const total = Buffer.byteLength(output);
    const note = `\n[Hark cut this result to fit the session's input budget: ${total} bytes in all.]`;
    const room = allowed - jsonBytes(note);
    return (room > 0 ? cutToJsonBytes(output, room) : '') + note;
  }

  private busyChanged(): void {
    const busy = this.busy;
    if (busy === this.wasBusy) return;
    this.wasBusy = busy;
    this.options.onBusy(busy);
  }
}

/** Bytes of a string once JSON-escaped (without the quotes). */
function jsonBytes(text: string): number {
  return Buffer.byteLength(JSON.stringify(text)) - 2;
}

/** The longest prefix whose JSON-escaped form fits `bytes`, never splitting a surrogate pair. */
function cutToJsonBytes(text: string, bytes: number): string {
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (jsonBytes(text.slice(0, mid)) <= bytes) lo = mid;
    else hi = mid - 1;
  }
  let end = lo;
  const code = text.charCodeAt(end - 1);
  if (end > 0 && code >= 0xd800 && code <= 0xdbff) end--;
  return text.slice(0, end);
}

/** Responses usage ({input_tokens, output_tokens, input_tokens_details}) in Realtime's shape. */
function realtimeUsage(raw: unknown): BackendResponseDone['usage'] {
  if (!raw || typeof raw !== 'object') return null;
  const usage = raw as {
    input_tokens?: unknown;
    output_tokens?: unknown;
    total_tokens?: unknown;
    input_tokens_details?: { cached_tokens?: unknown } | null;
  };
  const num = (value: unknown): number =>
    typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;
  const input = num(usage.input_tokens);
  const output = num(usage.output_tokens);
  return {
    input_tokens: input,
    output_tokens: output,
    total_tokens: num(usage.total_tokens) || input + output,
    input_token_details: {
      text_tokens: input,
      audio_tokens: 0,
      image_tokens: 0,
      cached_tokens: num(usage.input_tokens_details?.cached_tokens),
    },
    output_token_details: { text_tokens: output, audio_tokens: 0 },
  };
}
