import { z } from 'zod';
import { normaliseRegion } from '../../domain/geo/regions';
import { badRequest, validationFailed } from '../../http/problem';
import { indexedWords, nameWords, type RegistryHome } from './model';
import type { AreaFilters, AreaIndex, HomeListPlan, HomesRepository } from './ports';

/** What GET /api/homes and GET /api/homes/{locationId} return: the registry facts of a home. */
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

export interface AreaRefView {
  code?: string;
  name?: string;
}

export interface HomeDetail extends HomeSummary {
  town?: string;
  county?: string;
  location?: { latitude: number; longitude: number; geohash?: string; locatedBy?: string };
  geography: { region?: string; localAuthority?: string; icb?: AreaRefView; subIcb?: AreaRefView };
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
  /** 'archived' homes are kept (with their history) but left out of every search. */
  status: 'active' | 'archived';
  archivedReason?: string;
  archivedAt?: string;
  registryUpdatedAt: string;
}

const area = (code?: string, name?: string): AreaRefView | undefined =>
  code || name ? { ...(code ? { code } : {}), ...(name ? { name } : {}) } : undefined;

export function toSummary(h: RegistryHome): HomeSummary {
  return {
    locationId: h.locationId,
    name: h.name,
    providerId: h.providerId,
    providerName: h.providerName,
    address: h.address,
    postcode: h.postcode,
    localAuthority: h.localAuthority,
    region: h.region,
    registeredBeds: h.registeredBeds,
    overallRating: h.overallRating,
    located: h.latitude !== undefined && h.longitude !== undefined,
  };
}

export function toDetail(h: RegistryHome): HomeDetail {
  return {
    ...toSummary(h),
    town: h.town,
    county: h.county,
    location:
      h.latitude !== undefined && h.longitude !== undefined
        ? { latitude: h.latitude, longitude: h.longitude, geohash: h.geohash, locatedBy: h.locatedBy }
        : undefined,
    geography: {
      region: h.region,
      localAuthority: h.localAuthority,
      icb: area(h.icbCode, h.icbName),
      subIcb: area(h.subIcbCode, h.subIcbName),
    },
    ratingDate: h.ratingDate,
    serviceTypes: h.serviceTypes,
    specialisms: h.specialisms,
    regulatedActivities: h.regulatedActivities,
    brand: h.brand,
    phone: h.phone,
    website: h.website,
    isCareHome: h.isCareHome,
    registrationStatus: h.registrationStatus,
    registrationDate: h.registrationDate,
    deregistrationDate: h.deregistrationDate,
    status: h.registryStatus,
    archivedReason: h.archivedReason,
    archivedAt: h.archivedAt,
    registryUpdatedAt: h.registryUpdatedAt,
  };
}

const text = z.string().trim().min(1).max(100);

export const homeListQuery = z
  .object({
    la: text.optional(),
    subIcb: text.optional(),
    icb: text.optional(),
    region: text.optional(),
    provider: text.optional(),
    name: text.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z.string().max(4000).optional(),
  })
  .strict();
export type HomeListQuery = z.infer<typeof homeListQuery>;

/** Most selective first: the listing reads the partition of the first filter given. */
const AREA_ORDER: readonly AreaIndex[] = ['la', 'subIcb', 'icb', 'provider', 'region'];

export function planHomeList(q: HomeListQuery): HomeListPlan {
  const filters: AreaFilters = {};
  if (q.la) filters.la = q.la;
  if (q.subIcb) filters.subIcb = q.subIcb;
  if (q.icb) filters.icb = q.icb;
  if (q.provider) filters.provider = q.provider;
  if (q.region) filters.region = normaliseRegion(q.region) ?? q.region;
  const words = q.name === undefined ? [] : nameWords(q.name);
  if (q.name !== undefined && words.length === 0) {
    throw validationFailed([
      {
        field: 'name',
        rule: 'name-words',
        message: 'name: enter at least one word of 2 or more letters or digits (not just "the", "and", "of")',
      },
    ]);
  }
  const index = AREA_ORDER.find((a) => filters[a] !== undefined);
  if (index) return { via: 'area', index, key: filters[index] ?? '', filters, words };
  if (words.length === 0) {
    throw badRequest('Filter the list: give at least one of la, subIcb, icb, region, provider or name');
  }
  // The longest distinctive word is likely the smallest partition; the others filter it.
  const [first] = indexedWords(words).sort((a, b) => b.length - a.length || a.localeCompare(b));
  if (!first) {
    throw validationFailed([
      {
        field: 'name',
        rule: 'name-words',
        message: `name: "${words.join(' ')}" is in too many names to search on alone; add a more distinctive word or an area`,
      },
    ]);
  }
  const rest = words.filter((w) => w !== first);
  return { via: 'word', word: first, otherWords: rest };
}

/** The cursor names its search, so a cursor from another search is refused rather than misread. */
function signature(plan: HomeListPlan): string {
  return JSON.stringify(plan);
}

const cursorShape = z.object({ s: z.string(), k: z.record(z.string(), z.union([z.string(), z.number()])) });

export function encodeCursor(plan: HomeListPlan, key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify({ s: signature(plan), k: key })).toString('base64url');
}

export function decodeCursor(plan: HomeListPlan, cursor: string): Record<string, unknown> {
  const invalid = () =>
    validationFailed([
      {
        field: 'cursor',
        rule: 'cursor',
        message: 'cursor: not a cursor from this search; start again without it',
      },
    ]);
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const parsed = cursorShape.safeParse(raw);
  if (!parsed.success || parsed.data.s !== signature(plan)) throw invalid();
  return parsed.data.k;
}

export async function listHomes(
  homes: HomesRepository,
  q: HomeListQuery,
): Promise<{ homes: HomeSummary[]; nextCursor?: string }> {
  const plan = planHomeList(q);
  const start = q.cursor ? decodeCursor(plan, q.cursor) : undefined;
  const page = await homes.list(plan, q.limit, start);
  return {
    homes: page.homes.map(toSummary),
    ...(page.next ? { nextCursor: encodeCursor(plan, page.next) } : {}),
  };
}

export async function getHomeDetail(
  homes: HomesRepository,
  locationId: string,
): Promise<HomeDetail | undefined> {
  const home = await homes.get(locationId);
  return home ? toDetail(home) : undefined;
}
