import { describe, expect, it } from 'vitest';
import { SearchIndexCache } from '../../../shared/app/search/index-cache';
import type { LoadResult, SearchHomeSource, SourcedHome } from '../../../shared/app/search/ports';
import type { SearchHomeInput } from '../../../shared/domain/search';

/** An in-memory register and changes feed (a port implementation, not a mocked SDK). */
class MemorySource implements SearchHomeSource {
  readonly register = new Map<string, SourcedHome>();
  readonly feed: Array<{ at: string; home: SourcedHome }> = [];
  loads = 0;
  feedReads: Array<{ since: string; now: string }> = [];

  put(home: SearchHomeInput, at: string, active = true): void {
    const sourced = { home, active };
    this.register.set(home.locationId, sourced);
    this.feed.push({ at, home: sourced });
  }

  async loadActive(): Promise<LoadResult> {
    this.loads++;
    const homes = [...this.register.values()].filter((h) => h.active);
    return { homes, itemsRead: homes.length };
  }

  async changedSince(since: string, now: string): Promise<LoadResult> {
    this.feedReads.push({ since, now });
    const homes = this.feed.filter((f) => f.at >= since).map((f) => f.home);
    return { homes, itemsRead: homes.length };
  }
}

const home = (id: string, lat = 52.3): SearchHomeInput => ({
  locationId: id,
  name: id,
  latitude: lat,
  longitude: -1.96,
});

function setup(options: { refreshMs?: number; fullReloadMs?: number; lookbackMs?: number } = {}) {
  let now = Date.parse('2026-01-12T09:00:00.000Z');
  const source = new MemorySource();
  const cache = new SearchIndexCache(source, {
    refreshMs: options.refreshMs ?? 2000,
    fullReloadMs: options.fullReloadMs ?? 300_000,
    lookbackMs: options.lookbackMs ?? 3000,
    now: () => now,
  });
  return {
    source,
    cache,
    iso: (offsetMs = 0) => new Date(now + offsetMs).toISOString(),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('SearchIndexCache', () => {
  it('loads the register on the first search and reports the items read', async () => {
    const { source, cache, iso } = setup();
    source.put(home('a'), iso(-60_000));
    source.put(home('b'), iso(-60_000));
    source.put(home('gone'), iso(-60_000), false);
    const first = await cache.current();
    expect(first.index.size).toBe(2);
    expect(first.itemsRead).toBe(2);
    const again = await cache.current();
    expect(again.itemsRead).toBe(0);
    expect(source.loads).toBe(1);
  });

  it('shares one load between concurrent first searches', async () => {
    const { source, cache, iso } = setup();
    source.put(home('a'), iso());
    const [x, y] = await Promise.all([cache.current(), cache.current()]);
    expect(source.loads).toBe(1);
    expect(x.index).toBe(y.index);
    expect(x.itemsRead + y.itemsRead).toBe(1);
  });

  it('reads the changes feed once the refresh interval has passed, from the last read less the lookback', async () => {
    const { source, cache, iso, advance } = setup({ refreshMs: 2000, lookbackMs: 3000 });
    source.put(home('a'), iso(-60_000));
    await cache.current();
    const loadedAt = Date.parse(iso());
    advance(900);
    await cache.current();
    expect(source.feedReads).toHaveLength(0);

    source.put(home('b'), iso());
    advance(1200);
    const refreshed = await cache.current();
    expect(source.feedReads).toEqual([{ since: new Date(loadedAt - 3000).toISOString(), now: iso() }]);
    expect(refreshed.index.get('b')).toBeDefined();
    expect(refreshed.itemsRead).toBe(1);
  });

  it('three quarters into the interval starts the feed read in the background, without the search waiting', async () => {
    const { source, cache, iso, advance } = setup({ refreshMs: 2000, lookbackMs: 3000 });
    await cache.current();
    source.put(home('b'), iso());
    advance(1400);
    await cache.current();
    expect(source.feedReads).toHaveLength(0);
    advance(100);
    const ahead = await cache.current();
    // This search was answered from the index as it stood (still within refreshMs); the read runs on.
    expect(ahead.itemsRead).toBe(0);
    expect(source.feedReads).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 0));
    expect((await cache.current()).index.get('b')).toBeDefined();
    // The read ahead reset the clock: the next one is due three quarters of an interval after it.
    advance(1400);
    await cache.current();
    expect(source.feedReads).toHaveLength(1);
  });

  it('applies updates and removals from the feed', async () => {
    const { source, cache, iso, advance } = setup({ refreshMs: 0 });
    source.put(home('a', 52.3), iso(-60_000));
    await cache.current();
    advance(10);
    source.put(home('a', 53.5), iso());
    expect((await cache.current()).index.get('a')?.lat).toBe(53.5);
    advance(10);
    source.put(home('a'), iso(), false);
    expect((await cache.current()).index.get('a')).toBeUndefined();
  });

  it('never misses a write whose feed time falls just before the previous read (lookback)', async () => {
    const { source, cache, iso, advance } = setup({ refreshMs: 0, lookbackMs: 3000 });
    await cache.current();
    advance(5000);
    await cache.current();
    // Stamped 2 s before that read, committed after it.
    source.put(home('late'), iso(-2000));
    advance(100);
    expect((await cache.current()).index.get('late')).toBeDefined();
  });

  it('reloads the whole register in the background after fullReloadMs, serving the old index meanwhile', async () => {
    const { source, cache, iso, advance } = setup({ refreshMs: 1_000_000, fullReloadMs: 60_000 });
    source.put(home('a'), iso());
    await cache.current();
    // A registry change the feed does not carry.
    source.register.set('r', { home: home('r'), active: true });
    advance(60_000);
    const during = await cache.current();
    expect(during.index.get('r')).toBeUndefined();
    await cache.settled();
    expect(source.loads).toBe(2);
    expect((await cache.current()).index.get('r')).toBeDefined();
  });

  it('amortises every item read over the searches served', async () => {
    const { source, cache, iso } = setup();
    for (const id of ['a', 'b', 'c', 'd']) source.put(home(id), iso());
    const { itemsRead } = await cache.current();
    expect(itemsRead).toBe(4);
    // Each search also read a postcode item.
    cache.recordSearch(1);
    cache.recordSearch(1);
    expect(cache.stats.itemsRead).toBe(4 + 1 + 1);
    expect(cache.amortisedItemsPerSearch()).toBe(3);
  });
});
