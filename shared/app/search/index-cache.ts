import { prepareSearchHome, SearchIndex } from '../../domain/search';
import type { LoadResult, SearchHomeSource } from './ports';

/**
 * A busy container reads the changes feed this far into the refresh interval, in the background, so
 * it reads every 0.75 x refreshMs: docs/capacity.md and bench/capacity.ts count feed reads at that rate.
 */
export const READ_AHEAD_FRACTION = 0.75;

export interface IndexCacheOptions {
  /**
   * How stale the index may be: past it a search waits for a read of the changes feed (0: every
   * search does); past READ_AHEAD_FRACTION of it the first search starts that read in the background.
   */
  refreshMs: number;
  /**
   * How often the whole register is re-read. Catches what the changes feed does not carry (registry
   * changes, services-only edits, alerts) and bounds drift; runs in the background once loaded.
   */
  fullReloadMs: number;
  /**
   * How far before the previous read each feed read starts. A write takes its feed time before it
   * commits, and GSIs are eventually consistent: re-reading a few seconds costs a few items and means
   * a slow write is never missed.
   */
  lookbackMs: number;
  now?: () => number;
}

export interface IndexStats {
  /** Items read from DynamoDB by this container since it started: loads, feed reads and lookups. */
  itemsRead: number;
  searches: number;
  homes: number;
  loads: number;
  feedReads: number;
  loadedAt: number | null;
  lastLoadMs: number | null;
}

/**
 * One in-memory search index per Lambda container (per table): loaded once from the area index
 * partitions, kept current from the bed-state changes feed, and re-read in full now and then.
 * Searches then read nothing from DynamoDB but the changes since the last search (see docs/capacity.md).
 */
export class SearchIndexCache {
  private index: SearchIndex | undefined;
  private loading: Promise<number> | undefined;
  private refreshing: Promise<number> | undefined;
  private background: Promise<unknown> | undefined;
  private lastFullAt = 0;
  private lastFeedAt = 0;
  /** The feed is read from here next time (ms since epoch). */
  private feedFrom = 0;
  private readonly now: () => number;
  readonly stats: IndexStats = {
    itemsRead: 0,
    searches: 0,
    homes: 0,
    loads: 0,
    feedReads: 0,
    loadedAt: null,
    lastLoadMs: null,
  };

  constructor(
    private readonly source: SearchHomeSource,
    private readonly options: IndexCacheOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /**
   * The index, current to within `refreshMs`, and the items read from DynamoDB to make it so during
   * this call (a cold load, or the changes since the last feed read).
   */
  async current(): Promise<{ index: SearchIndex; itemsRead: number }> {
    let itemsRead = 0;
    if (!this.index) {
      itemsRead += await this.fullLoad();
    } else {
      const now = this.now();
      if (now - this.lastFullAt >= this.options.fullReloadMs && !this.background) {
        this.background = this.fullLoad()
          .catch(() => undefined)
          .finally(() => {
            this.background = undefined;
          });
      }
      const age = now - this.lastFeedAt;
      if (age >= this.options.refreshMs) {
        itemsRead += await this.readFeed();
      } else if (age >= this.options.refreshMs * READ_AHEAD_FRACTION && !this.refreshing) {
        // Read ahead, in the background: searches then rarely wait for the feed, and the index is
        // still never staler than refreshMs, since past it a search waits as before.
        this.readFeed().catch(() => undefined);
      }
    }
    const index = this.index;
    if (!index) throw new Error('search index failed to load');
    return { index, itemsRead };
  }

  /** Counts a search, and the items it read besides the index's own loads and feed reads (postcode lookups). */
  recordSearch(itemsRead: number): void {
    this.stats.searches += 1;
    this.stats.itemsRead += itemsRead;
  }

  /** Items read by this container per search so far: loads and feed reads spread over every search. */
  amortisedItemsPerSearch(): number {
    return this.stats.searches === 0 ? this.stats.itemsRead : this.stats.itemsRead / this.stats.searches;
  }

  private fullLoad(): Promise<number> {
    if (this.loading) return this.loading.then(() => 0);
    this.loading = (async () => {
      const started = this.now();
      const result = await this.source.loadActive();
      const index = new SearchIndex();
      for (const { home, active } of result.homes) if (active) index.upsert(prepareSearchHome(home));
      // Changes that happened while the register was being read come from the feed, from the start.
      const previous = this.index;
      this.index = index;
      this.lastFullAt = started;
      this.lastFeedAt = started;
      this.feedFrom = started - this.options.lookbackMs;
      this.stats.loads += 1;
      this.stats.loadedAt = this.now();
      this.stats.lastLoadMs = this.now() - started;
      this.stats.homes = index.size;
      this.stats.itemsRead += result.itemsRead;
      if (previous) await this.readFeed();
      return result.itemsRead;
    })().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private readFeed(): Promise<number> {
    // Concurrent searches share one feed read; only the one that started it reports the items.
    if (this.refreshing) return this.refreshing.then(() => 0);
    this.refreshing = (async () => {
      const started = this.now();
      const since = new Date(this.feedFrom).toISOString();
      const result: LoadResult = await this.source.changedSince(since, new Date(started).toISOString());
      const index = this.index;
      if (index) {
        for (const { home, active } of result.homes) {
          if (active) index.upsert(prepareSearchHome(home));
          else index.remove(home.locationId);
        }
        this.stats.homes = index.size;
      }
      this.lastFeedAt = started;
      this.feedFrom = started - this.options.lookbackMs;
      this.stats.feedReads += 1;
      this.stats.itemsRead += result.itemsRead;
      return result.itemsRead;
    })().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** For tests: wait for a background reload to finish. */
  async settled(): Promise<void> {
    await this.background;
  }
}
