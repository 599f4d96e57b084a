import { haversineMiles } from '../geo/distance';
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
  matches: Match[];
  /** Homes whose distance or area was checked: what the spatial index saved is homes - examined. */
  examined: number;
  /** Homes inside the radius (or area) before any filter. */
  inArea: number;
}

/** Finest and coarsest geohash buckets kept: 6 (~1.2 x 0.6 km) to 3 (~156 x 156 km). */
const BUCKET_PRECISIONS = [3, 4, 5, 6] as const;
/** Cells a radius lookup may visit; precisionForRadius picks the finest precision within it. */
const MAX_CELLS_PER_LOOKUP = 48;

export function compareSortKeys(a: SortKey, b: SortKey): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

function freshnessKey(home: SearchHome): SortKey {
  // Never-updated homes sort after every updated one.
  return [home.updatedMs === null ? Number.POSITIVE_INFINITY : -home.updatedMs, home.locationId];
}

/**
 * Every active home in memory, bucketed by geohash prefix (for radius searches) and by area (for
 * local authority, sub-ICB and ICB searches), so a search visits only the homes near it. Changes
 * arrive one home at a time (upsert/remove) from the changes feed.
 */
export class SearchIndex {
  private readonly homes = new Map<string, SearchHome>();
  private readonly cells = new Map<string, Set<string>>();
  private readonly areas = new Map<string, Set<string>>();
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
      for (const p of BUCKET_PRECISIONS) addTo(this.cells, hash.slice(0, p), home.locationId);
    }
    for (const key of areaKeysOf(home)) addTo(this.areas, key, home.locationId);
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

  search(area: ResolvedArea, filter: HomeFilter): SearchOutcome {
    const matches: Match[] = [];
    let examined = 0;
    let inside = 0;
    if (area.kind === 'radius') {
      const precision = Math.min(
        6,
        Math.max(3, precisionForRadius(area.lat, area.radiusMiles, MAX_CELLS_PER_LOOKUP)),
      );
      const origin = { lat: area.lat, lon: area.lon };
      for (const cell of coverCircle(area.lat, area.lon, area.radiusMiles, precision)) {
        const ids = this.cells.get(cell);
        if (!ids) continue;
        for (const id of ids) {
          const home = this.homes.get(id);
          if (!home) continue;
          examined++;
          const distance = haversineMiles(origin, { lat: home.lat, lon: home.lon });
          if (distance > area.radiusMiles) continue;
          inside++;
          const rows = filter(home);
          if (rows)
            matches.push({ home, distanceMiles: distance, rows, sortKey: [distance, home.locationId] });
        }
      }
    } else {
      const ids = this.areas.get(`${area.kind}:${areaKey(area.value)}`);
      for (const id of ids ?? []) {
        const home = this.homes.get(id);
        if (!home) continue;
        examined++;
        inside++;
        const rows = filter(home);
        if (rows) matches.push({ home, distanceMiles: null, rows, sortKey: freshnessKey(home) });
      }
    }
    matches.sort((a, b) => compareSortKeys(a.sortKey, b.sortKey));
    return { matches, examined, inArea: inside };
  }
}

/**
 * The same search by checking every home: the reference the index must agree with (tests) and the
 * lower bound on work a search could do in memory (the benchmark's "limit").
 */
export function bruteForceSearch(
  homes: Iterable<SearchHome>,
  area: ResolvedArea,
  filter: HomeFilter,
): SearchOutcome {
  const matches: Match[] = [];
  let examined = 0;
  let inside = 0;
  for (const home of homes) {
    examined++;
    if (area.kind === 'radius') {
      if (!home.hasLocation) continue;
      const distance = haversineMiles({ lat: area.lat, lon: area.lon }, { lat: home.lat, lon: home.lon });
      if (distance > area.radiusMiles) continue;
      inside++;
      const rows = filter(home);
      if (rows) matches.push({ home, distanceMiles: distance, rows, sortKey: [distance, home.locationId] });
    } else {
      if (!inArea(home, area)) continue;
      inside++;
      const rows = filter(home);
      if (rows) matches.push({ home, distanceMiles: null, rows, sortKey: freshnessKey(home) });
    }
  }
  matches.sort((a, b) => compareSortKeys(a.sortKey, b.sortKey));
  return { matches, examined, inArea: inside };
}

function areaKeysOf(home: SearchHome): string[] {
  const keys: string[] = [];
  if (home.laSlug) keys.push(`la:${home.laSlug}`);
  for (const k of home.subIcbKeys) keys.push(`subIcb:${k}`);
  for (const k of home.icbKeys) keys.push(`icb:${k}`);
  return keys;
}

function addTo(map: Map<string, Set<string>>, key: string, id: string): void {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(id);
}

function removeFrom(map: Map<string, Set<string>>, key: string, id: string): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(id);
  if (set.size === 0) map.delete(key);
}
