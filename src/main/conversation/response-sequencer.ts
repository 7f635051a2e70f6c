/**
 * Only one response at a time: `response.create` while one is active (a talk release during
 * a reply, a typed message racing a server-VAD reply) is held and sent after response.done,
 * so Hark never triggers conversation_already_has_active_response.
 */
export class ResponseSequencer {
  private active = false;
  private requested = false;
  private queued = false;

  constructor(private readonly sendCreate: () => boolean) {}

  get busy(): boolean {
    return this.active || this.requested;
  }

  /** Ask for a response: sent now, or once the current one is done. */
  request(): 'sent' | 'queued' {
    if (this.busy) {
      this.queued = true;
      return 'queued';
    }
    this.requested = this.sendCreate();
    if (!this.requested) this.queued = true;
    return this.requested ? 'sent' : 'queued';
  }

  /** response.created — ours or one the server made by itself (server VAD). */
  started(): void {
    this.active = true;
    this.requested = false;
  }

  /** response.done, or our create was refused: release the next one. */
  done(): void {
    this.active = false;
    this.requested = false;
    if (this.queued) {
      this.queued = false;
      this.request();
    }
  }

  /** The server still said a response was active: try again after it ends. */
  refused(): void {
    this.requested = false;
    this.active = true;
    this.queued = true;
  }

  /** A new session starts with no response; keep what was queued. */
  reset(): void {
    this.active = false;
    this.requested = false;
  }

  /** Send what was held (after a reconnect). */
  resume(): void {
    if (this.queued && !this.busy) {
      this.queued = false;
      this.request();
    }
  }
}
