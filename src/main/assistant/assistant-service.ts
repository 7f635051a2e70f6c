import type {
  RealtimeServerEvent,
  RealtimeToolsConfigUnion,
} from 'openai/resources/realtime/realtime';
import { Emitter } from '../../shared/emitter';
import {
  assistantSettingsUpdateSchema,
  type ApprovalAnswer,
  type ApprovalRequest,
  type AssistantSettings,
  type AssistantSettingsUpdate,
  type AssistantStatus,
  type ConversationSummary,
  type HistoryEntry,
  type InspectorEntry,
  type ToolCallMessage,
  type TranscriptionFailure,
  type UsageMessage,
} from '../../shared/assistant';
import type { AssistantSettingsView, ImageShareResult } from '../../shared/assistant-ipc';
import { isPlainObject } from '../../shared/settings-schema';
import { Assistant, type AssistantNotice } from './assistant';
import { toMarkdown, toPlainText } from './history/export';
import type { ConversationStore } from './history/history-store';
import { HistoryRecorder } from './history/recorder';
import { IdleCap } from './idle-cap';
import type { TextRedactor, WireEvent } from './inspector/event-log';
import { mcpBinding, mcpTokenAccess } from './mcp/mcp-binding';
import type { McpSecretStore } from './mcp/mcp-tools';
import type { ApprovalOutcome } from './tools/approvals';
import type { DesktopActions } from './tools/desktop-actions';
import type { ToolSessionPort } from './tools/tool-calls';
import { MemoryBook } from './memory/memory-book';
import { InMemoryMemoryFile, type MemoryFile } from './memory/memory-file';
import { MEMORY_TOOL_NAMES, memoryTools } from './memory/memory-tools';
import { attachImageSchema } from '../../shared/image-attachment';
import { checkImageDataUrl } from './look/image-check';
import { LOOK_TOOL_NAME } from './look/look-tool';
import type { ShareResult } from './look/image-share';

export interface AssistantSettingsStore {
  load(): AssistantSettings;
  save(settings: AssistantSettings): void;
}

export type { AssistantSettingsView };

interface ServiceEvents extends Record<string, unknown> {
  'tool-call': ToolCallMessage;
  'approval-request': ApprovalRequest;
  'approval-settled': { id: string; outcome: ApprovalOutcome };
  'transcription-failed': TranscriptionFailure;
  usage: UsageMessage;
  notice: AssistantNotice;
  status: AssistantStatus;
  settings: AssistantSettingsView;
  /** The idle cap fired: stop streaming the microphone. */
  'idle-cap': undefined;
}

export interface AssistantServiceOptions {
  settings: AssistantSettingsStore;
  history: ConversationStore;
  mcpSecrets: McpSecretStore;
  desktop: DesktopActions;
  redactor: TextRedactor;
  /** The session's model (for prices). */
  model: () => string;
  /** GPT-Live: the voice model (its per-minute price). */
  voiceModel?: () => string;
  /**
   * The Realtime endpoint the settings name now ("provider origin", or "simulator"): a token
   * entered now is bound to it, and the view says whether a stored token fits it.
   */
  realtimeIdentity?: () => string | null;
  /** Where "remember that" is kept (the user-data folder); in memory unless given. */
  memory?: MemoryFile;
  /** Null when images can be sent; else why not (GPT-Live takes none yet). */
  imagesUnavailable?: () => string | null;
}

/** What the window hears of an image it offered: sent (its facts), or why not. */
export type ImageShareReply = ImageShareResult;

/** Settings whose change needs a new session (they are part of `session.update`). */
const SESSION_FIELDS: (keyof AssistantSettingsUpdate)[] = [
  'instructions',
  'speed',
  'transcription',
  'transcriptionModel',
  'transcriptionLanguage',
  'transcriptionVocabulary',
  'noiseReduction',
  'falseInterruptionRecovery',
  'semanticEagerness',
  'vadSilenceMs',
  'vadThreshold',
  'mcpServers',
  'mcpAuthorization',
];

/**
 * The assistant as the controller and the window see it: one object that owns the tools,
 * approvals, usage, inspector, history and idle cap, with the settings that steer them.
 */
export class AssistantService extends Emitter<ServiceEvents> {
  readonly assistant: Assistant;
  readonly recorder: HistoryRecorder;
  /** What the user asked Hark to remember (✦ → Memory; the remember / forget tools). */
  readonly memory: MemoryBook;
  private settingsValue: AssistantSettings;
  private readonly idle: IdleCap;
  private lastPushedStatus = '';

  constructor(private readonly options: AssistantServiceOptions) {
    super();
    this.settingsValue = options.settings.load();
    this.recorder = new HistoryRecorder(
      options.history,
      () => this.settingsValue.historyEnabled,
      (message) => this.emit('notice', { level: 'warning', title: 'History', text: message }),
    );
    this.assistant = new Assistant({
      desktop: options.desktop,
      redactor: options.redactor,
      model: options.model,
      ...(options.voiceModel ? { voiceModel: options.voiceModel } : {}),
      prices: this.settingsValue.prices,
      spendCapUsd: () => this.settingsValue.spendCapUsd,
      mcpServers: () => this.settingsValue.mcpServers,
      mcpSecrets: options.mcpSecrets,
      history: this.recorder,
      alwaysAllowed: this.settingsValue.alwaysAllowedTools,
      ...(options.imagesUnavailable ? { imagesUnavailable: options.imagesUnavailable } : {}),
    });
    // An approved image is kept with the conversation when history is on (recorder.ts).
    this.assistant.images.on('shared', ({ image }) =>
      this.recorder.image(
        image,
        Buffer.from(image.dataUrl.slice(image.dataUrl.indexOf(',') + 1), 'base64'),
      ),
    );
    this.memory = new MemoryBook(options.memory ?? new InMemoryMemoryFile());
    for (const tool of memoryTools(this.memory)) this.assistant.registry.register(tool);
    this.idle = new IdleCap(this.settingsValue.idleCapMinutes * 60_000, () => this.idleReached());
    for (const name of [
      'tool-call',
      'approval-request',
      'transcription-failed',
      'usage',
      'notice',
    ] as const)
      this.assistant.on(name, (payload) => this.emit(name, payload as never));
    this.assistant.on('status', (status) => this.pushStatus(status));
    this.assistant.on('approval-settled', (settled) => {
      this.emit('approval-settled', settled);
      this.rememberAlwaysAllowed();
    });
    this.assistant.on('tool-call', () => this.idle.activity());
  }

  get settings(): AssistantSettings {
    return this.settingsValue;
  }

  settingsView(): AssistantSettingsView {
    const { mcpServers, ...rest } = this.settingsValue;
    return {
      ...rest,
      mcpServers: mcpServers.map((server) => {
        const access = mcpTokenAccess(
          server,
          this.options.mcpSecrets.read(server.label),
          this.realtimeIdentity(),
        );
        return {
          ...server,
          hasAuthorization: access.token !== null,
          authorizationNeedsReentry: access.needsReentry,
        };
      }),
    };
  }

  /** Validate and apply; says whether the change needs a new session. */
  saveSettings(
    raw: unknown,
  ): { ok: true; needsNewSession: boolean } | { ok: false; error: string } {
    // A Map or a class instance would pass as an empty update: only plain objects are updates.
    if (!isPlainObject(raw)) return { ok: false, error: 'The settings must be an object.' };
    const parsed = assistantSettingsUpdateSchema.safeParse(raw);
    if (!parsed.success)
      return {
        ok: false,
        error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      };
    const { mcpAuthorization, forgetAlwaysAllowed, ...fields } = parsed.data;
    const next: AssistantSettings = { ...this.settingsValue, ...stripUndefined(fields) };
    if (forgetAlwaysAllowed) {
      for (const tool of this.assistant.gate.allowedTools()) this.assistant.gate.forget(tool);
      next.alwaysAllowedTools = [];
    }
    if (mcpAuthorization) {
      const server = next.mcpServers.find((s) => s.label === mcpAuthorization.label);
      const value = mcpAuthorization.value.trim();
      if (!server && value)
        return { ok: false, error: `There is no MCP server labelled "${mcpAuthorization.label}".` };
      // Bound to this server's URL and the connection it will travel through (mcp-binding.ts).
      const binding = server ? mcpBinding(server, this.realtimeIdentity()) : null;
      if (value && binding === null)
        return {
          ok: false,
          error:
            'Choose the connection (provider and its URL or resource) first: a token is kept for one server and one connection.',
        };
      try {
        this.options.mcpSecrets.write(
          mcpAuthorization.label,
          value && binding ? { value, binding } : null,
        );
      } catch (error) {
        return {
          ok: false,
          error: `The token could not be saved (${error instanceof Error ? error.message : String(error)}); nothing was changed.`,
        };
      }
    }
    const needsNewSession = SESSION_FIELDS.some(
      (key) => parsed.data[key] !== undefined && changed(this.settingsValue, next, key),
    );
    this.settingsValue = next;
    this.options.settings.save(next);
    this.assistant.setPrices(next.prices);
    this.idle.setLimit(next.idleCapMinutes * 60_000);
    this.emit('settings', this.settingsView());
    return { ok: true, needsNewSession };
  }

  // ── the conversation's hooks ───────────────────────────────────────────

  /** The tools of a session through the Realtime endpoint `realtimeIdentity` (the one it opened). */
  sessionTools(realtimeIdentity: string | null): RealtimeToolsConfigUnion[] {
    // A session that goes elsewhere than the settings name (the simulator standing in while
    // no key is entered) withholds tokens too, but only a token that no longer fits the
    // settings asks the user for it again.
    const tools = this.assistant.sessionTools(realtimeIdentity, (label) => {
      const server = this.settingsValue.mcpServers.find((s) => s.label === label);
      return (
        server !== undefined &&
        mcpTokenAccess(server, this.options.mcpSecrets.read(label), this.realtimeIdentity())
          .needsReentry
      );
    });
    // With the memory off, the model is not offered remember / forget at all; where images
    // cannot be sent (GPT-Live), not look_at_screen either.
    const withheld = [
      ...(this.memory.enabled ? [] : MEMORY_TOOL_NAMES),
      ...(this.options.imagesUnavailable?.() ? [LOOK_TOOL_NAME] : []),
    ] as readonly string[];
    return tools.filter((t) => !(t.type === 'function' && withheld.includes(t.name ?? '')));
  }

  /** The connection changed: the view's token state may have too. */
  endpointChanged(): void {
    this.emit('settings', this.settingsView());
  }

  private realtimeIdentity(): string | null {
    return this.options.realtimeIdentity?.() ?? null;
  }

  attach(port: ToolSessionPort, generation: number): void {
    this.assistant.attach(port, generation);
  }

  get busy(): boolean {
    return this.assistant.busy;
  }

  get blocked(): string | null {
    return this.assistant.blocked;
  }

  onServerEvent(event: RealtimeServerEvent): void {
    if (event.type === 'input_audio_buffer.speech_started' || event.type === 'response.created')
      this.activity();
    // The service's own idle guard (server_vad `idle_timeout_ms`) fired: nobody spoke. With
    // the idle cap on, stop streaming as Hark's own timer would.
    if (
      event.type === 'input_audio_buffer.timeout_triggered' &&
      this.settingsValue.idleCapMinutes > 0 &&
      this.idle.endsAt !== null
    ) {
      this.idle.stop();
      this.idleReached('service');
    }
    this.assistant.onServerEvent(event);
  }

  onWire(event: WireEvent): void {
    this.assistant.onWire(event);
  }

  onTranscript(role: 'user' | 'assistant', itemId: string, text: string, final: boolean): void {
    if (final) this.recorder.message(role, itemId, text);
  }

  onVoiceSeconds(seconds: number): void {
    this.assistant.onVoiceSeconds(seconds);
  }

  onInterrupted(itemId: string, heardMs: number): void {
    this.recorder.interrupted(itemId, heardMs);
  }

  /** Speech, a typed message, a press: the idle cap starts counting again. */
  activity(): void {
    this.idle.activity();
    if (this.assistant.status().idlePaused) this.assistant.setIdle(this.idle.endsAt, false);
    else this.publishIdle();
  }

  /** Hands-free streaming began (true) or ended (false). */
  handsFree(on: boolean): void {
    if (on) this.idle.start();
    else this.idle.stop();
    this.assistant.setIdle(this.idle.endsAt, false);
  }

  /**
   * The user ended the session (disconnect, new session, quit): every call waiting for an
   * approval is cancelled and the model told so while the session is still open.
   */
  cancelPendingCalls(reason = 'The user ended the session before answering this request.'): void {
    this.assistant.cancelPendingCalls(reason);
  }

  // ── "Look at this" ─────────────────────────────────────────────────────

  /** Whether "Show Hark my screen" exists here (the desktop app). */
  get canCaptureScreen(): boolean {
    return this.options.desktop.captureScreen !== undefined;
  }

  /** An image the window pasted or dropped: checked, approved by the user, then sent. */
  async attachImage(raw: unknown): Promise<ImageShareReply> {
    const parsed = attachImageSchema.safeParse(raw);
    if (!parsed.success || !isPlainObject(raw))
      return {
        ok: false,
        error: 'An image must be {dataUrl, source} with a PNG or JPEG data URL of at most 720 KB.',
      };
    const checked = checkImageDataUrl(parsed.data.dataUrl);
    if (!checked.ok) return checked;
    this.activity();
    return reply(
      await this.assistant.images.offer(checked.image, parsed.data.source, { respond: true }),
    );
  }

  /** "Show Hark my screen": capture, show the picture for approval, then send it. */
  async lookAtScreen(): Promise<ImageShareReply> {
    const capture = this.options.desktop.captureScreen;
    if (!capture)
      return { ok: false, error: 'Screen capture is available only in the desktop app.' };
    const why = this.assistant.images.unavailable();
    if (why) return { ok: false, error: why };
    this.activity();
    return reply(
      await this.assistant.images.offerCapture(() => capture.call(this.options.desktop), 'screen', {
        respond: true,
      }),
    );
  }

  answerApproval(answer: ApprovalAnswer): { ok: boolean; error?: string } {
    return this.assistant.answerApproval(answer);
  }

  status(): AssistantStatus {
    return this.assistant.status();
  }

  // ── inspector ──────────────────────────────────────────────────────────

  inspectorList(afterSeq?: number): InspectorEntry[] {
    return this.assistant.inspector.list(afterSeq === undefined ? undefined : { afterSeq });
  }

  inspectorExport(appInfo: Record<string, string> = {}): string {
    return this.assistant.inspector.export(appInfo);
  }

  inspectorClear(): void {
    this.assistant.inspector.clear();
  }

  // ── history ────────────────────────────────────────────────────────────

  /** The stored conversations, the one under way included (its coalesced save is done first). */
  async historyList(): Promise<ConversationSummary[]> {
    await this.recorder.flush();
    return this.options.history.list();
  }

  async historyLoad(
    id: string,
  ): Promise<{ summary: ConversationSummary; entries: HistoryEntry[] } | null> {
    if (id === this.recorder.conversationId) await this.recorder.flush();
    const stored = await this.options.history.load(id);
    return stored && { summary: stored.summary, entries: stored.entries };
  }

  /** The memory's tool calls are left out unless `includeMemory` (then the memory is appended). */
  async historyExport(
    id: string,
    format: 'markdown' | 'text',
    includeMemory = false,
  ): Promise<string | null> {
    if (id === this.recorder.conversationId) await this.recorder.flush();
    const stored = await this.options.history.load(id);
    if (!stored) return null;
    const entries = includeMemory
      ? stored.entries
      : stored.entries.filter(
          (e) => !(e.tool && (MEMORY_TOOL_NAMES as readonly string[]).includes(e.tool)),
        );
    const text =
      format === 'markdown'
        ? toMarkdown(stored.summary, entries, stored.repairedTimestamps)
        : toPlainText(entries);
    return includeMemory ? `${text}${memoryAppendix(this.memory, format)}` : text;
  }

  /** A kept image (history was on when it was sent) as a data URL, for the history view. */
  async historyImage(id: string, sha256: string): Promise<string | null> {
    if (id === this.recorder.conversationId) await this.recorder.flush();
    const stored = await this.options.history.load(id);
    const facts = stored?.entries.find((e) => e.image?.sha256 === sha256)?.image;
    if (!facts) return null;
    const bytes = await this.options.history.loadImage(id, facts);
    return bytes && `data:image/${facts.format};base64,${bytes.toString('base64')}`;
  }

  async historyDelete(id: string): Promise<void> {
    // The conversation being recorded would otherwise be written again (with its images).
    if (id === this.recorder.conversationId) await this.recorder.discard();
    await this.options.history.remove(id);
  }

  async historyClear(): Promise<number> {
    // Not flushed first: the current conversation goes too, and its pending writes (an
    // image file) land before the folder is cleared, not after.
    await this.recorder.discard();
    return this.options.history.clear();
  }

  /** Continue a stored conversation: its text seeds the next session. */
  async reopen(id: string): Promise<HistoryEntry[] | null> {
    const stored = await this.options.history.load(id);
    if (!stored) return null;
    await this.recorder.flush();
    this.cancelPendingCalls('The user switched to another conversation before answering.');
    this.recorder.begin({ id, startedAt: stored.summary.startedAt, entries: stored.entries });
    this.assistant.newConversation();
    return stored.entries;
  }

  /** A fresh conversation (the user cleared the transcript or asked for a new one). */
  newConversation(): void {
    this.cancelPendingCalls('The user started a new conversation before answering.');
    void this.recorder.flush();
    this.recorder.begin();
    this.assistant.newConversation();
  }

  async dispose(): Promise<void> {
    this.cancelPendingCalls('Hark is quitting; the request was not answered.');
    this.idle.stop();
    await this.recorder.flush();
    await this.memory.flush();
    this.assistant.dispose();
    this.removeAll();
  }

  /**
   * Status to the window without the pending list (it travels as increments), and only when
   * something in it changed: an approval coming or going costs the window one small message.
   */
  private pushStatus(status: AssistantStatus): void {
    const slim: AssistantStatus = { ...status, pendingApprovals: [], approvalsByIncrement: true };
    const json = JSON.stringify(slim);
    if (json === this.lastPushedStatus) return;
    this.lastPushedStatus = json;
    this.emit('status', slim);
  }

  private idleReached(by: 'hark' | 'service' = 'hark'): void {
    this.assistant.setIdle(null, true);
    const minutes = this.settingsValue.idleCapMinutes;
    const why =
      by === 'service'
        ? "The service's idle timeout found no speech"
        : `Nobody spoke for ${minutes} minute${minutes === 1 ? '' : 's'}`;
    this.emit('notice', {
      level: 'info',
      title: 'Microphone paused',
      text: `${why}, so Hark stopped sending your microphone (it would bill for silence). Press talk or type to go on.`,
    });
    this.emit('idle-cap', undefined);
  }

  private publishIdle(): void {
    const status = this.assistant.status();
    if (status.idleCapAt !== this.idle.endsAt)
      this.assistant.setIdle(this.idle.endsAt, status.idlePaused);
  }

  private rememberAlwaysAllowed(): void {
    const allowed = this.assistant.gate.allowedTools();
    if (sameSet(allowed, this.settingsValue.alwaysAllowedTools)) return;
    this.settingsValue = { ...this.settingsValue, alwaysAllowedTools: allowed };
    this.options.settings.save(this.settingsValue);
  }
}

function reply(result: ShareResult): ImageShareReply {
  if (result.ok) return result;
  return {
    ok: false,
    error: result.error,
    ...(result.outcome === 'denied' ? { declined: true } : {}),
  };
}

function memoryAppendix(memory: MemoryBook, format: 'markdown' | 'text'): string {
  const lines = memory.entries.map((e) => `- ${e.text}`).join('\n') || '(empty)';
  return format === 'markdown' ? `\n\n## Memory\n\n${lines}\n` : `\n\nMemory:\n${lines}\n`;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function changed(
  before: AssistantSettings,
  after: AssistantSettings,
  key: keyof AssistantSettingsUpdate,
): boolean {
  if (key === 'mcpAuthorization') return true;
  return (
    JSON.stringify(before[key as keyof AssistantSettings]) !==
    JSON.stringify(after[key as keyof AssistantSettings])
  );
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
