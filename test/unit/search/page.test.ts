import { describe, expect, it } from 'vitest';
import { createCursorCodec, fingerprintDigest } from '../../../shared/app/search/cursor';
import {
  cursorPayload,
  type Match,
  pageAfter,
  prepareSearchHome,
  queryFingerprint,
  type SortKey,
  searchParamsSchema,
  sortKeyOf,
} from '../../../shared/domain/search';

function matches(keys: SortKey[]): Match[] {
  return keys.map((sortKey) => ({
    home: prepareSearchHome({ locationId: sortKey[1], name: sortKey[1] }),
    distanceMiles: sortKey[0],
    rows: [],
    sortKey,
  }));
}

describe('keyset pages', () => {
  const all = matches([
    [0.5, 'a'],
    [1, 'b'],
    [1, 'c'],
    [2, 'a2'],
    [Number.POSITIVE_INFINITY, 'n1'],
    [Number.POSITIVE_INFINITY, 'n2'],
  ]);

  it('walks every result once, in order, whatever the page size', () => {
    for (const size of [1, 2, 4, 6, 10]) {
      const seen: string[] = [];
      let after: SortKey | null = null;
      for (let i = 0; i < 10; i++) {
        const page = pageAfter(all, after, size);
        seen.push(...page.items.map((m) => m.home.locationId));
        after = page.next;
        if (!after) break;
      }
      expect(seen, `size ${size}`).toEqual(['a', 'b', 'c', 'a2', 'n1', 'n2']);
    }
  });

  it('continues after the last key shown even when results before it disappeared', () => {
    const page = pageAfter(
      all.filter((m) => m.home.locationId !== 'b'),
      [1, 'b'],
      2,
    );
    expect(page.items.map((m) => m.home.locationId)).toEqual(['c', 'a2']);
  });

  it('carries +Infinity (never updated) through JSON as null', () => {
    const payload = cursorPayload('fp', [Number.POSITIVE_INFINITY, 'n1']);
    expect(payload.k[0]).toBeNull();
    expect(sortKeyOf(JSON.parse(JSON.stringify(payload)))).toEqual([Number.POSITIVE_INFINITY, 'n1']);
  });
});

describe('cursor codec', () => {
  const codec = createCursorCodec('a-test-secret-of-sixteen-chars');

  it('round-trips what it signed', () => {
    const payload = cursorPayload('abc', [1.25, '1-123']);
    expect(codec.decode(codec.encode(payload))).toEqual(payload);
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
