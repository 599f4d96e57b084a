import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { requestHash, runIdempotent, type StoredResponse } from '../../shared/app/suppliers/idempotency';
import { checkRateLimit } from '../../shared/app/suppliers/rate-limit';
import { DynamoIdempotencyStore, idempotencyKeys } from '../../shared/infra/supplier-api-idempotency';
import { DynamoRateCounterStore, rateKeys } from '../../shared/infra/supplier-api-rate-limit';
import { useTestTable } from '../support/service';

/**
 * The Idempotency-Key claim and the rate-limit counters on DynamoDB Local, with a controlled clock:
 * what the HTTP tests cannot reach in reasonable time (an abandoned claim, a failed first attempt,
 * the TTL written).
 */
describe('supplier API idempotency and rate-limit stores', () => {
  let ddb: Awaited<ReturnType<typeof useTestTable>>['ddb'];
  let tableName: string;
  let store: DynamoIdempotencyStore;
  const hashKey = (key: string) => requestHash('KEY', '', key);
  const ok = (body: string): StoredResponse => ({ status: 200, contentType: 'application/json', body });

  beforeAll(async () => {
    ({ ddb, tableName } = await useTestTable('supplier-idem'));
    store = new DynamoIdempotencyStore(ddb, tableName, hashKey);
  });

  it('runs the work once, stores the response with a TTL, and replays it', async () => {
    let runs = 0;
    const ids = { supplierId: 's1', key: 'k-1', requestHash: 'h1' };
    const first = await runIdempotent(store, ids, { ttlHours: 24 }, async () => {
      runs += 1;
      return ok('{"n":1}');
    });
    const again = await runIdempotent(store, ids, { ttlHours: 24 }, async () => {
      runs += 1;
      return ok('{"n":2}');
    });
    expect(first).toEqual({ kind: 'fresh', response: ok('{"n":1}') });
    expect(again).toEqual({ kind: 'replay', response: ok('{"n":1}') });
    expect(runs).toBe(1);
    const item = await ddb.send(
      new GetCommand({
        TableName: tableName,
        Key: { pk: idempotencyKeys.pk('s1'), sk: idempotencyKeys.sk(hashKey('k-1')) },
      }),
    );
    expect(item.Item?.state).toBe('complete');
    const ttl = Number(item.Item?.ttl);
    expect(ttl).toBeGreaterThan(Date.now() / 1000 + 23.9 * 3600);
    expect(ttl).toBeLessThan(Date.now() / 1000 + 24.1 * 3600);
    // The client's key is not stored.
    expect(JSON.stringify(item.Item)).not.toContain('k-1');
    // Same key, other supplier: independent.
    const other = await runIdempotent(store, { ...ids, supplierId: 's2' }, { ttlHours: 24 }, async () =>
      ok('{"s":2}'),
    );
    expect(other.kind).toBe('fresh');
    // Same key, other body: refused, nothing run.
    const mismatch = await runIdempotent(store, { ...ids, requestHash: 'h2' }, { ttlHours: 24 }, async () => {
      runs += 1;
      return ok('{}');
    });
    expect(mismatch).toEqual({ kind: 'mismatch' });
    expect(runs).toBe(1);
  });

  it('answers in-progress while the first holds the claim, and takes over an abandoned claim', async () => {
    const ids = { supplierId: 's1', key: 'k-abandoned', requestHash: 'h' };
    let clock = Date.now();
    const now = () => clock;
    expect(await store.claim('s1', 'k-abandoned', 'h', clock + 60_000, Math.ceil(clock / 1000) + 3600)).toBe(
      true,
    );
    const waiting = await runIdempotent(
      store,
      ids,
      {
        ttlHours: 1,
        now,
        waitMs: 300,
        sleep: async (ms) => {
          clock += ms;
        },
      },
      async () => ok('{"late":true}'),
    );
    expect(waiting).toEqual({ kind: 'in-progress' });

    clock += 61_000; // the holder died: its lock has expired
    const taken = await runIdempotent(store, ids, { ttlHours: 1, now }, async () => ok('{"taken":true}'));
    expect(taken).toEqual({ kind: 'fresh', response: ok('{"taken":true}') });
  });

  it('releases the claim when the work fails, so a retry with the same key runs', async () => {
    const ids = { supplierId: 's1', key: 'k-fails', requestHash: 'h' };
    await expect(
      runIdempotent(store, ids, { ttlHours: 1 }, async () => {
        throw new Error('database unavailable');
      }),
    ).rejects.toThrow('database unavailable');
    expect(await store.get('s1', 'k-fails')).toBeUndefined();
    const retry = await runIdempotent(store, ids, { ttlHours: 1 }, async () => ok('{"retried":true}'));
    expect(retry.kind).toBe('fresh');
  });

  it('counts requests per key and window across callers, with a TTL on the counter', async () => {
    const counters = new DynamoRateCounterStore(ddb, tableName);
    const policy = { perSecond: 2, burst: 4 };
    const windowStart = 1_800_000_000_000; // a multiple of the 2 s window
    const decisions = await Promise.all(
      Array.from({ length: 6 }, () => checkRateLimit(counters, policy, 'key-a', windowStart + 10)),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(4);
    expect(decisions.filter((d) => !d.allowed)).toHaveLength(2);
    // Another key is counted apart.
    expect((await checkRateLimit(counters, policy, 'key-b', windowStart + 10)).allowed).toBe(true);
    // Next window: the previous one (6 hits) still weighs at its start, and has faded by its end.
    expect((await checkRateLimit(counters, policy, 'key-a', windowStart + 2000)).allowed).toBe(false);
    expect((await checkRateLimit(counters, policy, 'key-a', windowStart + 3990)).allowed).toBe(true);
    const item = await ddb.send(
      new GetCommand({
        TableName: tableName,
        Key: { pk: rateKeys.pk('key-a'), sk: rateKeys.sk(windowStart) },
      }),
    );
    expect(item.Item?.hits).toBe(6);
    expect(item.Item?.ttl).toBe(Math.ceil((windowStart + 4000) / 1000) + 60);
  });
});
