import { OVERALL_RATINGS } from '../../../../shared/domain/registry/types';
import type { SearchResult } from '../../../../shared/domain/search/result';
import {
  FUNDING_SOURCES,
  SHORT_STAY_SERVICES,
  VACANCY_TYPES,
} from '../../../../shared/domain/vacancy/vocabulary';
import type { QueryValue } from '../../api';

/** What the search form holds; remembered for the browser tab (sessionStorage) between searches. */
export interface SearchForm {
  by: 'postcode' | 'la' | 'subIcb' | 'icb';
  postcode: string;
  radiusMiles: string;
  la: string;
  subIcb: string;
  icb: string;
  stay: 'long-term' | 'short-stay';
  acceptingToday: 'true' | 'false';
  vacancyTypes: string[];
  ratings: string[];
  brand: string;
  maxWeeklyPrice: string;
  languages: string;
  notes: string;
  fundingSources: string[];
  contractLa: 'any' | 'true' | 'false';
  contractSubIcb: 'any' | 'true' | 'false';
  specialisms: string[];
  serviceTypes: string[];
  updatedWithin: 'any' | '7d' | '24h';
  outOfHours: 'any' | 'true' | 'false';
}

/** The defaults of the national service's search page: long term, accepting today, updated in the last 7 days. */
export const DEFAULT_FORM: SearchForm = {
  by: 'postcode',
  postcode: '',
  radiusMiles: '10',
  la: '',
  subIcb: '',
  icb: '',
  stay: 'long-term',
  acceptingToday: 'true',
  vacancyTypes: [],
  ratings: [],
  brand: '',
  maxWeeklyPrice: '',
  languages: '',
  notes: '',
  fundingSources: [],
  contractLa: 'any',
  contractSubIcb: 'any',
  specialisms: [],
  serviceTypes: [],
  updatedWithin: '7d',
  outOfHours: 'any',
};

export const RADII = ['5', '10', '15', '20', '30', '50', '75', '100'];

export const RATING_OPTIONS = OVERALL_RATINGS.map((label) => ({
  code: label.toLowerCase().replace(/\s+/g, '-'),
  label,
}));

export const LONG_TERM_OPTIONS = VACANCY_TYPES.map((t) => ({ code: t.code, label: t.label }));
export const SHORT_STAY_OPTIONS = SHORT_STAY_SERVICES.map((t) => ({ code: t.code, label: t.label }));
export const FUNDING_OPTIONS = FUNDING_SOURCES.map((t) => ({ code: t.code, label: t.label }));

const STORAGE_KEY = 'cct.search.form.v1';
const LAST_SEARCH_KEY = 'cct.search.last.v1';

export function loadForm(): SearchForm {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return DEFAULT_FORM;
    const stored = JSON.parse(raw) as Partial<SearchForm>;
    // Only known fields, with the right types: a stale shape from an older release falls back to defaults.
    const out: SearchForm = { ...DEFAULT_FORM };
    for (const key of Object.keys(DEFAULT_FORM) as Array<keyof SearchForm>) {
      const value = stored[key];
      if (value === undefined || typeof value !== typeof DEFAULT_FORM[key]) continue;
      if (
        Array.isArray(DEFAULT_FORM[key]) &&
        !(Array.isArray(value) && value.every((v) => typeof v === 'string'))
      )
        continue;
      (out as unknown as Record<string, unknown>)[key] = value;
    }
    return out;
  } catch {
    return DEFAULT_FORM;
  }
}

export function saveForm(form: SearchForm): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(form));
  } catch {
    // Private browsing can refuse storage: the form still works, it just is not remembered.
  }
}

export function loadLastSearch(): Record<string, string> | undefined {
  try {
    const raw = sessionStorage.getItem(LAST_SEARCH_KEY);
    return raw ? (JSON.parse(raw) as Record<string, string>) : undefined;
  } catch {
    return undefined;
  }
}

export function saveLastSearch(query: Record<string, string>): void {
  try {
    sessionStorage.setItem(LAST_SEARCH_KEY, JSON.stringify(query));
  } catch {
    // see saveForm
  }
}

/** The query string parameters of GET /api/search/vacancies for a form (blank filters left out). */
export function toQuery(form: SearchForm): Record<string, string> {
  const q: Record<string, string> = {};
  if (form.by === 'postcode') {
    q.postcode = form.postcode.trim();
    q.radiusMiles = form.radiusMiles;
  } else {
    q[form.by] = form[form.by];
  }
  q.stay = form.stay;
  q.acceptingToday = form.acceptingToday;
  q.updatedWithin = form.updatedWithin;
  const list = (name: string, values: string[]) => {
    if (values.length > 0) q[name] = values.join(',');
  };
  const text = (name: string, value: string) => {
    if (value.trim() !== '') q[name] = value.trim();
  };
  list('vacancyTypes', form.vacancyTypes);
  list('ratings', form.ratings);
  list('fundingSources', form.fundingSources);
  list('specialisms', form.specialisms);
  list('serviceTypes', form.serviceTypes);
  text('brand', form.brand);
  text('maxWeeklyPrice', form.maxWeeklyPrice);
  text('languages', form.languages);
  text('notes', form.notes);
  if (form.contractLa !== 'any') q.contractLa = form.contractLa;
  if (form.contractSubIcb !== 'any') q.contractSubIcb = form.contractSubIcb;
  if (form.outOfHours !== 'any') q.outOfHours = form.outOfHours;
  return q;
}

export type { SearchResult };

export interface SearchPage {
  searchedFrom:
    | {
        kind: 'postcode';
        postcode: string;
        precision: 'postcode' | 'outcode';
        lat: number;
        lon: number;
        radiusMiles: number;
      }
    | { kind: 'la' | 'subIcb' | 'icb'; value: string };
  sort: 'distance' | 'freshness';
  total: number;
  results: SearchResult[];
  nextCursor: string | null;
  itemsRead: number;
}

export interface SearchOptions {
  localAuthorities: string[];
  subIcbs: Array<{ code: string | null; name: string | null }>;
  icbs: Array<{ code: string | null; name: string | null }>;
  specialisms: Array<{ code: string; label: string }>;
  serviceTypes: Array<{ code: string; label: string }>;
}

export const searchPaths = {
  vacancies: '/search/vacancies',
  options: '/search/options',
  boundaries: '/search/boundaries',
};

export function withCursor(query: Record<string, string>, cursor: string | null): Record<string, QueryValue> {
  return cursor ? { ...query, cursor } : { ...query };
}

/** Where a field error from the API belongs on the form (the id of its first input). */
export function inputFor(field: string, form: SearchForm): string | undefined {
  switch (field) {
    case 'postcode':
      return form.by === 'postcode' ? 'search-postcode' : `search-${form.by}`;
    case 'radiusMiles':
      return 'search-radius';
    case 'la':
      return 'search-la';
    case 'subIcb':
      return 'search-subIcb';
    case 'icb':
      return 'search-icb';
    case 'vacancyTypes':
      return 'search-vacancy-types';
    case 'maxWeeklyPrice':
      return 'search-max-price';
    case 'brand':
      return 'search-brand';
    case 'languages':
      return 'search-languages';
    case 'notes':
      return 'search-notes';
    default:
      return undefined;
  }
}
