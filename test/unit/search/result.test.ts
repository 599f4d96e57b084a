import { describe, expect, it } from 'vitest';
import { createRng } from '../../../scripts/generate';
import {
  compileFilter,
  prepareSearchHome,
  type ResolvedArea,
  SearchIndex,
  searchParamsSchema,
  searchResultJson,
  toSearchResult,
} from '../../../shared/domain/search';
import { fixtureSearchInputs } from '../../support/fixtures-search';

const NOW = Date.parse('2026-01-12T09:00:00.000Z');
const HOUR = 3_600_000;

const SEARCHES: Array<Record<string, string>> = [
  {},
  { acceptingToday: 'true' },
  { acceptingToday: 'false', updatedWithin: 'any' },
  { vacancyTypes: 'dementia-nursing,general-residential', maxWeeklyPrice: '1200' },
  { stay: 'short-stay', acceptingToday: 'false', updatedWithin: 'any' },
  { stay: 'short-stay', acceptingToday: 'true', maxWeeklyPrice: '2000' },
];

const AREAS: ResolvedArea[] = [
  { kind: 'radius', lat: 52.3, lon: -1.95, radiusMiles: 100 },
  { kind: 'la', value: 'Worcestershire' },
  { kind: 'subIcb', value: 'E38000236' },
];

describe('searchResultJson', () => {
  it('writes exactly JSON.stringify(toSearchResult(...)) for every home, search and moment', () => {
    const homes = fixtureSearchInputs(NOW).map(prepareSearchHome);
    const index = new SearchIndex(homes);
    let compared = 0;
    // Hours later too: freshness labels move on and alerts expire.
    for (const nowMs of [NOW, NOW + 5 * HOUR, NOW + 30 * 24 * HOUR]) {
      for (const params of SEARCHES) {
        const query = searchParamsSchema.parse({ ...params, postcode: 'B97' }).query;
        for (const area of AREAS) {
          for (const match of index.search(area, compileFilter(query, nowMs)).matches) {
            // Twice: the second time from the cached pieces.
            for (let i = 0; i < 2; i++) {
              expect(searchResultJson(match, nowMs)).toBe(JSON.stringify(toSearchResult(match, nowMs)));
            }
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(50);
  });

  it('holds for homes with missing facts, odd text and numbers', () => {
    const rand = createRng(11);
    const base = fixtureSearchInputs(NOW);
    const odd = base.map((input, i) => ({
      ...input,
      locationId: `1-odd${i}`,
      name: `Quote " backslash \\ line\nbreak ${i} \u2028 é`,
      providerName: i % 2 ? undefined : input.providerName,
      brand: i % 3 ? undefined : 'Brand </script>',
      address: i % 4 ? undefined : input.address,
      subIcbCode: i % 2 ? undefined : input.subIcbCode,
      subIcbName: i % 3 ? undefined : input.subIcbName,
      latitude: i % 5 === 0 ? undefined : input.latitude,
      registeredBeds: i % 2 ? undefined : Math.floor(rand() * 90),
      phone: undefined,
      bedUpdatedAt: i % 3 === 0 ? null : input.bedUpdatedAt,
      alerts: [
        { id: 'a', text: 'no expiry' },
        { id: 'b', text: 'expired', expiresAt: new Date(NOW - HOUR).toISOString() },
        { id: 'c', text: 'bad date', expiresAt: 'not a date' },
      ],
    }));
    const index = new SearchIndex(odd.map(prepareSearchHome));
    const query = searchParamsSchema.parse({
      la: 'Worcestershire',
      acceptingToday: 'false',
      updatedWithin: 'any',
    }).query;
    const matches = index.search({ kind: 'la', value: 'Worcestershire' }, compileFilter(query, NOW)).matches;
    expect(matches.length).toBeGreaterThan(0);
    for (const match of matches) {
      expect(searchResultJson(match, NOW)).toBe(JSON.stringify(toSearchResult(match, NOW)));
      // A distance as a radius search gives it, rounded as the result shows it.
      const far = { ...match, distanceMiles: 12.3456 };
      expect(searchResultJson(far, NOW)).toBe(JSON.stringify(toSearchResult(far, NOW)));
    }
  });
});
