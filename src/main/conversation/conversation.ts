import { pcm16BytesToMs } from '../../shared/audio/format';
import { Emitter } from '../../shared/emitter';
import type { CommandResult, NoticeMessage, PlaybackReport } from '../../shared/ipc';
import { isPermanentErrorCode } from '../engine/diagnose';
import type { LinkLoss } from '../engine/link/session-link';
import type { HistoryTurn } from './conversation-history';
import { ConversationHistory } from './conversation-history';
import { EchoGuard } from './echo-guard';
import { NoticeCoalescer } from './notice-coalescer';
import { ResponseSequencer } from './response-sequencer';
import { TextOutbox, type PendingText } from './text-outbox';
import { TurnMachine, type TalkSource, type TurnEffect, type TurnPhase } from './turn-machine';
import { TurnUpload } from './turn-upload';
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
import { FalseInterruptionJudge, TRANSCRIPT_WAIT_MS, type HoldOutcome } from './false-interruption';

/**
 * The conversation over whichever session the link provides: talk turns (presses, audio,
 * commit, barge-in), typed text, one response at a time, the echo guard, and the text
 * history that seeds each new session. It loses nothing across sessions: a turn's audio is
 * kept until the server commits it, typed text until the server adds it.
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
  private readonly upload: TurnUpload;
  private readonly sequencer = new ResponseSequencer(() => this.session?.createResponse() != null);
  private readonly history = new ConversationHistory();
  private readonly outbox = new TextOutbox();
  private readonly echo = new EchoGuard();
  private readonly serverErrors = new NoticeCoalescer();
  private maxTurnTimer: NodeJS.Timeout | null = null;
  /** "Don't stop for a cough": the held reply and what was heard over it. */
  private readonly judge = new FalseInterruptionJudge(() => this.options.transcribing?.() ?? true);
  private holdTimer: NodeJS.Timeout | null = null;
  /** Input items judged no turn: deleted once committed, their transcripts never shown. */
  private readonly strayItems = new Map<string, 'delete-on-commit' | 'deleted'>();
  private readonly committedItems = new Set<string>();
  private generation = 0;

  constructor(
    private readonly link: ConversationLink,
    private readonly options: ConversationOptions,
  ) {
    super();
    this.upload = new TurnUpload(this.counters, options.maxBufferedBytes ?? 256 * 1024, () => {
      this.sequencer.request();
      this.changed();
    });
  }

  get phase(): TurnPhase {
    return this.turns.phase;
  }

  /** Nothing in flight: no turn, reply, unsent text or commit. A rollover may happen now. */
  isIdle(): boolean {
    return (
      this.turns.phase === 'idle' &&
      !this.sequencer.busy &&
      this.outbox.size === 0 &&
      !this.upload.waitingToCommit &&
      !this.options.hooks?.busy
    );
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
    const added = this.outbox.add(text);
    if ('error' in added) return { ok: false, error: added.error };
    const { entry } = added;
    this.emit('transcript', { role: 'user', itemId: entry.itemId, text: entry.text, final: true });
    this.options.hooks?.onTranscript('user', entry.itemId, entry.text, true);
    if (this.session) this.deliverText(this.session, entry);
    else this.link.ensureConnected(false);
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
      hooks.attach(
        {
          send: (event) => (current() ? session.send(event) : null),
          requestResponse: () => {
            if (!current() || hooks.blocked) return;
            this.sequencer.request();
            this.turns.awaitReply();
            this.changed();
          },
        },
        generation,
      );
    }
    // A fresh session has an empty conversation: give it the one so far.
    for (const event of this.history.seedEvents()) session.send(event);
    // A press or a whole turn made while (re)connecting is honoured now, audio included.
    this.upload.useSession(session, this.turns.phase === 'listening');
    for (const entry of this.outbox.pending()) this.deliverText(session, entry);
    this.sequencer.resume();
    // Hands-free: the microphone streams for as long as the session is up.
    if (this.options.handsFree() && !this.muted) this.emit('capture', true);
  }

  /** The session went away: keep what must be sent again; drop everything when `permanent`. */
  onSessionLost({ permanent }: Pick<LinkLoss, 'permanent'>): void {
    this.releaseHold();
    this.detach();
    this.sequencer.reset();
    // A commit the server never confirmed is sent again, with its audio, on the next session.
    this.upload.sessionLost();
    // The reply in progress is gone with the session; a pending commit or text gets a new one.
    this.turns.connectionLost();
    if (!this.upload.waitingToCommit && this.outbox.size === 0) this.turns.abandonReply();
    this.emit('output-stop', undefined);
    if (permanent) {
      this.endTurn();
      this.turns.reset();
      this.emit('capture', false);
      this.outbox.clear();
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
        if (t.role === 'user' && this.heldBack(t.itemId, t.text, t.final)) return;
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
      session.on('speech-started', ({ itemId, audioStartMs }) => {
        if (!current() || !this.options.handsFree()) return;
        if (this.options.holdOnSpeech?.() && !this.judge.holding && this.turns.replyAudible) {
          this.judge.hold(itemId, audioStartMs);
          this.emit('output-hold', true);
          return;
        }
        this.run(this.turns.speechStarted());
      }),
      session.on('speech-stopped', ({ itemId, audioEndMs }) => {
        if (!current() || !this.options.handsFree()) return;
        if (this.judge.heldItemId === itemId) {
          const outcome = this.judge.stopped(itemId, audioEndMs);
          if (outcome) this.settleHold(session, outcome);
          else
            this.holdTimer = setTimeout(
              () => this.settleHold(session, this.judge.timedOut()),
              TRANSCRIPT_WAIT_MS,
            );
          return;
        }
        this.turns.speechStopped();
        // The server does not answer by itself in this mode: Hark asks for the reply.
        if (this.options.holdOnSpeech?.()) this.sequencer.request();
        this.changed();
      }),
      session.on('server-event', (event) => {
        if (!current()) return;
        this.options.hooks?.onServerEvent(event);
        if (event.type === 'input_audio_buffer.committed') {
          this.strayCommitted(session, event.item_id);
          this.upload.committed(session);
        } else if (
          event.type === 'conversation.item.input_audio_transcription.failed' &&
          this.judge.heldItemId === event.item_id
        ) {
          this.settleHold(session, this.judge.transcribed(event.item_id, ''));
        } else if (event.type === 'conversation.item.added') {
          const entry = this.outbox.acknowledge(event.item.id);
          if (entry) this.history.add('user', entry.text);
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
        if (error.code === 'conversation_already_has_active_response') {
          this.sequencer.refused();
          return;
        }
        if (error.code === 'response_cancel_not_active') return; // a harmless race
        if (error.code === 'session_expired') return; // the close follows; the link reconnects
        if (isPermanentErrorCode(error.code)) return; // the link ends the session and says why
        if (error.causedBy === 'input_audio_buffer.commit') {
          this.upload.commitRefused();
          this.turns.abandonReply();
        }
        if (error.causedBy === 'response.create') {
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

  // ── false interruptions (false-interruption.ts) ─────────────────────────

  /** A user transcript of held or stray speech: kept back (true) until it is known to be a turn. */
  private heldBack(itemId: string, text: string, final: boolean): boolean {
    if (this.strayItems.has(itemId)) return true;
    if (this.judge.heldItemId !== itemId) return false;
    if (final && this.session) this.settleHold(this.session, this.judge.transcribed(itemId, text));
    return true;
  }

  /** Carry out the judge's decision on the held reply. */
  private settleHold(session: ConversationSession, outcome: HoldOutcome | null): void {
    if (!outcome) return;
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.holdTimer = null;
    if (outcome.kind === 'resume') {
      // No turn: the reply goes on where it stopped; the stray input leaves the conversation.
      this.emit('output-hold', false);
      this.strayItems.set(outcome.itemId, 'delete-on-commit');
      this.strayCommitted(session, null);
      this.changed();
      return;
    }
    // A real turn: a barge-in as before (cancel, truncate at what was played), then its reply.
    this.emit('output-hold', false);
    this.run(this.turns.speechStarted());
    this.turns.speechStopped();
    if (outcome.transcript !== null) {
      this.history.add('user', outcome.transcript);
      this.options.hooks?.onTranscript('user', outcome.itemId, outcome.transcript, true);
      this.emit('transcript', {
        role: 'user',
        itemId: outcome.itemId,
        text: outcome.transcript,
        final: true,
      });
    }
    this.sequencer.request();
    this.changed();
  }

  /** Delete a stray input item once the server has it (`itemId`: one just committed). */
  private strayCommitted(session: ConversationSession, itemId: string | null): void {
    if (itemId !== null) {
      this.committedItems.add(itemId);
      if (this.committedItems.size > 32)
        this.committedItems.delete(this.committedItems.values().next().value!);
    }
    for (const [stray, state] of this.strayItems) {
      if (state !== 'delete-on-commit' || !this.committedItems.has(stray)) continue;
      session.send({ type: 'conversation.item.delete', item_id: stray });
      this.strayItems.set(stray, 'deleted');
    }
    while (this.strayItems.size > 32) this.strayItems.delete(this.strayItems.keys().next().value!);
  }

  /** Nothing is held any more (the session went away). */
  private releaseHold(): void {
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.holdTimer = null;
    if (this.judge.holding) this.emit('output-hold', false);
    this.judge.reset();
  }

  private detach(): void {
    for (const off of this.offSession) off();
    this.offSession = [];
    this.session = null;
    this.upload.detach();
  }

  // ── turns, text and backpressure ────────────────────────────────────────

  private deliverText(session: ConversationSession, entry: PendingText): void {
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
    this.changed();
  }

  private endTurn(): void {
    this.upload.clear();
    if (this.maxTurnTimer) clearInterval(this.maxTurnTimer);
    this.maxTurnTimer = null;
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
          session?.truncate(effect.itemId, effect.audioEndMs);
          this.options.hooks?.onInterrupted(effect.itemId, effect.audioEndMs);
          break;
        case 'begin-turn':
          this.endTurn();
          if (session) session.clearInput();
          else this.link.ensureConnected(true);
          // A stuck key (or a lost key-up) must not stream for ever.
          this.maxTurnTimer = setInterval(() => this.run(this.turns.tick(Date.now())), 1000);
          break;
        case 'capture':
          this.emit('capture', effect.on);
          break;
        case 'commit-turn':
          if (this.maxTurnTimer) clearInterval(this.maxTurnTimer);
          this.maxTurnTimer = null;
          this.upload.release();
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
    this.changed();
  }

  /**
   * Every state change may leave the conversation idle — a reply that finished playing, the
   * last message delivered, a commit confirmed — and a rollover that fell due meanwhile
   * waits for exactly that moment.
   */
  private changed(): void {
    this.emit('phase', this.turns.phase);
    if (this.isIdle()) this.link.rolloverIfDue();
  }

  private notice(level: NoticeMessage['level'], title: string, text: string): void {
    this.emit('notice', { level, title, text });
  }
}
