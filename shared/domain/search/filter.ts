import type { BedStateRow } from '../vacancy';
import { SHORT_STAY_SERVICE_CODES, VACANCY_TYPE_CODES } from '../vacancy/vocabulary';
import type { SearchHome } from './home';
import { areaKey, FACET_BITS, vacancyTypeBit } from './home';
import { type SearchArea, type SearchQuery, UPDATED_WITHIN_HOURS } from './query';

/**
 * The filters of a search, compiled once per search into one predicate. It answers with the rows
 * (vacancy types) that made the home match, or undefined when the home is out.
 *
 * Semantics, as the search form explains them:
 * - within a list of options (vacancy types, ratings, funding sources, service types), any one will do;
 * - requirements (languages, words in notes, specialisms) must all be met;
 * - "accepting admission today" and "maximum weekly price" apply per vacancy type: the home matches
 *   when one vacancy type of the ones asked for has a bed to admit to today at or under the price;
 * - facts a home has never given (no services offered yet, never updated) never satisfy a filter that
 *   asks about them, but do not exclude the home from a search that does not.
 */
export type HomeFilter = ((home: SearchHome) => BedStateRow[] | undefined) & {
  /** Conditions the filter implies, for the index to test on its own columns first (0/null: none). */
  prefilter?: Prefilter;
};

/**
 * Necessary conditions of a compiled filter, each over a number the index keeps beside a home's
 * coordinates (SearchIndex's cell columns): a home failing one cannot match, so the index skips it
 * without reading the home object. A home passing them all still goes through the filter itself.
 */
export interface Prefilter {
  /** Updated at or after this instant (ms). */
  updatedSinceMs: number | null;
  /** At least one of these vacancy-type bits has a bed accepting admissions today (acceptingMask). */
  acceptingAny: number;
  /** At least one of these vacancy-type bits is offered (offeredMask). */
  offeredAny: number;
  /** Every one of these facet bits is set (SearchHome.facets). */
  facetsAll: number;
  /** For each of these masks, at least one of its facet bits is set. */
  facetsAny: readonly number[];
  /**
   * The conditions are also sufficient: a home passing them matches (the search asks nothing the
   * columns do not hold), so the index counts it without calling the filter, and calls the filter
   * only for the rows of the homes on the page.
   */
  exact: boolean;
  /**
   * The filter for a home whose columns passed these conditions: the same answer as the filter, without
   * the checks the columns have made.
   */
  residual: (home: SearchHome) => BedStateRow[] | undefined;
}

const HOUR_MS = 3_600_000;

export function compileFilter(query: SearchQuery, nowMs: number): HomeFilter {
  // Checks whose conditions the index's columns also hold (as facet bits, or updatedMs), and the rest.
  const columnHeld: Array<(home: SearchHome) => boolean> = [];
  const others: Array<(home: SearchHome) => boolean> = [];
  let facetsAll = 0;
  const facetsAny: number[] = [];

  const withinHours = UPDATED_WITHIN_HOURS[query.updatedWithin];
  const since = withinHours === null ? null : nowMs - withinHours * HOUR_MS;
  if (since !== null) columnHeld.push((h) => h.updatedMs !== null && h.updatedMs >= since);
  if (query.outOfHours !== null) {
    const wanted = query.outOfHours;
    columnHeld.push((h) => h.outOfHoursAdmissions === wanted);
    facetsAll |= FACET_BITS.outOfHours(wanted);
  }
  if (query.ratings.length > 0) {
    const ratings = new Set<string>(query.ratings);
    columnHeld.push((h) => ratings.has(h.rating));
    facetsAny.push(query.ratings.reduce((bits, rating) => bits | FACET_BITS.rating(rating), 0));
  }
  if (query.brand !== null) {
    const brand = query.brand;
    others.push((h) => h.brandText.includes(brand));
  }
  if (query.fundingSources.length > 0) {
    const wanted = query.fundingSources;
    columnHeld.push((h) => wanted.some((code) => h.fundingSet.has(code)));
    facetsAny.push(wanted.reduce((bits, code) => bits | FACET_BITS.funding(code), 0));
  }
  if (query.contractLa !== null) {
    const wanted = query.contractLa;
    columnHeld.push((h) => !!h.services && h.services.contracts.localAuthority === wanted);
    facetsAll |= FACET_BITS.contractLa(wanted);
  }
  if (query.contractSubIcb !== null) {
    const wanted = query.contractSubIcb;
    columnHeld.push((h) => !!h.services && h.services.contracts.subIcb === wanted);
    facetsAll |= FACET_BITS.contractSubIcb(wanted);
  }
  if (query.languages.length > 0) {
    const wanted = query.languages;
    others.push((h) => wanted.every((language) => h.languageSet.has(language)));
  }
  if (query.notesWords.length > 0) {
    const wanted = query.notesWords;
    others.push((h) => wanted.every((word) => h.notesText.includes(word)));
  }
  if (query.specialisms.length > 0) {
    const wanted = query.specialisms;
    others.push((h) => wanted.every((s) => h.specialismSlugs.has(s)));
  }
  if (query.serviceTypes.length > 0) {
    const wanted = query.serviceTypes;
    others.push((h) => wanted.some((s) => h.serviceTypeSlugs.has(s)));
  }

  if (query.stay === 'short-stay') {
    // shortStayRows as columns: one of the services asked for (any, if none named) is offered, and,
    // accepting today, some row has a bed to admit to.
    const codes = query.vacancyTypes.length > 0 ? query.vacancyTypes : SHORT_STAY_SERVICE_CODES;
    facetsAny.push(codes.reduce((bits, code) => bits | FACET_BITS.shortStay(code), 0));
    if (query.acceptingToday) facetsAll |= FACET_BITS.anyRowAccepting;
  }

  if (query.stay === 'long-term' && query.vacancyTypes.length === 0 && !rowTest(query)) {
    // longTermRows with neither vacancy types nor a row test: homes with no services yet, or offering one.
    facetsAll |= FACET_BITS.longTermListed;
  }

  const rowsOf = query.stay === 'long-term' ? longTermRows(query) : shortStayRows(query);
  const checks = [...columnHeld, ...others];
  const filter: HomeFilter = (home) => {
    for (const check of checks) if (!check(home)) return undefined;
    return rowsOf(home);
  };
  // For a home that passed the prefilter: the checks the columns have already made are skipped.
  const residual = (home: SearchHome) => {
    for (const check of others) if (!check(home)) return undefined;
    return rowsOf(home);
  };
  // Exact only when every check is one the columns hold.
  filter.prefilter = { ...prefilterOf(query, since, others.length === 0), facetsAll, facetsAny, residual };
  return filter;
}

function selectedBits(query: SearchQuery): number {
  let bits = 0;
  for (const code of query.vacancyTypes.length > 0 ? query.vacancyTypes : VACANCY_TYPE_CODES) {
    bits |= vacancyTypeBit(code);
  }
  return bits;
}

/** What compileFilter's predicate implies; kept beside it so the two cannot drift apart unnoticed (tests). */
function prefilterOf(
  query: SearchQuery,
  updatedSinceMs: number | null,
  allInColumns: boolean,
): Omit<Prefilter, 'facetsAll' | 'facetsAny' | 'residual'> {
  if (query.stay !== 'long-term') {
    // shortStayRows: the facets hold the services and "a row accepting today"; a price needs the rows.
    return {
      updatedSinceMs,
      acceptingAny: 0,
      offeredAny: 0,
      exact: allInColumns && query.maxWeeklyPrice === null,
    };
  }
  const selected = selectedBits(query);
  const narrowedOrTested = query.vacancyTypes.length > 0 || !!rowTest(query);
  return {
    updatedSinceMs,
    acceptingAny: query.acceptingToday ? selected : 0,
    offeredAny: narrowedOrTested ? selected : 0,
    // longTermRows: with vacancy types or a row test, a home matches exactly when one selected type is
    // offered (and, accepting today, has a bed to admit to); with neither, when the longTermListed
    // facet says so. A price needs the rows themselves.
    exact: allInColumns && query.maxWeeklyPrice === null,
  };
}

type RowSelector = (home: SearchHome) => BedStateRow[] | undefined;

function rowTest(query: SearchQuery): ((row: BedStateRow) => boolean) | undefined {
  const accepting = query.acceptingToday;
  const max = query.maxWeeklyPrice;
  if (!accepting && max === null) return undefined;
  return (row) =>
    (!accepting || row.vacantAccepting > 0) &&
    (max === null || (row.weeklyPriceFrom !== null && row.weeklyPriceFrom <= max));
}

function longTermRows(query: SearchQuery): RowSelector {
  const narrowed = query.vacancyTypes.length > 0;
  const selected = selectedBits(query);
  const test = rowTest(query);
  const accepting = query.acceptingToday;
  const max = query.maxWeeklyPrice;
  return (home) => {
    if (!home.services) return narrowed || test ? undefined : [];
    const offered = home.offeredMask & selected;
    if (offered === 0) return undefined;
    // Every offered row is wanted as it is: the home's own table, shared, no allocation.
    if (!test && offered === home.offeredMask) return home.offeredRows as BedStateRow[];
    if (accepting) {
      const open = home.acceptingMask & selected;
      if (open === 0) return undefined;
      if (max === null && open === home.acceptingMask) return home.acceptingRows as BedStateRow[];
    }
    let out: BedStateRow[] | undefined;
    for (const row of home.offeredRows) {
      if ((vacancyTypeBit(row.vacancyType) & selected) === 0) continue;
      if (test && !test(row)) continue;
      out ??= [];
      out.push(row);
    }
    return out;
  };
}

function shortStayRows(query: SearchQuery): RowSelector {
  const wanted = query.vacancyTypes as readonly string[];
  const test = rowTest(query);
  return (home) => {
    const services = home.services;
    if (!services || services.shortStayNone || services.shortStayServices.length === 0) return undefined;
    if (
      wanted.length > 0 &&
      !wanted.some((code) => (services.shortStayServices as string[]).includes(code))
    ) {
      return undefined;
    }
    if (!test) return home.rows;
    const out = home.rows.filter(test);
    return out.length > 0 ? out : undefined;
  };
}

/** Whether a home lies in a named area (la / subIcb / icb searches). */
export function inArea(home: SearchHome, area: Exclude<SearchArea, { kind: 'postcode' }>): boolean {
  const key = areaKey(area.value);
  switch (area.kind) {
    case 'la':
      return home.laSlug === key;
    case 'subIcb':
      return home.subIcbKeys.includes(key);
    case 'icb':
      return home.icbKeys.includes(key);
    default: {
      const never: never = area;
      return never;
    }
  }
}
