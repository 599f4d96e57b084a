import { slug } from '../authz';
import { OVERALL_RATINGS, type OverallRating } from '../registry/types';
import type { BedStateRow, FundingSourceCode, ShortStayServiceCode, VacancyTypeCode } from '../vacancy';
import { blankRow } from '../vacancy/derived';
import { FUNDING_SOURCE_CODES, SHORT_STAY_SERVICE_CODES, VACANCY_TYPE_CODES } from '../vacancy/vocabulary';
import { normaliseLanguage } from './query';

/** An LA alert as denormalised on the home: shown to everyone who finds it until it expires. */
export interface HomeAlert {
  id: string;
  text: string;
  category?: string;
  /** ISO instant; absent: until removed. */
  expiresAt?: string;
}

/** The services offered, as far as search needs them. */
export interface SearchServices {
  shortStayServices: ShortStayServiceCode[];
  shortStayNone: boolean;
  vacancyTypes: VacancyTypeCode[];
  languages: string[];
  notes: string;
  fundingSources: FundingSourceCode[];
  contracts: { localAuthority: boolean; subIcb: boolean };
}

/** What search knows about a home: its registry facts, services, bed state and alerts. */
export interface SearchHomeInput {
  locationId: string;
  name: string;
  providerId?: string;
  providerName?: string;
  brand?: string;
  address?: string;
  town?: string;
  postcode?: string;
  latitude?: number;
  longitude?: number;
  /** Precision 9 (or more); recomputed from latitude/longitude when absent. */
  geohash?: string;
  localAuthority?: string;
  subIcbCode?: string;
  subIcbName?: string;
  icbCode?: string;
  icbName?: string;
  region?: string;
  registeredBeds?: number;
  overallRating?: OverallRating;
  ratingDate?: string;
  serviceTypes?: string[];
  specialisms?: string[];
  regulatedActivities?: string[];
  phone?: string;
  website?: string;
  services?: SearchServices | null;
  bedRows?: BedStateRow[] | null;
  outOfHoursAdmissions?: boolean | null;
  /** Last update or confirmation: what freshness is measured from. */
  bedUpdatedAt?: string | null;
  alerts?: HomeAlert[];
}

/**
 * A home prepared for filtering: the input plus the lower-cased and slugged forms the filters compare
 * with, computed once when the index is built rather than on every search.
 */
export interface SearchHome extends SearchHomeInput {
  hasLocation: boolean;
  lat: number;
  lon: number;
  rows: BedStateRow[];
  updatedMs: number | null;
  laSlug: string;
  subIcbKeys: string[];
  icbKeys: string[];
  brandText: string;
  notesText: string;
  languageSet: ReadonlySet<string>;
  fundingSet: ReadonlySet<string>;
  specialismSlugs: ReadonlySet<string>;
  serviceTypeSlugs: ReadonlySet<string>;
  rating: OverallRating;
  /**
   * The long-term table as search reads it: one row per offered vacancy type, in the order offered
   * (a blank row where none was entered yet), with one bit per type in `offeredMask`. Built once here
   * so a search neither looks rows up nor allocates for a home that matches on every row. Shared by
   * every search: never modified.
   */
  offeredRows: readonly BedStateRow[];
  offeredMask: number;
  /** The offered rows with a bed to admit to today (vacant accepting > 0), and their bits. */
  acceptingRows: readonly BedStateRow[];
  acceptingMask: number;
  /** Rating, out-of-hours, contracts, funding and short stay as bits (FACET_BITS), for the index's columns. */
  facets: number;
}

/**
 * One bit per fact a filter may ask about: the rating (bits 0-7); out-of-hours admissions and the
 * contracts, yes and no apart since "not said" satisfies neither (bits 8-13); "a long-term search
 * without vacancy types can list it" (bit 14: no services given yet, or a vacancy type offered);
 * funding sources (bits 16-23); the short-stay services offered (bits 24-29); and whether any row of
 * the bed state has a bed to admit to today (bit 30, what a short-stay search accepting today asks).
 */
export const FACET_BITS = {
  rating: (rating: string): number => {
    const i = (OVERALL_RATINGS as readonly string[]).indexOf(rating);
    return i < 0 ? 0 : 1 << i;
  },
  outOfHours: (yes: boolean): number => (yes ? 1 << 8 : 1 << 9),
  contractLa: (yes: boolean): number => (yes ? 1 << 10 : 1 << 11),
  contractSubIcb: (yes: boolean): number => (yes ? 1 << 12 : 1 << 13),
  funding: (code: string): number => {
    const i = (FUNDING_SOURCE_CODES as readonly string[]).indexOf(code);
    return i < 0 ? 0 : 1 << (16 + i);
  },
  shortStay: (code: string): number => {
    const i = (SHORT_STAY_SERVICE_CODES as readonly string[]).indexOf(code);
    return i < 0 ? 0 : 1 << (24 + i);
  },
  longTermListed: 1 << 14,
  anyRowAccepting: 1 << 30,
};

function facetsOf(input: SearchHomeInput, services: SearchServices | null, offeredMask: number): number {
  let bits = FACET_BITS.rating(input.overallRating ?? 'Not yet rated');
  if (!services || offeredMask !== 0) bits |= FACET_BITS.longTermListed;
  if (typeof input.outOfHoursAdmissions === 'boolean')
    bits |= FACET_BITS.outOfHours(input.outOfHoursAdmissions);
  if (services) {
    bits |= FACET_BITS.contractLa(services.contracts.localAuthority);
    bits |= FACET_BITS.contractSubIcb(services.contracts.subIcb);
    for (const code of services.fundingSources) bits |= FACET_BITS.funding(code);
    if (!services.shortStayNone)
      for (const code of services.shortStayServices) bits |= FACET_BITS.shortStay(code);
  }
  if ((input.bedRows ?? []).some((row) => row.vacantAccepting > 0)) bits |= FACET_BITS.anyRowAccepting;
  return bits;
}

/** Bit of a vacancy type in SearchHome.offeredMask and in a compiled filter's mask. */
export function vacancyTypeBit(code: string): number {
  const i = (VACANCY_TYPE_CODES as readonly string[]).indexOf(code);
  return i < 0 ? 0 : 1 << i;
}

/** Rows are at most ten: a scan beats building a map. */
function rowOf(rows: readonly BedStateRow[], type: VacancyTypeCode): BedStateRow | undefined {
  for (const row of rows) if (row.vacancyType === type) return row;
  return undefined;
}

function offeredTable(services: SearchServices | null, rows: readonly BedStateRow[]) {
  const offeredRows: BedStateRow[] = [];
  let offeredMask = 0;
  for (const type of services?.vacancyTypes ?? []) {
    const bit = vacancyTypeBit(type);
    if (bit === 0 || (offeredMask & bit) !== 0) continue;
    offeredMask |= bit;
    offeredRows.push(rowOf(rows, type) ?? blankRow(type));
  }
  const acceptingRows = offeredRows.filter((row) => row.vacantAccepting > 0);
  let acceptingMask = 0;
  for (const row of acceptingRows) acceptingMask |= vacancyTypeBit(row.vacancyType);
  return { offeredRows, offeredMask, acceptingRows, acceptingMask };
}

/**
 * Every home gets the same fields in the same order (no spread of the input): V8 then gives all
 * homes one hidden class, and the search loop's property reads stay fast instead of megamorphic.
 */
export function prepareSearchHome(input: SearchHomeInput): SearchHome {
  const hasLocation =
    typeof input.latitude === 'number' &&
    typeof input.longitude === 'number' &&
    Number.isFinite(input.latitude) &&
    Number.isFinite(input.longitude);
  const updatedMs = input.bedUpdatedAt ? Date.parse(input.bedUpdatedAt) : Number.NaN;
  const services = input.services ?? null;
  const rows = input.bedRows ?? [];
  const { offeredRows, offeredMask, acceptingRows, acceptingMask } = offeredTable(services, rows);
  return {
    hasLocation,
    lat: hasLocation ? (input.latitude as number) : Number.NaN,
    lon: hasLocation ? (input.longitude as number) : Number.NaN,
    rows,
    updatedMs: Number.isFinite(updatedMs) ? updatedMs : null,
    laSlug: input.localAuthority ? slug(input.localAuthority) : '',
    subIcbKeys: areaKeys(input.subIcbCode, input.subIcbName),
    icbKeys: areaKeys(input.icbCode, input.icbName),
    brandText: [input.brand, input.providerName]
      .filter((v): v is string => !!v)
      .join('\n')
      .toLocaleLowerCase('en-GB'),
    notesText: (services?.notes ?? '').normalize('NFC').toLocaleLowerCase('en-GB'),
    languageSet: new Set((services?.languages ?? []).map(normaliseLanguage)),
    fundingSet: new Set(services?.fundingSources ?? []),
    specialismSlugs: new Set([...(input.specialisms ?? []), ...(input.regulatedActivities ?? [])].map(slug)),
    serviceTypeSlugs: new Set((input.serviceTypes ?? []).map(slug)),
    rating: input.overallRating ?? 'Not yet rated',
    locationId: input.locationId,
    name: input.name,
    providerId: input.providerId,
    providerName: input.providerName,
    brand: input.brand,
    address: input.address,
    town: input.town,
    postcode: input.postcode,
    latitude: input.latitude,
    longitude: input.longitude,
    geohash: input.geohash,
    localAuthority: input.localAuthority,
    subIcbCode: input.subIcbCode,
    subIcbName: input.subIcbName,
    icbCode: input.icbCode,
    icbName: input.icbName,
    region: input.region,
    registeredBeds: input.registeredBeds,
    overallRating: input.overallRating,
    ratingDate: input.ratingDate,
    serviceTypes: input.serviceTypes,
    specialisms: input.specialisms,
    regulatedActivities: input.regulatedActivities,
    phone: input.phone,
    website: input.website,
    services,
    bedRows: input.bedRows ?? null,
    outOfHoursAdmissions: input.outOfHoursAdmissions ?? null,
    bedUpdatedAt: input.bedUpdatedAt ?? null,
    alerts: input.alerts ?? [],
    offeredRows,
    offeredMask,
    acceptingRows,
    acceptingMask,
    facets: facetsOf(input, services, offeredMask),
  };
}

/** An area may be named by its code ('E38000240', '15E') or its name: both are keys. */
function areaKeys(code: string | undefined, name: string | undefined): string[] {
  const keys: string[] = [];
  if (code) keys.push(areaKey(code));
  if (name) keys.push(areaKey(name));
  return keys;
}

export function areaKey(value: string): string {
  return slug(value);
}
