import { describe, expect, it } from 'vitest';
import { CachingPrincipalStore } from '../../../shared/app/principal-cache';
import type { Principal } from '../../../shared/domain/authz';

const principal = (sub: string, disabled = false): Principal => ({
  sub,
  email: `${sub}@example.test`,
  disabled,
  memberships: [],
});

/** A store whose loads are answered by hand, to order a load against a change. */
function manualStore() {
  const waiting: Array<(p: Principal) => void> = [];
  let loads = 0;
  return {
    store: {
      load: (_sub: string) =>
        new Promise<Principal | undefined>((resolve) => {
          loads += 1;
          waiting.push(resolve);
        }),
    },
    /** Answers the next load, waiting for it to reach the store. */
    async answer(p: Principal) {
      while (waiting.length === 0) await new Promise((r) => setTimeout(r, 0));
      waiting.shift()?.(p);
    },
    /** Waits until the store has been asked `n` times. */
    async asked(n: number) {
      while (loads < n) await new Promise((r) => setTimeout(r, 0));
    },
    get loads() {
      return loads;
    },
  };
}

const quietFeed = { changedSince: () => Promise.resolve([]) };

describe('CachingPrincipalStore', () => {
  it('shares one load between simultaneous requests for the same subject', async () => {
    const m = manualStore();
    const cache = new CachingPrincipalStore(m.store, quietFeed);
    const a = cache.load('s1');
    const b = cache.load('s1');
    await m.answer(principal('s1'));
    expect(await a).toEqual(await b);
    expect(m.loads).toBe(1);
  });

  it('does not keep what a load read when the subject was forgotten while it was loading', async () => {
    const m = manualStore();
    const cache = new CachingPrincipalStore(m.store, quietFeed);
    const before = cache.load('s1');
    await m.asked(1);
    cache.forget('s1');
    await m.answer(principal('s1', false)); // read before the change landed
    expect((await before)?.disabled).toBe(false);
    const after = cache.load('s1');
    await m.answer(principal('s1', true));
    expect((await after)?.disabled).toBe(true);
    expect(m.loads).toBe(2);
  });

  it('a load that was forgotten does not, on finishing, unhook the load that replaced it', async () => {
    const m = manualStore();
    const cache = new CachingPrincipalStore(m.store, quietFeed);
    const first = cache.load('s1');
    await m.asked(1);
    cache.forget('s1');
    const second = cache.load('s1');
    await m.asked(2);
    await m.answer(principal('s1', false));
    await first;
    // Still in flight: a third request shares the second load instead of starting another.
    const third = cache.load('s1');
    await new Promise((r) => setTimeout(r, 0));
    expect(m.loads).toBe(2);
    await m.answer(principal('s1', true));
    expect((await second)?.disabled).toBe(true);
    expect((await third)?.disabled).toBe(true);
  });

  it('reloads a principal older than its maximum age even when the feed is quiet', async () => {
    let clock = 0;
    const m = manualStore();
    const cache = new CachingPrincipalStore(m.store, quietFeed, { now: () => clock, maxAgeMs: 60_000 });
    const first = cache.load('s1');
    await m.answer(principal('s1'));
    await first;
    clock = 59_000;
    await cache.load('s1');
    expect(m.loads).toBe(1);
    clock = 60_000;
    const again = cache.load('s1');
    await m.answer(principal('s1'));
    await again;
    expect(m.loads).toBe(2);
  });

  it('keeps at most maxEntries principals, dropping the oldest', async () => {
    const store = { load: (sub: string) => Promise.resolve(principal(sub)) };
    const cache = new CachingPrincipalStore(store, quietFeed, { maxEntries: 3 });
    for (const sub of ['a', 'b', 'c', 'd']) await cache.load(sub);
    expect(cache.size).toBe(3);
  });

  it('reads the feed ahead in the background three quarters into the interval, and waits past all of it', async () => {
    let clock = 0;
    const reads: string[] = [];
    let changes: Array<{ key: string; sub: string }> = [];
    const feed = {
      changedSince: (since: string) => {
        reads.push(since);
        return Promise.resolve(changes);
      },
    };
    let loads = 0;
    const store = {
      load: (sub: string) => {
        loads += 1;
        return Promise.resolve(principal(sub, loads > 1));
      },
    };
    const cache = new CachingPrincipalStore(store, feed, { now: () => clock, feedIntervalMs: 1000 });
    expect((await cache.load('s1'))?.disabled).toBe(false);
    clock = 700;
    await cache.load('s1');
    expect(reads).toHaveLength(0);
    // Three quarters in: the request does not wait for it, but the feed read starts.
    changes = [{ key: 'k1', sub: 's1' }];
    clock = 800;
    await cache.load('s1');
    expect(reads).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 0));
    expect((await cache.load('s1'))?.disabled).toBe(true);
    // Past the whole interval since that read, a request waits for the next one.
    changes = [];
    clock = 1900;
    await cache.load('s1');
    expect(reads).toHaveLength(2);
  });
});
