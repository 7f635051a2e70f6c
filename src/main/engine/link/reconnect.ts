/**
 * Exponential backoff with full jitter: the first retry comes within `firstMs`, each later
 * one within twice the previous ceiling, capped; a long healthy spell resets it.
 */
export interface BackoffOptions {
  firstMs?: number;
  capMs?: number;
  resetAfterHealthyMs?: number;
  random?: () => number;
}

export class Backoff {
  private attempt = 0;
  private readonly firstMs: number;
  private readonly capMs: number;
  readonly resetAfterHealthyMs: number;
  private readonly random: () => number;

  constructor(options: BackoffOptions = {}) {
    this.firstMs = options.firstMs ?? 250;
    this.capMs = options.capMs ?? 30_000;
    this.resetAfterHealthyMs = options.resetAfterHealthyMs ?? 60_000;
    this.random = options.random ?? Math.random;
  }

  get attempts(): number {
    return this.attempt;
  }

  /** The delay before the next attempt; at least `floorMs` (e.g. a Retry-After). */
  next(floorMs = 0): number {
    const ceiling = Math.min(this.capMs, this.firstMs * 2 ** this.attempt);
    this.attempt++;
    return Math.max(floorMs, Math.round(this.random() * ceiling));
  }

  /** Call when a connection has stayed healthy for a while (or on success, by the caller's rule). */
  reset(): void {
    this.attempt = 0;
  }
}
