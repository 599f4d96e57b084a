import { createHash } from 'node:crypto';
import { encodeGeohash } from '../../domain/geo/geohash';
import type { CareHomeRecord, OverallRating, RegistrationStatus } from '../../domain/registry/types';

/**
 * The registry's view of a care home: the CQC facts on the HOME item. Other parts of the service
 * write their own attributes (services*, bed*, admissionStatus, alerts, gsi7*) on the same item;
 * registry writes only ever name the attributes listed in REGISTRY_ATTRIBUTES.
 */
export type RegistryStatus = 'active' | 'archived';
export type ArchiveReason = 'deregistered' | 'dormant' | 'not-a-care-home' | 'absent-from-complete-snapshot';
/** Where the coordinates came from: the record itself, the POSTCODE table, or an outward-code centroid. */
export type LocatedBy = 'record' | 'postcode' | 'outcode';

export interface RegistryHome {
  locationId: string;
  providerId: string;
  providerName?: string;
  name: string;
  address: string;
  town?: string;
  county?: string;
  postcode?: string;
  latitude?: number;
  longitude?: number;
  /** Precision-9 geohash of latitude/longitude; the geo index keys derive from it. */
  geohash?: string;
  locatedBy?: LocatedBy;
  region?: string;
  icbCode?: string;
  icbName?: string;
  subIcbCode?: string;
  subIcbName?: string;
  localAuthority?: string;
  registeredBeds?: number;
  overallRating?: OverallRating;
  ratingDate?: string;
  serviceTypes: string[];
  specialisms: string[];
  regulatedActivities: string[];
  brand?: string;
  brandId?: string;
  phone?: string;
  website?: string;
  isCareHome: boolean;
  registrationStatus: RegistrationStatus;
  registrationDate?: string;
  deregistrationDate?: string;
  /** Searchable words of the name (see nameWords); the name index items derive from them. */
  nameWords: string[];
  registryStatus: RegistryStatus;
  archivedReason?: ArchiveReason;
  // Bookkeeping below: not part of the content hash.
  /** Hash of the content attributes: equal hash, nothing to write. */
  registryHash: string;
  registryCreatedAt: string;
  registryUpdatedAt: string;
  archivedAt?: string;
  /** Layout and file of the input that last changed the home. */
  registrySource: string;
  registryRunId: string;
}

/** Every attribute the registry writes on the HOME item (besides pk/sk, entity and its index keys). */
export const REGISTRY_ATTRIBUTES = [
  'locationId',
  'providerId',
  'providerName',
  'name',
  'address',
  'town',
  'county',
  'postcode',
  'latitude',
  'longitude',
  'geohash',
  'locatedBy',
  'region',
  'icbCode',
  'icbName',
  'subIcbCode',
  'subIcbName',
  'localAuthority',
  'registeredBeds',
  'overallRating',
  'ratingDate',
  'serviceTypes',
  'specialisms',
  'regulatedActivities',
  'brand',
  'brandId',
  'phone',
  'website',
  'isCareHome',
  'registrationStatus',
  'registrationDate',
  'deregistrationDate',
  'nameWords',
  'registryStatus',
  'archivedReason',
  'registryHash',
  'registryCreatedAt',
  'registryUpdatedAt',
  'archivedAt',
  'registrySource',
  'registryRunId',
] as const satisfies readonly (keyof RegistryHome)[];

const BOOKKEEPING: ReadonlySet<string> = new Set([
  'registryHash',
  'registryCreatedAt',
  'registryUpdatedAt',
  'archivedAt',
  'registrySource',
  'registryRunId',
]);

export const CONTENT_ATTRIBUTES = REGISTRY_ATTRIBUTES.filter((a) => !BOOKKEEPING.has(a));

export type RegistryContent = Omit<
  RegistryHome,
  | 'registryHash'
  | 'registryCreatedAt'
  | 'registryUpdatedAt'
  | 'archivedAt'
  | 'registrySource'
  | 'registryRunId'
>;

/** Stable hash of the content attributes: key order and undefined values do not matter. */
export function contentHash(content: RegistryContent): string {
  const record = content as unknown as Record<string, unknown>;
  const canonical: Array<[string, unknown]> = [];
  for (const key of [...CONTENT_ATTRIBUTES].sort()) {
    const value = record[key];
    if (value !== undefined) canonical.push([key, value]);
  }
  return createHash('sha256').update(JSON.stringify(canonical)).digest('base64url').slice(0, 22);
}

/** The state a record puts a home in, and why when it is not searchable. */
export function statusOf(record: CareHomeRecord): { status: RegistryStatus; reason?: ArchiveReason } {
  if (record.registrationStatus === 'deregistered') return { status: 'archived', reason: 'deregistered' };
  if (record.registrationStatus === 'dormant') return { status: 'archived', reason: 'dormant' };
  if (!record.isCareHome) return { status: 'archived', reason: 'not-a-care-home' };
  return { status: 'active' };
}

const STOP_WORDS: ReadonlySet<string> = new Set(['the', 'and', 'of', 'at', 'in', 'on', 'for', 'to']);
/** Long names would otherwise make one home write dozens of index items. */
const MAX_NAME_WORDS = 12;

/**
 * Words a name can be found by: lower-case letters and digits, accents folded, apostrophes dropped
 * ("St John's" -> st, johns), words of one letter and a few stop words left out. The same function
 * turns a search box into words, so both sides agree.
 */
export function nameWords(text: string): string[] {
  const folded = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['\u2019`]/g, '')
    .replace(/&/g, ' and ');
  const out: string[] = [];
  for (const word of folded.split(/[^a-z0-9]+/)) {
    if (word.length < 2 || STOP_WORDS.has(word) || out.includes(word)) continue;
    out.push(word);
    if (out.length === MAX_NAME_WORDS) break;
  }
  return out;
}

/**
 * Words in most care home names. They stay in nameWords (a search for "oak care" filters on both)
 * but get no name-index partition of their own: one would hold most of the register and cost a
 * write per home for a search nobody can use.
 */
const UNINDEXED_WORDS: ReadonlySet<string> = new Set([
  'care',
  'home',
  'homes',
  'house',
  'nursing',
  'residential',
  'centre',
  'limited',
  'ltd',
  'service',
  'services',
]);

/** The name words that get an index partition (HOMEWORD#<word>). */
export function indexedWords(words: readonly string[]): string[] {
  return words.filter((w) => !UNINDEXED_WORDS.has(w));
}

export interface Located {
  latitude: number;
  longitude: number;
  locatedBy: LocatedBy;
}

/** Six decimal places is ~0.1 m: more is float noise that would make equal inputs hash differently. */
const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

const nonEmpty = (list: readonly string[] | undefined): list is string[] => !!list && list.length > 0;

/**
 * The home after applying one record to what is stored. CQC layouts carry different subsets of the
 * facts (the adult social care export has beds and ratings but no postcode; the directory has
 * postcodes but no beds), so a fact the record does not carry keeps its stored value: a record adds
 * or corrects facts, it never erases them. Status always follows the record.
 */
export function mergeRecord(
  previous: RegistryHome | undefined,
  record: CareHomeRecord,
  location: Located | undefined,
): RegistryContent {
  const p: Partial<RegistryHome> = previous ?? {};
  const { status, reason } = statusOf(record);
  const name = record.name || p.name || record.locationId;
  const content: RegistryContent = {
    locationId: record.locationId,
    providerId: record.providerId || p.providerId || '',
    providerName: record.providerName ?? p.providerName,
    name,
    address: record.address || p.address || '',
    town: record.town ?? p.town,
    county: record.county ?? p.county,
    postcode: record.postcode ?? p.postcode,
    region: record.region ?? p.region,
    icbCode: record.icb?.code ?? p.icbCode,
    icbName: record.icb?.name ?? p.icbName,
    subIcbCode: record.subIcb?.code ?? p.subIcbCode,
    subIcbName: record.subIcb?.name ?? p.subIcbName,
    localAuthority: record.localAuthority ?? p.localAuthority,
    registeredBeds: record.registeredBeds ?? p.registeredBeds,
    overallRating: record.overallRating ?? p.overallRating,
    ratingDate: record.ratingDate ?? (record.overallRating ? undefined : p.ratingDate),
    serviceTypes: nonEmpty(record.serviceTypes) ? [...record.serviceTypes] : [...(p.serviceTypes ?? [])],
    specialisms: nonEmpty(record.specialisms) ? [...record.specialisms] : [...(p.specialisms ?? [])],
    regulatedActivities: nonEmpty(record.regulatedActivities)
      ? [...record.regulatedActivities]
      : [...(p.regulatedActivities ?? [])],
    brand: record.brand ?? p.brand,
    brandId: record.brandId ?? p.brandId,
    phone: record.phone ?? p.phone,
    website: record.website ?? p.website,
    isCareHome: record.isCareHome,
    registrationStatus: record.registrationStatus,
    registrationDate: record.registrationDate ?? p.registrationDate,
    deregistrationDate:
      record.registrationStatus === 'registered'
        ? undefined
        : (record.deregistrationDate ?? p.deregistrationDate),
    nameWords: nameWords(name),
    registryStatus: status,
    archivedReason: reason,
  };
  if (location) {
    content.latitude = round6(location.latitude);
    content.longitude = round6(location.longitude);
    content.geohash = encodeGeohash(content.latitude, content.longitude, 9);
    content.locatedBy = location.locatedBy;
  }
  return dropUndefined(content);
}

/** The stored home turned archived, as a complete snapshot that no longer lists it makes it. */
export function archivedContent(previous: RegistryHome, reason: ArchiveReason): RegistryContent {
  const {
    registryHash,
    registryCreatedAt,
    registryUpdatedAt,
    archivedAt,
    registrySource,
    registryRunId,
    ...content
  } = previous;
  return { ...content, registryStatus: 'archived', archivedReason: reason };
}

export function dropUndefined<T extends object>(value: T): T {
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key];
  return value;
}

/** Bookkeeping for a content change: creation time is kept, archive time set when it becomes archived. */
export function withBookkeeping(
  content: RegistryContent,
  previous: RegistryHome | undefined,
  run: { runId: string; source: string; now: string },
): RegistryHome {
  const archivedAt =
    content.registryStatus === 'archived'
      ? previous?.registryStatus === 'archived'
        ? (previous.archivedAt ?? run.now)
        : run.now
      : undefined;
  return dropUndefined({
    ...content,
    registryHash: contentHash(content),
    registryCreatedAt: previous?.registryCreatedAt ?? run.now,
    registryUpdatedAt: run.now,
    archivedAt,
    registrySource: run.source,
    registryRunId: run.runId,
  });
}
