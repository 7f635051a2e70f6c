import { TurnAudio } from './turn-audio';

/** What the upload needs of a session. */
export interface UploadSession {
  appendAudio(pcm: Uint8Array): string | null;
  clearInput(): string | null;
  commitInput(): string | null;
  readonly connection: { readonly bufferedAmount: number };
}

export interface UploadCounters {
  framesSent: number;
  bytesSent: number;
}

const BACKLOG_RETRY_MS = 50;

/**
 * A push-to-talk turn's audio on its way to the server: appended as it comes (waiting,
 * coalesced, while the socket is backed up), committed once all of it is on the wire, and
 * kept until the server confirms the commit — a lost session gets all of it again.
 */
export class TurnUpload {
  private readonly audio = new TurnAudio();
  private session: UploadSession | null = null;
  /** The turn was released and must be committed (now, or once connected and flushed). */
  private pendingCommit = false;
  /** The session a commit was sent on, until the server confirms it. */
  private commitSession: UploadSession | null = null;
  private backlogTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly counters: UploadCounters,
    private readonly maxBufferedBytes: number,
    /** The commit went out: ask for the reply. */
    private readonly onCommitSent: () => void,
  ) {}

  /** Released but not yet committed. */
  get waitingToCommit(): boolean {
    return this.pendingCommit;
  }

  /** The session the commit went out on, until the server confirms it. */
  get commitSentOn(): UploadSession | null {
    return this.commitSession;
  }

  /** Audio goes to a session as it comes: "● live". */
  get streaming(): boolean {
    return this.session !== null;
  }

  /** How much speech the turn holds. */
  get durationMs(): number {
    return this.audio.durationMs;
  }

  /** Released on this session: its commit is out (or going out behind a backlog). */
  sentOn(session: UploadSession): boolean {
    return this.session === session && (this.pendingCommit || this.commitSession === session);
  }

  /** Keep and send a frame; false when the turn is at its bound (the frame is dropped). */
  add(frame: Uint8Array): boolean {
    if (!this.audio.add(frame)) return false;
    this.flush();
    return true;
  }

  /** The turn was released: commit it as soon as everything is sent. */
  release(): void {
    this.pendingCommit = true;
    this.tryCommit();
  }

  /** A new session: the whole turn again when one is in progress (`resend`), on a clean buffer. */
  useSession(session: UploadSession, resend: boolean): void {
    this.session = session;
    if (!resend && !this.pendingCommit) return;
    session.clearInput();
    this.audio.rewind();
    this.flush();
    this.tryCommit();
  }

  /** The session went away: a commit it never confirmed is sent again on the next one. */
  sessionLost(): void {
    this.detach();
    if (this.commitSession) {
      this.commitSession = null;
      this.pendingCommit = true;
    }
  }

  detach(): void {
    this.session = null;
    if (this.backlogTimer) clearTimeout(this.backlogTimer);
    this.backlogTimer = null;
  }

  /** `input_audio_buffer.committed` on this session: the server has the turn now. */
  committed(session: UploadSession): void {
    if (this.commitSession !== session) return;
    this.commitSession = null;
    this.audio.clear();
  }

  /** The server refused the commit: the turn is gone. */
  commitRefused(): void {
    this.audio.clear();
    this.commitSession = null;
  }

  /** A new turn, a discarded one, or a disconnect: forget everything. */
  clear(): void {
    this.pendingCommit = false;
    this.commitSession = null;
    this.audio.clear();
  }

  private flush(): void {
    const session = this.session;
    if (!session) return;
    const sent = this.audio.flush(
      (chunk) => session.appendAudio(chunk) !== null,
      () => session.connection.bufferedAmount < this.maxBufferedBytes,
    );
    this.counters.framesSent += sent.frames;
    this.counters.bytesSent += sent.bytes;
    if (this.audio.unsentFrames > 0 && !this.backlogTimer) {
      // The socket is backed up: try again shortly; frames wait (bounded), control events never drop.
      this.backlogTimer = setTimeout(() => {
        this.backlogTimer = null;
        this.flush();
        this.tryCommit();
      }, BACKLOG_RETRY_MS);
    }
  }

  /** Commit once every frame of the turn is on the wire, then ask for the reply. */
  private tryCommit(): void {
    const session = this.session;
    if (!this.pendingCommit || !session) return;
    this.flush();
    if (this.audio.unsentFrames > 0) return; // the backlog timer comes back here
    session.commitInput();
    this.commitSession = session;
    this.pendingCommit = false;
    this.onCommitSent();
  }
}
