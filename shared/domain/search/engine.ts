import { boundingBoxForRadius, haversineMiles, haversineMilesFrom } from '../geo/distance';
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

/** Whether `bits` has at least one bit of each mask. */
function anyOfEach(bits: number, masks: readonly number[]): boolean {
  for (let i = 0; i < masks.length; i++) if ((bits & (masks[i] as number)) === 0) return false;
  return true;
}

interface CellList {
  homes: SearchHome[];
  lats: Float64Array;
  lons: Float64Array;
  /** updatedMs (NaN: never), acceptingMask, offeredMask and facets of each home: the prefilter's columns. */
  updated: Float64Array;
  accepting: Int32Array;
  offered: Int32Array;
  facets: Int32Array;
  ids: string[];
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
    if (this.admit(n, home.locationId)) this.insert(home, distanceMiles, rows, n);
  }

  /**
   * Counts a match by its sort key alone, and says whether it belongs in the page kept so far; only
   * then need the caller build its rows and call insert().
   */
  admit(n: number, id: string): boolean {
    this.total++;
    const after = this.limits.after;
    if (after && compareKey(n, id, after) <= 0) return false;
    this.remaining++;
    const limit = this.limits.limit;
    if (limit === undefined) return true;
    if (limit <= 0) return false;
    const list = this.matches;
    return list.length < limit || compareKey(n, id, (list[limit - 1] as Match).sortKey) < 0;
  }

  /** Puts an admitted match in its place, dropping the one it displaces from a full page. */
  insert(home: SearchHome, distanceMiles: number | null, rows: BedStateRow[], n: number): void {
    const id = home.locationId;
    const limit = this.limits.limit;
    const list = this.matches;
    if (limit === undefined) {
      list.push({ home, distanceMiles, rows, sortKey: [n, id] });
      return;
    }
    if (list.length === limit) list.pop();
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
  /**
   * Each cell's homes as arrays for the search loop, with their coordinates side by side, so the box
   * and distance checks do not touch the home objects of the many homes they rule out. Rebuilt the
   * next time the cell is searched after a change.
   */
  private readonly cellLists = new Map<string, CellList>();
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
    if (this.replaceInPlace(home)) return;
    this.remove(home.locationId);
    this.homes.set(home.locationId, home);
    if (home.hasLocation) {
      const hash =
        home.geohash && home.geohash.length >= 6 ? home.geohash : encodeGeohash(home.lat, home.lon, 9);
      this.cellOf.set(home.locationId, hash);
      for (const p of BUCKET_PRECISIONS) {
        const cell = hash.slice(0, p);
        addTo(this.cells, cell, home);
        this.cellLists.delete(cell);
      }
    }
    for (const key of areaKeysOf(home)) addTo(this.areas, key, home);
  }

  remove(locationId: string): void {
    const old = this.homes.get(locationId);
    if (!old) return;
    this.homes.delete(locationId);
    const hash = this.cellOf.get(locationId);
    if (hash) {
      for (const p of BUCKET_PRECISIONS) {
        const cell = hash.slice(0, p);
        removeFrom(this.cells, cell, locationId);
        this.cellLists.delete(cell);
      }
      this.cellOf.delete(locationId);
    }
    for (const key of areaKeysOf(old)) removeFrom(this.areas, key, locationId);
  }

  /**
   * The common change, a home's figures and nothing of where it is: swapped into its cells and their
   * columns where it stands, so the next search does not rebuild large cells' arrays.
   */
  private replaceInPlace(home: SearchHome): boolean {
    const old = this.homes.get(home.locationId);
    const hash = this.cellOf.get(home.locationId);
    if (!old || !hash || !home.hasLocation || home.lat !== old.lat || home.lon !== old.lon) return false;
    if (home.geohash && home.geohash.length >= 6 && home.geohash !== hash) return false;
    const oldAreas = areaKeysOf(old);
    const newAreas = areaKeysOf(home);
    if (oldAreas.length !== newAreas.length || oldAreas.some((k, i) => k !== newAreas[i])) return false;
    this.homes.set(home.locationId, home);
    for (const p of BUCKET_PRECISIONS) {
      const cell = hash.slice(0, p);
      this.cells.get(cell)?.set(home.locationId, home);
      const list = this.cellLists.get(cell);
      if (!list) continue;
      const i = list.homes.indexOf(old);
      if (i < 0) {
        this.cellLists.delete(cell);
        continue;
      }
      list.homes[i] = home;
      list.updated[i] = home.updatedMs ?? Number.NaN;
      list.accepting[i] = home.acceptingMask;
      list.offered[i] = home.offeredMask;
      list.facets[i] = home.facets;
    }
    for (const key of newAreas) this.areas.get(key)?.set(home.locationId, home);
    return true;
  }

  private cellList(cell: string): CellList | undefined {
    let list = this.cellLists.get(cell);
    if (list) return list;
    const members = this.cells.get(cell);
    if (!members) return undefined;
    const homes = [...members.values()];
    list = {
      homes,
      lats: Float64Array.from(homes, (h) => h.lat),
      lons: Float64Array.from(homes, (h) => h.lon),
      updated: Float64Array.from(homes, (h) => h.updatedMs ?? Number.NaN),
      accepting: Int32Array.from(homes, (h) => h.acceptingMask),
      offered: Int32Array.from(homes, (h) => h.offeredMask),
      facets: Int32Array.from(homes, (h) => h.facets),
      ids: homes.map((h) => h.locationId),
    };
    this.cellLists.set(cell, list);
    return list;
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
      const cosLat = Math.cos((area.lat * Math.PI) / 180);
      const pre = filter.prefilter;
      const since = pre?.updatedSinceMs ?? null;
      const acceptingAny = pre?.acceptingAny ?? 0;
      const offeredAny = pre?.offeredAny ?? 0;
      const exact = pre?.exact === true;
      const facetsAll = pre?.facetsAll ?? 0;
      const facetsAny = pre?.facetsAny ?? [];
      const residual = pre?.residual ?? filter;
      for (const cell of coverCircle(area.lat, area.lon, area.radiusMiles, precision)) {
        const list = this.cellList(cell);
        if (!list) continue;
        const { homes, lats, lons, updated, accepting, offered, facets, ids } = list;
        examined += homes.length;
        for (let i = 0; i < homes.length; i++) {
          const lat = lats[i] as number;
          const lon = lons[i] as number;
          // The box is a cheap first cut: the corners of the covering cells lie well outside the circle.
          if (lat < box.minLat || lat > box.maxLat || lon < box.minLon || lon > box.maxLon) continue;
          const distance = haversineMilesFrom(area.lat, cosLat, area.lon, lat, lon);
          if (distance > area.radiusMiles) continue;
          inside++;
          // NaN (never updated) fails the comparison, as the filter's own check does.
          if (since !== null && !((updated[i] as number) >= since)) continue;
          if (acceptingAny !== 0 && ((accepting[i] as number) & acceptingAny) === 0) continue;
          if (offeredAny !== 0 && ((offered[i] as number) & offeredAny) === 0) continue;
          const f = facets[i] as number;
          if ((f & facetsAll) !== facetsAll || !anyOfEach(f, facetsAny)) continue;
          const home = homes[i] as SearchHome;
          if (exact) {
            // The columns decided it: the home matches. Its object is read only if it makes the page.
            if (!out.admit(distance, ids[i] as string)) continue;
            out.insert(home, distance, residual(home) ?? [], distance);
            continue;
          }
          const rows = residual(home);
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
