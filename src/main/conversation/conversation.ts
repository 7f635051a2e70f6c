import { pcm16BytesToMs } from '../../shared/audio/format';
import { Emitter } from '../../shared/emitter';
import type { CommandResult, NoticeMessage, PlaybackReport } from '../../shared/ipc';
import type { LinkLoss } from '../engine/link/session-link';
import type { HistoryTurn } from './conversation-history';
import { ConversationHistory } from './conversation-history';
import { assistantPort } from './assistant-port';
import { EchoGuard } from './echo-guard';
import { HeldSpeech } from './held-speech';
import { NoticeCoalescer } from './notice-coalescer';
import { ResponseSequencer } from './response-sequencer';
import { serverErrorMeaning } from './server-error-meaning';
import { isSentOn, TurnOutbox, type QueuedTurn, type TypedTurn } from './turn-outbox';
import { TurnMachine, type TalkSource, type TurnEffect, type TurnPhase } from './turn-machine';
import { TurnUpload } from './turn-upload';
import { committedSpeech, waitingSpeech } from './waiting-speech';
import type {
  ConversationCounters,
  ConversationEvents,
  ConversationLink,
  ConversationOptions,
  ConversationSession,
} from './types';

export type {
  ConversationCounters,
  ConversationEvents,
  ConversationLink,
  ConversationOptions,
  ConversationSession,
} from './types';

/** How often a queued turn looks again while tool calls hold it back. */
const PUMP_RETRY_MS = 250;

/**
 * The conversation over whichever session the link provides: talk turns (presses, audio,
 * commit, barge-in), typed text, one response at a time, the echo guard, and the text
 * history that seeds each new session. It loses nothing across sessions: a turn's audio is
 * kept until the server commits it, typed text until the server adds it.
 *
 * Typed and spoken turns share one outbox, in the order the user made them: a turn made
 * while offline (or while earlier turns still wait) is queued, and the queue is sent one
 * turn at a time, each after the reply to the one before, so every reply follows its turn.
 *
 * Items, tools, approvals and usage belong here too: follow their server events in
 * `attach`, and make `isIdle` wait for pending tool calls so a rollover never cuts one.
 */
export class Conversation extends Emitter<ConversationEvents> {
  readonly counters: ConversationCounters = { framesSent: 0, bytesSent: 0, framesDropped: 0 };
  muted = false;
  private session: ConversationSession | null = null;
  private offSession: (() => void)[] = [];
  private readonly turns = new TurnMachine();
  /** The talk turn being recorded; on release it joins the outbox. */
  private upload: TurnUpload;
  /** The recording turn's place in the user's order. */
  private uploadSeq = 0;
  private readonly sequencer = new ResponseSequencer(() => this.session?.createResponse() != null);
  private readonly history = new ConversationHistory();
  private readonly outbox = new TurnOutbox();
  private pumping = false;
  private pumpRetry: NodeJS.Timeout | null = null;
  private readonly echo = new EchoGuard();
  private readonly serverErrors = new NoticeCoalescer();
  private maxTurnTimer: NodeJS.Timeout | null = null;
  /** "Don't stop for a cough": the held reply and what was heard over it. */
  private readonly held = new HeldSpeech(() => this.options.transcribing?.() ?? true, {
    holdOutput: (held) => this.emit('output-hold', held),
    resumed: () => this.changed(),
    interrupted: (itemId, transcript) => this.heldSpeechWasTurn(itemId, transcript),
  });
  private generation = 0;
  /** Backend work (a GPT-Live delegation) is running: the health says "thinking". */
  thinking = false;

  constructor(
    private readonly link: ConversationLink,
    private readonly options: ConversationOptions,
  ) {
    super();
    this.upload = this.newUpload();
  }

  get phase(): TurnPhase {
    return this.turns.phase;
  }

  /** The microphone's audio is leaving the machine now (what "● live" may claim). */
  get live(): boolean {
    if (this.muted || !this.session) return false;
    if (this.options.handsFree()) return true;
    return this.turns.phase === 'listening' && this.upload.streaming;
  }

  /** The session's output streams continuously (GPT-Live) rather than a reply at a time. */
  get outputIsContinuous(): boolean {
    return this.session?.capabilities.continuousOutput ?? false;
  }

  /** Turns waiting to be sent, typed and spoken (a turn being recorded offline included). */
  get queued(): { typed: number; spoken: number } {
    const waiting = this.outbox.waiting(this.session);
    const spoken = waiting.filter((t) => t.kind === 'spoken').length;
    const recording =
      !this.options.handsFree() && this.turns.phase === 'listening' && !this.upload.streaming
        ? 1
        : 0;
    return { typed: waiting.length - spoken, spoken: spoken + recording };
  }

  /** Nothing in flight: no turn, reply, unsent text or commit. A rollover may happen now. */
  isIdle(): boolean {
    return (
      this.turns.phase === 'idle' &&
      !this.sequencer.busy &&
      this.outbox.size === 0 &&
      !this.upload.waitingToCommit &&
      !this.thinking &&
      !this.options.hooks?.busy
    );
  }

  /** The conversation so far, for an engine that takes it at startup (GPT-Live). */
  historyTurns(): HistoryTurn[] {
    return this.history.entries();
  }

  /** Replace the text that seeds the next session (a reopened or a new conversation). */
  replaceHistory(turns: HistoryTurn[]): void {
    this.history.clear();
    for (const turn of turns) this.history.add(turn.role, turn.text);
  }

  // ── commands ────────────────────────────────────────────────────────────

  talkStart(source: TalkSource): CommandResult {
    if (this.muted) {
      this.notice('info', 'Microphone muted', 'Unmute it from the tray menu to talk.');
      return { ok: false, error: 'muted' };
    }
    const blocked = this.options.hooks?.blocked;
    if (blocked && !this.options.handsFree()) {
      this.notice('warning', 'Spending limit reached', blocked);
      return { ok: false, error: blocked };
    }
    this.options.hooks?.activity();
    if (this.options.handsFree()) {
      // Hands-free: the server finds the turns; a press just stops the reply.
      this.run(this.turns.speechStarted());
      this.echo.stopped(Date.now());
      return { ok: true };
    }
    this.run(this.turns.press(source, Date.now()));
    return { ok: true };
  }

  talkStop(source: TalkSource): CommandResult {
    const effects = this.turns.release(source);
    this.run(effects);
    return effects.some((e) => e.type === 'discard-turn')
      ? { ok: false, error: 'too-short' }
      : { ok: true };
  }

  talkToggle(): void {
    this.run(this.turns.toggle(Date.now()));
  }

  talkLost(): void {
    this.run(this.turns.lostKeyUp());
  }

  talkCancel(): void {
    this.run(this.turns.cancel());
  }

  setMuted(muted: boolean): void {
    this.muted = muted;
    if (muted) {
      this.run(this.turns.lostKeyUp());
      this.emit('capture', false);
    } else if (this.options.handsFree() && this.session) {
      this.emit('capture', true);
    }
    this.changed();
  }

  /** The mode changed: in push-to-talk the microphone streams only during a turn. */
  modeChanged(): void {
    if (!this.options.handsFree()) this.emit('capture', this.turns.phase === 'listening');
  }

  sendText(text: string): CommandResult {
    const blocked = this.options.hooks?.blocked;
    if (blocked) return { ok: false, error: blocked };
    this.options.hooks?.activity();
    const added = this.outbox.addTyped(text);
    if ('error' in added) return { ok: false, error: added.error };
    const { turn } = added;
    if (!this.session) this.link.ensureConnected(false);
    this.changed(); // sent now, or after the turns before it and their replies
    turn.shownWaiting = turn.sentOn === null;
    this.emit('transcript', {
      role: 'user',
      itemId: turn.itemId,
      text: turn.text,
      final: true,
      ...(turn.shownWaiting ? { waiting: true } : {}),
    });
    return { ok: true };
  }

  pushAudioFrame(pcm: Uint8Array): void {
    if (this.muted) return;
    if (this.options.handsFree()) {
      // The server's voice detection hears everything; Hark's own voice is kept out.
      const frame = this.echo.filter(pcm, Date.now());
      if (this.session?.appendAudio(frame) != null) {
        this.counters.framesSent++;
        this.counters.bytesSent += frame.byteLength;
      } else {
        this.counters.framesDropped++;
      }
      return;
    }
    if (this.turns.phase !== 'listening') return;
    this.turns.audioCaptured(pcm16BytesToMs(pcm.byteLength));
    if (this.session?.capabilities.pushToTalk === 'mute') {
      // Push-to-talk on a live stream: the held turn streams as it is spoken (unmuted).
      if (this.session.appendAudio(pcm) != null) {
        this.counters.framesSent++;
        this.counters.bytesSent += pcm.byteLength;
      } else this.counters.framesDropped++;
      return;
    }
    if (!this.upload.add(pcm)) this.counters.framesDropped++;
  }

  reportPlayback(report: PlaybackReport): void {
    if (this.options.handsFree())
      this.echo.notePlayback(report.itemId, report.playedMs, report.bufferedMs, Date.now());
    this.turns.playbackReport(report);
    this.changed();
  }

  /** Disconnected on purpose: the turn and unsent text are dropped. */
  stop(): void {
    this.endTurn();
    this.outbox.clear();
    this.detach();
    this.emit('output-stop', undefined);
  }

  dispose(): void {
    this.stop();
    this.removeAll();
  }

  // ── sessions ────────────────────────────────────────────────────────────

  /** The link has a configured session (new, reconnected or rolled over): continue on it. */
  onSessionReady(session: ConversationSession): void {
    this.attach(session);
    this.sequencer.reset();
    const hooks = this.options.hooks;
    if (hooks) {
      const generation = ++this.generation;
      const current = (): boolean => this.session === session && this.generation === generation;
      const askForReply = (): void => {
        this.sequencer.request();
        this.turns.awaitReply();
        this.changed();
      };
      hooks.attach(assistantPort(session, current, hooks, askForReply), generation);
    }
    // A fresh session has an empty conversation: give it the one so far (unless the engine
    // took it at startup).
    if (session.capabilities.seedsHistoryAfterReady)
      for (const event of this.history.seedEvents()) session.send(event);
    // Push-to-talk on a live stream: muted unless the talk key is held.
    if (session.capabilities.pushToTalk === 'mute' && !this.options.handsFree())
      session.setInputMuted(this.turns.phase !== 'listening');
    // A press made while (re)connecting streams now, its audio so far included — unless
    // earlier turns wait: then it joins them on release.
    if (this.outbox.size === 0) this.upload.useSession(session, this.turns.phase === 'listening');
    this.pump();
    this.sequencer.resume();
    // Hands-free: the microphone streams for as long as the session is up.
    if (this.options.handsFree() && !this.muted) this.emit('capture', true);
    this.emit('phase', this.turns.phase); // "● live" and the queue may have changed
  }

  /** The session went away: keep what must be sent again; drop everything when `permanent`. */
  onSessionLost({ permanent }: Pick<LinkLoss, 'permanent'>): void {
    this.held.release();
    this.detach();
    this.thinking = false;
    this.sequencer.reset();
    // A commit or a message the server never confirmed is sent again, whole, on the next session.
    this.upload.sessionLost();
    this.outbox.sessionLost();
    // The reply in progress is gone with the session; a pending commit or text gets a new one.
    this.turns.connectionLost();
    if (!this.upload.waitingToCommit && this.outbox.size === 0) this.turns.abandonReply();
    this.emit('output-stop', undefined);
    if (permanent) {
      this.endTurn();
      this.turns.reset();
      this.emit('capture', false);
      this.outbox.clear();
    } else {
      // A spoken turn that went out live but was never committed now waits like the rest:
      // show it where it was made, so a message typed during the outage reads after it.
      for (const turn of this.outbox.all())
        if (turn.kind === 'spoken' && !turn.placeholderId) this.showWaiting(turn);
    }
    this.changed();
  }

  /** Follow this session's events (and no other's) until it is replaced or lost. */
  private attach(session: ConversationSession): void {
    this.detach();
    this.session = session;
    const current = (): boolean => this.session === session;
    this.offSession = [
      session.on('transcript', (t) => {
        if (!current()) return;
        if (t.role === 'user' && this.held.heldBack(session, t.itemId, t.text, t.final)) return;
        if (t.final) this.history.add(t.role, t.text);
        this.options.hooks?.onTranscript(t.role, t.itemId, t.text, t.final);
        this.emit('transcript', t);
      }),
      session.on('output-audio', ({ itemId, pcm }) => {
        if (!current()) return;
        this.turns.replyAudio(itemId, pcm16BytesToMs(pcm.byteLength));
        // Only hands-free sends the microphone while the reply plays: only it needs the guard.
        if (this.options.handsFree()) this.echo.noteOutput(itemId, pcm);
        this.emit('output-audio', {
          itemId,
          pcm: new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength),
        });
      }),
      session.on('output-audio-done', () => current() && this.emit('output-done', undefined)),
      // The model stopped speaking because the user spoke: what is still buffered is dropped.
      session.on('output-yield', () => {
        if (!current()) return;
        this.emit('output-stop', undefined);
        this.echo.stopped(Date.now());
      }),
      session.on('busy', (busy) => {
        if (!current()) return;
        this.thinking = busy;
        this.changed();
      }),
      session.on('usage-seconds', (seconds) => {
        if (current()) this.options.hooks?.onVoiceSeconds?.(seconds);
      }),
      session.on('speech-started', ({ itemId, audioStartMs }) => {
        if (!current() || !this.options.handsFree()) return;
        if (this.options.holdOnSpeech?.() && !this.held.holding && this.turns.replyAudible) {
          this.held.hold(itemId, audioStartMs);
          return;
        }
        this.run(this.turns.speechStarted());
      }),
      session.on('speech-stopped', ({ itemId, audioEndMs }) => {
        if (!current() || !this.options.handsFree()) return;
        if (this.held.speechStopped(session, itemId, audioEndMs)) return;
        this.turns.speechStopped();
        // The server does not answer by itself in this mode: Hark asks for the reply.
        if (this.options.holdOnSpeech?.()) this.sequencer.request();
        this.changed();
      }),
      session.on('server-event', (event) => {
        if (!current()) return;
        this.options.hooks?.onServerEvent(event);
        if (event.type === 'input_audio_buffer.committed') {
          this.held.committed(session, event.item_id);
          const turn = this.outbox.acknowledgeSpoken(session);
          // The window showed the turn under a stand-in id: from now on it is this item.
          if (turn?.placeholderId && event.item_id)
            this.emit(
              'transcript',
              committedSpeech(event.item_id, turn.placeholderId, turn.upload.durationMs),
            );
        } else if (event.type === 'conversation.item.input_audio_transcription.failed') {
          this.held.transcriptionFailed(session, event.item_id);
        } else if (event.type === 'conversation.item.added') {
          const turn = this.outbox.acknowledgeTyped(event.item.id);
          if (turn) {
            this.history.add('user', turn.text);
            // Recorded where the server put it, so a saved conversation keeps the order too.
            this.options.hooks?.onTranscript('user', turn.itemId, turn.text, true);
          }
        }
      }),
      session.on('response-started', () => {
        if (!current()) return;
        this.sequencer.started();
        this.turns.replyStarted();
        this.changed();
      }),
      session.on('response-done', ({ status }) => {
        if (!current()) return;
        this.sequencer.done();
        if (status === 'failed' || status === 'incomplete') {
          this.notice('warning', 'Reply incomplete', `The reply ended with status "${status}".`);
        }
        // "Responding" lasts until the speaker has played the reply (playback reports).
        this.turns.replyDone();
        this.changed();
      }),
      session.on('server-error', ({ error, explanation }) => {
        if (!current()) return;
        const meaning = serverErrorMeaning(error);
        if (meaning === 'ignore') return;
        if (meaning === 'reply-busy') {
          this.sequencer.refused();
          return;
        }
        if (meaning === 'commit-refused') {
          this.outbox.refuseSpoken(session);
          this.turns.abandonReply();
        }
        if (meaning === 'reply-refused') {
          this.sequencer.done();
          this.turns.abandonReply();
        }
        // A burst of the same error (say, every append refused) is one notice, not one per frame.
        const { show, held } = this.serverErrors.admit(`${error.causedBy}|${error.code}`);
        if (show) {
          const more = held > 0 ? ` (${held} more like it since the last notice.)` : '';
          this.notice('error', 'The server reported an error', explanation + more);
        }
        this.changed();
      }),
    ];
  }

  // ── false interruptions (held-speech.ts) ────────────────────────────────

  /** The speech heard over a held reply was a real turn: a barge-in as before, then its reply. */
  private heldSpeechWasTurn(itemId: string, transcript: string | null): void {
    // Cancel, and truncate at what was played.
    this.run(this.turns.speechStarted());
    this.turns.speechStopped();
    if (transcript !== null) {
      this.history.add('user', transcript);
      this.options.hooks?.onTranscript('user', itemId, transcript, true);
      this.emit('transcript', { role: 'user', itemId, text: transcript, final: true });
    }
    this.sequencer.request();
    this.changed();
  }

  private detach(): void {
    if (this.pumpRetry) clearTimeout(this.pumpRetry);
    this.pumpRetry = null;
    for (const off of this.offSession) off();
    this.offSession = [];
    this.session = null;
    this.upload.detach();
  }

  // ── turns, text and backpressure ────────────────────────────────────────

  private newUpload(): TurnUpload {
    return new TurnUpload(this.counters, this.options.maxBufferedBytes ?? 256 * 1024, () => {
      this.sequencer.request();
      this.changed();
    });
  }

  /**
   * Send the first queued turn when nothing is ahead of it: the turn before it confirmed, its
   * reply and any tool calls finished. Called on every change; sends at most one turn.
   */
  private pump(): void {
    const session = this.session;
    if (!session || this.pumping) return;
    this.pumping = true;
    try {
      const head = this.outbox.head();
      if (!head) {
        // The queue is empty: a turn recorded behind it streams from here on, whole.
        if (this.turns.phase === 'listening' && !this.upload.streaming)
          this.upload.useSession(session, true);
        return;
      }
      if (isSentOn(head, session)) return; // waiting for the server to confirm it
      // A turn typed while a spoken one is being recorded goes after it.
      if (
        this.turns.phase === 'listening' &&
        !this.options.handsFree() &&
        head.seq > this.uploadSeq
      )
        return;
      if (this.sequencer.busy) return; // its reply still comes
      if (this.options.hooks?.busy) {
        // Tool calls still run (or wait for an approval); they may end without a follow-up
        // reply, so look again shortly rather than wait for an event that may not come.
        this.pumpRetry ??= setTimeout(() => {
          this.pumpRetry = null;
          this.changed();
        }, PUMP_RETRY_MS);
        return;
      }
      this.deliver(session, head);
    } finally {
      this.pumping = false;
    }
  }

  private deliver(session: ConversationSession, turn: QueuedTurn): void {
    if (turn.kind === 'typed') this.deliverText(session, turn);
    else turn.upload.useSession(session, false); // sends the audio, commits, asks for the reply
    // An engine that speaks when it decides is not waited for.
    if (session.capabilities.replyOnRequest) this.turns.awaitReply();
  }

  private deliverText(session: ConversationSession, turn: TypedTurn): void {
    session.send({
      type: 'conversation.item.create',
      item: {
        id: turn.itemId,
        type: 'message',
        role: 'user',
        content: [{ type: 'input_text', text: turn.text }],
      },
    });
    turn.sentOn = session;
    if (turn.shownWaiting) {
      // It goes out now: the window shows it after what was sent before it.
      turn.shownWaiting = false;
      this.emit('transcript', { role: 'user', itemId: turn.itemId, text: turn.text, final: true });
    }
    // An engine that speaks when it decides answers without being asked.
    if (session.capabilities.replyOnRequest) this.sequencer.request();
  }

  /** A released turn joins the outbox: committed now when it streams live, else queued. */
  private releaseTurn(): void {
    const upload = this.upload;
    const live = upload.streaming;
    if (this.outbox.full && !live) {
      this.notice('warning', 'Turn not kept', 'Too many turns are waiting for the connection.');
      upload.clear();
      this.upload = this.newUpload();
      return;
    }
    const turn = this.outbox.addSpoken(this.uploadSeq, upload, !live);
    this.upload = this.newUpload();
    if (this.session) this.upload.useSession(this.session, false);
    if (live) upload.release();
    else {
      upload.detach(); // it goes out whole, in its turn
      upload.release();
      this.showWaiting(turn);
    }
  }

  /** Show a spoken turn that waits, where it was made, until the server has its item. */
  private showWaiting(turn: { placeholderId: string | null; upload: TurnUpload }): void {
    turn.placeholderId ??= `waiting_${this.outbox.nextSeq()}_${Date.now().toString(36)}`;
    this.emit('transcript', waitingSpeech(turn.placeholderId, turn.upload.durationMs));
  }

  /** Push-to-talk mutes and unmutes a live stream (GPT-Live) instead of committing turns. */
  private pushToTalkMutes(): boolean {
    return (this.session?.capabilities.pushToTalk ?? this.options.pushToTalk?.()) === 'mute';
  }

  private endTurn(): void {
    this.upload.clear();
    if (this.maxTurnTimer) clearInterval(this.maxTurnTimer);
    this.maxTurnTimer = null;
  }

  /** A press started a turn: stream it now, or keep it until the turns before it are sent. */
  private beginTurn(session: ConversationSession | null): void {
    this.endTurn();
    this.uploadSeq = this.outbox.nextSeq();
    if (this.pushToTalkMutes()) {
      // A live stream: the held key unmutes it (GPT-Live); nothing is buffered.
      if (session) session.setInputMuted(false);
      else this.link.ensureConnected(true);
    } else if (session && this.outbox.waiting(session).length === 0) {
      // Streams at once only when no earlier turn waits; otherwise it is kept and queued.
      session.clearInput();
      this.upload.useSession(session, false);
    } else {
      this.upload.detach();
      if (!session) this.link.ensureConnected(true);
    }
    // A stuck key (or a lost key-up) must not stream for ever.
    this.maxTurnTimer = setInterval(() => this.run(this.turns.tick(Date.now())), 1000);
  }

  /** The turn was released: it joins the outbox, or (a live stream) the input is muted again. */
  private commitTurn(session: ConversationSession | null): void {
    if (this.maxTurnTimer) clearInterval(this.maxTurnTimer);
    this.maxTurnTimer = null;
    if (!this.pushToTalkMutes()) {
      this.releaseTurn();
      return;
    }
    // Nothing to commit: mute, and the model answers when it decides to. Speech made
    // before the session was up is not kept: GPT-Live hears the stream as it happens.
    session?.setInputMuted(true);
    if (!session) {
      this.upload.clear();
      this.notice(
        'info',
        'Not heard',
        'GPT-Live was still connecting, so nothing was sent (it hears you live, it ' +
          'keeps no recording). Say it again once Hark is ready.',
      );
    }
    this.turns.abandonReply();
  }

  /** Carry out what the turn machine decided. */
  private run(effects: TurnEffect[]): void {
    const session = this.session;
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
          if (session && !session.capabilities.interruptible) break; // the model yields by itself
          session?.truncate(effect.itemId, effect.audioEndMs);
          this.options.hooks?.onInterrupted(effect.itemId, effect.audioEndMs);
          break;
        case 'begin-turn':
          this.beginTurn(session);
          break;
        case 'capture':
          this.emit('capture', effect.on);
          break;
        case 'commit-turn':
          this.commitTurn(session);
          break;
        case 'discard-turn':
          this.endTurn();
          if (session?.capabilities.pushToTalk === 'mute') session.setInputMuted(true);
          else session?.clearInput();
          break;
        case 'hint':
          this.notice('info', effect.title, effect.text);
          break;
      }
    }
    this.changed();
  }

  /**
   * Every state change may leave the conversation idle — a reply that finished playing, the
   * last message delivered, a commit confirmed — and a rollover that fell due meanwhile
   * waits for exactly that moment.
   */
  private changed(): void {
    this.pump();
    this.emit('phase', this.turns.phase);
    if (this.isIdle()) this.link.rolloverIfDue();
  }

  private notice(level: NoticeMessage['level'], title: string, text: string): void {
    this.emit('notice', { level, title, text });
  }
}
