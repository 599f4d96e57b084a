import type { Principal } from '../domain/authz';
import type { PrincipalStore } from './principal';

/**
 * Where principal changes are announced to every container: each write that changes what a user may
 * do (disable or enable, grant or remove a membership, approve a request) also writes a change marker
 * in the same transaction. Implemented over DynamoDB in shared/infra/accounts-repository.ts.
 */
export interface PrincipalChangeFeed {
  /** Markers written at or after `sinceIso` (the writer's clock), oldest first. */
  changedSince(sinceIso: string): Promise<Array<{ key: string; sub: string }>>;
}

export interface PrincipalCacheOptions {
  /** Clock in milliseconds; tests move it. */
  now?: () => number;
  /** How long a loaded principal may be used without reloading it, whatever the feed says. */
  maxAgeMs?: number;
  /** How often the feed is read: the longest a change made in another container goes unseen. */
  feedIntervalMs?: number;
  /** How far back each feed read looks again, for writers' clock skew and slow commits. */
  overlapMs?: number;
  maxEntries?: number;
}

export const PRINCIPAL_CACHE_DEFAULTS = {
  maxAgeMs: 5 * 60_000,
  feedIntervalMs: 1_000,
  overlapMs: 10_000,
  maxEntries: 20_000,
} as const;

/** A busy container reads the feed this far into the interval, without making requests wait. */
const FEED_READ_AHEAD = 0.75;

interface Entry {
  principal: Principal | undefined;
  loadedAt: number;
}

/**
 * A container's principals, so that a request does not pay a DynamoDB Query before its own work.
 * Correctness does not rest on the cache's age: before any cached principal is used, the change feed
 * must have been read within `feedIntervalMs` (one Query per container per interval, started in the
 * background three quarters into it, waited for past all of it), and every subject named there since the last
 * read is dropped. A disabled
 * account is therefore refused within about a second in every container, and at once in the container
 * that disabled it (`forget`), well inside the 15-minute access-token lifetime the accounts issue allows.
 * If the feed cannot be read, requests load their principal directly and nothing is cached.
 */
export class CachingPrincipalStore implements PrincipalStore {
  private readonly entries = new Map<string, Entry>();
  /** Loads in flight, one per subject; `stale` once the subject was forgotten while it ran. */
  private readonly loading = new Map<string, { promise: Promise<Principal | undefined>; stale: boolean }>();
  /** Marker keys already applied, with when they were seen, pruned after the overlap. */
  private readonly applied = new Map<string, number>();
  private syncedAt: number | undefined;
  private syncing: Promise<boolean> | undefined;
  private readonly now: () => number;
  private readonly opts: Required<Omit<PrincipalCacheOptions, 'now'>>;

  constructor(
    private readonly inner: PrincipalStore,
    private readonly feed: PrincipalChangeFeed,
    options: PrincipalCacheOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.opts = {
      maxAgeMs: options.maxAgeMs ?? PRINCIPAL_CACHE_DEFAULTS.maxAgeMs,
      feedIntervalMs: options.feedIntervalMs ?? PRINCIPAL_CACHE_DEFAULTS.feedIntervalMs,
      overlapMs: options.overlapMs ?? PRINCIPAL_CACHE_DEFAULTS.overlapMs,
      maxEntries: options.maxEntries ?? PRINCIPAL_CACHE_DEFAULTS.maxEntries,
    };
  }

  async load(sub: string): Promise<Principal | undefined> {
    if (!(await this.synced())) return this.inner.load(sub);
    const entry = this.entries.get(sub);
    if (entry && this.now() - entry.loadedAt < this.opts.maxAgeMs) return entry.principal;
    const pending = this.loading.get(sub);
    if (pending) return pending.promise;
    const record = { promise: Promise.resolve<Principal | undefined>(undefined), stale: false };
    record.promise = this.loadAndKeep(sub, record).finally(() => {
      if (this.loading.get(sub) === record) this.loading.delete(sub);
    });
    this.loading.set(sub, record);
    return record.promise;
  }

  /** Drops a subject at once: for writes made in this container. */
  forget(sub: string): void {
    this.entries.delete(sub);
    const pending = this.loading.get(sub);
    if (pending) {
      pending.stale = true;
      this.loading.delete(sub);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  private async loadAndKeep(sub: string, record: { stale: boolean }): Promise<Principal | undefined> {
    const loadedAt = this.now();
    const principal = await this.inner.load(sub);
    // Forgotten while loading: what was read may predate the change, so it is used once, not kept.
    if (record.stale) return principal;
    if (this.entries.size >= this.opts.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(sub, { principal, loadedAt });
    return principal;
  }

  /** True once the feed has been read within the interval; false when it cannot be read. */
  private synced(): Promise<boolean> {
    const now = this.now();
    const age = this.syncedAt === undefined ? Number.POSITIVE_INFINITY : now - this.syncedAt;
    if (age < this.opts.feedIntervalMs) {
      // Read ahead in the background, so requests rarely wait for the feed.
      if (age >= this.opts.feedIntervalMs * FEED_READ_AHEAD) void this.startSync(now);
      return Promise.resolve(true);
    }
    return this.startSync(now);
  }

  private startSync(now: number): Promise<boolean> {
    this.syncing ??= this.sync(now).finally(() => {
      this.syncing = undefined;
    });
    return this.syncing;
  }

  private async sync(startedAt: number): Promise<boolean> {
    if (this.syncedAt === undefined) {
      // Nothing is cached yet, so there is nothing the feed could make stale.
      this.syncedAt = startedAt;
      return true;
    }
    const since = new Date(this.syncedAt - this.opts.overlapMs).toISOString();
    let changes: Array<{ key: string; sub: string }>;
    try {
      changes = await this.feed.changedSince(since);
    } catch {
      return false;
    }
    for (const change of changes) {
      if (this.applied.has(change.key)) continue;
      this.applied.set(change.key, startedAt);
      this.forget(change.sub);
    }
    for (const [key, seenAt] of this.applied) {
      if (startedAt - seenAt > 2 * this.opts.overlapMs) this.applied.delete(key);
    }
    this.syncedAt = startedAt;
    return true;
  }
}
