import type {
  RealtimeServerEvent,
  RealtimeToolsConfigUnion,
} from 'openai/resources/realtime/realtime';
import { Emitter } from '../../shared/emitter';
import type {
  ApprovalAnswer,
  ApprovalRequest,
  AssistantStatus,
  PriceTable,
  ToolCallMessage,
  TranscriptionFailure,
  UsageMessage,
} from '../../shared/assistant';
import { EventLog, type TextRedactor, type WireEvent } from './inspector/event-log';
import type { HistoryRecorder } from './history/recorder';
import { reentryMessage } from './mcp/mcp-binding';
import { mcpToolEntries, type McpSecretStore } from './mcp/mcp-tools';
import type { McpServerConfig } from '../../shared/assistant';
import { ApprovalGate, type ApprovalOutcome } from './tools/approvals';
import { builtinTools } from './tools/builtins';
import { ImageShare } from './look/image-share';
import { lookAtScreenTool } from './look/look-tool';
import type { DesktopActions } from './tools/desktop-actions';
import { ToolRegistry } from './tools/registry';
import { ToolCallRunner, type ToolSessionPort } from './tools/tool-calls';
import { describeLimit, RateLimitWatch } from './usage/rate-limits';
import { costTarget } from './usage/cost-target';
import { UsageMeter } from './usage/usage-meter';
import { DEFAULT_PRICES } from './usage/prices';

const MAX_REASON_CHARS = 300;

export interface AssistantNotice {
  level: 'info' | 'warning' | 'error';
  title: string;
  text: string;
}

interface AssistantEvents extends Record<string, unknown> {
  'tool-call': ToolCallMessage;
  'approval-request': ApprovalRequest;
  'approval-settled': { id: string; outcome: ApprovalOutcome };
  'transcription-failed': TranscriptionFailure;
  usage: UsageMessage;
  notice: AssistantNotice;
  /** Cost, caps, limits or approvals changed (the pill's details). */
  status: AssistantStatus;
}

export interface AssistantOptions {
  desktop: DesktopActions;
  redactor: TextRedactor;
  /** The model whose prices apply (read at each response). */
  model: () => string;
  /** GPT-Live: the voice model whose per-minute price applies to session seconds. */
  voiceModel?: () => string;
  prices?: PriceTable;
  /** Dollars per conversation; 0 for no cap (read at each response). */
  spendCapUsd?: () => number;
  mcpServers?: () => McpServerConfig[];
  mcpSecrets?: McpSecretStore;
  history?: HistoryRecorder;
  /** Tools always allowed by the user in an earlier run. */
  alwaysAllowed?: string[];
  inspectorLimit?: number;
  /** Null when images can be sent; else why not (the engine takes none). */
  imagesUnavailable?: () => string | null;
}

/**
 * Everything the conversation gains beyond talking: tools and their approvals, MCP servers,
 * usage and cost with a spend cap, rate-limit warnings, the event inspector and the history
 * recorder. The conversation hands it server events and one port to the live session; it
 * hands back events for the window. Plain Node: the desktop is behind `DesktopActions`.
 */
export class Assistant extends Emitter<AssistantEvents> {
  readonly registry: ToolRegistry;
  readonly gate: ApprovalGate;
  readonly usage: UsageMeter;
  readonly inspector: EventLog;
  /** "Look at this": images sent only once the user approved that very image. */
  readonly images: ImageShare;
  private readonly runner: ToolCallRunner;
  private readonly limits = new RateLimitWatch();
  private readonly mcpRequestsSeen = new Set<string>();
  /** Withheld MCP tokens the user was told about (label and endpoint): one notice each. */
  private readonly withheldTold = new Set<string>();
  private port: ToolSessionPort | null = null;
  /** Which session the port belongs to (voice seconds are cumulative per session). */
  private generation = 0;
  private spendCapReached = false;
  private idleCapAt: number | null = null;
  private idlePaused = false;

  constructor(private readonly options: AssistantOptions) {
    super();
    this.registry = new ToolRegistry(builtinTools({ desktop: options.desktop }));
    this.gate = new ApprovalGate(options.alwaysAllowed);
    this.usage = new UsageMeter(options.prices ?? DEFAULT_PRICES);
    this.inspector = new EventLog({
      redactor: options.redactor,
      maxEntries: options.inspectorLimit,
    });
    this.images = new ImageShare({
      gate: this.gate,
      port: () => this.port,
      generation: () => this.generation,
      ...(options.imagesUnavailable ? { unavailable: options.imagesUnavailable } : {}),
    });
    const capture = options.desktop.captureScreen?.bind(options.desktop);
    if (capture) this.registry.register(lookAtScreenTool(capture, this.images));
    this.runner = new ToolCallRunner(this.registry, this.gate, {
      send: (event) => this.port?.send(event) ?? null,
      requestResponse: () => this.port?.requestResponse(),
    });
    this.runner.on('call', (call) => {
      options.history?.tool(call);
      this.emit('tool-call', call);
    });
    this.gate.on('requested', (request) => {
      this.emit('approval-request', request);
      this.publish();
    });
    this.gate.on('settled', (settled) => {
      this.emit('approval-settled', settled);
      this.publish();
    });
  }

  /** Calls waiting for approval or running: a rollover waits for them. */
  get busy(): boolean {
    return this.runner.busy;
  }

  /** The spend cap was reached: the conversation asks for no more replies. */
  get blocked(): string | null {
    return this.spendCapReached
      ? 'The spending limit for this conversation was reached. Start a new conversation or raise the limit in ⚙.'
      : null;
  }

  /**
   * The `tools` of `session.update` for a session through the Realtime endpoint
   * `realtimeIdentity`: Hark's functions, then the MCP servers. A stored MCP token that was
   * entered for another server URL or endpoint is not sent, and the user is told once.
   */
  sessionTools(
    realtimeIdentity: string | null,
    /** Whether a withheld token is one the user must enter again (not just a detour). */
    mustReenter: (label: string) => boolean = () => true,
  ): RealtimeToolsConfigUnion[] {
    if (!this.options.mcpServers || !this.options.mcpSecrets) return this.registry.declarations();
    const mcp = mcpToolEntries(
      this.options.mcpServers(),
      this.options.mcpSecrets,
      realtimeIdentity,
    );
    for (const label of mcp.withheld) {
      const key = `${label}\n${realtimeIdentity}`;
      if (this.withheldTold.has(key) || !mustReenter(label)) continue;
      this.withheldTold.add(key);
      this.emit('notice', { level: 'warning', title: 'MCP token', text: reentryMessage(label) });
    }
    return [...this.registry.declarations(), ...mcp.tools];
  }

  /** A session is ready (first, reconnect, rollover): calls of the old one are forgotten. */
  attach(port: ToolSessionPort, generation: number): void {
    this.port = port;
    this.generation = generation;
    this.mcpRequestsSeen.clear();
    this.runner.newConnection(generation);
  }

  answerApproval(answer: ApprovalAnswer): { ok: true } | { ok: false; error: string } {
    return this.gate.answer(answer);
  }

  /** Every event on the wire, for the inspector (recorded once this loop turn is done). */
  onWire(event: WireEvent): void {
    this.inspector.recordSoon(event);
  }

  onServerEvent(event: RealtimeServerEvent): void {
    switch (event.type) {
      case 'response.function_call_arguments.done':
        this.runner.onArguments({
          callId: event.call_id,
          name: event.name,
          arguments: event.arguments,
          responseId: event.response_id,
        });
        return;
      case 'response.done':
        this.onResponseDone(event.response);
        return;
      case 'rate_limits.updated':
        for (const limit of this.limits.update(event))
          this.emit('notice', {
            level: 'warning',
            title: 'Nearing a rate limit',
            text: describeLimit(limit),
          });
        this.publish();
        return;
      case 'conversation.item.added':
      case 'conversation.item.done': {
        const item = event.item;
        if (item.type === 'mcp_approval_request' && item.id && !this.mcpRequestsSeen.has(item.id)) {
          this.mcpRequestsSeen.add(item.id);
          this.runner.onMcpApprovalRequest({
            id: item.id,
            name: item.name,
            arguments: item.arguments,
            serverLabel: item.server_label,
          });
        }
        return;
      }
      case 'conversation.item.input_audio_transcription.failed':
        this.options.history?.transcriptionFailed(event.item_id);
        this.emit('transcription-failed', {
          itemId: event.item_id,
          reason: this.failureReason(event.error),
        });
        return;
      default:
        return;
    }
  }

  /** GPT-Live's cumulative `usage.seconds` of the current session: voice minutes. */
  onVoiceSeconds(seconds: number): void {
    const model = this.options.voiceModel?.() ?? this.options.model();
    this.usage.addVoice(model, `session_${this.generation}`, seconds);
    this.checkSpendCap();
    this.publish();
  }

  /** A new conversation: costs and caps start again. */
  newConversation(): void {
    this.usage.reset();
    this.spendCapReached = false;
    this.publish();
  }

  setPrices(prices: PriceTable): void {
    this.usage.setPrices(prices);
  }

  /** The idle cap's state, for the pill. */
  setIdle(capAt: number | null, paused: boolean): void {
    this.idleCapAt = capAt;
    this.idlePaused = paused;
    this.publish();
  }

  status(): AssistantStatus {
    return {
      sessionCost: this.usage.totalCost,
      responses: this.usage.responses,
      idleCapAt: this.idleCapAt,
      idlePaused: this.idlePaused,
      spendCapReached: this.spendCapReached,
      rateLimits: this.limits.current,
      pendingApprovals: this.gate.pending(),
    };
  }

  /** The user ended the session: waiting calls are cancelled and the model is told (tool-calls.ts). */
  cancelPendingCalls(reason: string): void {
    this.runner.cancelPending(reason);
  }

  dispose(): void {
    this.gate.expireAll();
    this.runner.newConnection(Number.MAX_SAFE_INTEGER);
    this.removeAll();
  }

  private onResponseDone(
    response: Extract<RealtimeServerEvent, { type: 'response.done' }>['response'],
  ): void {
    const responseId = response.id ?? '';
    const target = costTarget(response);
    const message = this.usage.add(this.options.model(), responseId, target, response.usage);
    this.options.history?.cost(target.itemId, message.turnCost);
    this.emit('usage', message);
    this.checkSpendCap();
    // After the cap check: a follow-up to tool calls is refused once the cap is reached.
    this.runner.onResponseDone(responseId, response.status ?? 'completed');
    this.publish();
  }

  private checkSpendCap(): void {
    const cap = this.options.spendCapUsd?.() ?? 0;
    if (this.spendCapReached || !this.usage.overCap(cap)) return;
    this.spendCapReached = true;
    this.emit('notice', {
      level: 'warning',
      title: 'Spending limit reached',
      text: `This conversation has cost $${(this.usage.totalCost ?? 0).toFixed(2)}, reaching your limit of $${cap.toFixed(2)}. Hark will not ask for more replies until you start a new conversation or raise the limit in ⚙.`,
    });
  }

  /** The server's words, redacted (they may echo what was sent) and kept short. */
  private failureReason(error: { message?: string; code?: string; type?: string }): string {
    const words = error.message?.trim() || error.code || error.type || 'no reason given';
    const redacted = this.options.redactor.text(words);
    return redacted.length > MAX_REASON_CHARS
      ? `${redacted.slice(0, MAX_REASON_CHARS - 1)}…`
      : redacted;
  }

  private publish(): void {
    this.emit('status', this.status());
  }
}
