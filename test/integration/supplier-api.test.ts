import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../../local/service';
import { bedStateService } from '../../shared/app/bed-state';
import { suppliersRepository } from '../../shared/infra/suppliers-repository';
import {
  bedUpdate,
  type HomeFixture,
  historyItems,
  homeItem,
  newLocationId,
  putHome,
  row,
  servicesInput,
} from '../support/fixtures-homes';
import { api, startTestService } from '../support/service';

/**
 * The supplier API through the local host (the same authorizer and handler code as the cloud):
 * push with per-home results, scope, bad input, Idempotency-Key, rate limit and the pooled pull.
 * Every refused write is followed by a check that nothing moved.
 */
const PUT = '/api/supplier/v1/bed-states';
const LOOSE_LIMITS = { SUPPLIER_RATE_PER_SECOND: '1000', SUPPLIER_RATE_BURST: '5000' };

describe('supplier API', () => {
  let svc: RunningService;
  let key: string;
  let otherKey: string;
  let revokedKey: string;
  const supplierId = `matrix-${randomUUID().slice(0, 6)}`;
  const providerInScope = `1-7${String(Date.now()).slice(-8)}`;
  let scopedByProvider: HomeFixture;
  let scopedByProvider2: HomeFixture;
  let scopedById: HomeFixture;
  let outside: HomeFixture;
  let noServices: HomeFixture;
  const startedAt = new Date(Date.now() - 1000).toISOString();

  const push = (body: unknown, k: string | null = key, headers: Record<string, string> = {}) =>
    api(svc, PUT, { method: 'PUT', body, headers: { ...(k ? { 'x-api-key': k } : {}), ...headers } });
  const pull = (query: string, k: string | null = key) =>
    api(svc, `${PUT}?${query}`, { headers: k ? { 'x-api-key': k } : {} });
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
  const home = (h: HomeFixture, extra: Record<string, unknown> = {}) => ({
    locationId: h.locationId,
    asOf: minutesAgo(10),
    vacancies: bedUpdate(),
    ...extra,
  });
  async function withServices(fixture: HomeFixture & { region?: string }): Promise<HomeFixture> {
    await putHome(fixture);
    const result = await bedStateService().updateServices({
      locationId: fixture.locationId,
      input: servicesInput(),
      expectedVersion: 0,
      actor: { sub: 'test', email: 'test@example.org' },
      source: 'web',
    });
    expect(result.kind).toBe('applied');
    return fixture;
  }
  async function state(locationId: string) {
    const item = await homeItem(locationId);
    return {
      version: item?.bedVersion,
      rows: item?.bedState,
      history: (await historyItems(locationId)).length,
    };
  }

  beforeAll(async () => {
    // Generous limits for the rest of the file; the rate-limit test sets tight ones.
    Object.assign(process.env, LOOSE_LIMITS);
    svc = await startTestService();
    scopedByProvider = await withServices({
      locationId: newLocationId(),
      name: 'Larch House',
      providerId: providerInScope,
      registeredBeds: 20,
      region: 'London',
    });
    scopedByProvider2 = await withServices({
      locationId: newLocationId(),
      name: 'Birch Lodge',
      providerId: providerInScope,
      region: 'North West',
    });
    scopedById = await withServices({
      locationId: newLocationId(),
      name: 'Cedar Court',
      providerId: `1-6${String(Date.now()).slice(-8)}`,
      region: 'London',
    });
    outside = await withServices({
      locationId: newLocationId(),
      name: 'Outside Manor',
      providerId: `1-5${String(Date.now()).slice(-8)}`,
      region: 'London',
    });
    noServices = await putHome({
      locationId: newLocationId(),
      name: 'New Home',
      providerId: providerInScope,
    });

    const repo = suppliersRepository();
    const created = await repo.createSupplier({
      supplierId,
      name: 'Matrix Beds',
      status: 'active',
      providerIds: [providerInScope],
      locationIds: [scopedById.locationId],
    });
    expect(created).not.toBe('exists');
    const issue = async (label: string) => {
      const issued = await repo.createKey(supplierId, label);
      if (issued === 'not-found') throw new Error('supplier missing');
      return issued;
    };
    key = (await issue('primary')).key;
    otherKey = (await issue('secondary')).key;
    const revoked = await issue('old');
    revokedKey = revoked.key;
    await repo.revokeKey(supplierId, revoked.record.keyId);
  });

  afterAll(async () => {
    await svc?.stop();
    delete process.env.SUPPLIER_RATE_PER_SECOND;
    delete process.env.SUPPLIER_RATE_BURST;
  });

  it('refuses a missing, malformed, unknown or revoked key with 401 before reading anything', async () => {
    const before = await state(scopedByProvider.locationId);
    const unknown = `cct_live_${'0'.repeat(12)}_${'A'.repeat(43)}`;
    for (const k of [null, 'not-a-key', unknown, revokedKey]) {
      const res = await push({ homes: [home(scopedByProvider)] }, k);
      expect(res.status, `key ${k}`).toBe(401);
      const get = await pull(`since=${encodeURIComponent(minutesAgo(60))}`, k);
      expect(get.status, `key ${k}`).toBe(401);
    }
    expect(await state(scopedByProvider.locationId)).toEqual(before);
  });

  it('applies homes in scope, refuses the one outside scope, and reports each home', async () => {
    const outsideBefore = await state(outside.locationId);
    const res = await push({
      homes: [
        home(scopedByProvider),
        home(outside),
        home(scopedById),
        { locationId: '1-999999999999', asOf: minutesAgo(5), vacancies: bedUpdate() },
        home(noServices),
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const results = res.body.results as Array<Record<string, any>>;
    expect(results.map((r) => [r.index, r.result])).toEqual([
      [0, 'applied'],
      [1, 'forbidden'],
      [2, 'applied'],
      [3, 'not-found'],
      [4, 'rejected'],
    ]);
    expect(results[1]?.errors[0]).toMatchObject({ field: 'locationId', rule: 'outside-supplier-scope' });
    expect(results[4]?.errors[0]).toMatchObject({ field: 'vacancies/rows', rule: 'services-not-set' });
    expect(res.body.counts).toMatchObject({ applied: 2, forbidden: 1, 'not-found': 1, rejected: 1 });
    expect(await state(outside.locationId)).toEqual(outsideBefore);

    const item = await homeItem(scopedByProvider.locationId);
    expect(item?.bedSource).toBe(`supplier:${supplierId}`);
    expect(item?.bedVersion).toBe(results[0]?.version);
    const history = await historyItems(scopedByProvider.locationId);
    expect(history.at(-1)).toMatchObject({ kind: 'bed-state-updated', source: `supplier:${supplierId}` });
  });

  it('rejects an invalid table per home with errors naming vacancy type, field and rule; others apply', async () => {
    const before = await state(scopedByProvider.locationId);
    const res = await push({
      homes: [
        home(scopedByProvider, {
          asOf: minutesAgo(4),
          vacancies: {
            rows: [
              row({ occupied: 5 }),
              row({
                vacancyType: 'learning-disability-residential',
                maximumCapacity: 2,
                occupied: 2,
                weeklyPriceFrom: 50,
              }),
            ],
          },
        }),
        home(scopedByProvider2, { asOf: minutesAgo(4) }),
      ],
    });
    expect(res.status).toBe(200);
    const [bad, good] = res.body.results;
    expect(bad.result).toBe('rejected');
    expect(bad.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          field: 'vacancies/rows/0/maximumCapacity',
          vacancyType: 'general-residential',
          rule: 'capacity-mismatch',
        }),
        expect.objectContaining({
          field: 'vacancies/rows/1/weeklyPriceFrom',
          vacancyType: 'learning-disability-residential',
          rule: 'price-minimum',
        }),
      ]),
    );
    expect(good.result).toBe('applied');
    expect(await state(scopedByProvider.locationId)).toEqual(before);
  });

  it('reports malformed and future times per home, naming asOf', async () => {
    const before = await state(scopedByProvider.locationId);
    const res = await push({
      homes: [
        home(scopedByProvider, { asOf: '23/11/2026 09:30' }),
        home(scopedByProvider2, { asOf: '2026-11-23T09:30:00' }),
        home(scopedById, { asOf: new Date(Date.now() + 3_600_000).toISOString() }),
      ],
    });
    expect(res.status).toBe(200);
    const results = res.body.results as Array<Record<string, any>>;
    expect(results.map((r) => r.result)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(results[0]?.errors).toEqual([
      expect.objectContaining({
        field: 'asOf',
        rule: 'invalid-date-time',
        message: expect.stringContaining('asOf'),
      }),
    ]);
    expect(results[1]?.errors[0]).toMatchObject({ field: 'asOf', rule: 'invalid-date-time' });
    expect(results[2]?.errors[0]).toMatchObject({ field: 'asOf', rule: 'in-the-future' });
    expect(await state(scopedByProvider.locationId)).toEqual(before);
  });

  it('ignores an update older than the figures held (stale) and records the same figures as unchanged', async () => {
    const before = await state(scopedByProvider2.locationId);
    const stale = await push({ homes: [home(scopedByProvider2, { asOf: minutesAgo(30) })] });
    expect(stale.body.results[0]).toMatchObject({ result: 'stale', version: before.version });
    expect(stale.body.results[0].heldAsOf).toEqual(expect.any(String));
    expect(await state(scopedByProvider2.locationId)).toEqual(before);

    const same = await push({ homes: [home(scopedByProvider2, { asOf: minutesAgo(1) })] });
    expect(same.body.results[0]).toMatchObject({ result: 'unchanged', version: before.version });
    const after = await state(scopedByProvider2.locationId);
    expect(after.version).toBe(before.version);
    expect(after.history).toBe(before.history + 1);
  });

  it('refuses the whole request for duplicates, wrong sizes, bad JSON and oversize bodies, writing nothing', async () => {
    const before = await state(scopedByProvider.locationId);
    const dup = await push({ homes: [home(scopedByProvider), home(scopedById), home(scopedByProvider)] });
    expect(dup.status).toBe(400);
    expect(dup.headers.get('content-type')).toContain('application/problem+json');
    expect(dup.body.errors).toEqual([
      expect.objectContaining({
        field: 'homes/2/locationId',
        rule: 'duplicate-home',
        message: expect.stringContaining(scopedByProvider.locationId),
      }),
    ]);

    const many = await push({
      homes: Array.from({ length: 101 }, () => ({
        locationId: newLocationId(),
        asOf: minutesAgo(1),
        vacancies: bedUpdate(),
      })),
    });
    expect(many.status).toBe(400);
    expect(many.body.errors[0]).toMatchObject({ field: 'homes', rule: 'too-many-homes' });
    expect(many.body.detail).toContain('1 to 100');

    const none = await push({ homes: [] });
    expect(none.status).toBe(400);
    expect(none.body.errors[0]).toMatchObject({ field: 'homes', rule: 'too-few-homes' });

    const unknownField = await push({ homes: [home(scopedByProvider)], extra: true });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.errors[0]).toMatchObject({ field: 'extra', rule: 'unknown-field' });

    const notJson = await push('{"homes": [');
    expect(notJson.status).toBe(400);
    expect(notJson.body.detail).toContain('not valid JSON');

    const huge = await push({ homes: [home(scopedByProvider)], padding: 'x'.repeat(1024 * 1024) });
    expect(huge.status).toBe(413);
    expect(huge.body.detail).toContain('1048576 bytes');

    expect(await state(scopedByProvider.locationId)).toEqual(before);
  });

  it('replays an Idempotency-Key: the first response byte for byte, nothing changed; another body is 422', async () => {
    const idem = randomUUID();
    const body = {
      homes: [
        home(scopedByProvider, {
          asOf: minutesAgo(0.5),
          vacancies: bedUpdate({ outOfHoursAdmissions: false }),
        }),
        home(outside),
      ],
    };
    const first = await api(svc, PUT, {
      method: 'PUT',
      body,
      headers: { 'x-api-key': key, 'idempotency-key': idem },
    });
    expect(first.status).toBe(200);
    expect(first.body.results[0].result).toBe('applied');
    const after = await state(scopedByProvider.locationId);

    const raw = async (k: string, b: unknown) => {
      const res = await fetch(`${svc.url}${PUT}`, {
        method: 'PUT',
        headers: { 'x-api-key': k, 'idempotency-key': idem, 'content-type': 'application/json' },
        body: JSON.stringify(b),
      });
      return { status: res.status, headers: res.headers, text: await res.text() };
    };
    const replay = await raw(key, body);
    expect(replay.status).toBe(200);
    expect(replay.text).toBe(JSON.stringify(first.body));
    expect(replay.headers.get('idempotency-replayed')).toBe('true');
    // Another key of the same supplier shares its idempotency records.
    expect((await raw(otherKey, body)).text).toBe(JSON.stringify(first.body));
    expect(await state(scopedByProvider.locationId)).toEqual(after);

    const different = await raw(key, { homes: [home(scopedByProvider, { asOf: minutesAgo(0.2) })] });
    expect(different.status).toBe(422);
    expect(JSON.parse(different.text).detail).toContain('different request body');
    expect(await state(scopedByProvider.locationId)).toEqual(after);

    const badKey = await api(svc, PUT, {
      method: 'PUT',
      body,
      headers: { 'x-api-key': key, 'idempotency-key': 'has spaces in it' },
    });
    expect(badKey.status).toBe(400);
    expect(badKey.body.errors[0]).toMatchObject({ field: 'Idempotency-Key' });
  });

  it('stores a refused request under its Idempotency-Key too: the replay gets the same 400', async () => {
    const idem = randomUUID();
    const body = { homes: [home(scopedByProvider), home(scopedByProvider)] };
    const headers = { 'x-api-key': key, 'idempotency-key': idem };
    const first = await api(svc, PUT, { method: 'PUT', body, headers });
    const second = await api(svc, PUT, { method: 'PUT', body, headers });
    expect(first.status).toBe(400);
    expect(second.status).toBe(400);
    expect(second.body).toEqual(first.body);
  });

  it('processes concurrent duplicates once: the others wait for its response or get 409', async () => {
    const idem = randomUUID();
    const body = {
      homes: [
        home(scopedById, { asOf: minutesAgo(0.1), vacancies: bedUpdate({ outOfHoursAdmissions: false }) }),
      ],
    };
    const before = await state(scopedById.locationId);
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        api(svc, PUT, { method: 'PUT', body, headers: { 'x-api-key': key, 'idempotency-key': idem } }),
      ),
    );
    const ok = responses.filter((r) => r.status === 200);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const r of responses) expect([200, 409]).toContain(r.status);
    for (const r of ok) expect(r.body).toEqual(ok[0]?.body);
    for (const r of responses.filter((x) => x.status === 409)) expect(r.headers.get('retry-after')).toBe('1');
    const after = await state(scopedById.locationId);
    expect(after.history).toBe(before.history + 1);
    expect(after.version).toBe((before.version as number) + 1);
  });

  describe('pull', () => {
    it('returns pooled current bed states changed since a time, including homes outside the scope', async () => {
      // A home outside the supplier's scope, updated by its own staff: regions pool the data.
      const web = await bedStateService().updateBedState({
        locationId: outside.locationId,
        input: bedUpdate(),
        expectedVersion: 'current',
        actor: { sub: 'staff', email: 'staff@example.org' },
        source: 'web',
      });
      expect(web.kind).toBe('applied');
      const res = await pull(`since=${encodeURIComponent(startedAt)}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const ids = (res.body.homes as Array<{ locationId: string }>).map((h) => h.locationId);
      expect(ids).toEqual(
        expect.arrayContaining([
          scopedByProvider.locationId,
          scopedByProvider2.locationId,
          scopedById.locationId,
          outside.locationId,
        ]),
      );
      expect(new Set(ids).size).toBe(ids.length);
      expect(res.body.nextCursor).toBeNull();
      const larch = res.body.homes.find(
        (h: { locationId: string }) => h.locationId === scopedByProvider.locationId,
      );
      expect(larch).toMatchObject({
        name: 'Larch House',
        region: 'London',
        source: `supplier:${supplierId}`,
        vacancies: { rows: expect.any(Array), outOfHoursAdmissions: false },
        totals: { capacity: 13, accepting: 1 },
      });
      expect(larch).not.toHaveProperty('updatedBy');

      const later = await pull(`since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
      expect(later.body.homes).toEqual([]);
    });

    it('filters by region and pages with an opaque cursor without losing or repeating homes', async () => {
      const london = await pull(`since=${encodeURIComponent(startedAt)}&region=London`);
      expect(london.status).toBe(200);
      expect(london.body.homes.map((h: { region: string }) => h.region)).toEqual(
        london.body.homes.map(() => 'London'),
      );
      expect(london.body.homes.length).toBe(3);

      const all = await pull(`since=${encodeURIComponent(startedAt)}`);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: { status: number; body: any } = await pull(
          `since=${encodeURIComponent(startedAt)}&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        expect(page.status, JSON.stringify(page.body)).toBe(200);
        seen.push(...page.body.homes.map((h: { locationId: string }) => h.locationId));
        cursor = page.body.nextCursor;
        pages += 1;
      } while (cursor && pages < 20);
      expect(seen).toEqual(all.body.homes.map((h: { locationId: string }) => h.locationId));
      expect(pages).toBe(seen.length);
    });

    it('names the parameter of a bad query', async () => {
      const noSince = await pull('region=London');
      expect(noSince.status).toBe(400);
      expect(noSince.body.errors[0].field).toBe('since');

      const malformed = await pull('since=yesterday');
      expect(malformed.status).toBe(400);
      expect(malformed.body.errors[0].field).toBe('since');

      const old = await pull(
        `since=${encodeURIComponent(new Date(Date.now() - 400 * 86_400_000).toISOString())}`,
      );
      expect(old.status).toBe(400);
      expect(old.body.errors[0]).toMatchObject({ field: 'since', rule: 'too-old' });

      const region = await pull(`since=${encodeURIComponent(startedAt)}&region=Atlantis`);
      expect(region.status).toBe(400);
      expect(region.body.errors[0].field).toBe('region');

      const limit = await pull(`since=${encodeURIComponent(startedAt)}&limit=5000`);
      expect(limit.status).toBe(400);
      expect(limit.body.errors[0].field).toBe('limit');

      const first = await pull(`since=${encodeURIComponent(startedAt)}&limit=1`);
      const cursor = first.body.nextCursor as string;
      expect(cursor).toEqual(expect.any(String));
      const otherQuery = await pull(`since=${encodeURIComponent(minutesAgo(120))}&limit=1&cursor=${cursor}`);
      expect(otherQuery.status).toBe(400);
      expect(otherQuery.body.errors[0]).toMatchObject({ field: 'cursor', rule: 'invalid-cursor' });
      const forged = await pull(`since=${encodeURIComponent(startedAt)}&cursor=bm90LWEtY3Vyc29y`);
      expect(forged.status).toBe(400);
      expect(forged.body.errors[0].field).toBe('cursor');
    });
  });

  it('rate-limits per key with 429 and Retry-After, across requests, without touching other keys', async () => {
    // 3 requests per minute-long window: the test's requests fall in one window however slow the machine.
    Object.assign(process.env, { SUPPLIER_RATE_PER_SECOND: '0.05', SUPPLIER_RATE_BURST: '3' });
    try {
      const since = `since=${encodeURIComponent(minutesAgo(1))}`;
      const statuses: number[] = [];
      let limited: { status: number; headers: Headers; body: any } | undefined;
      for (let i = 0; i < 8; i++) {
        const res = await pull(since);
        statuses.push(res.status);
        if (res.status === 429) limited ??= res;
      }
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(4);
      expect(limited?.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
      expect(limited?.body).toMatchObject({ status: 429, title: 'Too many requests' });
      // A write is refused before anything is read or written.
      const before = await state(scopedByProvider.locationId);
      const write = await push({ homes: [home(scopedByProvider, { asOf: minutesAgo(0) })] });
      expect(write.status).toBe(429);
      expect(await state(scopedByProvider.locationId)).toEqual(before);
      // The other key has its own counter.
      expect((await pull(since, otherKey)).status).toBe(200);
    } finally {
      Object.assign(process.env, LOOSE_LIMITS);
    }
  });
});
