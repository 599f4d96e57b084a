import type { BedStateRow, VacancyTypeCode } from '../vacancy';
import { VACANCY_TYPE_CODES } from '../vacancy/vocabulary';
import type { SearchHome } from './home';
import { areaKey } from './home';
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
export type HomeFilter = (home: SearchHome) => BedStateRow[] | undefined;

const HOUR_MS = 3_600_000;

export function compileFilter(query: SearchQuery, nowMs: number): HomeFilter {
  const checks: Array<(home: SearchHome) => boolean> = [];

  const withinHours = UPDATED_WITHIN_HOURS[query.updatedWithin];
  if (withinHours !== null) {
    const since = nowMs - withinHours * HOUR_MS;
    checks.push((h) => h.updatedMs !== null && h.updatedMs >= since);
  }
  if (query.outOfHours !== null) {
    const wanted = query.outOfHours;
    checks.push((h) => h.outOfHoursAdmissions === wanted);
  }
  if (query.ratings.length > 0) {
    const ratings = new Set<string>(query.ratings);
    checks.push((h) => ratings.has(h.rating));
  }
  if (query.brand !== null) {
    const brand = query.brand;
    checks.push((h) => h.brandText.includes(brand));
  }
  if (query.fundingSources.length > 0) {
    const wanted = query.fundingSources;
    checks.push((h) => wanted.some((code) => h.fundingSet.has(code)));
  }
  if (query.contractLa !== null) {
    const wanted = query.contractLa;
    checks.push((h) => !!h.services && h.services.contracts.localAuthority === wanted);
  }
  if (query.contractSubIcb !== null) {
    const wanted = query.contractSubIcb;
    checks.push((h) => !!h.services && h.services.contracts.subIcb === wanted);
  }
  if (query.languages.length > 0) {
    const wanted = query.languages;
    checks.push((h) => wanted.every((language) => h.languageSet.has(language)));
  }
  if (query.notesWords.length > 0) {
    const wanted = query.notesWords;
    checks.push((h) => wanted.every((word) => h.notesText.includes(word)));
  }
  if (query.specialisms.length > 0) {
    const wanted = query.specialisms;
    checks.push((h) => wanted.every((s) => h.specialismSlugs.has(s)));
  }
  if (query.serviceTypes.length > 0) {
    const wanted = query.serviceTypes;
    checks.push((h) => wanted.some((s) => h.serviceTypeSlugs.has(s)));
  }

  const rowsOf = query.stay === 'long-term' ? longTermRows(query) : shortStayRows(query);
  return (home) => {
    for (const check of checks) if (!check(home)) return undefined;
    return rowsOf(home);
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
  const selected = new Set<string>(query.vacancyTypes.length > 0 ? query.vacancyTypes : VACANCY_TYPE_CODES);
  const narrowed = query.vacancyTypes.length > 0;
  const test = rowTest(query);
  return (home) => {
    if (!home.services) return narrowed || test ? undefined : [];
    let out: BedStateRow[] | undefined;
    for (const type of home.services.vacancyTypes) {
      if (!selected.has(type)) continue;
      const row = rowOf(home.rows, type) ?? blankRow(type);
      if (test && !test(row)) continue;
      out ??= [];
      out.push(row);
    }
    return out;
  };
}

/** Rows are at most ten: a scan beats building a map for every home on every search. */
function rowOf(rows: readonly BedStateRow[], type: VacancyTypeCode): BedStateRow | undefined {
  for (const row of rows) if (row.vacancyType === type) return row;
  return undefined;
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

function blankRow(vacancyType: VacancyTypeCode): BedStateRow {
  return {
    vacancyType,
    weeklyPriceFrom: null,
    maximumCapacity: 0,
    occupied: 0,
    vacantReserved: 0,
    vacantAccepting: 0,
    vacantNotAvailable: 0,
    notAvailableReason: null,
    flexible: false,
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
