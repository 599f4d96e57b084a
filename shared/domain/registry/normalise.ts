import type { OverallRating } from './types';

/** Lower-case letters and digits only: how headers and vocabulary are compared. */
export function squashKey(value: string): string {
  // NFKD (so 'é' compares as 'e') is slow; most text is plain ASCII and does not need it.
  const ascii = /^[\x20-\x7e]*$/.test(value) ? value : value.normalize('NFKD');
  return ascii.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const MISSING = new Set(['', '-', '--', 'n/a', 'na', 'null', 'none', 'not applicable', '#n/a']);

/** Blank, '-', 'N/A' and the like: how CQC files say "no value". */
export function isMissing(value: string | null | undefined): boolean {
  if (value === null || value === undefined) return true;
  // Longer than the longest marker ('not applicable'), even with some padding: real data.
  if (value.length > 20) return false;
  return MISSING.has(value.trim().toLowerCase());
}

const NEEDS_COLLAPSE = /^\s|\s$|\s\s|[\t\n\r\f\v\u00a0]/;

/** Trimmed text with whitespace (including line breaks and NBSP) collapsed; undefined when missing. */
export function cleanText(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const collapsed = NEEDS_COLLAPSE.test(value) ? value.replace(/[\s\u00a0]+/g, ' ').trim() : value;
  return isMissing(collapsed) ? undefined : collapsed;
}

// ---------------------------------------------------------------------------------------------
// Dates

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

function monthFromName(name: string): number | undefined {
  const lower = name.toLowerCase();
  return MONTHS[lower] ?? MONTHS[lower.slice(0, 3)];
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isoFromParts(year: number, month: number, day: number): string | undefined {
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return undefined;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const monthDays = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  if (day > monthDays) return undefined;
  return `${year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

function fullYear(year: string): number {
  const n = Number(year);
  if (year.length === 4) return n;
  // Two-digit years in CQC files are registration and report dates: none is in the future.
  const thisYear = new Date().getUTCFullYear() % 100;
  return n <= thisYear + 1 ? 2000 + n : 1900 + n;
}

const ISO_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const YMD_SLASH_RE = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:\s.*)?$/;
const NUMERIC_RE =
  /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp]\.?[Mm]\.?)?)?$/;
const DAY_MONTH_NAME_RE = /^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([A-Za-z]{3,9})\.?,?[\s-]+(\d{4}|\d{2})$/;
const MONTH_NAME_DAY_RE = /^([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/;
const EXCEL_SERIAL_RE = /^\d{5}(?:\.\d+)?$/;

export interface DateOptions {
  /**
   * How to read an ambiguous numeric date like 03/04/2021. Default: day first (UK), except when the
   * value carries an AM/PM time, which is how CQC's US-style exports ('6/26/2025 12:00:00 AM') look.
   */
  dayFirst?: boolean;
}

/**
 * CQC dates in any of the shapes they are published in, as ISO yyyy-mm-dd: '2021-12-10',
 * '2021-12-10T00:00:00Z', '6/26/2025 12:00:00 AM', '26/06/2025', '26-Jun-25', '26 June 2025',
 * 'June 26, 2025', an Excel serial day number (45834). Undefined when missing or unreadable
 * (use `isMissing` to tell the two apart).
 */
export function parseCqcDate(
  value: string | null | undefined,
  options: DateOptions = {},
): string | undefined {
  const text = cleanText(value);
  if (!text) return undefined;
  let m = ISO_RE.exec(text) ?? YMD_SLASH_RE.exec(text);
  if (m) return isoFromParts(Number(m[1]), Number(m[2]), Number(m[3]));
  m = NUMERIC_RE.exec(text);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const year = fullYear(m[3] ?? '');
    let dayFirst = options.dayFirst ?? m[7] === undefined;
    if (a > 12 && b <= 12) dayFirst = true;
    else if (b > 12 && a <= 12) dayFirst = false;
    return dayFirst ? isoFromParts(year, b, a) : isoFromParts(year, a, b);
  }
  m = DAY_MONTH_NAME_RE.exec(text);
  if (m) {
    const month = monthFromName(m[2] ?? '');
    return month ? isoFromParts(fullYear(m[3] ?? ''), month, Number(m[1])) : undefined;
  }
  m = MONTH_NAME_DAY_RE.exec(text);
  if (m) {
    const month = monthFromName(m[1] ?? '');
    return month ? isoFromParts(Number(m[3]), month, Number(m[2])) : undefined;
  }
  if (EXCEL_SERIAL_RE.test(text)) {
    const serial = Math.floor(Number(text));
    // Spreadsheet day numbers for 1954-2119; anything else is not a date column value.
    if (serial < 20_000 || serial > 80_000) return undefined;
    return new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Ratings, numbers, flags

const RATINGS: ReadonlyMap<string, OverallRating> = new Map<string, OverallRating>([
  ['outstanding', 'Outstanding'],
  ['good', 'Good'],
  ['requiresimprovement', 'Requires improvement'],
  ['inadequate', 'Inadequate'],
  ['notyetrated', 'Not yet rated'],
  ['nopublishedrating', 'Not yet rated'],
  ['inspectedbutnotrated', 'Not yet rated'],
  ['notrated', 'Not yet rated'],
  ['unrated', 'Not yet rated'],
]);

/**
 * One spelling per CQC overall rating. A missing value is 'Not yet rated' (the rating field exists
 * but is blank); undefined means the text is not a rating at all.
 */
export function normaliseRating(value: string | null | undefined): OverallRating | undefined {
  const text = cleanText(value);
  if (!text) return 'Not yet rated';
  return RATINGS.get(squashKey(text));
}

export type WholeNumberResult = { kind: 'missing' } | { kind: 'ok'; value: number } | { kind: 'invalid' };

/** A non-negative whole number such as a bed count: '12', ' 12 ', '12.0', '1,200'. */
export function parseWholeNumber(value: string | number | null | undefined): WholeNumberResult {
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 0 ? { kind: 'ok', value } : { kind: 'invalid' };
  }
  const text = cleanText(value);
  if (!text) return { kind: 'missing' };
  if (!/^\d{1,3}(?:,?\d{3})*(?:\.0+)?$/.test(text)) return { kind: 'invalid' };
  const n = Number(text.replace(/,/g, ''));
  return Number.isSafeInteger(n) ? { kind: 'ok', value: n } : { kind: 'invalid' };
}

const YES = new Set(['y', 'yes', 'true', '1', 'x']);
const NO = new Set(['n', 'no', 'false', '0']);

/** 'Y'/'Yes'/'TRUE'/'1' -> true, 'N'/'No'/'FALSE'/'0' -> false, anything else undefined. */
export function parseYesNo(value: string | null | undefined): boolean | undefined {
  // The one-hot columns of the HSCA file are almost all '' or 'Y': answer those without work.
  if (value === '' || value === null || value === undefined) return undefined;
  if (value === 'Y') return true;
  if (value === 'N') return false;
  const text = cleanText(value)?.toLowerCase();
  if (text === undefined) return undefined;
  if (YES.has(text)) return true;
  if (NO.has(text)) return false;
  return undefined;
}

export function parseCoordinate(value: string | number | null | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  const text = cleanText(value);
  if (!text || !/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}

// ---------------------------------------------------------------------------------------------
// Names, brands, phones, addresses

/** CQC publishes brands as 'BRAND Voyage'; the prefix is a label, not part of the name. */
export function normaliseBrand(value: string | null | undefined): string | undefined {
  const text = cleanText(value);
  if (!text) return undefined;
  const stripped = text.replace(/^brand\s*[:-]?\s+/i, '').trim();
  return stripped || undefined;
}

/**
 * Phone numbers as digits (and a leading +). Spreadsheet round-trips turn '01452 471471' into the
 * number 1452471471, dropping the leading zero; a 10-digit number not starting with 0 gets it back.
 */
export function normalisePhone(value: string | null | undefined): string | undefined {
  const text = cleanText(value);
  if (!text) return undefined;
  const compact = text.replace(/[\s().-]/g, '');
  if (!/^\+?\d{6,15}$/.test(compact)) return text;
  if (/^[1-9]\d{9}$/.test(compact)) return `0${compact}`;
  return compact;
}

/** Address parts joined with ', ', line breaks inside a part treated as separators, repeats dropped. */
export function joinAddress(parts: readonly (string | null | undefined)[]): string {
  const out: string[] = [];
  for (const part of parts) {
    if (part === null || part === undefined) continue;
    for (const piece of part.split(/\s*[\r\n]+\s*/)) {
      const text = cleanText(piece)?.replace(/,+$/, '').trim();
      if (!text) continue;
      if (out.some((existing) => existing.toLowerCase() === text.toLowerCase())) continue;
      out.push(text);
    }
  }
  return out.join(', ');
}

// ---------------------------------------------------------------------------------------------
// Vocabulary: service types, specialisms, regulated activities

/** Regulated activities as CQC names them in the HSCA file. */
export const REGULATED_ACTIVITIES = [
  'Accommodation for persons who require nursing or personal care',
  'Accommodation for persons who require treatment for substance misuse',
  'Assessment or medical treatment for persons detained under the Mental Health Act 1983',
  'Diagnostic and screening procedures',
  'Family planning services',
  'Management of supply of blood and blood derived products',
  'Maternity and midwifery services',
  'Nursing care',
  'Personal care',
  'Surgical procedures',
  'Termination of pregnancies',
  'Transport services, triage and medical advice provided remotely',
  'Treatment of disease, disorder or injury',
] as const;

const REGULATED_ACTIVITY_KEYS: ReadonlyMap<string, string> = new Map<string, string>([
  ...REGULATED_ACTIVITIES.map((name): [string, string] => [squashKey(name), name]),
  ['familyplanning', 'Family planning services'],
  [
    'assessmentormedicaltreatmentforpersonsdetainedunderthe1983act',
    'Assessment or medical treatment for persons detained under the Mental Health Act 1983',
  ],
  ['transportservices', 'Transport services, triage and medical advice provided remotely'],
]);

/** The canonical regulated activity for this text, or undefined if it is not one. */
export const regulatedActivityName: (value: string) => string | undefined = memo((value) =>
  REGULATED_ACTIVITY_KEYS.get(squashKey(value)),
);

export const CARE_HOME_WITH_NURSING = 'Care home service with nursing';
export const CARE_HOME_WITHOUT_NURSING = 'Care home service without nursing';

/* The care directory and the API's short names ('Nursing homes') next to the HSCA long form. */
const SERVICE_TYPES: ReadonlyMap<string, string> = new Map<string, string>([
  ['nursinghomes', CARE_HOME_WITH_NURSING],
  ['nursinghome', CARE_HOME_WITH_NURSING],
  ['carehomeservicewithnursing', CARE_HOME_WITH_NURSING],
  ['carehomewithnursing', CARE_HOME_WITH_NURSING],
  ['residentialhomes', CARE_HOME_WITHOUT_NURSING],
  ['residentialhome', CARE_HOME_WITHOUT_NURSING],
  ['carehomeservicewithoutnursing', CARE_HOME_WITHOUT_NURSING],
  ['carehomewithoutnursing', CARE_HOME_WITHOUT_NURSING],
  ['homecareagencies', 'Domiciliary care service'],
  ['domiciliarycareservice', 'Domiciliary care service'],
  ['domiciliarycare', 'Domiciliary care service'],
  ['supportedliving', 'Supported living service'],
  ['supportedlivingservice', 'Supported living service'],
  ['extracarehousingservices', 'Extra Care housing services'],
  ['extracarehousing', 'Extra Care housing services'],
  ['sharedlives', 'Shared Lives'],
  ['hospice', 'Hospice services'],
  ['hospiceservices', 'Hospice services'],
  ['homehospicecare', 'Hospice services at home'],
  ['hospiceservicesathome', 'Hospice services at home'],
  ['dentist', 'Dental service'],
  ['dentalservice', 'Dental service'],
]);

/** Memoise a vocabulary lookup: the same few hundred strings recur on every row. */
function memo(fn: (value: string) => string | undefined): (value: string) => string | undefined {
  const cache = new Map<string, string | undefined>();
  return (value) => {
    if (cache.has(value)) return cache.get(value);
    const result = fn(value);
    if (cache.size < 5000) cache.set(value, result);
    return result;
  };
}

export const canonicalServiceType: (value: string) => string | undefined = memo((value) => {
  const text = cleanText(value);
  if (!text) return undefined;
  return SERVICE_TYPES.get(squashKey(text)) ?? text;
});

/** Whether a canonical service type is a care home service (with or without nursing). */
export function isCareHomeServiceType(serviceType: string): boolean {
  return serviceType === CARE_HOME_WITH_NURSING || serviceType === CARE_HOME_WITHOUT_NURSING;
}

/* Service user bands (HSCA one-hot columns, ASC 'Service users supported') and API/directory specialisms. */
const SPECIALISMS: ReadonlyMap<string, string> = new Map<string, string>([
  ['caringforadultsover65yrs', 'Caring for adults over 65 yrs'],
  ['olderpeople', 'Caring for adults over 65 yrs'],
  ['adultsover65', 'Caring for adults over 65 yrs'],
  ['caringforadultsunder65yrs', 'Caring for adults under 65 yrs'],
  ['youngeradults', 'Caring for adults under 65 yrs'],
  ['adultsunder65', 'Caring for adults under 65 yrs'],
  ['caringforchildren', 'Caring for children'],
  ['caringforchildren018yrs', 'Caring for children'],
  ['children018years', 'Caring for children'],
  ['children018yrs', 'Caring for children'],
  ['dementia', 'Dementia'],
  ['learningdisabilities', 'Learning disabilities'],
  ['learningdisability', 'Learning disabilities'],
  ['learningdisabilitiesorautisticspectrumdisorder', 'Learning disabilities'],
  ['learningdisabilitiesandautism', 'Learning disabilities'],
  ['mentalhealthconditions', 'Mental health conditions'],
  ['mentalhealth', 'Mental health conditions'],
  ['physicaldisabilities', 'Physical disabilities'],
  ['physicaldisability', 'Physical disabilities'],
  ['sensoryimpairment', 'Sensory impairment'],
  ['sensoryimpairments', 'Sensory impairment'],
  ['substancemisuseproblems', 'Substance misuse problems'],
  ['peoplewhomisusedrugsandalcohol', 'Substance misuse problems'],
  ['eatingdisorders', 'Eating disorders'],
  ['peoplewithaneatingdisorder', 'Eating disorders'],
  [
    'caringforpeoplewhoserightsarerestrictedunderthementalhealthact',
    'Caring for people whose rights are restricted under the Mental Health Act',
  ],
  [
    'peopledetainedunderthementalhealthact',
    'Caring for people whose rights are restricted under the Mental Health Act',
  ],
  ['wholepopulation', 'Services for everyone'],
  ['servicesforeveryone', 'Services for everyone'],
]);

export const canonicalSpecialism: (value: string) => string | undefined = memo((value) => {
  const text = cleanText(value);
  if (!text) return undefined;
  return SPECIALISMS.get(squashKey(text)) ?? text;
});

/* Vocabulary items that contain a comma, so a comma-separated list must not be split inside them. */
const COMMA_PHRASES = [
  'Treatment of disease, disorder or injury',
  'Transport services, triage and medical advice provided remotely',
];
const COMMA_PHRASE_RES = COMMA_PHRASES.map(
  (phrase) => new RegExp(phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/,\s*/g, ',\\s*'), 'gi'),
);

/**
 * Split a CQC list cell ('Dementia, Physical disabilities' or 'Dementia,Physical disabilities')
 * on commas and semicolons, keeping known items that contain a comma whole. Trimmed, de-duplicated.
 */
export function splitCqcList(value: string | null | undefined): string[] {
  const text = cleanText(value);
  if (!text) return [];
  const protectedItems: string[] = [];
  let working = text;
  COMMA_PHRASE_RES.forEach((re, i) => {
    working = working.replace(re, () => {
      protectedItems.push(COMMA_PHRASES[i] ?? '');
      return `\uE000${protectedItems.length - 1}\uE001`;
    });
  });
  const out: string[] = [];
  for (const raw of working.split(/[,;|]/)) {
    const restored = raw.replace(/\uE000(\d+)\uE001/g, (_, n: string) => protectedItems[Number(n)] ?? '');
    const item = cleanText(restored);
    if (item && !out.includes(item)) out.push(item);
  }
  return out;
}

/** Map through a canonicaliser, dropping blanks and duplicates, keeping first-seen order. */
export function canonicalList(
  values: Iterable<string>,
  canonical: (value: string) => string | undefined,
): string[] {
  const out: string[] = [];
  for (const value of values) {
    const item = canonical(value);
    if (item && !out.includes(item)) out.push(item);
  }
  return out;
}
