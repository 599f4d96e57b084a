import type { ApiClient } from '../../api';

/** The registry facts of a home, as GET /api/homes and GET /api/homes/{locationId} return them. */
export interface HomeSummary {
  locationId: string;
  name: string;
  providerId: string;
  providerName?: string;
  address: string;
  postcode?: string;
  localAuthority?: string;
  region?: string;
  registeredBeds?: number;
  overallRating?: string;
  located: boolean;
}

export interface AreaRef {
  code?: string;
  name?: string;
}

export interface HomeDetail extends HomeSummary {
  town?: string;
  county?: string;
  location?: { latitude: number; longitude: number; geohash?: string; locatedBy?: string };
  geography: { region?: string; localAuthority?: string; icb?: AreaRef; subIcb?: AreaRef };
  ratingDate?: string;
  serviceTypes: string[];
  specialisms: string[];
  regulatedActivities: string[];
  brand?: string;
  phone?: string;
  website?: string;
  isCareHome: boolean;
  registrationStatus: string;
  registrationDate?: string;
  deregistrationDate?: string;
  status: 'active' | 'archived';
  archivedReason?: string;
  archivedAt?: string;
  registryUpdatedAt: string;
}

export interface HomeListPage {
  homes: HomeSummary[];
  nextCursor?: string;
}

/** The filters of the list page, as they appear in its address (so a search can be bookmarked and shared). */
export const FILTER_FIELDS = ['name', 'la', 'subIcb', 'icb', 'region'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];
export type Filters = Record<FilterField, string>;

export function filtersFrom(params: URLSearchParams): Filters {
  const out = {} as Filters;
  for (const f of FILTER_FIELDS) out[f] = params.get(f)?.trim() ?? '';
  return out;
}

export function hasFilter(f: Filters): boolean {
  return FILTER_FIELDS.some((k) => f[k] !== '');
}

export function listQuery(f: Filters, cursor?: string): Record<string, string> {
  const q: Record<string, string> = {};
  for (const k of FILTER_FIELDS) if (f[k]) q[k] = f[k];
  if (cursor) q.cursor = cursor;
  return q;
}

export const homesApi = {
  list: (api: ApiClient, f: Filters, cursor: string | undefined, signal?: AbortSignal) =>
    api.get<HomeListPage>('/homes', { query: { ...listQuery(f, cursor), limit: 25 }, signal }),
  get: (api: ApiClient, locationId: string, signal?: AbortSignal) =>
    api.get<HomeDetail>(`/homes/${encodeURIComponent(locationId)}`, { signal }),
};

export const homePath = (locationId: string) => `/homes/${encodeURIComponent(locationId)}`;

const ARCHIVE_REASONS: Record<string, string> = {
  deregistered: 'Deregistered by CQC',
  dormant: 'Dormant (registered but not operating)',
  'not-a-care-home': 'No longer a care home',
  'absent-from-complete-snapshot': 'No longer in CQC data',
};

export function archiveReasonLabel(reason: string | undefined): string {
  return (reason && ARCHIVE_REASONS[reason]) ?? 'Archived';
}

/** '2024-03-07' -> '7 March 2024' (GOV.UK/NHS date style). */
export function formatDate(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}
