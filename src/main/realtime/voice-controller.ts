import { randomBytes } from 'node:crypto';
import { pcm16BytesToMs } from '../../shared/audio/format';
import { Emitter } from '../../shared/emitter';
import {
  initialHealth,
  type HealthSnapshot,
  type HealthState,
  type ProviderId,
} from '../../shared/health';
import type {
  AppSnapshot,
  CommandResult,
  NoticeMessage,
  OutputAudioMessage,
  PlaybackReport,
  SettingsView,
  ValidSettingsUpdate,
  TranscriptMessage,
} from '../../shared/ipc';
import { IpcValidationError, validateSettingsUpdate } from '../../shared/ipc';
import { ConversationHistory } from './conversation-history';
import { Heartbeat } from './heartbeat';
import { diagnose, isPermanentErrorCode } from './diagnose';
import { ProviderConfigError, resolveEndpoint, type Endpoint } from './providers';
import { Backoff, type BackoffOptions } from './reconnect';
import { ResponseSequencer } from './response-sequencer';
import { RealtimeSession, type SessionClosure } from './session';
import { DEFAULT_SESSION_SETTINGS } from './session-config';
import type { SecretStore, SettingsStore, StoredSettings } from './settings-model';
import { SettingsKeeper } from './settings-keeper';
import { RealtimeSimulator, type SimulatorOptions } from './simulator/server';
import { EchoGuard } from './echo-guard';
import { TurnAudio } from './turn-audio';
import { TurnMachine, type TalkSource, type TurnEffect } from './turn-machine';

interface ControllerEvents extends Record<string, unknown> {
  health: HealthSnapshot;
  settings: SettingsView;
  transcript: TranscriptMessage;
  'output-audio': OutputAudioMessage;
  'output-done': undefined;
  'output-stop': undefined;
  /** Open (true) or close the microphone stream in the renderer. */
  capture: boolean;
  notice: NoticeMessage;
}

/** Sessions end by themselves: 60 min on OpenAI, 30 min on Azure. */
export const SESSION_LIFETIME_MS: Record<ProviderId, number> = {
  openai: 60 * 60_000,
  azure: 30 * 60_000,
  custom: 30 * 60_000, // unknown service: assume the shorter limit
  simulator: 60 * 60_000,
};

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
}

type ConnectionStatus = 'offline' | 'connecting' | 'ready' | 'reconnecting' | 'needs-attention';

interface PendingText {
  itemId: string;
  text: string;
}

const MAX_TEXT_CHARS = 4000;
const MAX_PENDING_TEXTS = 20;
const BACKLOG_RETRY_MS = 50;

/**
 * The main-side truth of Hark: which provider, the live session, the talk turn, the health.
 * Plain Node (no electron): the Electron IPC and the web preview are two adapters of it.
 *
 * It keeps the connection up (backoff, heartbeat, rollover before expiry) and loses
 * nothing: a turn's audio is kept until the server commits it, typed text until the server
 * adds it, and a new session is seeded with the conversation so far.
 */
export class VoiceController extends Emitter<ControllerEvents> {
  private settings: StoredSettings;
  /** The settings and the key: which key may go where, and all-or-nothing saves. */
  private readonly keeper: SettingsKeeper;
  private session: RealtimeSession | null = null;
  private sessionStartedAt = 0;
  private simulator: RealtimeSimulator | null = null;
  private simulatorStarted: Promise<string> | null = null;
  private connection: ConnectionStatus = 'offline';
  private wanted = false;
  private generation = 0;
  private readonly health: HealthSnapshot = initialHealth();
  private readonly backoff: Backoff;
  private readonly turnAudio = new TurnAudio();
  /** The turn was released and must be committed (now, or once connected and flushed). */
  private pendingCommit = false;
  /** The session a commit was sent on, until the server confirms it. */
  private commitSentOn: RealtimeSession | null = null;
  private readonly sequencer: ResponseSequencer;
  private readonly history = new ConversationHistory();
  private pendingTexts: PendingText[] = [];
  private readonly turns = new TurnMachine();
  private readonly echo = new EchoGuard();
  private rolloverDue = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly heartbeat: Heartbeat;
  private backlogTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: VoiceControllerOptions) {
    super();
    this.keeper = new SettingsKeeper(options.settings, options.secrets);
    this.settings = this.keeper.current;
    this.backoff = new Backoff(options.backoff);
    this.heartbeat = new Heartbeat(options.heartbeatMs ?? 10_000, () =>
      options.log?.('warn', 'No pong for two heartbeat intervals; dropping the connection.'),
    );
    this.sequencer = new ResponseSequencer(() => this.session?.createResponse() != null);
    this.refreshProviderLabel();
  }

  /** The embedded simulator, once a simulator session has started it. */
  get embeddedSimulator(): RealtimeSimulator | null {
    return this.simulator;
  }

  snapshot(): AppSnapshot {
    return { health: this.healthCopy(), settings: this.settingsView(), hotkeys: null };
  }

  settingsView(): SettingsView {
    return this.keeper.view();
  }

  // ── commands ────────────────────────────────────────────────────────────

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
    this.pendingTexts = [];
    this.generation++;
    this.stopSessionTimers();
    const session = this.session;
    this.session = null;
    session?.close();
    this.health.attempt = 0;
    this.health.nextRetryAt = null;
    this.emit('output-stop', undefined);
    this.setConnection('offline');
    return { ok: true };
  }

  /** Skip the backoff and try now (system resume, network back online, "Retry now"). */
  retryNow(): Promise<CommandResult> {
    this.clearRetry();
    if (this.connection === 'ready' || this.connection === 'connecting')
      return Promise.resolve({ ok: true });
    this.wanted = true;
    return this.openSession(this.connection === 'offline' ? 'connecting' : 'reconnecting');
  }

  /**
   * A talk press from any source (the button, Space, the global hotkey). Before the session
   * is ready the press is remembered and its audio kept; over a reply it is a barge-in.
   */
  talkStart(source: TalkSource = 'pointer'): CommandResult {
    if (this.health.muted) {
      this.notice('info', 'Microphone muted', 'Unmute it from the tray menu to talk.');
      return { ok: false, error: 'muted' };
    }
    if (this.handsFree) {
      // Hands-free: the server finds the turns; a press just stops the reply.
      this.run(this.turns.speechStarted());
      this.echo.stopped(Date.now());
      return { ok: true };
    }
    this.run(this.turns.press(source, Date.now()));
    return { ok: true };
  }

  /** Mute (tray menu): a turn in progress is sent, nothing more leaves the machine. */
  setMuted(muted: boolean): CommandResult {
    this.health.muted = muted;
    if (muted) {
      this.run(this.turns.lostKeyUp());
      this.emit('capture', false);
    } else if (this.handsFree && this.connection === 'ready') {
      this.emit('capture', true);
    }
    this.publish();
    return { ok: true };
  }

  private get handsFree(): boolean {
    return this.settings.turnDetection !== 'push-to-talk';
  }

  /** The matching release: commit and ask for a reply, or explain why not. */
  talkStop(source: TalkSource = 'pointer'): CommandResult {
    const effects = this.turns.release(source);
    this.run(effects);
    return effects.some((e) => e.type === 'discard-turn')
      ? { ok: false, error: 'too-short' }
      : { ok: true };
  }

  /** The toggle hotkey: first press talks, the second sends. */
  talkToggle(): CommandResult {
    this.run(this.turns.toggle(Date.now()));
    return { ok: true };
  }

  /** A key-up that will never arrive (sleep, screen lock): end the turn as a release would. */
  talkLost(): CommandResult {
    this.run(this.turns.lostKeyUp());
    return { ok: true };
  }

  /** Drop the turn in progress without sending it. */
  talkCancel(): CommandResult {
    this.run(this.turns.cancel());
    return { ok: true };
  }

  /** A typed message: shown at once, delivered exactly once, even across a reconnect. */
  sendText(text: string): CommandResult {
    const trimmed = text.trim();
    if (!trimmed) return { ok: false, error: 'The message is empty.' };
    if (trimmed.length > MAX_TEXT_CHARS)
      return { ok: false, error: `Messages are limited to ${MAX_TEXT_CHARS} characters.` };
    if (this.pendingTexts.length >= MAX_PENDING_TEXTS) {
      return {
        ok: false,
        error: 'Too many messages are waiting for the connection; try again once it is back.',
      };
    }
    const entry = { itemId: `msg_${randomBytes(10).toString('hex')}`, text: trimmed };
    this.pendingTexts.push(entry);
    this.emit('transcript', { role: 'user', itemId: entry.itemId, text: trimmed, final: true });
    if (this.connection === 'ready' && this.session) this.deliverText(this.session, entry);
    else if (!this.wanted || this.connection === 'offline') void this.connect();
    return { ok: true };
  }

  pushAudioFrame(pcm: Uint8Array): void {
    if (this.health.muted) return;
    if (this.handsFree) {
      // The server's voice detection hears everything; Hark's own voice is kept out.
      const frame = this.echo.filter(pcm, Date.now());
      if (this.connection === 'ready' && this.session?.appendAudio(frame) != null) {
        this.health.counters.framesSent++;
        this.health.counters.bytesSent += frame.byteLength;
      } else {
        this.health.counters.framesDropped++;
      }
      return;
    }
    if (this.turns.phase !== 'listening') return;
    this.turns.audioCaptured(pcm16BytesToMs(pcm.byteLength));
    if (!this.turnAudio.add(pcm)) {
      this.health.counters.framesDropped++;
      return;
    }
    this.flushTurnAudio();
  }

  reportPlayback(report: PlaybackReport): void {
    this.echo.notePlayback(report.itemId, report.playedMs, report.bufferedMs, Date.now());
    this.turns.playbackReport(report);
    this.publish();
  }

  /** All or nothing: a refused or failed save changes nothing and says why; it never rejects. */
  async saveSettings(update: ValidSettingsUpdate): Promise<CommandResult> {
    let reconnect: boolean;
    try {
      // Checked here too, whichever adapter (IPC, preview, tray, hotkeys) asks.
      update = validateSettingsUpdate(update);
      const saved = this.keeper.save(update, (next, key) => {
        if (next.provider !== 'simulator') this.endpointFor(next, key);
      });
      if (!saved.ok) return saved;
      reconnect = this.wanted && connectionAffectingChange(saved.before, saved.after, update);
      this.settings = saved.after;
      this.refreshProviderLabel();
      if (!this.handsFree) this.emit('capture', this.turns.phase === 'listening');
      this.emit('settings', this.settingsView());
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

  async dispose(): Promise<void> {
    await this.disconnect();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.simulatorStarted?.catch(() => undefined);
    await this.simulator?.stop();
    this.simulator = null;
    this.simulatorStarted = null;
    this.removeAll();
  }

  // ── sessions ────────────────────────────────────────────────────────────

  /**
   * Open a session. A rollover is `quiet`: the health stays Ready and the old session keeps
   * running until the new one is configured and seeded.
   */
  private async openSession(
    status: 'connecting' | 'reconnecting',
    quiet = false,
  ): Promise<CommandResult> {
    const generation = ++this.generation;
    if (!quiet) this.setConnection(status);
    let endpoint: Endpoint;
    try {
      endpoint = await this.currentEndpoint();
    } catch (error) {
      // Disconnected or shut down meanwhile: nothing to report.
      if (generation !== this.generation) return { ok: false, error: 'superseded' };
      const message =
        error instanceof ProviderConfigError
          ? error.message
          : `Hark could not prepare the connection: ${error instanceof Error ? error.message : String(error)}`;
      this.health.diagnosis = message;
      this.health.title =
        error instanceof ProviderConfigError ? 'Settings needed' : 'Could not connect';
      this.setConnection('needs-attention');
      return { ok: false, error: message };
    }
    if (generation !== this.generation) return { ok: false, error: 'superseded' };
    const previous = quiet ? this.session : null;
    const session = new RealtimeSession(
      endpoint,
      {
        ...DEFAULT_SESSION_SETTINGS,
        model: endpoint.model,
        voice: this.settings.voice,
        turnDetection: this.settings.turnDetection,
      },
      {
        setupTimeoutMs: this.options.setupTimeoutMs ?? 15_000,
        log: (level, m) => this.options.log?.(level, m),
      },
    );
    if (!quiet) this.session = session;
    this.wireSession(session, generation, previous);
    const closure = await session.start();
    if (closure) return { ok: false, error: closure.diagnosis };
    return { ok: true };
  }

  private wireSession(
    session: RealtimeSession,
    generation: number,
    previous: RealtimeSession | null,
  ): void {
    const current = (): boolean => generation === this.generation && this.session === session;
    session.on('phase', (phase) => {
      if (phase !== 'ready' || generation !== this.generation) return;
      if (previous) {
        // Rollover: swap to the new session, then let the old one go.
        this.session = session;
        previous.close();
      }
      this.onReady(session);
    });
    session.on('closed', (closure) => {
      if (current()) this.onClosed(closure);
      else if (generation === this.generation && previous && !this.session) this.onClosed(closure);
    });
    session.on('rtt', (rtt) => {
      if (!current()) return;
      this.heartbeat.answered();
      this.health.rttMs = Math.round(rtt);
      this.publish();
    });
    session.on('transcript', (t) => {
      if (!current()) return;
      if (t.final) this.history.add(t.role, t.text);
      this.emit('transcript', t);
    });
    session.on('output-audio', ({ itemId, pcm }) => {
      if (!current()) return;
      this.turns.replyAudio(itemId, pcm16BytesToMs(pcm.byteLength));
      this.echo.noteOutput(itemId, pcm);
      this.emit('output-audio', {
        itemId,
        pcm: new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength),
      });
    });
    session.on('output-audio-done', () => current() && this.emit('output-done', undefined));
    session.on('speech-started', () => {
      if (!current() || !this.handsFree) return;
      this.run(this.turns.speechStarted());
    });
    session.on('speech-stopped', () => {
      if (!current() || !this.handsFree) return;
      this.turns.speechStopped();
      this.publish();
    });
    session.on('server-event', (event) => {
      if (!current()) return;
      if (event.type === 'input_audio_buffer.committed' && this.commitSentOn === session) {
        this.commitSentOn = null;
        this.turnAudio.clear(); // the server has it now
      } else if (event.type === 'conversation.item.added') {
        this.acknowledgeText(event.item.id);
      }
    });
    session.on('response-started', () => {
      if (!current()) return;
      this.sequencer.started();
      this.turns.replyStarted();
      this.publish();
    });
    session.on('response-done', ({ status }) => {
      if (!current()) return;
      this.sequencer.done();
      if (status === 'failed' || status === 'incomplete') {
        this.notice('warning', 'Reply incomplete', `The reply ended with status "${status}".`);
      }
      // "Responding" lasts until the speaker has played the reply (playback reports).
      this.turns.replyDone();
      this.publish();
      this.rolloverIfIdle();
    });
    session.on('server-error', ({ error, explanation }) => {
      if (!current()) return;
      if (error.code === 'conversation_already_has_active_response') {
        this.sequencer.refused();
        return;
      }
      if (error.code === 'response_cancel_not_active') return; // a harmless race
      if (error.code === 'session_expired') return; // the close follows; the new session takes over
      if (isPermanentErrorCode(error.code)) {
        // The session cannot do anything useful any more: close it and say what to fix.
        const diagnosis = diagnose({
          code: null,
          reason: '',
          afterClientEvent: error.causedBy,
          appendsSent: 0,
          serverError: error,
        });
        this.generation++;
        this.stopSessionTimers();
        this.session = null;
        session.close();
        this.endTurn();
        this.turns.reset();
        this.pendingTexts = [];
        this.health.diagnosis = diagnosis.text;
        this.health.title = diagnosis.title;
        this.emit('output-stop', undefined);
        this.setConnection('needs-attention');
        this.notice('error', diagnosis.title, diagnosis.text);
        return;
      }
      if (error.causedBy === 'input_audio_buffer.commit') {
        this.turnAudio.clear();
        this.commitSentOn = null;
        this.turns.abandonReply();
      }
      if (error.causedBy === 'response.create') {
        this.sequencer.done();
        this.turns.abandonReply();
      }
      this.notice('error', 'The server reported an error', explanation);
      this.publish();
    });
    session.on('warning', (text) => current() && this.options.log?.('warn', text));
  }

  private onReady(session: RealtimeSession): void {
    this.sessionStartedAt = Date.now();
    this.setConnection('ready');
    this.health.attempt = 0;
    this.health.nextRetryAt = null;
    this.heartbeat.start(session.connection);
    this.later(() => this.backoff.reset(), this.backoff.resetAfterHealthyMs);
    this.scheduleRollover(session);
    this.sequencer.reset();
    // A fresh session has an empty conversation: give it the one so far.
    for (const event of this.history.seedEvents()) session.send(event);
    // A press or a whole turn made while (re)connecting is honoured now, audio included.
    if (this.turns.phase === 'listening' || this.pendingCommit) {
      session.clearInput();
      this.turnAudio.rewind();
      this.flushTurnAudio();
      this.tryCommit();
    }
    for (const entry of this.pendingTexts) this.deliverText(session, entry);
    this.sequencer.resume();
    // Hands-free: the microphone streams for as long as the session is up.
    if (this.handsFree && !this.health.muted) this.emit('capture', true);
  }

  private onClosed(closure: SessionClosure): void {
    this.stopSessionTimers();
    const expired = closure.serverError?.code === 'session_expired' || this.nearExpiry();
    this.session = null;
    this.sequencer.reset();
    this.health.lastClose = {
      code: closure.code,
      reason: closure.reason,
      httpStatus: closure.httpStatus,
      afterClientEvent: closure.afterClientEvent,
    };
    this.health.diagnosis = closure.diagnosis;
    this.health.title = closure.title;
    // A commit the server never confirmed is sent again, with its audio, on the next session.
    if (this.commitSentOn) {
      this.commitSentOn = null;
      this.pendingCommit = true;
    }
    // The reply in progress is gone with the session; a pending commit or text gets a new one.
    this.turns.connectionLost();
    if (!this.pendingCommit && this.pendingTexts.length === 0) this.turns.abandonReply();
    this.emit('output-stop', undefined);
    if (!this.wanted || closure.closedByClient) {
      this.setConnection('offline');
      return;
    }
    if (closure.permanent) {
      this.endTurn();
      this.turns.reset();
      this.emit('capture', false);
      this.pendingTexts = [];
      this.setConnection('needs-attention');
      this.notice('error', closure.title, closure.diagnosis);
      return;
    }
    this.scheduleReconnect(closure, expired);
  }

  private scheduleReconnect(closure: SessionClosure, immediate: boolean): void {
    const floor = (closure.retryAfterSeconds ?? 0) * 1000;
    const delay = immediate ? 0 : this.backoff.next(floor);
    this.health.attempt = immediate ? this.health.attempt : this.backoff.attempts;
    this.health.nextRetryAt = Date.now() + delay;
    this.health.counters.reconnects++;
    this.setConnection('reconnecting');
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.wanted) void this.openSession('reconnecting');
    }, delay);
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  // ── rollover ────────────────────────────────────────────────────────────

  private lifetimeMs(): number {
    const provider = this.health.provider;
    return this.options.sessionLifetimeMs?.[provider] ?? SESSION_LIFETIME_MS[provider];
  }

  private rolloverMarginMs(): number {
    return this.options.rolloverMarginMs ?? 5 * 60_000;
  }

  private nearExpiry(): boolean {
    return (
      this.sessionStartedAt > 0 &&
      Date.now() - this.sessionStartedAt >= this.lifetimeMs() - this.rolloverMarginMs()
    );
  }

  private scheduleRollover(session: RealtimeSession): void {
    this.rolloverDue = false;
    const delay = Math.max(0, this.lifetimeMs() - this.rolloverMarginMs());
    this.later(() => {
      if (this.session !== session) return;
      this.rolloverDue = true;
      this.rolloverIfIdle();
    }, delay);
  }

  /** Between turns only: a rollover never cuts a reply or a turn in half. */
  private rolloverIfIdle(): void {
    if (!this.rolloverDue || this.connection !== 'ready') return;
    if (
      this.turns.phase !== 'idle' ||
      this.sequencer.busy ||
      this.pendingTexts.length > 0 ||
      this.pendingCommit
    )
      return;
    this.rolloverDue = false;
    this.options.log?.('info', 'Rolling over to a new session before the current one expires.');
    void this.openSession('connecting', true);
  }

  private stopSessionTimers(): void {
    this.heartbeat.stop();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (this.backlogTimer) clearTimeout(this.backlogTimer);
    this.backlogTimer = null;
  }

  private later(run: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
  }

  // ── turns, text and backpressure ────────────────────────────────────────

  private flushTurnAudio(): void {
    const session = this.session;
    if (!session || this.connection !== 'ready') return;
    const limit = this.options.maxBufferedBytes ?? 256 * 1024;
    const sent = this.turnAudio.flush(
      (chunk) => session.appendAudio(chunk) !== null,
      () => session.connection.bufferedAmount < limit,
    );
    this.health.counters.framesSent += sent.frames;
    this.health.counters.bytesSent += sent.bytes;
    if (this.turnAudio.unsentFrames > 0 && !this.backlogTimer) {
      // The socket is backed up: try again shortly; frames wait (bounded), control events never drop.
      this.backlogTimer = setTimeout(() => {
        this.backlogTimer = null;
        this.flushTurnAudio();
        this.tryCommit();
      }, BACKLOG_RETRY_MS);
    }
  }

  /** Commit once every frame of the turn is on the wire, then ask for the reply. */
  private tryCommit(): void {
    const session = this.session;
    if (!this.pendingCommit || !session || this.connection !== 'ready') return;
    this.flushTurnAudio();
    if (this.turnAudio.unsentFrames > 0) return; // the backlog timer comes back here
    session.commitInput();
    this.commitSentOn = session;
    this.pendingCommit = false;
    this.sequencer.request();
    this.publish();
  }

  private deliverText(session: RealtimeSession, entry: PendingText): void {
    session.send({
      type: 'conversation.item.create',
      item: {
        id: entry.itemId,
        type: 'message',
        role: 'user',
        content: [{ type: 'input_text', text: entry.text }],
      },
    });
    this.sequencer.request();
    this.turns.awaitReply();
    this.publish();
  }

  private acknowledgeText(itemId: string | undefined): void {
    const index = this.pendingTexts.findIndex((t) => t.itemId === itemId);
    if (index < 0) return;
    const [entry] = this.pendingTexts.splice(index, 1);
    this.history.add('user', entry!.text);
  }

  private endTurn(): void {
    this.pendingCommit = false;
    this.commitSentOn = null;
    this.turnAudio.clear();
    if (this.maxTurnTimer) clearInterval(this.maxTurnTimer);
    this.maxTurnTimer = null;
  }

  private maxTurnTimer: NodeJS.Timeout | null = null;

  /** Carry out what the turn machine decided. */
  private run(effects: TurnEffect[]): void {
    const session = this.connection === 'ready' ? this.session : null;
    for (const effect of effects) {
      switch (effect.type) {
        case 'stop-playback':
          this.emit('output-stop', undefined);
          this.echo.stopped(Date.now());
          break;
        case 'cancel-response':
          if (session?.activeResponseId) session.cancelResponse();
          break;
        case 'truncate':
          session?.truncate(effect.itemId, effect.audioEndMs);
          break;
        case 'begin-turn':
          this.endTurn();
          if (session) session.clearInput();
          else if (
            !this.wanted ||
            this.connection === 'offline' ||
            this.connection === 'needs-attention'
          ) {
            void this.connect();
          }
          // A stuck key (or a lost key-up) must not stream for ever.
          this.maxTurnTimer = setInterval(() => this.run(this.turns.tick(Date.now())), 1000);
          break;
        case 'capture':
          this.emit('capture', effect.on);
          break;
        case 'commit-turn':
          if (this.maxTurnTimer) clearInterval(this.maxTurnTimer);
          this.maxTurnTimer = null;
          this.pendingCommit = true;
          this.tryCommit();
          break;
        case 'discard-turn':
          this.endTurn();
          session?.clearInput();
          break;
        case 'hint':
          this.notice('info', effect.title, effect.text);
          break;
      }
    }
    this.publish();
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
    const phase = this.turns.phase;
    const state: HealthState =
      this.connection === 'ready' && phase !== 'idle' ? phase : this.connection;
    if (state !== this.health.state) {
      this.health.state = state;
      this.health.since = Date.now();
    }
    // Playback reports arrive ~23 times a second; only a real change goes to the window
    // (whose state history would otherwise fill with copies).
    const health = this.healthCopy();
    const text = JSON.stringify(health);
    if (text === this.lastPublished) return;
    this.lastPublished = text;
    this.emit('health', health);
  }

  private lastPublished = '';

  private healthCopy(): HealthSnapshot {
    return {
      ...this.health,
      counters: { ...this.health.counters },
      lastClose: this.health.lastClose && { ...this.health.lastClose },
    };
  }

  private notice(level: NoticeMessage['level'], title: string, text: string): void {
    this.emit('notice', { level, title, text });
  }

  private refreshProviderLabel(): void {
    const provider = this.effectiveProvider();
    this.health.provider = provider;
    this.health.simulated = provider === 'simulator';
    this.health.handsFree = this.handsFree;
    this.health.providerLabel = {
      simulator: 'Simulator',
      openai: 'OpenAI',
      azure: 'Azure OpenAI',
      custom: 'Custom',
    }[provider];
  }

  /** Without a key Hark talks to its simulator, and says so. */
  private effectiveProvider(): ProviderId {
    if (this.settings.provider === 'simulator' || this.settings.provider === 'custom')
      return this.settings.provider;
    return this.keeper.key(this.settings) ? this.settings.provider : 'simulator';
  }

  private async currentEndpoint(): Promise<Endpoint> {
    this.refreshProviderLabel();
    if (this.effectiveProvider() === 'simulator') {
      // One embedded simulator, started once even when two connects race.
      if (!this.simulator) {
        this.simulator = new RealtimeSimulator(this.options.simulator);
        this.simulatorStarted = this.simulator.start();
      }
      const simulator = this.simulator;
      await this.simulatorStarted;
      return resolveEndpoint({ kind: 'simulator', url: simulator.url, model: this.settings.model });
    }
    return this.endpointFor(this.settings, this.keeper.key(this.settings));
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
    // The new mode is configured on a new session (seeded with the conversation).
    before.turnDetection !== after.turnDetection
  );
}
