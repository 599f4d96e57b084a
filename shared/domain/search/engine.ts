import { boundingBoxForRadius, haversineMiles } from '../geo/distance';
import { coverCircle, encodeGeohash, precisionForRadius } from '../geo/geohash';
import type { BedStateRow } from '../vacancy';
import { type HomeFilter, inArea } from './filter';
import { areaKey, type SearchHome } from './home';

/** Where a search looks: a circle around a resolved postcode, or a named area. */
export type ResolvedArea =
  | { kind: 'radius'; lat: number; lon: number; radiusMiles: number }
  | { kind: 'la' | 'subIcb' | 'icb'; value: string };

/** Results sort on (number, id): distance for a radius, otherwise most recently updated first. */
export type SortKey = readonly [number, string];

export interface Match {
  home: SearchHome;
  distanceMiles: number | null;
  rows: BedStateRow[];
  sortKey: SortKey;
}

export interface SearchOutcome {
  /** Sorted; only the first `limit` after `after` when a limit was given. */
  matches: Match[];
  /** Every home that matched, wherever it falls in the order. */
  total: number;
  /** Matches after the `after` key (all of them when none was given): more pages follow when > limit. */
  remaining: number;
  /** Homes whose distance or area was checked: what the spatial index saved is homes - examined. */
  examined: number;
  /** Homes inside the radius (or area) before any filter. */
  inArea: number;
}

export interface SearchLimits {
  /** Keep only the first `limit` matches (a page): selected in one pass, the rest never sorted. */
  limit?: number;
  /** Keep only matches whose sort key comes after this one (the previous page's last). */
  after?: SortKey | null;
}

/** Finest and coarsest geohash buckets kept: 6 (~1.2 x 0.6 km) to 3 (~156 x 156 km). */
const BUCKET_PRECISIONS = [3, 4, 5, 6] as const;
/** Cells a radius lookup may visit; precisionForRadius picks the finest precision within it. */
const MAX_CELLS_PER_LOOKUP = 48;

export function compareSortKeys(a: SortKey, b: SortKey): number {
  return compareKey(a[0], a[1], b);
}

function compareKey(n: number, id: string, b: SortKey): number {
  if (n !== b[0]) return n < b[0] ? -1 : 1;
  return id < b[1] ? -1 : id > b[1] ? 1 : 0;
}

function freshnessNumber(home: SearchHome): number {
  // Never-updated homes sort after every updated one.
  return home.updatedMs === null ? Number.POSITIVE_INFINITY : -home.updatedMs;
}

/**
 * Gathers matches in sort order. With a limit it keeps only the best `limit` in a small sorted
 * array (binary insertion), so a search that matches thousands of homes for a page of 20 neither
 * allocates nor sorts the thousands.
 */
class Collector {
  readonly matches: Match[] = [];
  total = 0;
  remaining = 0;
  constructor(private readonly limits: SearchLimits) {}

  add(home: SearchHome, distanceMiles: number | null, rows: BedStateRow[], n: number): void {
    this.total++;
    const id = home.locationId;
    const after = this.limits.after;
    if (after && compareKey(n, id, after) <= 0) return;
    this.remaining++;
    const limit = this.limits.limit;
    const list = this.matches;
    if (limit === undefined) {
      list.push({ home, distanceMiles, rows, sortKey: [n, id] });
      return;
    }
    if (limit <= 0) return;
    if (list.length === limit) {
      const worst = list[limit - 1] as Match;
      if (compareKey(n, id, worst.sortKey) >= 0) return;
      list.pop();
    }
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKey(n, id, (list[mid] as Match).sortKey) > 0) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, { home, distanceMiles, rows, sortKey: [n, id] });
  }

  finish(examined: number, inArea: number): SearchOutcome {
    if (this.limits.limit === undefined) this.matches.sort((a, b) => compareSortKeys(a.sortKey, b.sortKey));
    return { matches: this.matches, total: this.total, remaining: this.remaining, examined, inArea };
  }
}

/**
 * Every active home in memory, bucketed by geohash prefix (for radius searches) and by area (for
 * local authority, sub-ICB and ICB searches), so a search visits only the homes near it. Changes
 * arrive one home at a time (upsert/remove) from the changes feed.
 */
export class SearchIndex {
  private readonly homes = new Map<string, SearchHome>();
  private readonly cells = new Map<string, Map<string, SearchHome>>();
  private readonly areas = new Map<string, Map<string, SearchHome>>();
  private readonly cellOf = new Map<string, string>();

  constructor(homes: Iterable<SearchHome> = []) {
    for (const home of homes) this.upsert(home);
  }

  get size(): number {
    return this.homes.size;
  }

  get(locationId: string): SearchHome | undefined {
    return this.homes.get(locationId);
  }

  all(): IterableIterator<SearchHome> {
    return this.homes.values();
  }

  upsert(home: SearchHome): void {
    this.remove(home.locationId);
    this.homes.set(home.locationId, home);
    if (home.hasLocation) {
      const hash =
        home.geohash && home.geohash.length >= 6 ? home.geohash : encodeGeohash(home.lat, home.lon, 9);
      this.cellOf.set(home.locationId, hash);
      for (const p of BUCKET_PRECISIONS) addTo(this.cells, hash.slice(0, p), home);
    }
    for (const key of areaKeysOf(home)) addTo(this.areas, key, home);
  }

  remove(locationId: string): void {
    const old = this.homes.get(locationId);
    if (!old) return;
    this.homes.delete(locationId);
    const hash = this.cellOf.get(locationId);
    if (hash) {
      for (const p of BUCKET_PRECISIONS) removeFrom(this.cells, hash.slice(0, p), locationId);
      this.cellOf.delete(locationId);
    }
    for (const key of areaKeysOf(old)) removeFrom(this.areas, key, locationId);
  }

  search(area: ResolvedArea, filter: HomeFilter, limits: SearchLimits = {}): SearchOutcome {
    const out = new Collector(limits);
    let examined = 0;
    let inside = 0;
    if (area.kind === 'radius') {
      const precision = Math.min(
        6,
        Math.max(3, precisionForRadius(area.lat, area.radiusMiles, MAX_CELLS_PER_LOOKUP)),
      );
      const box = boundingBoxForRadius(area, area.radiusMiles);
      for (const cell of coverCircle(area.lat, area.lon, area.radiusMiles, precision)) {
        const homes = this.cells.get(cell);
        if (!homes) continue;
        for (const home of homes.values()) {
          examined++;
          // The box is a cheap first cut: the corners of the covering cells lie well outside the circle.
          if (
            home.lat < box.minLat ||
            home.lat > box.maxLat ||
            home.lon < box.minLon ||
            home.lon > box.maxLon
          ) {
            continue;
          }
          const distance = haversineMiles(area, home);
          if (distance > area.radiusMiles) continue;
          inside++;
          const rows = filter(home);
          if (rows) out.add(home, distance, rows, distance);
        }
      }
    } else {
      const homes = this.areas.get(`${area.kind}:${areaKey(area.value)}`);
      for (const home of homes?.values() ?? []) {
        examined++;
        inside++;
        const rows = filter(home);
        if (rows) out.add(home, null, rows, freshnessNumber(home));
      }
    }
    return out.finish(examined, inside);
  }
}

/**
 * The same search by checking every home: the reference the index must agree with (tests) and the
 * lower bound on work a search could do in memory without an index (the benchmark's "limit").
 */
export function bruteForceSearch(
  homes: Iterable<SearchHome>,
  area: ResolvedArea,
  filter: HomeFilter,
  limits: SearchLimits = {},
): SearchOutcome {
  const out = new Collector(limits);
  let examined = 0;
  let inside = 0;
  for (const home of homes) {
    examined++;
    if (area.kind === 'radius') {
      if (!home.hasLocation) continue;
      const distance = haversineMiles(area, home);
      if (distance > area.radiusMiles) continue;
      inside++;
      const rows = filter(home);
      if (rows) out.add(home, distance, rows, distance);
    } else {
      if (!inArea(home, area)) continue;
      inside++;
      const rows = filter(home);
      if (rows) out.add(home, null, rows, freshnessNumber(home));
    }
  }
  return out.finish(examined, inside);
}

function areaKeysOf(home: SearchHome): string[] {
  const keys: string[] = [];
  if (home.laSlug) keys.push(`la:${home.laSlug}`);
  for (const k of home.subIcbKeys) keys.push(`subIcb:${k}`);
  for (const k of home.icbKeys) keys.push(`icb:${k}`);
  return keys;
}

function addTo(map: Map<string, Map<string, SearchHome>>, key: string, home: SearchHome): void {
  let bucket = map.get(key);
  if (!bucket) {
    bucket = new Map();
    map.set(key, bucket);
  }
  bucket.set(home.locationId, home);
}

function removeFrom(map: Map<string, Map<string, SearchHome>>, key: string, id: string): void {
  const bucket = map.get(key);
  if (!bucket) return;
  bucket.delete(id);
  if (bucket.size === 0) map.delete(key);
}
