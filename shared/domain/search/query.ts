import { z } from 'zod';
import { slug } from '../authz';
import { parsePostcodeQuery } from '../geo/postcode';
import { OVERALL_RATINGS, type OverallRating } from '../registry/types';
import {
  FUNDING_SOURCE_CODES,
  type FundingSourceCode,
  SHORT_STAY_SERVICE_CODES,
  type ShortStayServiceCode,
  VACANCY_TYPE_CODES,
  type VacancyTypeCode,
} from '../vacancy/vocabulary';

/**
 * The vacancy search as a query string. Every parameter is optional but one area (postcode, la,
 * subIcb or icb); unknown parameters are refused by name so a misspelt filter never silently widens
 * a search. Lists are comma-separated (API Gateway joins repeated parameters with commas, so
 * `?vacancyTypes=a&vacancyTypes=b` means the same), which is why free-text vocabularies such as CQC
 * specialisms travel as slugs: their labels can contain commas.
 */

export const DEFAULT_RADIUS_MILES = 10;
export const MAX_RADIUS_MILES = 100;
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
/** Exports are built in one Lambda response (6 MB) and opened by people: beyond this, narrow the search. */
export const EXPORT_ROW_LIMIT = 5000;
export const MAX_TEXT_FILTER_LENGTH = 100;
const MAX_LIST_ENTRIES = 30;

export const STAYS = ['long-term', 'short-stay'] as const;
export type Stay = (typeof STAYS)[number];

export const UPDATED_WITHIN = ['24h', '7d', 'any'] as const;
export type UpdatedWithin = (typeof UPDATED_WITHIN)[number];
export const UPDATED_WITHIN_HOURS: Record<UpdatedWithin, number | null> = {
  '24h': 24,
  '7d': 24 * 7,
  any: null,
};

export const FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ExportFormat = (typeof FORMATS)[number];

/** CQC overall ratings as URL-safe codes ('requires-improvement'), and back. */
export const RATING_CODES = OVERALL_RATINGS.map((rating) => slug(rating)) as [string, ...string[]];
export function ratingCode(rating: OverallRating): string {
  return slug(rating);
}
export function ratingFromCode(code: string): OverallRating | undefined {
  return OVERALL_RATINGS.find((rating) => slug(rating) === code);
}

/** English is spoken in every home ("English included by default"): asking for it narrows nothing. */
export const DEFAULT_LANGUAGE = 'english';

export type SearchArea =
  | { kind: 'postcode'; input: string; radiusMiles: number }
  | { kind: 'la'; value: string }
  | { kind: 'subIcb'; value: string }
  | { kind: 'icb'; value: string };

export interface SearchQuery {
  area: SearchArea;
  stay: Stay;
  /** Long term: vacancy type codes; short stay: short-stay service codes. Empty: all. */
  vacancyTypes: VacancyTypeCode[] | ShortStayServiceCode[];
  /** Only homes with a bed in a matching vacancy type that can be admitted to today. */
  acceptingToday: boolean;
  ratings: OverallRating[];
  /** Lower-cased; matched within the brand or provider name. */
  brand: string | null;
  maxWeeklyPrice: number | null;
  /** Lower-cased, English removed (always spoken). Every one must be spoken. */
  languages: string[];
  /** Lower-cased words; every one must appear in the home's notes. */
  notesWords: string[];
  /** Any one of them accepted. */
  fundingSources: FundingSourceCode[];
  contractLa: boolean | null;
  contractSubIcb: boolean | null;
  /** Slugs of CQC specialisms, service user bands or regulated activities: the home must have every one. */
  specialisms: string[];
  /** Slugs of CQC service types: the home must have one of them. */
  serviceTypes: string[];
  updatedWithin: UpdatedWithin;
  outOfHours: boolean | null;
}

export interface SearchRequest {
  query: SearchQuery;
  format: ExportFormat;
  pageSize: number;
  cursor: string | null;
}

const trimmed = z.string().trim();

function list<T extends string>(field: string, allowed: readonly T[], describe: string) {
  return trimmed.transform((value, ctx): T[] => {
    const entries = splitList(value);
    if (entries.length > MAX_LIST_ENTRIES) {
      ctx.addIssue({ code: 'custom', message: `at most ${MAX_LIST_ENTRIES} values may be given` });
      return z.NEVER;
    }
    const out: T[] = [];
    for (const entry of entries) {
      const code = entry.toLowerCase() as T;
      if (!allowed.includes(code)) {
        ctx.addIssue({
          code: 'custom',
          message: `'${cut(entry)}' is not ${describe}; use one of: ${allowed.join(', ')}`,
          params: { field },
        });
        return z.NEVER;
      }
      if (!out.includes(code)) out.push(code);
    }
    return out;
  });
}

/** A list of slugs for open vocabularies (CQC specialisms, service types): shape-checked only. */
function slugList() {
  return trimmed.transform((value, ctx): string[] => {
    const entries = splitList(value);
    if (entries.length > MAX_LIST_ENTRIES) {
      ctx.addIssue({ code: 'custom', message: `at most ${MAX_LIST_ENTRIES} values may be given` });
      return z.NEVER;
    }
    const out: string[] = [];
    for (const entry of entries) {
      const code = slug(entry);
      if (code === '' || code.length > MAX_TEXT_FILTER_LENGTH) {
        ctx.addIssue({ code: 'custom', message: `'${cut(entry)}' is not a valid value` });
        return z.NEVER;
      }
      if (!out.includes(code)) out.push(code);
    }
    return out;
  });
}

const yesNo = trimmed.transform((value, ctx): boolean => {
  const v = value.toLowerCase();
  if (v === 'true' || v === 'yes') return true;
  if (v === 'false' || v === 'no') return false;
  ctx.addIssue({ code: 'custom', message: `'${cut(value)}' must be true or false` });
  return z.NEVER;
});

/** true/false, or 'any' (or blank) for "do not filter". */
const yesNoAny = trimmed.transform((value, ctx): boolean | null => {
  const v = value.toLowerCase();
  if (v === '' || v === 'any') return null;
  if (v === 'true' || v === 'yes') return true;
  if (v === 'false' || v === 'no') return false;
  ctx.addIssue({ code: 'custom', message: `'${cut(value)}' must be true, false or any` });
  return z.NEVER;
});

function number(min: number, max: number, { integer = false } = {}) {
  return trimmed.transform((value, ctx): number => {
    const n = value === '' ? Number.NaN : Number(value);
    if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) {
      ctx.addIssue({
        code: 'custom',
        message: `'${cut(value)}' is not ${integer ? 'a whole number' : 'a number'}`,
      });
      return z.NEVER;
    }
    if (n < min || n > max) {
      ctx.addIssue({ code: 'custom', message: `must be between ${min} and ${max} (got ${n})` });
      return z.NEVER;
    }
    return n;
  });
}

const text = (max: number) =>
  trimmed
    .max(max, `must be at most ${max} characters`)
    .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');

const areaText = text(MAX_TEXT_FILTER_LENGTH).min(1, 'must not be blank');

/** The raw query-string schema: strict, so an unknown (or misspelt) parameter is a 400 naming it. */
export const searchParamsSchema = z
  .strictObject({
    postcode: text(12).optional(),
    radiusMiles: number(0.1, MAX_RADIUS_MILES).optional(),
    la: areaText.optional(),
    subIcb: areaText.optional(),
    icb: areaText.optional(),
    stay: trimmed
      .toLowerCase()
      .pipe(z.enum(STAYS, { error: `must be one of: ${STAYS.join(', ')}` }))
      .optional(),
    vacancyTypes: trimmed.optional(),
    acceptingToday: yesNo.optional(),
    ratings: list('ratings', RATING_CODES, 'a CQC overall rating').optional(),
    brand: text(MAX_TEXT_FILTER_LENGTH).optional(),
    maxWeeklyPrice: number(0, 1_000_000).optional(),
    languages: trimmed.optional(),
    notes: text(MAX_TEXT_FILTER_LENGTH).optional(),
    fundingSources: list('fundingSources', FUNDING_SOURCE_CODES, 'a funding source').optional(),
    contractLa: yesNoAny.optional(),
    contractSubIcb: yesNoAny.optional(),
    specialisms: slugList().optional(),
    serviceTypes: slugList().optional(),
    updatedWithin: trimmed
      .toLowerCase()
      .pipe(z.enum(UPDATED_WITHIN, { error: `must be one of: ${UPDATED_WITHIN.join(', ')}` }))
      .optional(),
    outOfHours: yesNoAny.optional(),
    format: trimmed
      .toLowerCase()
      .pipe(z.enum(FORMATS, { error: `must be one of: ${FORMATS.join(', ')}` }))
      .optional(),
    pageSize: number(1, MAX_PAGE_SIZE, { integer: true }).optional(),
    cursor: text(2000).optional(),
  })
  .transform((p, ctx): SearchRequest => {
    const areas = (['postcode', 'la', 'subIcb', 'icb'] as const).filter(
      (name) => p[name] !== undefined && p[name] !== '',
    );
    if (areas.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['postcode'],
        message:
          areas.length === 0
            ? 'give a postcode (or outward code), or a local authority (la), sub-ICB (subIcb) or ICB (icb) to search in'
            : `search one area at a time: ${areas.join(' and ')} were both given`,
      });
      return z.NEVER;
    }
    const stay: Stay = p.stay ?? 'long-term';
    let area: SearchArea;
    if (areas[0] === 'postcode') {
      const input = p.postcode ?? '';
      if (parsePostcodeQuery(input).kind === 'invalid') {
        ctx.addIssue({
          code: 'custom',
          path: ['postcode'],
          message: `'${cut(input)}' is not a UK postcode or outward code (for example B97 9PT or B97)`,
        });
        return z.NEVER;
      }
      area = { kind: 'postcode', input, radiusMiles: p.radiusMiles ?? DEFAULT_RADIUS_MILES };
    } else {
      if (p.radiusMiles !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['radiusMiles'],
          message: 'a radius applies only to a postcode search',
        });
        return z.NEVER;
      }
      const kind = areas[0] as 'la' | 'subIcb' | 'icb';
      area = { kind, value: p[kind] ?? '' };
    }

    const vacancyTypes =
      stay === 'long-term'
        ? parseCodes(p.vacancyTypes, VACANCY_TYPE_CODES, 'a long term vacancy type', ctx)
        : parseCodes(p.vacancyTypes, SHORT_STAY_SERVICE_CODES, 'a short stay service', ctx);
    if (vacancyTypes === undefined) return z.NEVER;

    const languages = parseLanguages(p.languages, ctx);
    if (languages === undefined) return z.NEVER;

    const ratings = (p.ratings ?? []).flatMap((code) => {
      const rating = ratingFromCode(code);
      return rating ? [rating] : [];
    });

    return {
      query: {
        area,
        stay,
        vacancyTypes,
        acceptingToday: p.acceptingToday ?? true,
        ratings,
        brand: p.brand ? p.brand.toLowerCase() : null,
        maxWeeklyPrice: p.maxWeeklyPrice ?? null,
        languages,
        notesWords: words(p.notes ?? ''),
        fundingSources: p.fundingSources ?? [],
        contractLa: p.contractLa ?? null,
        contractSubIcb: p.contractSubIcb ?? null,
        specialisms: p.specialisms ?? [],
        serviceTypes: p.serviceTypes ?? [],
        updatedWithin: p.updatedWithin ?? 'any',
        outOfHours: p.outOfHours ?? null,
      },
      format: p.format ?? 'json',
      pageSize: p.pageSize ?? DEFAULT_PAGE_SIZE,
      cursor: p.cursor ? p.cursor : null,
    };
  });

function parseCodes<T extends string>(
  raw: string | undefined,
  allowed: readonly T[],
  describe: string,
  ctx: z.core.$RefinementCtx<unknown>,
): T[] | undefined {
  const out: T[] = [];
  for (const entry of splitList(raw ?? '')) {
    const code = entry.toLowerCase() as T;
    if (!allowed.includes(code)) {
      ctx.addIssue({
        code: 'custom',
        path: ['vacancyTypes'],
        message: `'${cut(entry)}' is not ${describe}; use one of: ${allowed.join(', ')}`,
      });
      return undefined;
    }
    if (!out.includes(code)) out.push(code);
  }
  return out;
}

function parseLanguages(raw: string | undefined, ctx: z.core.$RefinementCtx<unknown>): string[] | undefined {
  const out: string[] = [];
  const entries = splitList(raw ?? '');
  if (entries.length > MAX_LIST_ENTRIES) {
    ctx.addIssue({
      code: 'custom',
      path: ['languages'],
      message: `at most ${MAX_LIST_ENTRIES} values may be given`,
    });
    return undefined;
  }
  for (const entry of entries) {
    const language = normaliseLanguage(entry);
    if (language.length > 40 || /\p{Cc}/u.test(language)) {
      ctx.addIssue({
        code: 'custom',
        path: ['languages'],
        message: `'${cut(entry)}' is not a language name`,
      });
      return undefined;
    }
    if (language !== DEFAULT_LANGUAGE && !out.includes(language)) out.push(language);
  }
  return out;
}

/** The form homes' languages are compared in: trimmed, spaces collapsed, lower case. */
export function normaliseLanguage(language: string): string {
  return language.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('en-GB');
}

/** Words of a notes filter: lower case, split on anything that is not a letter or digit. */
export function words(input: string): string[] {
  const out: string[] = [];
  for (const word of input
    .normalize('NFC')
    .toLocaleLowerCase('en-GB')
    .split(/[^\p{L}\p{N}]+/u)) {
    if (word !== '' && !out.includes(word)) out.push(word);
  }
  return out;
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

function cut(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}
