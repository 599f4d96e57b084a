import { describe, expect, it } from 'vitest';
import { createRng } from '../../../scripts/generate';
import {
  bruteForceSearch,
  compileFilter,
  prepareSearchHome,
  type ResolvedArea,
  type SearchHome,
  SearchIndex,
  searchParamsSchema,
} from '../../../shared/domain/search';
import type { VacancyTypeCode } from '../../../shared/domain/vacancy';
import { SHORT_STAY_SERVICE_CODES } from '../../../shared/domain/vacancy/vocabulary';

const NOW = Date.parse('2026-01-12T09:00:00.000Z');
const TYPES: VacancyTypeCode[] = ['general-residential', 'general-nursing', 'dementia-nursing'];
const SHORT_STAY = [...SHORT_STAY_SERVICE_CODES];

/** Homes scattered over a patch of the Midlands, some clustered, some on cell edges, some unlocated. */
function randomHomes(count: number, seed: number): SearchHome[] {
  const rand = createRng(seed);
  return Array.from({ length: count }, (_, i) => {
    const located = rand() > 0.02;
    const clustered = rand() < 0.3;
    const lat = clustered ? 52.48 + (rand() - 0.5) * 0.05 : 51.5 + rand() * 2;
    const lon = clustered ? -1.89 + (rand() - 0.5) * 0.08 : -3 + rand() * 2.5;
    const type = TYPES[i % TYPES.length] as VacancyTypeCode;
    const accepting = Math.floor(rand() * 3);
    return prepareSearchHome({
      locationId: `1-${String(i).padStart(6, '0')}`,
      name: `Home ${i}`,
      latitude: located ? lat : undefined,
      longitude: located ? lon : undefined,
      localAuthority: ['Birmingham', 'Coventry', 'Warwickshire'][i % 3],
      subIcbCode: ['15E', '05A'][i % 2],
      overallRating: rand() < 0.7 ? 'Good' : 'Requires improvement',
      services: {
        // A third offer short stay (one or two services), a few say none.
        shortStayServices: i % 3 === 0 ? SHORT_STAY.slice(i % 4, (i % 4) + 1 + (i % 2)) : [],
        shortStayNone: i % 3 !== 0,
        vacancyTypes: [type],
        languages: [],
        notes: '',
        fundingSources: [],
        contracts: { localAuthority: false, subIcb: false },
      },
      bedRows: [
        {
          vacancyType: type,
          weeklyPriceFrom: 600 + Math.floor(rand() * 1000),
          maximumCapacity: 10,
          occupied: 10 - accepting,
          vacantReserved: 0,
          vacantAccepting: accepting,
          vacantNotAvailable: 0,
          notAvailableReason: null,
          flexible: false,
        },
      ],
      outOfHoursAdmissions: rand() < 0.5,
      bedUpdatedAt: rand() < 0.9 ? new Date(NOW - rand() * 20 * 86_400_000).toISOString() : null,
    });
  });
}

const ids = (o: { matches: Array<{ home: SearchHome }> }) => o.matches.map((m) => m.home.locationId);

describe('SearchIndex', () => {
  const homes = randomHomes(3000, 11);
  const index = new SearchIndex(homes);

  it('finds exactly what checking every home finds, in the same order, for any radius and filters', () => {
    const rand = createRng(99);
    const filters = [
      {},
      { vacancyTypes: 'general-nursing' },
      { maxWeeklyPrice: '1000', updatedWithin: '7d' },
      { acceptingToday: 'false' },
      { outOfHours: 'true', ratings: 'good' },
      { vacancyTypes: 'general-residential,dementia-nursing', updatedWithin: '24h' },
      { stay: 'short-stay', updatedWithin: 'any' },
      { stay: 'short-stay', vacancyTypes: 'respite-care,reablement-support' },
      { stay: 'short-stay', acceptingToday: 'false', vacancyTypes: 'discharge-to-assess' },
      { fundingSources: 'local-authority,private', contractLa: 'false', ratings: 'good,inadequate' },
    ];
    for (let i = 0; i < 300; i++) {
      const area: ResolvedArea = {
        kind: 'radius',
        lat: 51.4 + rand() * 2.2,
        lon: -3.1 + rand() * 2.7,
        radiusMiles: [0.5, 2, 5, 10, 25, 50, 100][i % 7] as number,
      };
      const { query } = searchParamsSchema.parse({ postcode: 'B1', ...filters[i % filters.length] });
      const filter = compileFilter(query, NOW);
      const expected = bruteForceSearch(homes, area, filter);
      const actual = index.search(area, filter);
      expect(ids(actual)).toEqual(ids(expected));
      expect(actual.inArea).toBe(expected.inArea);
      expect(actual.total).toBe(expected.matches.length);
      // A page: the first 7 after the 4th match, selected without sorting the rest.
      const after = expected.matches[3]?.sortKey ?? null;
      const page = index.search(area, filter, { limit: 7, after });
      expect(ids(page)).toEqual(ids(expected).slice(after ? 4 : 0, after ? 11 : 7));
      expect(page.total).toBe(expected.matches.length);
      // The point of the index: it looks at fewer homes than there are (except for huge radii).
      if (area.radiusMiles <= 10) expect(actual.examined).toBeLessThan(homes.length / 4);
    }
  });

  it('sorts a radius search by distance, then id', () => {
    const { query } = searchParamsSchema.parse({ postcode: 'B1', acceptingToday: 'false' });
    const out = index.search(
      { kind: 'radius', lat: 52.48, lon: -1.89, radiusMiles: 5 },
      compileFilter(query, NOW),
    );
    expect(out.matches.length).toBeGreaterThan(100);
    const d = out.matches.map((m) => m.distanceMiles ?? -1);
    expect(d).toEqual([...d].sort((a, b) => a - b));
    expect(d.every((x) => x <= 5)).toBe(true);
  });

  it('sorts an area search by most recent update, never-updated last', () => {
    const { query } = searchParamsSchema.parse({ la: 'Coventry', acceptingToday: 'false' });
    const area: ResolvedArea = { kind: 'la', value: 'coventry' };
    const out = index.search(area, compileFilter(query, NOW));
    expect(ids(out)).toEqual(ids(bruteForceSearch(homes, area, compileFilter(query, NOW))));
    const updated = out.matches.map((m) => m.home.updatedMs ?? Number.NEGATIVE_INFINITY);
    expect(updated).toEqual([...updated].sort((a, b) => b - a));
    expect(out.matches.every((m) => m.home.localAuthority === 'Coventry')).toBe(true);
    expect(out.matches.every((m) => m.distanceMiles === null)).toBe(true);
  });

  it('finds a sub-ICB by code or name', () => {
    const { query } = searchParamsSchema.parse({ subIcb: '15e', acceptingToday: 'false' });
    const out = index.search({ kind: 'subIcb', value: '15e' }, compileFilter(query, NOW));
    expect(out.matches).toHaveLength(1500);
  });

  it('follows updates and removals', () => {
    const small = new SearchIndex(homes.slice(0, 10));
    const first = homes[0] as SearchHome;
    const { query } = searchParamsSchema.parse({ postcode: 'B1', acceptingToday: 'false' });
    const everywhere: ResolvedArea = { kind: 'radius', lat: 52.5, lon: -1.9, radiusMiles: 100 };
    const located = small.search(everywhere, compileFilter(query, NOW)).matches.length;
    small.upsert({ ...first, lat: 10, lon: 10, latitude: 10, longitude: 10, geohash: undefined });
    expect(small.size).toBe(10);
    expect(small.search(everywhere, compileFilter(query, NOW)).matches.length).toBe(
      located - (first.hasLocation ? 1 : 0),
    );
    small.remove(first.locationId);
    small.remove('not-there');
    expect(small.size).toBe(9);
    expect(
      small
        .search({ kind: 'la', value: first.localAuthority ?? '' }, compileFilter(query, NOW))
        .matches.map((m) => m.home.locationId),
    ).not.toContain(first.locationId);
  });

  it('sees a home stop accepting admissions after it was searched (the cell columns are rebuilt)', () => {
    const { query } = searchParamsSchema.parse({ postcode: 'B1', updatedWithin: 'any' });
    const accepting = homes.find((h) => h.hasLocation && h.acceptingRows.length > 0) as SearchHome;
    const small = new SearchIndex(homes.slice(0, 200).concat(accepting));
    const around: ResolvedArea = { kind: 'radius', lat: accepting.lat, lon: accepting.lon, radiusMiles: 1 };
    expect(ids(small.search(around, compileFilter(query, NOW)))).toContain(accepting.locationId);
    const full = (accepting.bedRows ?? []).map((row) => ({
      ...row,
      occupied: row.occupied + row.vacantAccepting,
      vacantAccepting: 0,
    }));
    small.upsert(prepareSearchHome({ ...accepting, bedRows: full }));
    expect(ids(small.search(around, compileFilter(query, NOW)))).not.toContain(accepting.locationId);
  });
});
