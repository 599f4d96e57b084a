import { isWithinUk } from '../geo/distance';
import { normalisePostcode } from '../geo/postcode';
import { normaliseRegion } from '../geo/regions';
import type { CsvField, CsvMapping } from './columns';
import {
  canonicalList,
  canonicalServiceType,
  canonicalSpecialism,
  cleanText,
  isCareHomeServiceType,
  isMissing,
  joinAddress,
  normaliseBrand,
  normalisePhone,
  normaliseRating,
  parseCoordinate,
  parseCqcDate,
  parseWholeNumber,
  parseYesNo,
  regulatedActivityName,
  splitCqcList,
} from './normalise';
import type { AreaRef, CareHomeRecord, OverallRating, RegistrationStatus } from './types';

/** What one CSV row or API record turns into. */
export type RowOutcome =
  | { kind: 'record'; record: CareHomeRecord; warnings: string[] }
  | { kind: 'issue'; reason: string; locationId?: string }
  /** Blank rows and repeated header rows: nothing to report. */
  | { kind: 'skip' };

/* CQC location ids are '1-' and digits; a few NHS locations carry ODS-style codes ('RX9LD'). */
const LOCATION_ID_RE = /^(?:1-\d{5,15}|[A-Z0-9][A-Z0-9-]{2,20})$/i;
const PROVIDER_ID_RE = /^(?:1-\d{5,15}|[A-Z0-9][A-Z0-9-]{1,20})$/i;

const REAL_RATINGS: ReadonlySet<OverallRating> = new Set([
  'Outstanding',
  'Good',
  'Requires improvement',
  'Inadequate',
]);

function area(code: string | undefined, name: string | undefined): AreaRef | undefined {
  if (!code && !name) return undefined;
  const ref: AreaRef = {};
  if (code) ref.code = code.toUpperCase();
  if (name) ref.name = name;
  return ref;
}

/**
 * Drop undefined optional fields so records compare and serialise cleanly. Copies rather than
 * deleting keys, which would push every record into V8's slow dictionary mode.
 */
function compact(record: CareHomeRecord): CareHomeRecord {
  const out: Record<string, unknown> = {};
  const source = record as unknown as Record<string, unknown>;
  for (const key in source) {
    const value = source[key];
    if (value !== undefined) out[key] = value;
  }
  return out as unknown as CareHomeRecord;
}

interface Draft {
  locationId?: string;
  providerId?: string;
  name?: string;
  rawBeds?: string | number;
  rawPostcode?: string;
  rawLat?: string | number;
  rawLon?: string | number;
  rawRating?: string;
  hasRatingField: boolean;
  rawRatingDate?: string;
  rawRegistrationDate?: string;
  rawDeregistrationDate?: string;
}

/** Checks and conversions shared by every layout. Returns an issue reason, or the converted values. */
function validateCommon(
  draft: Draft,
  warnings: string[],
):
  | { ok: false; reason: string; locationId?: string }
  | {
      ok: true;
      locationId: string;
      providerId: string;
      name: string;
      beds?: number;
      postcode?: string;
      latitude?: number;
      longitude?: number;
      rating?: OverallRating;
      ratingDate?: string;
      registrationDate?: string;
      deregistrationDate?: string;
    } {
  const locationId = draft.locationId;
  if (!locationId) {
    return {
      ok: false,
      reason: draft.providerId
        ? 'no location ID (the row describes a provider, not a location)'
        : 'no location ID',
    };
  }
  if (!LOCATION_ID_RE.test(locationId)) {
    return { ok: false, reason: `location ID '${locationId}' is not a CQC location ID`, locationId };
  }
  if (!draft.providerId) return { ok: false, reason: 'no provider ID', locationId };
  if (!PROVIDER_ID_RE.test(draft.providerId)) {
    return { ok: false, reason: `provider ID '${draft.providerId}' is not a CQC provider ID`, locationId };
  }
  if (!draft.name) return { ok: false, reason: 'no location name', locationId };

  const bedsResult = parseWholeNumber(draft.rawBeds);
  if (bedsResult.kind === 'invalid') {
    return {
      ok: false,
      reason: `bed count '${String(draft.rawBeds).trim()}' is not a whole number`,
      locationId,
    };
  }

  let postcode: string | undefined;
  const rawPostcode = cleanText(draft.rawPostcode);
  if (rawPostcode) {
    postcode = normalisePostcode(rawPostcode);
    if (!postcode) warnings.push(`postcode '${rawPostcode}' is not a valid UK postcode`);
  }

  let latitude: number | undefined;
  let longitude: number | undefined;
  const latText = typeof draft.rawLat === 'number' ? String(draft.rawLat) : cleanText(draft.rawLat);
  const lonText = typeof draft.rawLon === 'number' ? String(draft.rawLon) : cleanText(draft.rawLon);
  if (latText !== undefined || lonText !== undefined) {
    const lat = parseCoordinate(draft.rawLat);
    const lon = parseCoordinate(draft.rawLon);
    if (lat !== undefined && lon !== undefined && isWithinUk(lat, lon)) {
      latitude = lat;
      longitude = lon;
    } else {
      warnings.push(
        `coordinates (${latText ?? ''}, ${lonText ?? ''}) are missing or outside the UK; dropped`,
      );
    }
  }

  let rating: OverallRating | undefined;
  if (draft.hasRatingField) {
    rating = normaliseRating(draft.rawRating);
    if (!rating) warnings.push(`overall rating '${cleanText(draft.rawRating) ?? ''}' is not a CQC rating`);
  }

  const date = (raw: string | undefined, label: string): string | undefined => {
    const iso = parseCqcDate(raw);
    if (!iso && !isMissing(raw)) warnings.push(`${label} '${cleanText(raw)}' is not a date`);
    return iso;
  };
  const ratingDate =
    rating && REAL_RATINGS.has(rating) ? date(draft.rawRatingDate, 'rating date') : undefined;

  return {
    ok: true,
    locationId,
    providerId: draft.providerId,
    name: draft.name,
    beds: bedsResult.kind === 'ok' ? bedsResult.value : undefined,
    postcode,
    latitude,
    longitude,
    rating,
    ratingDate,
    registrationDate: date(draft.rawRegistrationDate, 'registration date'),
    deregistrationDate: date(draft.rawDeregistrationDate, 'deregistration date'),
  };
}

function statusFrom(
  explicit: string | undefined,
  deregistrationDate: string | undefined,
  dormant: boolean | undefined,
): RegistrationStatus {
  const status = explicit?.toLowerCase();
  if (status === 'deregistered' || status === 'inactive' || status === 'archived') return 'deregistered';
  if (deregistrationDate && status !== 'registered') return 'deregistered';
  if (dormant) return 'dormant';
  return 'registered';
}

function parseDormancy(value: string | undefined): boolean | undefined {
  const yesNo = parseYesNo(value);
  if (yesNo !== undefined) return yesNo;
  const text = cleanText(value)?.toLowerCase();
  if (text === 'dormant') return true;
  if (text === 'active' || text === 'not dormant') return false;
  return undefined;
}

/** Split the directory's 'Specialisms/services', which mixes regulated activities into specialisms. */
function separateActivities(items: readonly string[]): { specialisms: string[]; activities: string[] } {
  const specialisms: string[] = [];
  const activities: string[] = [];
  for (const item of items) {
    const activity = regulatedActivityName(item);
    if (activity) {
      if (!activities.includes(activity)) activities.push(activity);
    } else {
      const specialism = canonicalSpecialism(item);
      if (specialism && !specialisms.includes(specialism)) specialisms.push(specialism);
    }
  }
  return { specialisms, activities };
}

/**
 * Turn one data row of a CQC CSV into a record, an issue, or nothing (blank or repeated header
 * row). `cells` are the raw parsed cells of the row.
 */
export function mapCsvRow(mapping: CsvMapping, cells: readonly string[]): RowOutcome {
  if (cells.every((cell) => cell.trim() === '')) return { kind: 'skip' };
  const { columns } = mapping;
  const raw = (field: CsvField): string | undefined => {
    const index = columns[field];
    return index === undefined ? undefined : cells[index];
  };
  const text = (field: CsvField): string | undefined => cleanText(raw(field));

  // A header row repeated mid-file (files concatenated) is not data.
  const idIndex = columns.locationId;
  if (idIndex !== undefined && cleanText(cells[idIndex]) === mapping.headers[idIndex])
    return { kind: 'skip' };

  const warnings: string[] = [];
  const common = validateCommon(
    {
      locationId: text('locationId'),
      providerId: text('providerId'),
      name: text('name'),
      rawBeds: raw('beds'),
      rawPostcode: raw('postcode'),
      rawLat: raw('latitude'),
      rawLon: raw('longitude'),
      rawRating: raw('rating'),
      hasRatingField: columns.rating !== undefined,
      rawRatingDate: raw('ratingDate'),
      rawRegistrationDate: raw('registrationDate'),
      rawDeregistrationDate: raw('deregistrationDate'),
    },
    warnings,
  );
  if (!common.ok) return { kind: 'issue', reason: common.reason, locationId: common.locationId };

  const serviceTypes = canonicalList(splitCqcList(raw('serviceTypes')), canonicalServiceType);
  const listed = separateActivities(splitCqcList(raw('specialisms')));
  const specialisms = listed.specialisms;
  const regulatedActivities = canonicalList(
    [...splitCqcList(raw('regulatedActivities')), ...listed.activities],
    (value) => regulatedActivityName(value) ?? cleanText(value),
  );
  for (const column of mapping.oneHot) {
    if (parseYesNo(cells[column.index]) !== true) continue;
    if (column.kind === 'serviceTypes') {
      const value = canonicalServiceType(column.value);
      if (value && !serviceTypes.includes(value)) serviceTypes.push(value);
    } else if (column.kind === 'specialisms') {
      const value = canonicalSpecialism(column.value);
      if (value && !specialisms.includes(value)) specialisms.push(value);
    } else {
      const value = regulatedActivityName(column.value) ?? cleanText(column.value);
      if (value && !regulatedActivities.includes(value)) regulatedActivities.push(value);
    }
  }

  // Sorted, so a record does not change when only the column order of the file does.
  serviceTypes.sort();
  specialisms.sort();
  regulatedActivities.sort();

  const careHomeFlag = parseYesNo(raw('careHome'));
  const isCareHome =
    careHomeFlag ??
    (serviceTypes.some(isCareHomeServiceType) || (common.beds !== undefined && common.beds > 0));

  const town = text('town');
  const county = text('county');
  const record: CareHomeRecord = {
    locationId: common.locationId,
    providerId: common.providerId,
    providerName: text('providerName'),
    name: common.name,
    address: joinAddress([raw('address1'), raw('address2'), raw('address3'), town, county]),
    town,
    county,
    postcode: common.postcode,
    latitude: common.latitude,
    longitude: common.longitude,
    region: normaliseRegion(raw('region')),
    icb: area(text('icbCode'), text('icbName')),
    subIcb: area(text('subIcbCode'), text('subIcbName')),
    localAuthority: text('localAuthority'),
    registeredBeds: common.beds,
    overallRating: common.rating,
    ratingDate: common.ratingDate,
    serviceTypes,
    specialisms,
    regulatedActivities,
    brand: normaliseBrand(raw('brandName')),
    brandId: text('brandId'),
    phone: normalisePhone(raw('phone')),
    website: text('website'),
    isCareHome,
    registrationStatus: statusFrom(
      text('registrationStatus'),
      common.deregistrationDate,
      parseDormancy(raw('dormant')),
    ),
    registrationDate: common.registrationDate,
    deregistrationDate: common.deregistrationDate,
  };
  return { kind: 'record', record: compact(record), warnings };
}

// ---------------------------------------------------------------------------------------------
// CQC public API JSON

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const str = (value: unknown): string | undefined => {
  if (typeof value === 'string') return cleanText(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
};

const scalar = (value: unknown): string | number | undefined =>
  typeof value === 'string' || typeof value === 'number' ? value : undefined;

const names = (value: unknown, prefer: 'description' | 'name' = 'name'): string[] => {
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  for (const item of value) {
    if (typeof item === 'string') {
      const text = cleanText(item);
      if (text) out.push(text);
    } else if (isObject(item)) {
      const text = prefer === 'description' ? (str(item.description) ?? str(item.name)) : str(item.name);
      if (text) out.push(text);
    }
  }
  return out;
};

/** A CQC API location: `/locations/{id}` itself, or wrapped as `{req, loc, postcode}`. */
export function looksLikeApiLocation(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (isObject(value.loc)) return true;
  return typeof value.locationId === 'string';
}

/**
 * Turn one CQC API record into a CareHomeRecord: a `/locations/{id}` response, or a
 * `{req, loc, postcode}` wrapper whose `postcode` is a postcodes.io lookup (used where the location
 * itself lacks coordinates or region).
 */
export function mapApiLocation(value: unknown): RowOutcome {
  if (!isObject(value)) return { kind: 'issue', reason: 'record is not a JSON object' };
  const loc = isObject(value.loc) ? value.loc : value;
  const lookup =
    isObject(value.postcode) && isObject(value.postcode.result) ? value.postcode.result : undefined;
  const request = isObject(value.req) ? value.req : undefined;

  if (!str(loc.locationId) && !str(request?.locationId)) {
    return { kind: 'issue', reason: 'record has no locationId: not a CQC location' };
  }
  const locationId = str(loc.locationId) ?? str(request?.locationId);
  if (!str(loc.providerId) && loc.locationName !== undefined && loc.name === undefined) {
    return {
      kind: 'issue',
      reason:
        'summary entry from a /locations list (no providerId): fetch /locations/{id} for the full record',
      locationId,
    };
  }

  const ratings = isObject(loc.currentRatings) ? loc.currentRatings : undefined;
  const overall = ratings && isObject(ratings.overall) ? ratings.overall : undefined;
  const warnings: string[] = [];
  const common = validateCommon(
    {
      locationId,
      providerId: str(loc.providerId),
      name: str(loc.name) ?? str(loc.locationName),
      rawBeds: typeof loc.numberOfBeds === 'number' ? loc.numberOfBeds : str(loc.numberOfBeds),
      rawPostcode: str(loc.postalCode) ?? str(request?.postalCode) ?? str(lookup?.postcode),
      rawLat: scalar(loc.onspdLatitude) ?? scalar(lookup?.latitude),
      rawLon: scalar(loc.onspdLongitude) ?? scalar(lookup?.longitude),
      rawRating: str(overall?.rating),
      hasRatingField: true,
      rawRatingDate: str(overall?.reportDate) ?? str(ratings?.reportDate),
      rawRegistrationDate: str(loc.registrationDate),
      rawDeregistrationDate: str(loc.deregistrationDate),
    },
    warnings,
  );
  if (!common.ok) return { kind: 'issue', reason: common.reason, locationId: common.locationId };

  const serviceTypes = canonicalList(names(loc.gacServiceTypes, 'description'), canonicalServiceType);
  const specialisms = canonicalList(
    [...names(loc.specialisms), ...names(loc.serviceUserBands)],
    canonicalSpecialism,
  );
  const regulatedActivities = canonicalList(
    names(loc.regulatedActivities),
    (v) => regulatedActivityName(v) ?? cleanText(v),
  );
  serviceTypes.sort();
  specialisms.sort();
  regulatedActivities.sort();
  const careHomeFlag = parseYesNo(str(loc.careHome));
  const isCareHome =
    careHomeFlag ??
    (serviceTypes.some(isCareHomeServiceType) || (common.beds !== undefined && common.beds > 0));

  const lookupCodes = lookup && isObject(lookup.codes) ? lookup.codes : undefined;
  const town = str(loc.postalAddressTownCity);
  const county = str(loc.postalAddressCounty);
  const record: CareHomeRecord = {
    locationId: common.locationId,
    providerId: common.providerId,
    providerName: str(loc.providerName),
    name: common.name,
    address: joinAddress([
      str(loc.postalAddressLine1),
      str(loc.postalAddressLine2),
      str(loc.postalAddressLine3),
      town,
      county,
    ]),
    town,
    county,
    postcode: common.postcode,
    latitude: common.latitude,
    longitude: common.longitude,
    region: normaliseRegion(str(loc.region) ?? str(lookup?.region)),
    icb: area(str(loc.onspdIcbCode) ?? str(lookupCodes?.icb), str(loc.onspdIcbName)),
    subIcb: area(
      str(loc.onspdCcgCode) ?? str(loc.onspdSubIcbCode) ?? str(lookupCodes?.ccg),
      str(loc.onspdCcgName) ?? str(loc.onspdSubIcbName) ?? str(lookup?.ccg),
    ),
    localAuthority: str(loc.localAuthority),
    registeredBeds: common.beds,
    overallRating: common.rating,
    ratingDate: common.ratingDate,
    serviceTypes,
    specialisms,
    regulatedActivities,
    brand: normaliseBrand(str(loc.brandName)),
    brandId: str(loc.brandId),
    phone: normalisePhone(str(loc.mainPhoneNumber)),
    website: str(loc.website),
    isCareHome,
    registrationStatus: statusFrom(
      str(loc.registrationStatus),
      common.deregistrationDate,
      parseDormancy(str(loc.dormancy)),
    ),
    registrationDate: common.registrationDate,
    deregistrationDate: common.deregistrationDate,
  };
  return { kind: 'record', record: compact(record), warnings };
}
