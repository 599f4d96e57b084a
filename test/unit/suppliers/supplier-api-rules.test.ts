import { describe, expect, it } from 'vitest';
import {
  decodeFeedCursor,
  encodeFeedCursor,
  InvalidFeedCursorError,
} from '../../../shared/app/suppliers/bed-states-feed';
import { decide, windowMsOf } from '../../../shared/app/suppliers/rate-limit';
import { ProblemError } from '../../../shared/http/problem';
import { parseBatch } from '../../../shared/http/routes/supplier-api';

/** The supplier API's pure rules: rate-limit arithmetic, the feed cursor, and batch parsing. */
describe('rate limit decision (sliding window)', () => {
  const policy = { perSecond: 10, burst: 20 };

  it('uses a window of burst / rate seconds', () => {
    expect(windowMsOf(policy)).toBe(2000);
    expect(windowMsOf({ perSecond: 100, burst: 20 })).toBe(1000);
  });

  it('allows the burst, then refuses with a Retry-After of at least a second', () => {
    const start = 1_000_000; // a window boundary (multiple of 2000)
    expect(decide(policy, start, { current: 20, previous: 0 })).toEqual({ allowed: true, remaining: 0 });
    const refused = decide(policy, start, { current: 21, previous: 0 });
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('weighs the previous window by how much of it the sliding window still covers', () => {
    const start = 1_000_000;
    // At the start of a window, the whole previous window counts.
    expect(decide(policy, start, { current: 1, previous: 20 }).allowed).toBe(false);
    // Three quarters of the way through, a quarter of it counts: 5 + 15 = 20, allowed.
    expect(decide(policy, start + 1500, { current: 15, previous: 20 })).toEqual({
      allowed: true,
      remaining: 0,
    });
    expect(decide(policy, start + 1500, { current: 16, previous: 20 }).allowed).toBe(false);
  });

  it('asks a client far over the limit to wait longer', () => {
    const refused = decide(policy, 1_000_000, { current: 60, previous: 20 });
    expect(refused.allowed).toBe(false);
    if (!refused.allowed) expect(refused.retryAfterSeconds).toBe(4);
  });
});

describe('feed cursor', () => {
  const since = '2026-11-22T00:00:00.000Z';
  const after = '2026-11-22T10:00:00.000Z#1-100000001';

  it('round-trips for the same query', () => {
    const cursor = encodeFeedCursor({ since, region: 'London', after });
    expect(decodeFeedCursor(cursor, since, 'London')).toBe(after);
  });

  it('is refused for another since or region, or when forged', () => {
    const cursor = encodeFeedCursor({ since, region: null, after });
    expect(() => decodeFeedCursor(cursor, '2026-11-21T00:00:00.000Z', null)).toThrow(/different query/);
    expect(() => decodeFeedCursor(cursor, since, 'London')).toThrow(InvalidFeedCursorError);
    expect(() => decodeFeedCursor('not-base64-json', since, null)).toThrow(/not one this service issued/);
    const forged = Buffer.from(JSON.stringify({ v: 1, since, region: null, after: 'HOME#x' })).toString(
      'base64url',
    );
    expect(() => decodeFeedCursor(forged, since, null)).toThrow(/not one this service issued/);
  });
});

describe('parseBatch', () => {
  const table = { rows: [] };
  const problemOf = (fn: () => unknown): ProblemError => {
    try {
      fn();
    } catch (e) {
      if (e instanceof ProblemError) return e;
      throw e;
    }
    throw new Error('no problem raised');
  };

  it('passes well-formed homes through, leaving the table to the domain validation', () => {
    const items = parseBatch(
      JSON.stringify({
        homes: [
          { locationId: '1-100', asOf: '2026-11-23T09:30:00+01:00', vacancies: table },
          {
            locationId: '1-101',
            asOf: '2026-11-23T09:30:00Z',
            vacancies: { rows: [{ vacancyType: 'nope' }] },
          },
        ],
      }),
    );
    expect(items).toEqual([
      { index: 0, locationId: '1-100', asOf: '2026-11-23T09:30:00+01:00', vacancies: table },
      {
        index: 1,
        locationId: '1-101',
        asOf: '2026-11-23T09:30:00Z',
        vacancies: { rows: [{ vacancyType: 'nope' }] },
      },
    ]);
  });

  it('refuses one malformed home as an item, naming the field', () => {
    const [bad, notObject, badId] = parseBatch(
      JSON.stringify({
        homes: [
          { locationId: '1-100', asOf: 'yesterday', vacancies: table, colour: 'red' },
          'home',
          { locationId: 'HOME-1', asOf: '2026-11-23T09:30:00Z', vacancies: table },
        ],
      }),
    );
    expect(bad).toMatchObject({ index: 0, locationId: '1-100' });
    expect(bad && 'errors' in bad ? bad.errors : []).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          field: 'asOf',
          rule: 'invalid-date-time',
          message: expect.stringContaining("'yesterday'"),
        }),
        expect.objectContaining({ field: 'colour', rule: 'unknown-field' }),
      ]),
    );
    expect(notObject).toMatchObject({ index: 1, locationId: null, errors: [{ rule: 'not-an-object' }] });
    expect(badId && 'errors' in badId ? badId.errors[0] : undefined).toMatchObject({ field: 'locationId' });
  });

  it('refuses the request for no body, bad JSON, wrong shape, sizes and duplicates', () => {
    expect(problemOf(() => parseBatch('')).status).toBe(400);
    expect(problemOf(() => parseBatch('{')).detail).toContain('not valid JSON');
    expect(problemOf(() => parseBatch('{"homes": {}}')).errors?.[0]?.field).toBe('homes');
    expect(problemOf(() => parseBatch('{"homes": []}')).errors?.[0]?.rule).toBe('too-few-homes');
    const many = { homes: Array.from({ length: 101 }, (_, i) => ({ locationId: `1-${i}` })) };
    expect(problemOf(() => parseBatch(JSON.stringify(many))).errors?.[0]).toMatchObject({
      field: 'homes',
      rule: 'too-many-homes',
    });
    const dup = {
      homes: [{ locationId: '1-1' }, { locationId: '1-2' }, { locationId: '1-1' }, { locationId: '1-2' }],
    };
    expect(problemOf(() => parseBatch(JSON.stringify(dup))).errors?.map((e) => e.field)).toEqual([
      'homes/2/locationId',
      'homes/3/locationId',
    ]);
  });
});
