import { z } from 'zod';
import type { AreaScope, Principal } from '../../domain/authz';
import { normaliseRegion } from '../../domain/geo/regions';
import { freshness, STALE_AFTER_HOURS } from '../../domain/vacancy/freshness';
import { forbidden, validationFailed } from '../../http/problem';
import { authorize } from '../principal';

/**
 * "Not updating": active homes in an area (local authority, sub-ICB, ICB or region) whose vacancies
 * were not updated or confirmed within 48 hours (isStale), worst first: never updated, then the
 * oldest update. For commissioners and LA officers of that area (`area:view`), and admins.
 */

export type AreaKind = 'la' | 'subIcb' | 'icb' | 'region';
export const AREA_KINDS: readonly AreaKind[] = ['la', 'subIcb', 'icb', 'region'];

export interface AreaRef {
  kind: AreaKind;
  /** What the area index is keyed by: an LA or region name (or its slug), a sub-ICB or ICB code. */
  value: string;
  label: string;
}

/** What the listing needs of a HOME item (read from the area index, active homes only). */
export interface AreaHome {
  locationId: string;
  name: string;
  address?: string;
  postcode?: string;
  phone?: string;
  localAuthority?: string;
  bedUpdatedAt?: string;
  active: boolean;
}

export interface AreaHomesReader {
  /** Every home in the area's index partition (all pages). */
  list(kind: AreaKind, value: string): Promise<AreaHome[]>;
}

export interface NotUpdatingHome {
  locationId: string;
  name: string;
  address: string | null;
  postcode: string | null;
  phone: string | null;
  localAuthority: string | null;
  lastUpdated: string | null;
  /** Whole days since the last update or confirmation; null when never updated. */
  daysSinceUpdate: number | null;
  hoursSinceUpdate: number | null;
  neverUpdated: boolean;
  freshness: string;
}

export interface NotUpdatingPage {
  area: AreaRef;
  /** Areas the caller covers, for the area picker. */
  areas: AreaRef[];
  asOf: string;
  staleAfterHours: number;
  /** Active homes in the area. */
  homesInArea: number;
  /** Of those, not updating (every page). */
  total: number;
  homes: NotUpdatingHome[];
  nextCursor: string | null;
}

const text = z.string().trim().min(1).max(100);
export const notUpdatingQuery = z
  .object({
    la: text.optional(),
    subIcb: text.optional(),
    icb: text.optional(),
    region: text.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(2000).optional(),
  })
  .strict();
export type NotUpdatingQuery = z.infer<typeof notUpdatingQuery>;

const ORG_AREA: Record<string, AreaKind> = {
  'local-authority': 'la',
  'sub-icb': 'subIcb',
  icb: 'icb',
  region: 'region',
};

/** The areas a principal sees as a commissioner or LA officer, from stored memberships. */
export function areasOf(p: Principal): AreaRef[] {
  const out = new Map<string, AreaRef>();
  for (const m of p.memberships) {
    if (m.role !== 'commissioner' && m.role !== 'la-officer') continue;
    const kind = ORG_AREA[m.orgType];
    if (!kind) continue;
    const value = m.orgId.slice(m.orgType.length + 1);
    out.set(`${kind}:${value}`, { kind, value, label: m.orgName });
  }
  return [...out.values()];
}

function scopeOf(area: AreaRef): AreaScope {
  switch (area.kind) {
    case 'la':
      return { localAuthority: area.value };
    case 'subIcb':
      return { subIcb: area.value };
    case 'icb':
      return { icb: area.value };
    case 'region':
      return { region: area.value };
    default: {
      const never: never = area.kind;
      return never;
    }
  }
}

/** The same area however it was written ('Leeds', 'leeds'; 'e38000225'), for cursors and matching. */
function areaId(area: Pick<AreaRef, 'kind' | 'value'>): string {
  const v = area.value.trim();
  return `${area.kind}:${area.kind === 'subIcb' || area.kind === 'icb' ? v.toUpperCase() : v.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
}

export function resolveArea(p: Principal, q: NotUpdatingQuery): AreaRef {
  const given = AREA_KINDS.filter((k) => q[k] !== undefined);
  if (given.length > 1) {
    throw validationFailed([
      {
        field: given[1] ?? 'la',
        rule: 'one-area',
        message: `${given.join(', ')}: give only one area (la, subIcb, icb or region)`,
      },
    ]);
  }
  const mine = areasOf(p);
  const kind = given[0];
  if (kind) {
    const raw = q[kind] ?? '';
    const value = kind === 'region' ? (normaliseRegion(raw) ?? raw) : raw;
    const known = mine.find((a) => areaId(a) === areaId({ kind, value }));
    return known ?? { kind, value, label: value };
  }
  const first = mine[0];
  if (!first) {
    throw validationFailed([
      {
        field: 'la',
        rule: 'area-required',
        message: 'la: choose an area (give one of la, subIcb, icb or region)',
      },
    ]);
  }
  return first;
}

export interface NotUpdatingDeps {
  reader: AreaHomesReader;
  now?: () => Date;
}

type Cursor = { a: string; k: string };

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeCursor(area: AreaRef, cursor: string): string {
  const invalid = () =>
    validationFailed([
      {
        field: 'cursor',
        rule: 'cursor',
        message: 'cursor: not a cursor from this list; start again without it',
      },
    ]);
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const c = raw as Partial<Cursor> | null;
  if (!c || typeof c.a !== 'string' || typeof c.k !== 'string' || c.a !== areaId(area)) throw invalid();
  return c.k;
}

/** Worst first: never updated (empty), then the oldest update; ties by name, then id. */
const sortKey = (h: AreaHome) => `${h.bedUpdatedAt ?? ''}\u0000${h.name.toLowerCase()}\u0000${h.locationId}`;

export async function listNotUpdating(
  deps: NotUpdatingDeps,
  principal: Principal,
  q: NotUpdatingQuery,
): Promise<NotUpdatingPage> {
  // Only commissioners, LA officers and admins have an area to look at: 403 before any area question.
  const roles = new Set(principal.memberships.map((m) => m.role));
  if (principal.disabled || !(roles.has('commissioner') || roles.has('la-officer') || roles.has('admin'))) {
    throw forbidden('Only commissioners and local authority officers can see which homes are not updating');
  }
  const area = resolveArea(principal, q);
  authorize(principal, { kind: 'area:view', area: scopeOf(area) }, `You can only see homes in your own area`);
  const now = (deps.now ?? (() => new Date()))();
  const after = q.cursor ? decodeCursor(area, q.cursor) : undefined;
  const homes = (await deps.reader.list(area.kind, area.value)).filter((h) => h.active);
  const stale = homes
    .map((h) => ({ h, f: freshness(h.bedUpdatedAt ?? null, now), key: sortKey(h) }))
    .filter(({ f }) => f.badge === 'stale' || f.badge === 'never')
    .sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  const rest = after === undefined ? stale : stale.filter((s) => s.key > after);
  const page = rest.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    area,
    areas: areasOf(principal),
    asOf: now.toISOString(),
    staleAfterHours: STALE_AFTER_HOURS,
    homesInArea: homes.length,
    total: stale.length,
    homes: page.map(({ h, f }) => ({
      locationId: h.locationId,
      name: h.name,
      address: h.address ?? null,
      postcode: h.postcode ?? null,
      phone: h.phone ?? null,
      localAuthority: h.localAuthority ?? null,
      lastUpdated: h.bedUpdatedAt ?? null,
      daysSinceUpdate: f.ageHours === null ? null : Math.floor(f.ageHours / 24),
      hoursSinceUpdate: f.ageHours === null ? null : Math.floor(f.ageHours),
      neverUpdated: f.ageHours === null,
      freshness: f.label,
    })),
    nextCursor: last && rest.length > page.length ? encodeCursor({ a: areaId(area), k: last.key }) : null,
  };
}
