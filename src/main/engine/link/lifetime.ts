import type { ProviderId } from '../../../shared/health';

/** Sessions end by themselves: 60 min on OpenAI, 30 min on Azure. */
export const SESSION_LIFETIME_MS: Record<ProviderId, number> = {
  openai: 60 * 60_000,
  azure: 30 * 60_000,
  custom: 30 * 60_000, // unknown service: assume the shorter limit
  simulator: 60 * 60_000,
};

/** How long a session lives, and when to roll over to the next one (a margin before). */
export class SessionLifetime {
  private startedAt = 0;

  constructor(
    private readonly overrides: Partial<Record<ProviderId, number>> = {},
    private readonly marginMs = 5 * 60_000,
  ) {}

  /** A session became ready now. */
  started(now = Date.now()): void {
    this.startedAt = now;
  }

  /** From a session's start until its rollover is due. */
  rolloverAfterMs(provider: ProviderId): number {
    return Math.max(0, this.lifetimeMs(provider) - this.marginMs);
  }

  /** The current session is within the margin of its end (a close now is most likely expiry). */
  nearExpiry(provider: ProviderId, now = Date.now()): boolean {
    return this.startedAt > 0 && now - this.startedAt >= this.lifetimeMs(provider) - this.marginMs;
  }

  private lifetimeMs(provider: ProviderId): number {
    return this.overrides[provider] ?? SESSION_LIFETIME_MS[provider];
  }
}
