/**
 * Per-key rate limit of the supplier API: a sliding-window counter kept in DynamoDB, so every Lambda
 * container counts against the same figure. Each request ADDs 1 to its key's counter for the
 * current fixed window and reads the previous window's count (in parallel: one round trip); the
 * estimate is `previous x (share of the previous window still inside the sliding window) + current`.
 * With rate r per second and burst b, a window lasts b / r seconds and holds at most b requests:
 * a client may send b requests at once, then r a second on average.
 */

export interface RateLimitPolicy {
  perSecond: number;
  burst: number;
}

export interface RateCounterStore {
  /** Counts one request in the window starting at `windowStartMs`; returns that window's count (including it) and the previous window's. */
  hit(
    keyId: string,
    windowStartMs: number,
    windowMs: number,
    expiresAtEpochSeconds: number,
  ): Promise<{ current: number; previous: number }>;
}

export type RateDecision =
  | { allowed: true; remaining: number }
  | { allowed: false; retryAfterSeconds: number };

export function windowMsOf(policy: RateLimitPolicy): number {
  return Math.max(1000, Math.round((policy.burst / policy.perSecond) * 1000));
}

/** The decision from the two counts (pure, for tests). */
export function decide(
  policy: RateLimitPolicy,
  nowMs: number,
  counts: { current: number; previous: number },
): RateDecision {
  const windowMs = windowMsOf(policy);
  const windowStart = Math.floor(nowMs / windowMs) * windowMs;
  const elapsed = (nowMs - windowStart) / windowMs;
  const estimate = counts.previous * (1 - elapsed) + counts.current;
  if (estimate <= policy.burst) return { allowed: true, remaining: Math.floor(policy.burst - estimate) };
  // Enough of the sliding window must pass for the estimate to fall back under the burst; at most
  // the rest of this window plus the time the current count alone needs to drain.
  const excess = estimate - policy.burst;
  const seconds = Math.ceil(excess / policy.perSecond);
  return {
    allowed: false,
    retryAfterSeconds: Math.max(1, Math.min(seconds, Math.ceil(windowMs / 1000) * 2)),
  };
}

export async function checkRateLimit(
  store: RateCounterStore,
  policy: RateLimitPolicy,
  keyId: string,
  nowMs: number,
): Promise<RateDecision> {
  const windowMs = windowMsOf(policy);
  const windowStart = Math.floor(nowMs / windowMs) * windowMs;
  // Kept two windows (the next request needs it as "previous"), plus a minute of slack for clock skew.
  const expires = Math.ceil((windowStart + 2 * windowMs) / 1000) + 60;
  const counts = await store.hit(keyId, windowStart, windowMs, expires);
  return decide(policy, nowMs, counts);
}
