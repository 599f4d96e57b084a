import { describe, expect, it } from 'vitest';
import type { PostcodeLocator } from '../../../shared/app/search/ports';
import { cachedLocator } from '../../../shared/app/search/postcode-cache';

function counting(known: Record<string, { lat: number; lon: number }>) {
  const calls: string[] = [];
  const locator: PostcodeLocator = {
    locate: async (input) => {
      calls.push(input);
      const point = known[input.replace(/\s+/g, '').toUpperCase()];
      return point
        ? { point: { ...point, precision: 'postcode' }, itemsRead: 1 }
        : { point: undefined, itemsRead: 0 };
    },
  };
  return { locator, calls };
}

describe('cachedLocator', () => {
  it('reads a postcode once, then answers from memory with no items read, whatever the spacing or case', async () => {
    const { locator, calls } = counting({ B974AA: { lat: 52.3, lon: -1.9 } });
    const cached = cachedLocator(locator);
    expect(await cached.locate('B97 4AA')).toMatchObject({ itemsRead: 1, point: { lat: 52.3 } });
    expect(await cached.locate('b974aa')).toMatchObject({ itemsRead: 0, point: { lat: 52.3 } });
    expect(calls).toEqual(['B97 4AA']);
  });

  it('does not remember a postcode it could not find, so one ingested later is found', async () => {
    const known: Record<string, { lat: number; lon: number }> = {};
    const { locator, calls } = counting(known);
    const cached = cachedLocator(locator);
    expect((await cached.locate('LS1 1AA')).point).toBeUndefined();
    known.LS11AA = { lat: 53.8, lon: -1.5 };
    expect((await cached.locate('LS1 1AA')).point).toBeDefined();
    expect(calls).toHaveLength(2);
  });

  it('forgets entries after the time to live, and the oldest when full', async () => {
    let now = 0;
    const { locator, calls } = counting({
      A11AA: { lat: 1, lon: 1 },
      B11BB: { lat: 2, lon: 2 },
      C11CC: { lat: 3, lon: 3 },
    });
    const cached = cachedLocator(locator, { maxEntries: 2, ttlMs: 1000, now: () => now });
    await cached.locate('A1 1AA');
    now = 999;
    await cached.locate('A1 1AA');
    expect(calls).toHaveLength(1);
    now = 1000;
    await cached.locate('A1 1AA');
    expect(calls).toHaveLength(2);
    await cached.locate('B1 1BB');
    await cached.locate('C1 1CC');
    await cached.locate('A1 1AA');
    expect(calls).toEqual(['A1 1AA', 'A1 1AA', 'B1 1BB', 'C1 1CC', 'A1 1AA']);
  });
});
