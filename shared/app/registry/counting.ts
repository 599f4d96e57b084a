import type { GeoRepository, HomesRepository } from './ports';

/** Items each repository was asked to write: what the benchmark and the idempotency tests measure. */
export interface WriteCounts {
  homesCreated: number;
  homesUpdated: number;
  postcodes: number;
  outcodes: number;
  total(): number;
}

/**
 * Wraps the repositories and counts the writes that reach them, independently of what the ingester
 * reports about itself: a run that claims "unchanged" but still writes shows up here.
 */
export function countingRepositories(
  homes: HomesRepository,
  geo: GeoRepository,
): { homes: HomesRepository; geo: GeoRepository; counts: WriteCounts } {
  const counts: WriteCounts = {
    homesCreated: 0,
    homesUpdated: 0,
    postcodes: 0,
    outcodes: 0,
    total() {
      return this.homesCreated + this.homesUpdated + this.postcodes + this.outcodes;
    },
  };
  const countedHomes: HomesRepository = {
    getMany: (ids) => homes.getMany(ids),
    create: async (list) => {
      counts.homesCreated += list.length;
      await homes.create(list);
    },
    update: async (next, previous) => {
      counts.homesUpdated++;
      return homes.update(next, previous);
    },
    activeLocationIds: () => homes.activeLocationIds(),
    archivedLocationIds: () => homes.archivedLocationIds(),
    get: (id) => homes.get(id),
    list: (plan, limit, start) => homes.list(plan, limit, start),
  };
  const countedGeo: GeoRepository = {
    getPostcodes: (p) => geo.getPostcodes(p),
    putPostcodes: async (points) => {
      counts.postcodes += points.length;
      await geo.putPostcodes(points);
    },
    getOutcodes: (o) => geo.getOutcodes(o),
    putOutcodes: async (centroids) => {
      counts.outcodes += centroids.length;
      await geo.putOutcodes(centroids);
    },
  };
  return { homes: countedHomes, geo: countedGeo, counts };
}
