import type { ProviderId } from '../../../shared/health';

/** Sessions end by themselves: 60 min on OpenAI, 30 min on Azure. */
export const SESSION_LIFETIME_MS: Record<ProviderId, number> = {
  openai: 60 * 60_000,
  azure: 30 * 60_000,
  custom: 30 * 60_000, // unknown service: assume the shorter limit
  simulator: 60 * 60_000,
};

/**
 * How long a session lives, and when to roll over to the next one (a margin before). A
 * deadline the server gave (GPT-Live's `expires_at`) wins over the provider's usual lifetime
 * (an override wins if it comes first); then the margin is at most a quarter of the session, so a short session is not replaced
 * the moment it starts.
 */
export class SessionLifetime {
  private startedAt = 0;
  private expiresAt: number | null = null;

  constructor(
    private readonly overrides: Partial<Record<ProviderId, number>> = {},
    private readonly marginMs = 5 * 60_000,
  ) {}

  /** A session became ready now; `expiresAt` (epoch ms): when the server said it ends. */
  started(now = Date.now(), expiresAt: number | null = null): void {
    this.startedAt = now;
    this.expiresAt = expiresAt !== null && expiresAt > now ? expiresAt : null;
  }

  /** From a session's start until its rollover is due. */
  rolloverAfterMs(provider: ProviderId): number {
    return Math.max(0, this.lifetimeMs(provider) - this.margin(provider));
  }

  /** The current session is within the margin of its end (a close now is most likely expiry). */
  nearExpiry(provider: ProviderId, now = Date.now()): boolean {
    return (
      this.startedAt > 0 &&
      now - this.startedAt >= this.lifetimeMs(provider) - this.margin(provider)
    );
  }

  private margin(provider: ProviderId): number {
    return this.expiresAt === null
      ? this.marginMs
      : Math.min(this.marginMs, this.lifetimeMs(provider) / 4);
  }

  private lifetimeMs(provider: ProviderId): number {
    const override = this.overrides[provider];
    // The server's deadline, or an override (tests, unusual services) if that comes first.
    if (this.expiresAt !== null)
      return Math.min(this.expiresAt - this.startedAt, override ?? Infinity);
    return override ?? SESSION_LIFETIME_MS[provider];
  }
}
