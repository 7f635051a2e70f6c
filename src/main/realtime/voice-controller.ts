import { pcm16BytesToMs, MIN_COMMIT_MS } from '../../shared/audio/format';
import { Emitter } from '../../shared/emitter';
import { initialHealth, type HealthSnapshot, type HealthState } from '../../shared/health';
import type {
  AppSnapshot,
  CommandResult,
  NoticeMessage,
  OutputAudioMessage,
  PlaybackReport,
  SettingsUpdate,
  SettingsView,
  TranscriptMessage,
} from '../../shared/ipc';
import { ProviderConfigError, resolveEndpoint, type Endpoint } from './providers';
import { Backoff, type BackoffOptions } from './reconnect';
import { RealtimeSession, type SessionClosure } from './session';
import { DEFAULT_SESSION_SETTINGS } from './session-config';
import {
  applyUpdate,
  toView,
  type SecretStore,
  type SettingsStore,
  type StoredSettings,
} from './settings-model';
import { RealtimeSimulator, type SimulatorOptions } from './simulator/server';

interface ControllerEvents extends Record<string, unknown> {
  health: HealthSnapshot;
  settings: SettingsView;
  transcript: TranscriptMessage;
  'output-audio': OutputAudioMessage;
  'output-done': undefined;
  'output-stop': undefined;
  notice: NoticeMessage;
}

export interface VoiceControllerOptions {
  settings: SettingsStore;
  secrets: SecretStore;
  simulator?: SimulatorOptions;
  backoff?: BackoffOptions;
  heartbeatMs?: number;
  setupTimeoutMs?: number;
  log?: (level: 'debug' | 'info' | 'warn', message: string) => void;
}

type ConnectionStatus = 'offline' | 'connecting' | 'ready' | 'reconnecting' | 'needs-attention';
type TurnStatus = 'idle' | 'listening' | 'responding';

/** A talk turn's audio is kept (bounded) so a drop mid-turn loses nothing. */
const MAX_TURN_BYTES = 24_000 * 2 * 15;

/**
 * The main-side truth of Hark: which provider, the live session, the talk turn, the health.
 * Plain Node (no electron): the Electron IPC and the web preview are two adapters of it.
 */
export class VoiceController extends Emitter<ControllerEvents> {
  private settings: StoredSettings;
  private session: RealtimeSession | null = null;
  private simulator: RealtimeSimulator | null = null;
  private connection: ConnectionStatus = 'offline';
  private turn: TurnStatus = 'idle';
  private wanted = false;
  private health: HealthSnapshot = initialHealth();
  private readonly backoff: Backoff;
  private retryTimer: NodeJS.Timeout | null = null;
  private healthyTimer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private pingOutstandingSince: number | null = null;
  /** Audio of the turn in progress, for replay after a reconnect. */
  private turnAudio: Uint8Array[] = [];
  private turnBytes = 0;
  private turnSent = 0;
  private generation = 0;

  constructor(private readonly options: VoiceControllerOptions) {
    super();
    this.settings = options.settings.load();
    this.backoff = new Backoff(options.backoff);
    this.refreshProviderLabel();
  }

  /** The embedded simulator, once a simulator session has started it. */
  get embeddedSimulator(): RealtimeSimulator | null {
    return this.simulator;
  }

  snapshot(): AppSnapshot {
    return { health: { ...this.health }, settings: this.settingsView() };
  }

  settingsView(): SettingsView {
    return toView(this.settings, this.options.secrets.getKey() !== null);
  }

  async connect(): Promise<CommandResult> {
    this.wanted = true;
    this.clearRetry();
    if (this.session && (this.connection === 'ready' || this.connection === 'connecting'))
      return { ok: true };
    return this.openSession('connecting');
  }

  async disconnect(): Promise<CommandResult> {
    this.wanted = false;
    this.clearRetry();
    this.endTurn();
    const session = this.session;
    this.session = null;
    this.generation++;
    this.stopHeartbeat();
    session?.close();
    this.health.attempt = 0;
    this.health.nextRetryAt = null;
    this.setConnection('offline');
    return { ok: true };
  }

  /** Hold-to-talk pressed. Before the session is ready the press is remembered and its audio kept. */
  talkStart(): CommandResult {
    if (this.turn === 'listening') return { ok: true };
    if (this.turn === 'responding') this.interruptReply();
    this.turn = 'listening';
    this.turnAudio = [];
    this.turnBytes = 0;
    this.turnSent = 0;
    if (this.connection === 'ready') this.session?.clearInput();
    else if (!this.wanted || this.connection === 'offline' || this.connection === 'needs-attention')
      void this.connect();
    this.publish();
    return { ok: true };
  }

  /** Hold-to-talk released: commit and ask for a reply, or explain why not. */
  talkStop(): CommandResult {
    if (this.turn !== 'listening') return { ok: true };
    const ms = pcm16BytesToMs(this.turnBytes);
    if (ms < MIN_COMMIT_MS) {
      this.endTurn();
      if (this.connection === 'ready') this.session?.clearInput();
      this.notice(
        'info',
        'Too short',
        'Hold the talk button while you speak; at least a tenth of a second is needed.',
      );
      this.publish();
      return { ok: false, error: 'too-short' };
    }
    if (this.connection !== 'ready' || !this.session) {
      // Keep the turn: it is replayed and committed when the session is back.
      this.turn = 'responding';
      this.pendingCommit = true;
      this.publish();
      return { ok: true };
    }
    this.commitTurn(this.session);
    return { ok: true };
  }

  private pendingCommit = false;

  /** Drop the turn in progress without sending it. */
  talkCancel(): CommandResult {
    if (this.turn !== 'listening') return { ok: true };
    this.endTurn();
    if (this.connection === 'ready') this.session?.clearInput();
    this.publish();
    return { ok: true };
  }

  pushAudioFrame(pcm: Uint8Array): void {
    if (this.turn !== 'listening') return;
    if (this.turnBytes + pcm.byteLength > MAX_TURN_BYTES) {
      this.health.counters.framesDropped++;
      return;
    }
    const copy = pcm.slice(); // the caller's buffer may be reused or transferred
    this.turnAudio.push(copy);
    this.turnBytes += copy.byteLength;
    if (this.connection === 'ready' && this.session) this.flushTurnAudio(this.session);
  }

  reportPlayback(report: PlaybackReport): void {
    this.lastPlayback = report;
    if (this.awaitingDrain && report.bufferedMs === 0) this.finishResponding();
  }

  /** The reply is complete on the server but may still be playing; "Responding" lasts until it is heard. */
  private awaitingDrain = false;
  private drainTimer: NodeJS.Timeout | null = null;

  private finishResponding(): void {
    this.awaitingDrain = false;
    if (this.drainTimer) clearTimeout(this.drainTimer);
    this.drainTimer = null;
    if (this.turn === 'responding') this.turn = 'idle';
    this.publish();
  }

  private lastPlayback: PlaybackReport | null = null;

  async saveSettings(update: SettingsUpdate): Promise<CommandResult> {
    const next = applyUpdate(this.settings, update);
    const key = update.apiKey !== undefined ? update.apiKey || null : this.options.secrets.getKey();
    if (next.provider !== 'simulator') {
      try {
        this.endpointFor(next, key);
      } catch (error) {
        if (error instanceof ProviderConfigError) return { ok: false, error: error.message };
        throw error;
      }
    }
    if (update.apiKey !== undefined) this.options.secrets.setKey(key);
    const reconnect = this.wanted && this.connectionAffectingChange(this.settings, next, update);
    this.settings = next;
    this.options.settings.save(next);
    this.refreshProviderLabel();
    this.emit('settings', this.settingsView());
    this.publish();
    if (reconnect) {
      await this.disconnect();
      return this.connect();
    }
    return { ok: true };
  }

  async dispose(): Promise<void> {
    await this.disconnect();
    await this.simulator?.stop();
    this.simulator = null;
    this.removeAll();
  }

  // ── sessions ────────────────────────────────────────────────────────────

  private async openSession(status: 'connecting' | 'reconnecting'): Promise<CommandResult> {
    const generation = ++this.generation;
    this.setConnection(status);
    let endpoint: Endpoint;
    try {
      endpoint = await this.currentEndpoint();
    } catch (error) {
      if (!(error instanceof ProviderConfigError)) throw error;
      this.health.diagnosis = error.message;
      this.health.title = 'Settings needed';
      this.setConnection('needs-attention');
      return { ok: false, error: error.message };
    }
    if (generation !== this.generation) return { ok: false, error: 'superseded' };
    const session = new RealtimeSession(
      endpoint,
      { ...DEFAULT_SESSION_SETTINGS, model: endpoint.model, voice: this.settings.voice },
      {
        setupTimeoutMs: this.options.setupTimeoutMs ?? 15_000,
        log: (level, m) => this.options.log?.(level, m),
      },
    );
    this.session = session;
    this.wireSession(session, generation);
    const closure = await session.start();
    if (generation !== this.generation) return { ok: false, error: 'superseded' };
    if (closure) return { ok: false, error: closure.diagnosis };
    return { ok: true };
  }

  private wireSession(session: RealtimeSession, generation: number): void {
    const current = (): boolean => generation === this.generation && this.session === session;
    session.on('phase', (phase) => {
      if (!current() || phase !== 'ready') return;
      this.onReady(session);
    });
    session.on('closed', (closure) => {
      if (current()) this.onClosed(closure);
    });
    session.on('rtt', (rtt) => {
      if (!current()) return;
      this.pingOutstandingSince = null;
      this.health.rttMs = Math.round(rtt);
      this.publish();
    });
    session.on('transcript', (t) => current() && this.emit('transcript', t));
    session.on('output-audio', ({ itemId, pcm }) => {
      if (!current()) return;
      this.emit('output-audio', {
        itemId,
        pcm: new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength),
      });
    });
    session.on('output-audio-done', () => current() && this.emit('output-done', undefined));
    session.on('response-started', () => {
      if (!current() || this.turn === 'listening') return;
      this.turn = 'responding';
      this.publish();
    });
    session.on('response-done', ({ status }) => {
      if (!current()) return;
      if (status === 'failed' || status === 'incomplete') {
        this.notice('warning', 'Reply incomplete', `The reply ended with status "${status}".`);
      }
      const stillPlaying = this.lastPlayback !== null && this.lastPlayback.bufferedMs > 0;
      if (this.turn !== 'responding' || !stillPlaying) {
        this.finishResponding();
        return;
      }
      this.awaitingDrain = true;
      // If the renderer stops reporting (window closed), do not stay "Responding" forever.
      this.drainTimer = setTimeout(() => this.finishResponding(), 5 * 60_000);
    });
    session.on('server-error', ({ error, explanation }) => {
      if (!current()) return;
      if (
        error.code === 'conversation_already_has_active_response' ||
        error.code === 'response_cancel_not_active'
      ) {
        this.options.log?.('info', explanation); // harmless races, not worth a banner
        return;
      }
      if (error.causedBy === 'response.create' || error.causedBy === 'input_audio_buffer.commit') {
        if (this.turn === 'responding') this.turn = 'idle';
      }
      this.notice('error', 'The server reported an error', explanation);
      this.publish();
    });
    session.on('warning', (text) => current() && this.options.log?.('warn', text));
  }

  private onReady(session: RealtimeSession): void {
    this.setConnection('ready');
    this.health.attempt = 0;
    this.health.nextRetryAt = null;
    this.startHeartbeat(session);
    this.healthyTimer = setTimeout(() => this.backoff.reset(), this.backoff.resetAfterHealthyMs);
    // A press or a whole turn made while (re)connecting is honoured now, audio included.
    if (this.turn === 'listening' || this.pendingCommit) {
      session.clearInput();
      this.turnSent = 0;
      this.flushTurnAudio(session);
      if (this.pendingCommit) this.commitTurn(session);
    }
  }

  private onClosed(closure: SessionClosure): void {
    this.stopHeartbeat();
    if (this.healthyTimer) clearTimeout(this.healthyTimer);
    this.session = null;
    this.health.lastClose = {
      code: closure.code,
      reason: closure.reason,
      httpStatus: closure.httpStatus,
      afterClientEvent: closure.afterClientEvent,
    };
    this.health.diagnosis = closure.diagnosis;
    this.health.title = closure.title;
    if (this.turn === 'responding' && !this.pendingCommit) this.turn = 'idle';
    this.emit('output-stop', undefined);
    if (!this.wanted || closure.closedByClient) {
      this.setConnection('offline');
      return;
    }
    if (closure.permanent) {
      this.endTurn();
      this.setConnection('needs-attention');
      this.notice('error', closure.title, closure.diagnosis);
      return;
    }
    this.scheduleReconnect(closure);
  }

  private scheduleReconnect(closure: SessionClosure): void {
    const floor = closure.httpStatus === 429 ? this.retryAfterMs(closure) : 0;
    const delay = this.backoff.next(floor);
    this.health.attempt = this.backoff.attempts;
    this.health.nextRetryAt = Date.now() + delay;
    this.health.counters.reconnects++;
    this.setConnection('reconnecting');
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.wanted) void this.openSession('reconnecting');
    }, delay);
  }

  private retryAfterMs(closure: SessionClosure): number {
    const match = /wait (\d+(?:\.\d+)?) s/.exec(closure.diagnosis);
    return match ? Number(match[1]) * 1000 : 0;
  }

  /** Skip the backoff and try now (system resume, network back online, "Retry now"). */
  retryNow(): Promise<CommandResult> {
    this.clearRetry();
    if (this.connection === 'ready' || this.connection === 'connecting')
      return Promise.resolve({ ok: true });
    this.wanted = true;
    return this.openSession(this.connection === 'offline' ? 'connecting' : 'reconnecting');
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  // ── heartbeat ───────────────────────────────────────────────────────────

  private startHeartbeat(session: RealtimeSession): void {
    this.stopHeartbeat();
    const interval = this.options.heartbeatMs ?? 10_000;
    this.pingOutstandingSince = null;
    this.heartbeat = setInterval(() => {
      const now = Date.now();
      if (this.pingOutstandingSince !== null && now - this.pingOutstandingSince >= 2 * interval) {
        this.options.log?.('warn', 'No pong for two heartbeat intervals; dropping the connection.');
        session.connection.terminate();
        return;
      }
      if (session.connection.ping() && this.pingOutstandingSince === null)
        this.pingOutstandingSince = now;
    }, interval);
    session.connection.ping();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    this.pingOutstandingSince = null;
  }

  // ── turns ───────────────────────────────────────────────────────────────

  private flushTurnAudio(session: RealtimeSession): void {
    while (this.turnSent < this.turnAudio.length) {
      const frame = this.turnAudio[this.turnSent]!;
      if (session.appendAudio(frame) === null) return;
      this.turnSent++;
      this.health.counters.framesSent++;
      this.health.counters.bytesSent += frame.byteLength;
    }
  }

  private commitTurn(session: RealtimeSession): void {
    this.flushTurnAudio(session);
    session.commitInput();
    session.createResponse();
    this.pendingCommit = false;
    this.turnAudio = [];
    this.turnBytes = 0;
    this.turnSent = 0;
    this.turn = 'responding';
    this.publish();
  }

  private endTurn(): void {
    this.awaitingDrain = false;
    this.turn = 'idle';
    this.pendingCommit = false;
    this.turnAudio = [];
    this.turnBytes = 0;
    this.turnSent = 0;
  }

  /** The user talks over the reply: stop it here and on the server. */
  private interruptReply(): void {
    this.emit('output-stop', undefined);
    const session = this.session;
    if (!session || this.connection !== 'ready') return;
    if (session.activeResponseId) session.cancelResponse();
    const heard = this.lastPlayback;
    if (heard && heard.playedMs > 0) session.truncate(heard.itemId, heard.playedMs);
    this.lastPlayback = null;
  }

  // ── health ──────────────────────────────────────────────────────────────

  private setConnection(status: ConnectionStatus): void {
    this.connection = status;
    if (status === 'ready') {
      this.health.diagnosis = null;
      this.health.title = null;
    }
    this.publish();
  }

  private publish(): void {
    const state: HealthState =
      this.connection === 'ready' && this.turn !== 'idle' ? this.turn : this.connection;
    if (state !== this.health.state) {
      this.health.state = state;
      this.health.since = Date.now();
    }
    this.emit('health', {
      ...this.health,
      counters: { ...this.health.counters },
      lastClose: this.health.lastClose && { ...this.health.lastClose },
    });
  }

  private notice(level: NoticeMessage['level'], title: string, text: string): void {
    this.emit('notice', { level, title, text });
  }

  private refreshProviderLabel(): void {
    const simulated = this.effectiveProvider() === 'simulator';
    this.health.provider = this.effectiveProvider();
    this.health.simulated = simulated;
    this.health.providerLabel = simulated
      ? 'Simulator'
      : this.settings.provider === 'openai'
        ? 'OpenAI'
        : this.settings.provider === 'azure'
          ? 'Azure OpenAI'
          : 'Custom';
  }

  /** Without a key Hark talks to its simulator, and says so. */
  private effectiveProvider(): StoredSettings['provider'] {
    if (this.settings.provider === 'simulator') return 'simulator';
    if (this.settings.provider === 'custom') return 'custom';
    return this.options.secrets.getKey() ? this.settings.provider : 'simulator';
  }

  private async currentEndpoint(): Promise<Endpoint> {
    this.refreshProviderLabel();
    if (this.effectiveProvider() === 'simulator') {
      if (!this.simulator) {
        this.simulator = new RealtimeSimulator(this.options.simulator);
        await this.simulator.start();
      }
      return resolveEndpoint({
        kind: 'simulator',
        url: this.simulator.url,
        model: this.settings.model,
      });
    }
    return this.endpointFor(this.settings, this.options.secrets.getKey());
  }

  private endpointFor(settings: StoredSettings, key: string | null): Endpoint {
    return resolveEndpoint({
      kind: settings.provider,
      apiKey: key ?? undefined,
      model: settings.model,
      azureResource: settings.azureResource,
      url: settings.provider === 'custom' ? settings.customUrl : undefined,
    });
  }

  private connectionAffectingChange(
    before: StoredSettings,
    after: StoredSettings,
    update: SettingsUpdate,
  ): boolean {
    return (
      update.apiKey !== undefined ||
      before.provider !== after.provider ||
      before.model !== after.model ||
      before.voice !== after.voice ||
      before.azureResource !== after.azureResource ||
      before.customUrl !== after.customUrl
    );
  }
}
