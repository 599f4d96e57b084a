import { describe, expect, it } from 'vitest';
import { freshness, isStale, STALE_AFTER_HOURS } from '../../../shared/domain/vacancy';

const now = '2024-03-10T12:00:00.000Z';
const minutesBefore = (minutes: number) => new Date(Date.parse(now) - minutes * 60_000).toISOString();

describe('freshness', () => {
  it.each([
    [0, 'updated just now', 'fresh'],
    [0.99, 'updated just now', 'fresh'],
    [1, 'updated 1 minute ago', 'fresh'],
    [59, 'updated 59 minutes ago', 'fresh'],
    [59.99, 'updated 59 minutes ago', 'fresh'],
    [60, 'updated 1 hour ago', 'fresh'],
    [3 * 60, 'updated 3 hours ago', 'fresh'],
    [23 * 60, 'updated 23 hours ago', 'fresh'],
    [24 * 60 - 1, 'updated 23 hours ago', 'fresh'],
    [24 * 60, 'updated 1 day ago', 'recent'],
    [47 * 60 + 59, 'updated 1 day ago', 'recent'],
    [48 * 60, 'updated 2 days ago', 'stale'],
    [30 * 24 * 60, 'updated 30 days ago', 'stale'],
  ] as const)('%s minutes old: %s, %s', (minutes, label, badge) => {
    const result = freshness(minutesBefore(minutes), now);
    expect(result.label).toBe(label);
    expect(result.badge).toBe(badge);
    expect(result.ageHours).toBeCloseTo(minutes / 60, 9);
  });

  it('says never updated when there is no update', () => {
    expect(freshness(null, now)).toEqual({ label: 'never updated', ageHours: null, badge: 'never' });
    expect(freshness(undefined, now).badge).toBe('never');
  });

  it('counts a timestamp in the future (clock skew) as just now', () => {
    expect(freshness('2024-03-10T12:05:00Z', now)).toEqual({
      label: 'updated just now',
      ageHours: 0,
      badge: 'fresh',
    });
  });

  it('accepts Date objects and offsets', () => {
    expect(freshness('2024-03-10T10:00:00+01:00', new Date(now)).label).toBe('updated 3 hours ago');
  });

  it('refuses timestamps without a time zone or that are not ISO instants', () => {
    expect(() => freshness('2024-03-10T10:00:00', now)).toThrow(RangeError);
    expect(() => freshness('10/03/2024', now)).toThrow(RangeError);
    expect(() => freshness(minutesBefore(5), 'yesterday')).toThrow(RangeError);
    expect(() => freshness(null, new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('isStale', () => {
  it('is stale from exactly 48 hours, not before', () => {
    expect(STALE_AFTER_HOURS).toBe(48);
    expect(isStale(minutesBefore(48 * 60 - 1), now)).toBe(false);
    expect(isStale('2024-03-08T12:00:00.001Z', now)).toBe(false);
    expect(isStale('2024-03-08T12:00:00.000Z', now)).toBe(true);
  });

  it('treats a home that never updated as stale, so it is reminded', () => {
    expect(isStale(null, now)).toBe(true);
  });

  it('is not stale when fresh', () => {
    expect(isStale(minutesBefore(5), now)).toBe(false);
  });
});
