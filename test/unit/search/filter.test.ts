import { describe, expect, it } from 'vitest';
import {
  compileFilter,
  prepareSearchHome,
  type SearchHome,
  type SearchQuery,
  searchParamsSchema,
} from '../../../shared/domain/search';
import { fixtureSearchInputs } from '../../support/fixtures-search';

const NOW = Date.parse('2026-01-12T09:00:00.000Z');
const homes: SearchHome[] = fixtureSearchInputs(NOW).map(prepareSearchHome);
const byName = new Map(homes.map((h) => [h.name.replace(/^=HYPERLINK.*/, 'Damson View'), h]));

function query(params: Record<string, string>): SearchQuery {
  return searchParamsSchema.parse({ postcode: 'B97', ...params }).query;
}

/** Names of the homes (around B97, Leeds and London alike) that the filters let through. */
function matching(params: Record<string, string>): string[] {
  const filter = compileFilter(query(params), NOW);
  return [...byName].filter(([, h]) => filter(h) !== undefined).map(([name]) => name);
}

describe('search filters', () => {
  it('with nothing asked of it, lets every home through that offers a long-term vacancy type', () => {
    expect(matching({ acceptingToday: 'false' })).toEqual([
      'Alder House',
      'Birch Lodge',
      'Cedar Court',
      'Damson View',
      'Elm Grange',
      'Fir Tree House',
      'Ginkgo House',
      'Hazel Park',
      'Ivy Lodge',
    ]);
  });

  it('accepting today: a bed to admit to today in a matching vacancy type', () => {
    expect(matching({})).toEqual([
      'Alder House',
      'Birch Lodge',
      'Cedar Court',
      'Fir Tree House',
      'Ginkgo House',
      'Hazel Park',
      'Ivy Lodge',
    ]);
    // Alder's dementia beds are all occupied: it offers the type, but has nothing today.
    expect(matching({ vacancyTypes: 'dementia-residential' })).toEqual([]);
    expect(matching({ vacancyTypes: 'dementia-residential', acceptingToday: 'false' })).toEqual([
      'Alder House',
    ]);
  });

  it('answers with the vacancy types that matched', () => {
    const alder = byName.get('Alder House') as SearchHome;
    expect(compileFilter(query({}), NOW)(alder)?.map((r) => r.vacancyType)).toEqual(['general-residential']);
    expect(compileFilter(query({ acceptingToday: 'false' }), NOW)(alder)?.map((r) => r.vacancyType)).toEqual([
      'general-residential',
      'dementia-residential',
    ]);
  });

  it('vacancy types: any one of those asked for', () => {
    expect(matching({ vacancyTypes: 'general-nursing,dementia-nursing' })).toEqual([
      'Birch Lodge',
      'Cedar Court',
    ]);
  });

  it('short stay: homes offering a short-stay service (the one asked for), with a bed today', () => {
    expect(matching({ stay: 'short-stay' })).toEqual(['Alder House', 'Birch Lodge']);
    expect(matching({ stay: 'short-stay', vacancyTypes: 'respite-care' })).toEqual(['Alder House']);
    expect(matching({ stay: 'short-stay', vacancyTypes: 'rehabilitation', acceptingToday: 'false' })).toEqual(
      [],
    );
  });

  it('maximum weekly price: a matching vacancy type priced at or under it', () => {
    expect(matching({ maxWeeklyPrice: '850' })).toEqual(['Alder House', 'Ginkgo House', 'Hazel Park']);
    expect(matching({ maxWeeklyPrice: '849.99' })).toEqual(['Ginkgo House', 'Hazel Park']);
    // Elm has never given a price: a price filter never lets it through.
    expect(matching({ maxWeeklyPrice: '10000', acceptingToday: 'false' })).not.toContain('Elm Grange');
  });

  it('CQC ratings: any one of them; a home with no rating counts as not yet rated', () => {
    expect(matching({ ratings: 'inadequate', acceptingToday: 'false' })).toEqual(['Elm Grange']);
    expect(matching({ ratings: 'outstanding,requires-improvement' })).toEqual(['Birch Lodge', 'Cedar Court']);
    const unrated = prepareSearchHome({
      ...fixtureSearchInputs(NOW)[0],
      locationId: 'x',
      overallRating: undefined,
    } as never);
    expect(compileFilter(query({ ratings: 'not-yet-rated' }), NOW)(unrated)).toBeDefined();
  });

  it('brand: part of the brand or provider name, any case', () => {
    expect(matching({ brand: 'ACORN' })).toEqual(['Alder House', 'Cedar Court']);
    expect(matching({ brand: 'birch lodge' })).toEqual(['Birch Lodge']);
  });

  it('languages: every one asked for is spoken; English always is', () => {
    expect(matching({ languages: 'punjabi,urdu' })).toEqual(['Birch Lodge']);
    expect(matching({ languages: 'punjabi,polish' })).toEqual([]);
    expect(matching({ languages: 'English' })).toHaveLength(7);
  });

  it('words in notes: every word, any case, anywhere in the notes', () => {
    expect(matching({ notes: 'Hoist' })).toEqual(['Alder House']);
    expect(matching({ notes: 'pets bariatric' })).toEqual(['Alder House']);
    expect(matching({ notes: 'hoist lift' })).toEqual([]);
  });

  it('funding sources: any one of them accepted', () => {
    expect(matching({ fundingSources: 'personal-health-budget' })).toEqual(['Birch Lodge']);
    expect(matching({ fundingSources: 'local-authority' })).toEqual(['Alder House', 'Cedar Court']);
  });

  it('contracts with the LA and with the sub-ICB, either way', () => {
    expect(matching({ contractLa: 'true' })).toEqual(['Alder House']);
    expect(matching({ contractSubIcb: 'yes' })).toEqual(['Birch Lodge']);
    expect(matching({ contractSubIcb: 'false' })).not.toContain('Birch Lodge');
  });

  it('specialisms (and regulated activities): every one; CQC service types: any one', () => {
    expect(matching({ specialisms: 'dementia' })).toEqual(['Alder House', 'Cedar Court']);
    expect(matching({ specialisms: 'Dementia,Caring for adults over 65 yrs' })).toEqual(['Alder House']);
    expect(
      matching({
        specialisms: 'accommodation-for-persons-who-require-nursing-or-personal-care',
        acceptingToday: 'false',
      }),
    ).toHaveLength(9);
    expect(matching({ serviceTypes: 'care-home-service-with-nursing' })).toEqual([
      'Birch Lodge',
      'Cedar Court',
    ]);
  });

  it('vacancies last updated: within 24 hours, 7 days, or any time; never-updated homes only for any', () => {
    expect(matching({ updatedWithin: '24h' })).toEqual([
      'Alder House',
      'Ginkgo House',
      'Hazel Park',
      'Ivy Lodge',
    ]);
    expect(matching({ updatedWithin: '7d' })).toEqual([
      'Alder House',
      'Birch Lodge',
      'Cedar Court',
      'Ginkgo House',
      'Hazel Park',
      'Ivy Lodge',
    ]);
    expect(matching({ updatedWithin: '7d', acceptingToday: 'false' })).not.toContain('Elm Grange');
    expect(matching({ updatedWithin: 'any', acceptingToday: 'false' })).toContain('Elm Grange');
  });

  it('out-of-hours admissions, either way', () => {
    expect(matching({ outOfHours: 'true' })).toEqual([
      'Alder House',
      'Cedar Court',
      'Fir Tree House',
      'Ginkgo House',
      'Hazel Park',
      'Ivy Lodge',
    ]);
    expect(matching({ outOfHours: 'false', acceptingToday: 'false' })).toEqual([
      'Birch Lodge',
      'Damson View',
      'Elm Grange',
    ]);
  });

  it('combines filters with AND', () => {
    expect(matching({ brand: 'acorn', outOfHours: 'true', ratings: 'good' })).toEqual(['Alder House']);
  });

  it('leaves a home with no services offered out of any search that asks about them', () => {
    const bare = prepareSearchHome({ locationId: '1-1', name: 'Bare', latitude: 52.3, longitude: -1.96 });
    expect(compileFilter(query({ acceptingToday: 'false' }), NOW)(bare)).toEqual([]);
    expect(compileFilter(query({}), NOW)(bare)).toBeUndefined();
    expect(compileFilter(query({ acceptingToday: 'false', vacancyTypes: 'ypd' }), NOW)(bare)).toBeUndefined();
    expect(compileFilter(query({ acceptingToday: 'false', contractLa: 'false' }), NOW)(bare)).toBeUndefined();
  });
});

describe('the prefilter the index tests first', () => {
  const cases: Array<Record<string, string>> = [
    {},
    { acceptingToday: 'false' },
    { acceptingToday: 'false', updatedWithin: 'any' },
    { updatedWithin: '24h' },
    { vacancyTypes: 'general-nursing,dementia-nursing' },
    { vacancyTypes: 'dementia-residential', maxWeeklyPrice: '1200' },
    { acceptingToday: 'false', vacancyTypes: 'general-residential' },
    { acceptingToday: 'false', maxWeeklyPrice: '900' },
    { stay: 'short-stay', vacancyTypes: 'discharge-to-assess' },
    { stay: 'short-stay', acceptingToday: 'false', updatedWithin: 'any' },
    { stay: 'short-stay' },
    { stay: 'short-stay', vacancyTypes: 'respite-care,rehabilitation', updatedWithin: 'any' },
    { stay: 'short-stay', maxWeeklyPrice: '900' },
    { fundingSources: 'local-authority', contractLa: 'true' },
    { ratings: 'good,outstanding' },
    { outOfHours: 'true' },
    { outOfHours: 'false', acceptingToday: 'false' },
    { contractSubIcb: 'false', updatedWithin: 'any' },
    { fundingSources: 'private,personal-health-budget', vacancyTypes: 'general-residential' },
    { languages: 'polish' },
  ];
  const bitsOf = (h: SearchHome) => ({ accepting: h.acceptingMask, offered: h.offeredMask });
  // Besides the fixtures: a home that has given no services, and one offering no long-term vacancy type.
  const bare = prepareSearchHome({ locationId: '1-1', name: 'Bare', latitude: 52.3, longitude: -1.96 });
  const withServices = homes.find((h) => h.services) as SearchHome;
  const noLongTerm = prepareSearchHome({
    ...withServices,
    locationId: '1-2',
    name: 'Short stay only',
    services: { ...(withServices.services as NonNullable<SearchHome['services']>), vacancyTypes: [] },
  });
  const checked = [...homes, bare, noLongTerm];

  it('never rules out a home the filter lets through, nor lets through, when exact, one it rules out', () => {
    let ruledOut = 0;
    let decided = 0;
    let exactCases = 0;
    for (const params of cases) {
      const filter = compileFilter(query(params), NOW);
      const pre = filter.prefilter;
      expect(pre, JSON.stringify(params)).toBeDefined();
      for (const home of checked) {
        const { accepting, offered } = bitsOf(home);
        const passes =
          (pre?.updatedSinceMs == null ||
            (home.updatedMs !== null && home.updatedMs >= pre.updatedSinceMs)) &&
          (!pre?.acceptingAny || (accepting & pre.acceptingAny) !== 0) &&
          (!pre?.offeredAny || (offered & pre.offeredAny) !== 0) &&
          (home.facets & (pre?.facetsAll ?? 0)) === (pre?.facetsAll ?? 0) &&
          (pre?.facetsAny ?? []).every((mask) => (home.facets & mask) !== 0);
        if (!passes) {
          ruledOut++;
          expect(filter(home), `${home.name} with ${JSON.stringify(params)}`).toBeUndefined();
          continue;
        }
        // Past the columns, the residual filter answers as the whole filter does.
        expect(pre?.residual(home), `${home.name} with ${JSON.stringify(params)}`).toEqual(filter(home));
        if (pre?.exact) {
          decided++;
          expect(filter(home), `${home.name} with ${JSON.stringify(params)}`).toBeDefined();
        }
      }
      if (pre?.exact) exactCases++;
    }
    // The prefilter does rule homes out, and decides some searches alone, or this test would prove nothing.
    expect(ruledOut).toBeGreaterThan(10);
    expect(exactCases).toBeGreaterThanOrEqual(4);
    expect(decided).toBeGreaterThan(5);
  });

  it('is exact only when the columns hold everything the search asks', () => {
    const exact = (params: Record<string, string>) => compileFilter(query(params), NOW).prefilter?.exact;
    expect(exact({})).toBe(true);
    expect(exact({ vacancyTypes: 'general-nursing' })).toBe(true);
    expect(exact({ acceptingToday: 'false', updatedWithin: 'any' })).toBe(true);
    expect(exact({ maxWeeklyPrice: '1200' })).toBe(false);
    expect(
      exact({ ratings: 'good', fundingSources: 'private', contractLa: 'true', outOfHours: 'true' }),
    ).toBe(true);
    expect(exact({ languages: 'polish' })).toBe(false);
    expect(exact({ notes: 'hoist' })).toBe(false);
    expect(exact({ stay: 'short-stay' })).toBe(true);
    expect(exact({ stay: 'short-stay', vacancyTypes: 'respite-care', acceptingToday: 'false' })).toBe(true);
    expect(exact({ stay: 'short-stay', maxWeeklyPrice: '900' })).toBe(false);
    expect(exact({ stay: 'short-stay', notes: 'hoist' })).toBe(false);
  });

  it('keeps one row per offered vacancy type, blank where none was entered, and the accepting ones', () => {
    for (const home of homes) {
      expect(home.offeredRows.map((r) => r.vacancyType)).toEqual([
        ...new Set(home.services?.vacancyTypes ?? []),
      ]);
      expect(home.acceptingRows.every((r) => r.vacantAccepting > 0)).toBe(true);
      expect(home.acceptingRows.length).toBe(home.offeredRows.filter((r) => r.vacantAccepting > 0).length);
    }
  });
});
