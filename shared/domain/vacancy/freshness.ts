/**
 * How fresh a home's figures are. Homes are asked to update at least every 48 hours; at exactly 48
 * hours a home is stale (reminded, shown as stale), so "every 48 hours" is met only by updating
 * within it. Badges: fresh < 24 h <= recent < 48 h <= stale; never when there has been no update.
 */
export const FRESH_FOR_HOURS = 24;
export const STALE_AFTER_HOURS = 48;

export type FreshnessBadge = 'fresh' | 'recent' | 'stale' | 'never';
export type Freshness = {
  /** 'updated just now' | 'updated 5 minutes ago' | 'updated 3 hours ago' | 'updated 2 days ago' | 'never updated' */
  label: string;
  /** Exact, unrounded; null when never updated. A timestamp in the future (clock skew) counts as 0. */
  ageHours: number | null;
  badge: FreshnessBadge;
};

type Instant = string | Date;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export function freshness(lastUpdated: Instant | null | undefined, now: Instant): Freshness {
  const nowMs = toMs(now);
  if (lastUpdated === null || lastUpdated === undefined) {
    return { label: 'never updated', ageHours: null, badge: 'never' };
  }
  const ageMs = Math.max(0, nowMs - toMs(lastUpdated));
  const ageHours = ageMs / HOUR;
  return { label: `updated ${ago(ageMs)}`, ageHours, badge: badgeFor(ageHours) };
}

/** For the nightly reminder: never updated, or updated 48 hours or more ago. */
export function isStale(lastUpdated: Instant | null | undefined, now: Instant): boolean {
  const { badge } = freshness(lastUpdated, now);
  return badge === 'stale' || badge === 'never';
}

function badgeFor(ageHours: number): FreshnessBadge {
  if (ageHours < FRESH_FOR_HOURS) return 'fresh';
  if (ageHours < STALE_AFTER_HOURS) return 'recent';
  return 'stale';
}

function ago(ageMs: number): string {
  if (ageMs < MINUTE) return 'just now';
  if (ageMs < HOUR) return plural(Math.floor(ageMs / MINUTE), 'minute');
  if (ageMs < 24 * HOUR) return plural(Math.floor(ageMs / HOUR), 'hour');
  return plural(Math.floor(ageMs / (24 * HOUR)), 'day');
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'} ago`;
}

// A timestamp without a zone would be read in the server's local time: refuse it rather than guess.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Throws RangeError on a malformed instant: stored timestamps are ours, so a bad one is a bug to surface. */
function toMs(instant: Instant): number {
  const ms = typeof instant === 'string' && ISO_INSTANT.test(instant) ? Date.parse(instant) : Number.NaN;
  const value = instant instanceof Date ? instant.getTime() : ms;
  if (!Number.isFinite(value))
    throw new RangeError(`Not an ISO 8601 instant with a time zone: ${String(instant)}`);
  return value;
}
