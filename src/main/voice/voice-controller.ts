import { Emitter } from '../../shared/emitter';
import type { HealthSnapshot, HealthState, ProviderId } from '../../shared/health';
import type {
  AppSnapshot,
  CommandResult,
  NoticeMessage,
  OutputAudioMessage,
  PlaybackReport,
  SettingsView,
  TranscriptMessage,
  ValidSettingsUpdate,
} from '../../shared/ipc';
import { IpcValidationError, validateSettingsUpdate } from '../../shared/ipc';
import { Conversation } from '../conversation/conversation';
import type { TalkSource } from '../conversation/turn-machine';
import { EndpointSource, PROVIDER_LABELS, endpointFor } from '../engine/link/endpoint-source';
import type { BackoffOptions } from '../engine/link/reconnect';
import { SessionLink } from '../engine/link/session-link';
import type { WireListener } from '../engine/link/wire-tap';
import type { SecretStore, SettingsStore, StoredSettings } from '../settings/settings-model';
import { SettingsKeeper } from '../settings/settings-keeper';
import { realtimeIdentity, realtimeIdentityOfEndpoint } from '../engine/endpoint-binding';
import type { Endpoint } from '../engine/providers';
import type { RealtimeSimulator, SimulatorOptions } from '../../simulator/server';
import type { HistoryEntry, VoicePreviewResult } from '../../shared/assistant';
import type { AssistantResult } from '../../shared/assistant-ipc';
import { AssistantService, type AssistantSettingsStore } from '../assistant/assistant-service';
import type { AssistantHost } from '../assistant/assistant-handlers';
import type { ConversationStore } from '../assistant/history/history-store';
import { keyRedactor } from '../assistant/inspector/key-redactor';
import type { TextRedactor } from '../assistant/inspector/event-log';
import type { McpSecretStore } from '../assistant/mcp/mcp-tools';
import {
  MemoryAssistantSettingsStore,
  MemoryHistoryStore,
  MemoryMcpSecretStore,
} from '../assistant/memory-stores';
import { NO_DESKTOP, type DesktopActions } from '../assistant/tools/desktop-actions';
import { VoicePreview } from '../assistant/voice-preview';
import type { MemoryFile } from '../assistant/memory/memory-file';

export { SESSION_LIFETIME_MS } from '../engine/link/lifetime';

interface ControllerEvents extends Record<string, unknown> {
  health: HealthSnapshot;
  settings: SettingsView;
  transcript: TranscriptMessage;
  'output-audio': OutputAudioMessage;
  'output-done': undefined;
  'output-stop': undefined;
  /** Hold the reply's playback in place (true) or go on with it (false). */
  'output-hold': boolean;
  /** Open (true) or close the microphone stream in the renderer. */
  capture: boolean;
  notice: NoticeMessage;
}

export interface VoiceControllerOptions {
  settings: SettingsStore;
  secrets: SecretStore;
  simulator?: SimulatorOptions;
  backoff?: BackoffOptions;
  heartbeatMs?: number;
  setupTimeoutMs?: number;
  /** Override the session lifetimes (tests, unusual services). */
  sessionLifetimeMs?: Partial<Record<ProviderId, number>>;
  /** Roll over to a new session this long before the old one expires. */
  rolloverMarginMs?: number;
  /** Above this many bytes queued in the socket, audio waits (coalesced) instead of piling up. */
  maxBufferedBytes?: number;
  log?: (level: 'debug' | 'info' | 'warn', message: string) => void;
  /** The assistant's stores and platform actions; in memory and without a desktop by default. */
  assistant?: {
    settings?: AssistantSettingsStore;
    history?: ConversationStore;
    mcpSecrets?: McpSecretStore;
    desktop?: DesktopActions;
    redactor?: TextRedactor;
    memory?: MemoryFile;
  };
}

/**
 * The main-side truth of Hark, as the IPC and web-preview adapters see it: settings, the
 * health snapshot, and the commands. Plain Node (no electron).
 *
 * The work is done by two parts: the link (`link/`) keeps a configured session alive, and
 * the conversation (`conversation/`) owns turns, text and replies over whichever session the
 * link provides. This class wires them together and publishes the health.
 */
export class VoiceController extends Emitter<ControllerEvents> implements AssistantHost {
  /** Tools, approvals, cost, history and the event inspector (src/main/assistant). */
  readonly assistant: AssistantService;
  /** The idle cap paused hands-free streaming until the user talks or types. */
  private idlePaused = false;
  private settings: StoredSettings;
  /** The settings and the key: which key may go where, and all-or-nothing saves. */
  private readonly keeper: SettingsKeeper;
  private readonly endpoints: EndpointSource;
  private readonly link: SessionLink;
  private readonly conversation: Conversation;
  private state: HealthState = 'offline';
  private since = Date.now();
  private lastPublished = '';
  private readonly voicePreview = new VoicePreview({
    endpoint: () => this.endpoints.current(this.settings),
    prices: () => this.assistant.settings.prices,
  });

  constructor(private readonly options: VoiceControllerOptions) {
    super();
    this.keeper = new SettingsKeeper(options.settings, options.secrets);
    this.settings = this.keeper.current;
    // The key goes only where it was entered: the keeper answers for each endpoint.
    this.endpoints = new EndpointSource((settings) => this.keeper.key(settings), options.simulator);
    this.assistant = new AssistantService({
      settings: options.assistant?.settings ?? new MemoryAssistantSettingsStore(),
      history: options.assistant?.history ?? new MemoryHistoryStore(),
      mcpSecrets: options.assistant?.mcpSecrets ?? new MemoryMcpSecretStore(),
      memory: options.assistant?.memory,
      desktop: options.assistant?.desktop ?? NO_DESKTOP,
      // The one redaction (engine/redaction.ts), knowing the stored key: built again only
      // when the key changes (a Redactor indexes the key's fragments: ~17 µs to build).
      redactor:
        options.assistant?.redactor ?? keyRedactor(() => options.secrets.read()?.key ?? null),
      // Replies are priced by the model that produced their tokens: GPT-Live's backend.
      model: () =>
        this.settings.engine === 'live' ? this.settings.liveBackendModel : this.settings.model,
      voiceModel: () => this.settings.liveModel,
      // "Look at this" sends an input_image: a Realtime item GPT-Live's voice side does not take.
      imagesUnavailable: () =>
        this.settings.engine === 'live'
          ? 'Images go only to the Realtime engine for now (GPT-Live takes none): choose Realtime in ⚙ to use “Look at this”.'
          : null,
      realtimeIdentity: () => realtimeIdentity(this.settings),
    });
    this.link = new SessionLink({
      settings: () => this.settings,
      sessionSettings: (endpoint) => this.assistantSessionSettings(endpoint),
      endpoints: this.endpoints,
      isIdle: () => this.conversation.isIdle(),
      backoff: options.backoff,
      heartbeatMs: options.heartbeatMs,
      setupTimeoutMs: options.setupTimeoutMs,
      sessionLifetimeMs: options.sessionLifetimeMs,
      rolloverMarginMs: options.rolloverMarginMs,
      log: options.log,
    });
    this.conversation = new Conversation(this.link, {
      handsFree: () => this.handsFree,
      pushToTalk: () => (this.settings.engine === 'live' ? 'mute' : 'commit'),
      holdOnSpeech: () => this.handsFree && this.assistant.settings.falseInterruptionRecovery,
      transcribing: () => this.assistant.settings.transcription,
      hooks: this.assistant,
      maxBufferedBytes: options.maxBufferedBytes,
    });
    this.link.on('ready', ({ session }) => this.conversation.onSessionReady(session));
    this.link.on('lost', (loss) => this.conversation.onSessionLost(loss));
    this.link.on('status', () => this.publish());
    this.link.on('rtt', () => this.publish());
    this.link.on('notice', (notice) => this.emit('notice', notice));
    this.conversation.on('phase', () => this.publish());
    this.conversation.on('transcript', (t) => this.emit('transcript', t));
    this.conversation.on('output-audio', (m) => this.emit('output-audio', m));
    this.conversation.on('output-done', () => this.emit('output-done', undefined));
    this.conversation.on('output-stop', () => this.emit('output-stop', undefined));
    this.conversation.on('output-hold', (held) => this.emit('output-hold', held));
    this.conversation.on('capture', (on) => this.capture(on));
    this.link.tapWire((record) => this.assistant.onWire(record));
    this.assistant.on('notice', (notice) => this.emit('notice', notice));
    this.assistant.on('status', (status) => {
      // GPT-Live bills every minute the session is open: at the spending limit it is closed.
      if (status.spendCapReached && this.settings.engine === 'live' && this.link.wanted)
        void this.disconnect();
      this.publish();
    });
    this.assistant.on('idle-cap', () => {
      if (!this.handsFree) return;
      this.idlePaused = true;
      this.emit('capture', false);
    });
    this.conversation.on('notice', (notice) => this.emit('notice', notice));
  }

  /** The embedded simulator, once a simulator session has started it. */
  get embeddedSimulator(): RealtimeSimulator | null {
    return this.endpoints.embeddedSimulator;
  }

  snapshot(): AppSnapshot {
    return { health: this.healthCopy(), settings: this.settingsView(), hotkeys: null };
  }

  settingsView(): SettingsView {
    return this.keeper.view();
  }

  /** Every client event sent and server event received, for an event inspector. */
  tapWire(listener: WireListener): () => void {
    return this.link.tapWire(listener);
  }

  // ── commands ────────────────────────────────────────────────────────────

  connect(): Promise<CommandResult> {
    return this.link.connect();
  }

  async disconnect(): Promise<CommandResult> {
    this.assistant.cancelPendingCalls(); // told to the model before the socket closes
    this.conversation.stop();
    this.link.disconnect();
    return { ok: true };
  }

  /** Skip the backoff and try now (system resume, network back online, "Retry now"). */
  retryNow(): Promise<CommandResult> {
    return this.link.retryNow();
  }

  /**
   * A talk press from any source (the button, Space, the global hotkey). Before the session
   * is ready the press is remembered and its audio kept; over a reply it is a barge-in.
   */
  talkStart(source: TalkSource = 'pointer'): CommandResult {
    this.resumeAfterIdle();
    return this.conversation.talkStart(source);
  }

  /** Mute (tray menu): a turn in progress is sent, nothing more leaves the machine. */
  setMuted(muted: boolean): CommandResult {
    this.conversation.setMuted(muted);
    return { ok: true };
  }

  /** The matching release: commit and ask for a reply, or explain why not. */
  talkStop(source: TalkSource = 'pointer'): CommandResult {
    return this.conversation.talkStop(source);
  }

  /** The toggle hotkey: first press talks, the second sends. */
  talkToggle(): CommandResult {
    this.conversation.talkToggle();
    return { ok: true };
  }

  /** A key-up that will never arrive (sleep, screen lock): end the turn as a release would. */
  talkLost(): CommandResult {
    this.conversation.talkLost();
    return { ok: true };
  }

  /** Drop the turn in progress without sending it. */
  talkCancel(): CommandResult {
    this.conversation.talkCancel();
    return { ok: true };
  }

  /** A typed message: shown at once, delivered exactly once, even across a reconnect. */
  sendText(text: string): CommandResult {
    this.resumeAfterIdle();
    return this.conversation.sendText(text);
  }

  pushAudioFrame(pcm: Uint8Array): void {
    this.conversation.pushAudioFrame(pcm);
  }

  reportPlayback(report: PlaybackReport): void {
    this.conversation.reportPlayback(report);
  }

  outputIsContinuous(): boolean {
    return this.conversation.outputIsContinuous;
  }

  /**
   * Validate, store (the key bound to the endpoint it was entered for), and reconnect when the
   * change needs a new session. All or nothing: a refused or failed save changes nothing and
   * says why; it never rejects.
   */
  async saveSettings(update: ValidSettingsUpdate): Promise<CommandResult> {
    let reconnect: boolean;
    try {
      // Checked here too, whichever adapter (IPC, preview, tray, hotkeys) asks.
      const valid = validateSettingsUpdate(update);
      const saved = this.keeper.save(valid, (next, key) => {
        if (next.provider !== 'simulator') endpointFor(next, key);
      });
      if (!saved.ok) return saved;
      reconnect = this.link.wanted && connectionAffectingChange(saved.before, saved.after, valid);
      this.settings = saved.after;
      this.link.refreshProvider();
      this.conversation.modeChanged();
      this.emit('settings', this.settingsView());
      this.assistant.endpointChanged();
      this.publish();
    } catch (error) {
      if (error instanceof IpcValidationError) return { ok: false, error: error.message };
      return { ok: false, error: `The settings could not be applied: ${errorMessage(error)}` };
    }
    if (!reconnect) return { ok: true };
    try {
      await this.disconnect();
      return await this.connect();
    } catch (error) {
      return { ok: false, error: `Saved, but reconnecting failed: ${errorMessage(error)}` };
    }
  }

  // ── the assistant (AssistantHost) ───────────────────────────────────────

  async reopenConversation(id: string): Promise<AssistantResult & { entries?: HistoryEntry[] }> {
    const entries = await this.assistant.reopen(id);
    if (!entries) return { ok: false, error: 'That conversation is no longer stored.' };
    this.conversation.replaceHistory(
      entries.flatMap((e) =>
        e.role !== 'tool' && e.text.trim() ? [{ role: e.role, text: e.text }] : [],
      ),
    );
    await this.freshSession();
    return { ok: true, entries };
  }

  async newConversation(): Promise<AssistantResult> {
    this.assistant.newConversation();
    this.conversation.replaceHistory([]);
    await this.freshSession();
    return { ok: true };
  }

  /** A sample of a voice from this conversation's endpoint, in a session of its own. */
  previewVoice(voice: string): Promise<VoicePreviewResult> {
    return this.voicePreview.render(voice);
  }

  assistantSettingsChanged(needsNewSession: boolean): void {
    // Between turns: the link rolls over once the conversation is idle.
    if (needsNewSession) this.link.requestRollover();
  }

  /** A new session seeded with the conversation's (replaced) text, when one is wanted. */
  private async freshSession(): Promise<void> {
    if (!this.link.wanted) return;
    await this.disconnect();
    await this.connect();
  }

  /** The assistant's settings as `session.update` fields, for a session through `endpoint`. */
  private assistantSessionSettings(endpoint: Endpoint) {
    const a = this.assistant.settings;
    return {
      // GPT-Live takes the conversation so far and its backend at startup.
      backendModel: this.settings.liveBackendModel,
      history: this.conversation.historyTurns(),
      // What the user asked Hark to remember, within its budget (none with the memory off).
      instructions: this.assistant.memory.instructions(a.instructions),
      transcriptionModel: a.transcription ? a.transcriptionModel : null,
      tuning: {
        speed: a.speed,
        transcriptionLanguage: a.transcriptionLanguage,
        transcriptionVocabulary: a.transcriptionVocabulary,
        noiseReduction: a.noiseReduction,
        holdOnSpeech: a.falseInterruptionRecovery,
        semanticEagerness: a.semanticEagerness,
        vadSilenceMs: a.vadSilenceMs,
        vadThreshold: a.vadThreshold,
        // MCP tokens go only through the endpoint they were entered for: the one opened.
        tools: this.assistant.sessionTools(realtimeIdentityOfEndpoint(endpoint)),
      },
    };
  }

  private capture(on: boolean): void {
    // After the idle cap, a new session (rollover) must not reopen the microphone by itself.
    if (on && this.idlePaused) return;
    this.assistant.handsFree(on && this.handsFree);
    this.emit('capture', on);
  }

  private resumeAfterIdle(): void {
    if (!this.idlePaused) return;
    this.idlePaused = false;
    if (this.handsFree && this.link.status === 'ready' && !this.conversation.muted)
      this.capture(true);
  }

  async dispose(): Promise<void> {
    await this.assistant.dispose();
    this.conversation.dispose();
    this.link.dispose();
    await this.endpoints.dispose();
    this.removeAll();
  }

  // ── health ──────────────────────────────────────────────────────────────

  private get handsFree(): boolean {
    return this.settings.turnDetection !== 'push-to-talk';
  }

  private publish(): void {
    const status = this.link.status;
    const phase = this.conversation.phase;
    const state: HealthState =
      status !== 'ready' ? status : (this.liveActivity() ?? (phase !== 'idle' ? phase : status));
    if (state !== this.state) {
      this.state = state;
      this.since = Date.now();
    }
    // Playback reports arrive ~23 times a second; only a real change goes to the window
    // (whose state history would otherwise fill with copies).
    const health = this.healthCopy();
    const text = JSON.stringify(health);
    if (text === this.lastPublished) return;
    this.lastPublished = text;
    this.emit('health', health);
  }

  /**
   * GPT-Live's own states, in order of what the user must know first: an approval waits for
   * them; the backend is working; Hark is speaking (from the output's energy).
   */
  private liveActivity(): HealthState | null {
    if (this.settings.engine !== 'live') return null;
    if (this.assistant.assistant.status().pendingApprovals.length > 0) return 'awaiting-approval';
    if (this.conversation.phase === 'listening') return 'listening';
    if (this.conversation.thinking) return 'thinking';
    if (this.conversation.phase === 'responding') return 'speaking';
    return null;
  }

  private healthCopy(): HealthSnapshot {
    const link = this.link.health;
    const talk = this.conversation.counters;
    return {
      state: this.state,
      since: this.since,
      provider: link.provider,
      providerLabel: PROVIDER_LABELS[link.provider],
      simulated: link.provider === 'simulator',
      rttMs: link.rttMs,
      attempt: link.attempt,
      nextRetryAt: link.nextRetryAt,
      lastClose: link.lastClose && { ...link.lastClose },
      diagnosis: link.diagnosis,
      title: link.title,
      counters: {
        framesSent: talk.framesSent,
        framesDropped: talk.framesDropped,
        bytesSent: talk.bytesSent,
        reconnects: link.reconnects,
      },
      muted: this.conversation.muted,
      handsFree: this.handsFree,
      live: this.conversation.live,
      queued: this.conversation.queued,
    };
  }
}

function errorMessage(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 300);
}

function connectionAffectingChange(
  before: StoredSettings,
  after: StoredSettings,
  update: ValidSettingsUpdate,
): boolean {
  return (
    update.apiKey !== undefined ||
    before.provider !== after.provider ||
    before.model !== after.model ||
    before.voice !== after.voice ||
    before.azureResource !== after.azureResource ||
    before.customUrl !== after.customUrl ||
    before.engine !== after.engine ||
    before.liveModel !== after.liveModel ||
    before.liveBackendModel !== after.liveBackendModel ||
    // The new mode is configured on a new session (seeded with the conversation).
    before.turnDetection !== after.turnDetection
  );
}
