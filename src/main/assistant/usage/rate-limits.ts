import type { RateLimitsUpdatedEvent } from 'openai/resources/realtime/realtime';
import type { RateLimit } from '../../../shared/assistant';

/** Below this share of a limit left, the user hears about it (once per limit and window). */
export const NEAR_LIMIT_SHARE = 0.1;

/**
 * `rate_limits.updated` arrives around every response; most say nothing worth showing. This
 * keeps the latest figures and reports a limit the first time it is nearly used up (again
 * after it has recovered), so the notice is neither missed nor repeated every turn.
 */
export class RateLimitWatch {
  private latest: RateLimit[] = [];
  private readonly warned = new Set<string>();

  get current(): RateLimit[] {
    return this.latest.map((l) => ({ ...l }));
  }

  /** The limits that just became nearly exhausted. */
  update(event: Pick<RateLimitsUpdatedEvent, 'rate_limits'>): RateLimit[] {
    const limits: RateLimit[] = [];
    for (const raw of Array.isArray(event.rate_limits) ? event.rate_limits : []) {
      if (!raw || typeof raw.name !== 'string') continue;
      const limit = finite(raw.limit);
      const remaining = finite(raw.remaining);
      if (limit === null || remaining === null || limit <= 0) continue;
      limits.push({
        name: raw.name,
        limit,
        remaining,
        resetSeconds: finite(raw.reset_seconds) ?? 0,
      });
    }
    this.latest = limits;
    const nearing: RateLimit[] = [];
    for (const limit of limits) {
      const near = limit.remaining / limit.limit < NEAR_LIMIT_SHARE;
      if (near && !this.warned.has(limit.name)) {
        this.warned.add(limit.name);
        nearing.push(limit);
      } else if (!near) {
        this.warned.delete(limit.name);
      }
    }
    return nearing;
  }
}

export function describeLimit(limit: RateLimit): string {
  const what =
    limit.name === 'tokens' ? 'tokens' : limit.name === 'requests' ? 'requests' : limit.name;
  const reset = limit.resetSeconds > 0 ? ` It resets in ${formatSeconds(limit.resetSeconds)}.` : '';
  return `Only ${limit.remaining.toLocaleString('en-US')} of ${limit.limit.toLocaleString('en-US')} ${what} are left in the current rate-limit window.${reset}`;
}

function formatSeconds(seconds: number): string {
  return seconds < 90 ? `${Math.ceil(seconds)} s` : `${Math.ceil(seconds / 60)} min`;
}

function finite(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
