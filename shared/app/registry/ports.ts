import type { OutcodeCentroid } from '../../domain/geo/outcodes';
import type { RegistryHome } from './model';
import type { IngestReport } from './report';

/** Area indexes a home listing can be read from (every one is sorted by name). */
export type AreaIndex = 'la' | 'subIcb' | 'icb' | 'region' | 'provider';
export type AreaFilters = Partial<Record<AreaIndex, string>>;

/** How a listing is read: one area index partition, or one name-word partition. */
export type HomeListPlan =
  | { via: 'area'; index: AreaIndex; key: string; filters: AreaFilters; words: string[] }
  | { via: 'word'; word: string; otherWords: string[] };

export interface HomePage {
  homes: RegistryHome[];
  /** Where the next page starts; opaque to callers above the app layer. */
  next?: Record<string, unknown>;
}

export interface HomesRepository {
  /** Registry attributes of existing HOME items (archived ones too), by location id. */
  getMany(locationIds: readonly string[]): Promise<Map<string, RegistryHome>>;
  /** New homes (their HOME items must not exist yet): batched puts with their name-word items. */
  create(homes: readonly RegistryHome[]): Promise<void>;
  /**
   * Changes an existing home's registry attributes only, if its stored hash is still
   * `previous.registryHash`; 'conflict' when another writer changed it in between.
   */
  update(next: RegistryHome, previous: RegistryHome): Promise<'updated' | 'conflict'>;
  /** Ids of every active (searchable) home, in pages. */
  activeLocationIds(): AsyncIterable<string[]>;
  /** Ids of every archived home, in pages (with the active ones: every home there is). */
  archivedLocationIds(): AsyncIterable<string[]>;
  get(locationId: string): Promise<RegistryHome | undefined>;
  list(plan: HomeListPlan, limit: number, start?: Record<string, unknown>): Promise<HomePage>;
}

export interface PostcodePoint {
  postcode: string;
  latitude: number;
  longitude: number;
}

export interface GeoRepository {
  getPostcodes(postcodes: readonly string[]): Promise<Map<string, PostcodePoint>>;
  putPostcodes(points: readonly PostcodePoint[]): Promise<void>;
  getOutcodes(outcodes: readonly string[]): Promise<Map<string, OutcodeCentroid>>;
  putOutcodes(centroids: readonly OutcodeCentroid[]): Promise<void>;
}

export interface RunPage {
  runs: IngestReport[];
  next?: Record<string, unknown>;
}

export interface RegistryRunRepository {
  save(report: IngestReport): Promise<void>;
  listRecent(limit: number, start?: Record<string, unknown>): Promise<RunPage>;
  /** Small named state values, e.g. how far the CQC delta sync has got. */
  getState(name: string): Promise<string | undefined>;
  setState(name: string, value: string): Promise<void>;
}
