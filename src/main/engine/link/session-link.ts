import { Emitter } from '../../../shared/emitter';
import type { LastClose, ProviderId } from '../../../shared/health';
import type { CommandResult, NoticeMessage } from '../../../shared/ipc';
import { diagnose, isPermanentErrorCode, type ServerErrorInfo } from '../diagnose';
import { ProviderConfigError, type Endpoint } from '../providers';
import { DEFAULT_SESSION_SETTINGS } from '../../realtime/session-config';
import type { EngineSession, SessionClosure } from '../engine';
import { openEngineSession, type EngineSessionSettings } from './open-engine';
import type { StoredSettings } from '../../settings/settings-model';
import type { EndpointSource } from './endpoint-source';
import { Heartbeat, shownRtt } from './heartbeat';
import { SessionLifetime } from './lifetime';
import { Backoff, type BackoffOptions } from './reconnect';
import { tapSession, type WireListener } from './wire-tap';

export type LinkStatus = 'offline' | 'connecting' | 'ready' | 'reconnecting' | 'needs-attention';

/** A session went away. `retrying`: a reconnect is scheduled; `permanent`: it needs the user. */
export interface LinkLoss {
  closure: SessionClosure;
  retrying: boolean;
  permanent: boolean;
}

export interface LinkEvents extends Record<string, unknown> {
  /** A configured session to use; `rollover`: it replaces one that is still fine. */
  ready: { session: EngineSession; rollover: boolean };
  lost: LinkLoss;
  status: LinkStatus;
  rtt: number;
  notice: NoticeMessage;
}

/** The link's part of the health snapshot. */
export interface LinkHealth {
  status: LinkStatus;
  provider: ProviderId;
  rttMs: number | null;
  attempt: number;
  nextRetryAt: number | null;
  lastClose: LastClose | null;
  diagnosis: string | null;
  title: string | null;
  reconnects: number;
}

export interface SessionLinkOptions {
  settings: () => StoredSettings;
  endpoints: EndpointSource;
  /** Asked before a rollover, which never cuts a turn or a reply in half. */
  isIdle: () => boolean;
  /** The assistant's part of each new session (instructions, transcription, tuning, tools). */
  sessionSettings?: (endpoint: Endpoint) => Partial<EngineSessionSettings>;
  backoff?: BackoffOptions;
  heartbeatMs?: number;
  setupTimeoutMs?: number;
  sessionLifetimeMs?: Partial<Record<ProviderId, number>>;
  rolloverMarginMs?: number;
  log?: (level: 'debug' | 'info' | 'warn', message: string) => void;
}

/**
 * Keeps one configured session alive for as long as it is wanted: opens and configures it,
 * reconnects with backoff, pings it, rolls over to a fresh one before it expires (between
 * turns only), and says in plain words why a session ended. It knows nothing of turns or
 * text: it hands each ready session to its listeners and reports each loss.
 */
export class SessionLink extends Emitter<LinkEvents> {
  readonly health: LinkHealth;
  private session: EngineSession | null = null;
  /** A rollover's new session, until it is ready and takes over. */
  private candidate: EngineSession | null = null;
  /** The rollover session once it is configured, waiting for a pause to take over. */
  private readyCandidate: EngineSession | null = null;
  private readonly lifetime: SessionLifetime;
  private sessionsOpened = 0;
  private isWanted = false;
  private generation = 0;
  private rolloverDue = false;
  /** Whether the current session has measured a round trip yet (see shownRtt). */
  private rttMeasured = false;
  private readonly backoff: Backoff;
  private readonly heartbeat: Heartbeat;
  private readonly timers = new Set<NodeJS.Timeout>();
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly wireListeners = new Set<WireListener>();

  constructor(private readonly options: SessionLinkOptions) {
    super();
    this.backoff = new Backoff(options.backoff);
    this.lifetime = new SessionLifetime(options.sessionLifetimeMs, options.rolloverMarginMs);
    this.heartbeat = new Heartbeat(options.heartbeatMs ?? 10_000, () =>
      options.log?.('warn', 'No pong for two heartbeat intervals; dropping the connection.'),
    );
    this.health = {
      status: 'offline',
      provider: options.endpoints.provider(options.settings()),
      rttMs: null,
      attempt: 0,
      nextRetryAt: null,
      lastClose: null,
      diagnosis: null,
      title: null,
      reconnects: 0,
    };
  }

  /** Connected, or trying to be, until `disconnect`. */
  get wanted(): boolean {
    return this.isWanted;
  }

  get status(): LinkStatus {
    return this.health.status;
  }

  /** The provider may change with the settings or the key. */
  refreshProvider(): void {
    this.health.provider = this.options.endpoints.provider(this.options.settings());
  }

  /** Every client event sent and server event received, while subscribed. */
  tapWire(listener: WireListener): () => void {
    this.wireListeners.add(listener);
    return () => this.wireListeners.delete(listener);
  }

  async connect(): Promise<CommandResult> {
    this.isWanted = true;
    this.clearRetry();
    if (this.session && (this.status === 'ready' || this.status === 'connecting'))
      return { ok: true };
    return this.openSession('connecting');
  }

  /** Connect unless it is wanted and under way; after a permanent failure only when `afterFailure`. */
  ensureConnected(afterFailure: boolean): void {
    if (this.isWanted && this.status !== 'offline') {
      if (!(afterFailure && this.status === 'needs-attention')) return;
    }
    void this.connect();
  }

  disconnect(): void {
    this.isWanted = false;
    this.clearRetry();
    this.generation++;
    this.stopSessionTimers();
    const session = this.session;
    const candidate = this.candidate;
    this.session = this.candidate = this.readyCandidate = null;
    session?.close();
    candidate?.close();
    this.health.attempt = 0;
    this.health.nextRetryAt = null;
    this.setStatus('offline');
  }

  /** Skip the backoff and try now (system resume, network back online, "Retry now"). */
  retryNow(): Promise<CommandResult> {
    this.clearRetry();
    if (this.status === 'ready' || this.status === 'connecting')
      return Promise.resolve({ ok: true });
    this.isWanted = true;
    return this.openSession(this.status === 'offline' ? 'connecting' : 'reconnecting');
  }

  /** Settings that only a new session can take changed: roll over between turns. */
  requestRollover(): void {
    if (this.status !== 'ready') return; // the next session is configured afresh anyway
    this.rolloverDue = true;
    this.rolloverIfDue();
  }

  /**
   * The conversation may have become idle: a rollover that is due starts now, and one whose
   * new session is ready and waiting takes over now.
   */
  rolloverIfDue(): void {
    // Only from a live session, never while a loss is being handled (the session is gone
    // and a reconnect is on its way).
    if (this.status !== 'ready' || !this.session) return;
    if (this.candidate) {
      // A turn may have begun while the new session was opening: it finishes on the old one.
      if (this.candidate === this.readyCandidate && this.options.isIdle())
        this.takeOver(this.candidate);
      return;
    }
    if (!this.rolloverDue || !this.options.isIdle()) return;
    this.rolloverDue = false;
    this.options.log?.('info', 'Rolling over to a new session before the current one expires.');
    void this.openSession('connecting', true);
  }

  dispose(): void {
    this.disconnect();
    this.wireListeners.clear();
    this.removeAll();
  }

  // ── sessions ────────────────────────────────────────────────────────────

  /**
   * Open a session. A rollover is `quiet`: the status stays Ready and the old session keeps
   * running until the new one is configured.
   */
  private async openSession(
    status: 'connecting' | 'reconnecting',
    quiet = false,
  ): Promise<CommandResult> {
    const generation = ++this.generation;
    if (!quiet) this.setStatus(status);
    let endpoint: Endpoint;
    try {
      this.refreshProvider();
      endpoint = await this.options.endpoints.current(this.options.settings());
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
      this.setStatus('needs-attention');
      return { ok: false, error: message };
    }
    if (generation !== this.generation) return { ok: false, error: 'superseded' };
    const settings = this.options.settings();
    const session = openEngineSession(
      endpoint,
      {
        ...DEFAULT_SESSION_SETTINGS,
        model: endpoint.model,
        voice: settings.voice,
        turnDetection: settings.turnDetection,
        ...this.options.sessionSettings?.(endpoint),
      },
      {
        setupTimeoutMs: this.options.setupTimeoutMs ?? 15_000,
        log: (level, m) => this.options.log?.(level, m),
      },
    );
    if (quiet) {
      this.candidate = session;
    } else {
      // A session still opening from an earlier attempt is not wanted any more.
      const superseded = this.session;
      this.session = session;
      superseded?.close();
    }
    this.watch(session);
    const closure = await session.start();
    if (closure) return { ok: false, error: closure.diagnosis };
    return { ok: true };
  }

  /**
   * Follow one session until it closes. Its listeners go with it, and none holds another
   * session, so a replaced session can be collected.
   */
  private watch(session: EngineSession): void {
    const untap = tapSession(session, ++this.sessionsOpened, this.wireListeners);
    const offs = [
      untap,
      session.on('phase', (phase) => {
        if (phase !== 'ready') return;
        if (session === this.candidate) {
          this.readyCandidate = session;
          this.rolloverIfDue();
        } else if (session === this.session) this.onReady(session, false);
      }),
      session.on('closed', (closure) => {
        for (const off of offs) off();
        if (session === this.session) this.onClosed(closure);
        else if (session === this.candidate) {
          this.candidate = this.readyCandidate = null;
          this.options.log?.('warn', `A rollover session failed to start: ${closure.diagnosis}`);
        }
      }),
      session.on('rtt', (rtt) => {
        if (session !== this.session) return;
        this.heartbeat.answered();
        // A new session's first measurement is shown as it is (a new route, maybe a new server).
        const shown = shownRtt(this.rttMeasured ? this.health.rttMs : null, rtt);
        this.rttMeasured = true;
        if (shown === this.health.rttMs) return;
        this.health.rttMs = shown;
        this.emit('rtt', rtt);
      }),
      session.on('server-error', ({ error }) => {
        if (session === this.session && isPermanentErrorCode(error.code))
          this.onPermanentError(session, error);
      }),
      session.on('warning', (text) => {
        if (session === this.session || session === this.candidate)
          this.options.log?.('warn', text);
      }),
    ];
  }

  /** Rollover: the new session is configured; swap to it, then let the old one go. */
  private takeOver(session: EngineSession): void {
    const previous = this.session;
    this.session = session;
    this.candidate = this.readyCandidate = null;
    previous?.close();
    this.onReady(session, true);
  }

  private onReady(session: EngineSession, rollover: boolean): void {
    this.clearRetry(); // a retry armed before a rollover took over must not replace it
    this.rttMeasured = false;
    this.lifetime.started(Date.now(), session.expiresAt ?? null);
    this.health.attempt = 0;
    this.health.nextRetryAt = null;
    this.heartbeat.start(session.connection);
    this.later(() => this.backoff.reset(), this.backoff.resetAfterHealthyMs);
    this.scheduleRollover(session);
    this.setStatus('ready');
    this.emit('ready', { session, rollover });
  }

  private onClosed(closure: SessionClosure): void {
    this.stopSessionTimers();
    const expired =
      closure.serverError?.code === 'session_expired' ||
      this.lifetime.nearExpiry(this.health.provider);
    this.session = null;
    const candidate = this.candidate;
    this.candidate = this.readyCandidate = null;
    candidate?.close();
    this.health.lastClose = {
      code: closure.code,
      reason: closure.reason,
      httpStatus: closure.httpStatus,
      afterClientEvent: closure.afterClientEvent,
    };
    this.health.diagnosis = closure.diagnosis;
    this.health.title = closure.title;
    const wanted = this.isWanted && !closure.closedByClient;
    const permanent = wanted && closure.permanent;
    this.emit('lost', { closure, retrying: wanted && !permanent, permanent });
    if (!wanted) this.setStatus('offline');
    else if (permanent) this.needsAttention(closure.title, closure.diagnosis);
    else this.scheduleReconnect(closure, expired);
  }

  /** The session cannot do anything useful any more: close it and say what to fix. */
  private onPermanentError(session: EngineSession, error: ServerErrorInfo): void {
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
    const closure: SessionClosure = {
      code: null,
      reason: '',
      httpStatus: null,
      retryAfterSeconds: null,
      afterClientEvent: error.causedBy,
      serverError: error,
      diagnosis: diagnosis.text,
      title: diagnosis.title,
      permanent: true,
      closedByClient: false,
      wasReady: true,
    };
    this.emit('lost', { closure, retrying: false, permanent: true });
    this.needsAttention(diagnosis.title, diagnosis.text);
  }

  private needsAttention(title: string, diagnosis: string): void {
    this.health.diagnosis = diagnosis;
    this.health.title = title;
    this.setStatus('needs-attention');
    this.emit('notice', { level: 'error', title, text: diagnosis });
  }

  private scheduleReconnect(closure: SessionClosure, immediate: boolean): void {
    const floor = (closure.retryAfterSeconds ?? 0) * 1000;
    const delay = immediate ? 0 : this.backoff.next(floor);
    this.health.attempt = immediate ? this.health.attempt : this.backoff.attempts;
    this.health.nextRetryAt = Date.now() + delay;
    this.health.reconnects++;
    this.setStatus('reconnecting');
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.isWanted) void this.openSession('reconnecting');
    }, delay);
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private setStatus(status: LinkStatus): void {
    this.health.status = status;
    if (status === 'ready') {
      this.health.diagnosis = null;
      this.health.title = null;
    }
    this.emit('status', status);
  }

  // ── lifetime and rollover ───────────────────────────────────────────────

  private scheduleRollover(session: EngineSession): void {
    this.rolloverDue = false;
    const delay = this.lifetime.rolloverAfterMs(this.health.provider);
    this.later(() => {
      if (this.session !== session) return;
      this.rolloverDue = true;
      this.rolloverIfDue();
    }, delay);
  }

  private stopSessionTimers(): void {
    this.rolloverDue = false; // due for the session that ended; the next one schedules its own
    this.heartbeat.stop();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private later(run: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
  }
}
