/** Hands-free default: five minutes without speech and the microphone stops streaming. */
export const DEFAULT_IDLE_CAP_MS = 5 * 60_000;

/**
 * A forgotten hands-free session streams (and bills) for hours. The cap fires once after
 * `limitMs` without activity (speech started, a reply, a typed message, a tool call);
 * `activity()` restarts the count. The caller stops the microphone and says so.
 *
 * The service's `idle_timeout_ms` (server_vad only) cannot carry this cap: the published
 * schema allows 5–30 s, and a timeout makes the model *answer* (a billed "are you still
 * there?"), so Hark does not send it. An `input_audio_buffer.timeout_triggered` that arrives
 * anyway (a server-side default) pauses the microphone like this cap does.
 */
export class IdleCap {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private deadline = 0;

  constructor(
    private limitMs: number,
    private readonly onIdle: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until the cap, or null when not counting. */
  get remainingMs(): number | null {
    return this.running ? Math.max(0, this.deadline - this.now()) : null;
  }

  /** When the cap will fire (epoch ms), or null. */
  get endsAt(): number | null {
    return this.running ? this.deadline : null;
  }

  setLimit(limitMs: number): void {
    this.limitMs = limitMs;
    if (this.running) this.arm();
  }

  /** Start counting (hands-free began). A limit of 0 or less turns the cap off. */
  start(): void {
    if (this.limitMs <= 0) return this.stop();
    this.running = true;
    this.arm();
  }

  activity(): void {
    if (this.running) this.arm();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.deadline = this.now() + this.limitMs;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = false;
      this.onIdle();
    }, this.limitMs);
  }
}
