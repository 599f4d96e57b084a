import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent, MembershipRecord } from '../../shared/app/accounts/ports';
import { CachingPrincipalStore } from '../../shared/app/principal-cache';
import type { Principal } from '../../shared/domain/authz';
import { DynamoAccountsRepository } from '../../shared/infra/accounts-repository';
import { useTestTable } from '../support/service';

/**
 * The per-container principal cache over DynamoDB Local. "Another container" is a second cache over
 * the same table: it learns of a change only through the change markers the repository writes in the
 * change's own transaction, read at most once per feed interval (the clock is moved by hand).
 */
describe('principal cache and change feed on DynamoDB Local', () => {
  let table: Awaited<ReturnType<typeof useTestTable>>;
  let repo: DynamoAccountsRepository;
  let n = 0;

  const event = (action: AuditEvent['action'], targetSub: string): AuditEvent => ({
    at: new Date().toISOString(),
    action,
    source: 'api',
    actorSub: 'admin-sub',
    targetSub,
  });

  async function newUser(): Promise<string> {
    n += 1;
    const sub = `cache-user-${n}-${Date.now()}`;
    await repo.ensureProfile({ sub, email: `${sub}@example.test` }, new Date());
    return sub;
  }

  const membership = (sub: string, orgId = 'care-home:1-100000001'): MembershipRecord => ({
    sub,
    email: `${sub}@example.test`,
    orgId,
    orgType: 'care-home',
    orgName: 'Cache Test Home',
    role: 'care-home-staff',
    grantedAt: new Date().toISOString(),
    grantedBySub: 'admin-sub',
    grantedByEmail: 'admin@example.test',
  });

  /** A container's cache with its own clock; counts the loads that reached the table. */
  function container() {
    let clock = Date.now();
    let loads = 0;
    const counting = {
      load: (sub: string): Promise<Principal | undefined> => {
        loads += 1;
        return repo.load(sub);
      },
    };
    const cache = new CachingPrincipalStore(counting, repo, { now: () => clock, feedIntervalMs: 1000 });
    return {
      cache,
      advance(ms: number) {
        clock += ms;
      },
      get loads() {
        return loads;
      },
    };
  }

  beforeAll(async () => {
    table = await useTestTable('principals');
    repo = new DynamoAccountsRepository(table.ddb, table.tableName);
  });

  it('serves a principal from the cache within the interval, without reading the table again', async () => {
    // No change markers for this user: a marker still inside the feed's look-back would (rightly) make
    // the first feed read drop it once.
    const sub = await newUser();
    const c = container();
    const first = await c.cache.load(sub);
    expect(first).toMatchObject({ sub, disabled: false, memberships: [] });
    for (let i = 0; i < 5; i++) expect(await c.cache.load(sub)).toEqual(first);
    c.advance(5_000);
    expect(await c.cache.load(sub)).toEqual(first);
    expect(c.loads).toBe(1);
  });

  it('another container refuses a disabled account once its feed interval has passed, not before', async () => {
    const sub = await newUser();
    const other = container();
    expect((await other.cache.load(sub))?.disabled).toBe(false);
    const profile = await repo.getProfile(sub);
    const done = await repo.setDisabled(
      sub,
      {
        disabled: true,
        reason: 'Left',
        expectedVersion: profile?.version ?? 0,
        at: new Date().toISOString(),
      },
      event('user-disabled', sub),
    );
    expect(done).not.toBe('conflict');
    // Within the interval the other container has not looked at the feed yet.
    expect((await other.cache.load(sub))?.disabled).toBe(false);
    other.advance(1_000);
    expect((await other.cache.load(sub))?.disabled).toBe(true);
    expect(other.loads).toBe(2);
  });

  it('sees a granted, a removed and an approved membership through the feed', async () => {
    const sub = await newUser();
    const other = container();
    expect((await other.cache.load(sub))?.memberships).toEqual([]);

    expect(await repo.grantMembership(membership(sub), event('membership-granted', sub))).toBe(true);
    other.advance(1_000);
    expect((await other.cache.load(sub))?.memberships.map((m) => m.orgId)).toEqual(['care-home:1-100000001']);

    expect(
      await repo.removeMembership(
        sub,
        'care-home:1-100000001',
        'care-home-staff',
        event('membership-removed', sub),
      ),
    ).toBe(true);
    other.advance(1_000);
    expect((await other.cache.load(sub))?.memberships).toEqual([]);

    const requestId = `${sub}.${Date.now().toString(36)}abcdef`;
    const request = {
      requestId,
      sub,
      email: `${sub}@example.test`,
      orgId: 'care-home:1-100000002',
      orgType: 'care-home' as const,
      orgName: 'Second Home',
      role: 'care-home-staff' as const,
      status: 'pending' as const,
      approverOrgId: 'national:england',
      createdAt: new Date().toISOString(),
      version: 1,
    };
    expect(await repo.createRequest(request, event('access-requested', sub))).toBe('created');
    const decided = await repo.decideRequest(
      request,
      { status: 'approved', bySub: 'admin-sub', byEmail: 'admin@example.test', at: new Date().toISOString() },
      membership(sub, 'care-home:1-100000002'),
      event('access-approved', sub),
    );
    expect(decided).not.toBe('conflict');
    other.advance(1_000);
    expect((await other.cache.load(sub))?.memberships.map((m) => m.orgId)).toEqual(['care-home:1-100000002']);
  });

  it('a change is applied once: the overlap window does not keep evicting the same subject', async () => {
    const sub = await newUser();
    const other = container();
    await other.cache.load(sub);
    await repo.grantMembership(membership(sub), event('membership-granted', sub));
    other.advance(1_000);
    await other.cache.load(sub);
    const loads = other.loads;
    // The marker stays inside the next reads' overlap window, but was applied already.
    for (let i = 0; i < 3; i++) {
      other.advance(1_000);
      await other.cache.load(sub);
    }
    expect(other.loads).toBe(loads);
  });

  it('reads the table directly, and caches nothing, when the feed cannot be read', async () => {
    const sub = await newUser();
    let clock = Date.now();
    let loads = 0;
    const failing = {
      changedSince: () => Promise.reject(new Error('feed unavailable')),
    };
    const cache = new CachingPrincipalStore(
      {
        load: (s: string) => {
          loads += 1;
          return repo.load(s);
        },
      },
      failing,
      { now: () => clock, feedIntervalMs: 1000 },
    );
    await cache.load(sub); // the first read of a container needs no feed
    clock += 1_000;
    await cache.load(sub);
    await cache.load(sub);
    expect(loads).toBe(3);
  });
});
