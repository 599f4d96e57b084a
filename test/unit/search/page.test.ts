import { describe, expect, it } from 'vitest';
import { createCursorCodec, fingerprintDigest } from '../../../shared/app/search/cursor';
import {
  compileFilter,
  cursorPayload,
  prepareSearchHome,
  queryFingerprint,
  type ResolvedArea,
  type SearchHome,
  SearchIndex,
  type SortKey,
  searchParamsSchema,
  sortKeyOf,
} from '../../../shared/domain/search';

const NOW = Date.parse('2026-01-12T09:00:00.000Z');

/** Homes on a line due north, some at the same distance, some never updated. */
function homes(): SearchHome[] {
  const at = (id: string, miles: number, updatedHoursAgo: number | null) =>
    prepareSearchHome({
      locationId: id,
      name: id,
      latitude: 52 + miles / 69.09,
      longitude: -1.5,
      localAuthority: 'Leeds',
      bedUpdatedAt:
        updatedHoursAgo === null ? null : new Date(NOW - updatedHoursAgo * 3_600_000).toISOString(),
    });
  return [
    at('a', 0.5, 1),
    at('c', 1, 2),
    at('b', 1, 2),
    at('a2', 2, 5),
    at('n1', 3, null),
    at('n2', 3, null),
  ];
}

const everything = compileFilter(
  searchParamsSchema.parse({ postcode: 'B1', acceptingToday: 'false' }).query,
  NOW,
);

function walk(index: SearchIndex, area: ResolvedArea, size: number): string[] {
  const seen: string[] = [];
  let after: SortKey | null = null;
  for (let i = 0; i < 20; i++) {
    const out = index.search(area, everything, { limit: size, after });
    seen.push(...out.matches.map((m) => m.home.locationId));
    const last = out.matches[out.matches.length - 1];
    if (out.remaining <= size || !last) break;
    after = last.sortKey;
  }
  return seen;
}

describe('keyset pages', () => {
  const index = new SearchIndex(homes());
  const radius: ResolvedArea = { kind: 'radius', lat: 52, lon: -1.5, radiusMiles: 10 };
  const la: ResolvedArea = { kind: 'la', value: 'leeds' };

  it('walks every result once, in order, whatever the page size', () => {
    for (const size of [1, 2, 4, 6, 10]) {
      expect(walk(index, radius, size), `size ${size}`).toEqual(['a', 'b', 'c', 'a2', 'n1', 'n2']);
      // By freshness: newest first, ties by id, never-updated last.
      expect(walk(index, la, size), `size ${size}`).toEqual(['a', 'b', 'c', 'a2', 'n1', 'n2']);
    }
  });

  it('counts every match, and how many come after the cursor', () => {
    const b = index.search(radius, everything).matches[1]?.sortKey ?? null;
    expect(b?.[1]).toBe('b');
    const out = index.search(radius, everything, { limit: 2, after: b });
    expect(out.total).toBe(6);
    expect(out.remaining).toBe(4);
    expect(out.matches.map((m) => m.home.locationId)).toEqual(['c', 'a2']);
  });

  it('continues after the last key shown even when that home has gone', () => {
    const smaller = new SearchIndex(homes().filter((h) => h.locationId !== 'b'));
    const out = smaller.search(radius, everything, {
      limit: 2,
      after: [index.search(radius, everything).matches[1]?.sortKey[0] ?? 0, 'b'],
    });
    expect(out.matches.map((m) => m.home.locationId)).toEqual(['c', 'a2']);
  });

  it('carries +Infinity (never updated) through JSON as null', () => {
    const payload = cursorPayload('fp', [Number.POSITIVE_INFINITY, 'n1']);
    expect(payload.k[0]).toBeNull();
    expect(sortKeyOf(JSON.parse(JSON.stringify(payload)))).toEqual([Number.POSITIVE_INFINITY, 'n1']);
    const out = index.search(la, everything, {
      limit: 5,
      after: sortKeyOf(JSON.parse(JSON.stringify(payload))),
    });
    expect(out.matches.map((m) => m.home.locationId)).toEqual(['n2']);
  });
});

describe('cursor codec', () => {
  const codec = createCursorCodec('a-test-secret-of-sixteen-chars');

  it('round-trips what it signed', () => {
    const payload = cursorPayload('abc', [1.25, '1-123']);
    expect(codec.decode(codec.encode(payload))).toEqual(payload);
  });

  it('refuses a MAC spelt differently in the spare bits of its last character', () => {
    const token = codec.encode(cursorPayload('abc', [1.5, '1-1']));
    const [body, mac] = token.split('.') as [string, string];
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // 16 bytes in 22 characters: the last character's four lowest bits carry nothing.
    const respelt = `${mac.slice(0, -1)}${alphabet[alphabet.indexOf(mac.at(-1) ?? 'A') ^ 1]}`;
    expect(Buffer.from(respelt, 'base64url')).toEqual(Buffer.from(mac, 'base64url'));
    expect(codec.decode(`${body}.${respelt}`)).toBeUndefined();
  });

  it('refuses anything it did not sign', () => {
    const token = codec.encode(cursorPayload('abc', [1.25, '1-123']));
    const [body, mac] = token.split('.') as [string, string];
    const other = Buffer.from(JSON.stringify(cursorPayload('abc', [0, '1-000']))).toString('base64url');
    expect(codec.decode(`${other}.${mac}`)).toBeUndefined();
    expect(codec.decode(`${body}.${mac.slice(1)}x`)).toBeUndefined();
    expect(codec.decode(`${body}.${mac}.x`)).toBeUndefined();
    expect(codec.decode(body)).toBeUndefined();
    expect(createCursorCodec('a-different-secret-sixteen').decode(token)).toBeUndefined();
  });

  it('refuses a signed payload of the wrong shape', () => {
    const sign = createCursorCodec('a-test-secret-of-sixteen-chars');
    const odd = sign.encode({ v: 1, q: 'x', k: [1, 'a'], extra: true } as never);
    expect(codec.decode(odd)).toBeUndefined();
  });

  it('ties a cursor to its search: any change of filter changes the fingerprint', () => {
    const a = searchParamsSchema.parse({ postcode: 'B97', vacancyTypes: 'ypd' }).query;
    const b = searchParamsSchema.parse({ postcode: 'B97', vacancyTypes: 'ypd', brand: 'x' }).query;
    const c = searchParamsSchema.parse({ postcode: 'B97', vacancyTypes: 'ypd', pageSize: '5' }).query;
    expect(fingerprintDigest(queryFingerprint(a))).not.toBe(fingerprintDigest(queryFingerprint(b)));
    // Page size is not part of the search: a client may change it between pages.
    expect(fingerprintDigest(queryFingerprint(a))).toBe(fingerprintDigest(queryFingerprint(c)));
  });
});
