import type { BedStateRow } from '../vacancy';
import {
  type AdmissionStatus,
  admissionStatus,
  admissionStatusLabel,
  type FreshnessBadge,
  freshness,
  type ShortStayServiceCode,
  shortStayServiceLabel,
  type VacancyTypeCode,
  vacancyTypeLabel,
} from '../vacancy';
import type { Match } from './engine';
import type { HomeAlert, SearchHome } from './home';

export interface VacancyResult {
  vacancyType: VacancyTypeCode;
  label: string;
  /** Vacant and can be admitted to today. */
  accepting: number;
  reserved: number;
  notAvailable: number;
  capacity: number;
  weeklyPriceFrom: number | null;
  flexible: boolean;
}

/** One home in the results: what a discharge team needs to decide whether to phone it. */
export interface SearchResult {
  locationId: string;
  name: string;
  providerName: string | null;
  brand: string | null;
  address: string;
  postcode: string | null;
  localAuthority: string | null;
  subIcb: { code: string | null; name: string | null } | null;
  region: string | null;
  location: { lat: number; lon: number } | null;
  /** Miles from the searched postcode, to 2 decimals; null for an area search. */
  distanceMiles: number | null;
  admissionStatus: { code: AdmissionStatus; label: string };
  /** The vacancy types that matched the search, in vocabulary order. */
  vacancies: VacancyResult[];
  /** Beds accepting admissions today in the matching vacancy types. */
  acceptingBeds: number;
  /** Lowest weekly price among the matching vacancy types. */
  lowestWeeklyPrice: number | null;
  shortStayServices: Array<{ code: ShortStayServiceCode; label: string }>;
  outOfHoursAdmissions: boolean | null;
  lastUpdated: string | null;
  freshness: { label: string; badge: FreshnessBadge };
  rating: { overall: string; date: string | null };
  registeredBeds: number | null;
  /** Unexpired alerts from the local authority. */
  alerts: HomeAlert[];
  contact: { phone: string | null; website: string | null };
}

export function toSearchResult(match: Match, nowMs: number): SearchResult {
  const { home, rows } = match;
  const prices = rows.flatMap((row) => (row.weeklyPriceFrom === null ? [] : [row.weeklyPriceFrom]));
  return {
    ...placeFields(home),
    distanceMiles: roundedMiles(match.distanceMiles),
    admissionStatus: statusOf(home),
    vacancies: rows.map(vacancyResult),
    acceptingBeds: rows.reduce((sum, row) => sum + row.vacantAccepting, 0),
    lowestWeeklyPrice: prices.length > 0 ? Math.min(...prices) : null,
    ...serviceFields(home),
    freshness: freshnessOf(home, nowMs),
    ...ratingFields(home),
    alerts: activeAlerts(home.alerts ?? [], nowMs),
    contact: contactOf(home),
  };
}

// The parts of a result, in its order; toSearchResult and searchResultJson are both built from them.

function placeFields(home: SearchHome) {
  return {
    locationId: home.locationId,
    name: home.name,
    providerName: home.providerName ?? null,
    brand: home.brand ?? null,
    address: home.address ?? '',
    postcode: home.postcode ?? null,
    localAuthority: home.localAuthority ?? null,
    subIcb:
      home.subIcbCode || home.subIcbName
        ? { code: home.subIcbCode ?? null, name: home.subIcbName ?? null }
        : null,
    region: home.region ?? null,
    location: home.hasLocation ? { lat: home.lat, lon: home.lon } : null,
  };
}

const roundedMiles = (miles: number | null): number | null =>
  miles === null ? null : Math.round(miles * 100) / 100;

function statusOf(home: SearchHome): SearchResult['admissionStatus'] {
  const status = admissionStatus({ rows: home.rows });
  return { code: status, label: admissionStatusLabel(status) };
}

function vacancyResult(row: BedStateRow): VacancyResult {
  return {
    vacancyType: row.vacancyType,
    label: vacancyTypeLabel(row.vacancyType),
    accepting: row.vacantAccepting,
    reserved: row.vacantReserved,
    notAvailable: row.vacantNotAvailable,
    capacity: row.maximumCapacity,
    weeklyPriceFrom: row.weeklyPriceFrom,
    flexible: row.flexible,
  };
}

function serviceFields(home: SearchHome) {
  return {
    shortStayServices: (home.services?.shortStayServices ?? []).map((code) => ({
      code,
      label: shortStayServiceLabel(code),
    })),
    outOfHoursAdmissions: home.outOfHoursAdmissions ?? null,
    lastUpdated: home.bedUpdatedAt ?? null,
  };
}

function freshnessOf(home: SearchHome, nowMs: number): SearchResult['freshness'] {
  // updatedMs is bedUpdatedAt parsed once when the index was built.
  const fresh = freshness(home.updatedMs === null ? null : new Date(home.updatedMs), new Date(nowMs));
  return { label: fresh.label, badge: fresh.badge };
}

function ratingFields(home: SearchHome) {
  return {
    rating: { overall: home.rating, date: home.ratingDate ?? null },
    registeredBeds: home.registeredBeds ?? null,
  };
}

const contactOf = (home: SearchHome): SearchResult['contact'] => ({
  phone: home.phone ?? null,
  website: home.website ?? null,
});

export function activeAlerts(alerts: readonly HomeAlert[], nowMs: number): HomeAlert[] {
  return alerts.filter((alert) => {
    if (!alert.expiresAt) return true;
    const expires = Date.parse(alert.expiresAt);
    return !Number.isFinite(expires) || expires > nowMs;
  });
}

/**
 * The JSON text of toSearchResult(match, nowMs), character for character (tests hold it to that),
 * built from pieces kept per home and per row: a page of results is most of a search's response,
 * and most of each result is the same on every search until the home changes. Homes and rows are
 * never modified once indexed (a change replaces them), so the pieces are keyed by the objects.
 */
export function searchResultJson(match: Match, nowMs: number): string {
  const { home, rows } = match;
  const parts = homeParts(home);
  let vacancies = '';
  let accepting = 0;
  let lowest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as BedStateRow;
    vacancies += i === 0 ? rowJson(row) : `,${rowJson(row)}`;
    accepting += row.vacantAccepting;
    if (row.weeklyPriceFrom !== null && row.weeklyPriceFrom < lowest) lowest = row.weeklyPriceFrom;
  }
  const alerts =
    home.alerts && home.alerts.length > 0 ? JSON.stringify(activeAlerts(home.alerts, nowMs)) : '[]';
  return (
    `${parts.head}${numberJson(roundedMiles(match.distanceMiles))}${parts.status}${vacancies}],"acceptingBeds":${numberJson(accepting)}` +
    `,"lowestWeeklyPrice":${numberJson(lowest === Number.POSITIVE_INFINITY ? null : lowest)}${parts.services}` +
    `${JSON.stringify(freshnessOf(home, nowMs))}${parts.rating}${alerts}${parts.contact}`
  );
}

interface HomeParts {
  /** `{"locationId":…,"location":…,"distanceMiles":` */
  head: string;
  /** `,"admissionStatus":{…},"vacancies":[` */
  status: string;
  /** `,"shortStayServices":[…],"outOfHoursAdmissions":…,"lastUpdated":…,"freshness":` */
  services: string;
  /** `,"rating":{…},"registeredBeds":…,"alerts":` */
  rating: string;
  /** `,"contact":{…}}` */
  contact: string;
}

const homePartsCache = new WeakMap<SearchHome, HomeParts>();
const rowJsonCache = new WeakMap<BedStateRow, string>();

/** `{"a":1,"b":2}` as `"a":1,"b":2`, to splice into an object being written. */
const members = (value: object): string => JSON.stringify(value).slice(1, -1);

function homeParts(home: SearchHome): HomeParts {
  let parts = homePartsCache.get(home);
  if (parts) return parts;
  parts = {
    head: `{${members(placeFields(home))},"distanceMiles":`,
    status: `,"admissionStatus":${JSON.stringify(statusOf(home))},"vacancies":[`,
    services: `,${members(serviceFields(home))},"freshness":`,
    rating: `,${members(ratingFields(home))},"alerts":`,
    contact: `,"contact":${JSON.stringify(contactOf(home))}}`,
  };
  homePartsCache.set(home, parts);
  return parts;
}

function rowJson(row: BedStateRow): string {
  let json = rowJsonCache.get(row);
  if (json === undefined) {
    json = JSON.stringify(vacancyResult(row));
    rowJsonCache.set(row, json);
  }
  return json;
}

/** As JSON.stringify writes a number (null for NaN and infinities). */
const numberJson = (n: number | null): string => (n !== null && Number.isFinite(n) ? String(n) : 'null');
