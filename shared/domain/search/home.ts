import { slug } from '../authz';
import type { OverallRating } from '../registry/types';
import type { BedStateRow, FundingSourceCode, ShortStayServiceCode, VacancyTypeCode } from '../vacancy';
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
  return {
    hasLocation,
    lat: hasLocation ? (input.latitude as number) : Number.NaN,
    lon: hasLocation ? (input.longitude as number) : Number.NaN,
    rows: input.bedRows ?? [],
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
