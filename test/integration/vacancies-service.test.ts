import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type BedStateService,
  createBedStateService,
  type UpdateBedStateCommand,
  updateManyHomes,
} from '../../shared/app/bed-state';
import { groupCommit } from '../../shared/app/bed-state/group-commit';
import type { HomeWrite } from '../../shared/app/bed-state/ports';
import { DynamoBedStateStore } from '../../shared/infra/bed-state-repository';
import { homeKeys } from '../../shared/infra/keys';
import { bedUpdate, row, servicesInput } from '../support/fixtures-homes';
import { useTestTable } from '../support/service';

/**
 * The use cases the web, bulk upload and supplier API share, against DynamoDB Local without HTTP:
 * what the transaction guarantees under contention, the supplier's sourceTime ordering, many homes
 * at once, and that the registry's attributes on the same item are never touched.
 */
describe('bed-state service on DynamoDB Local', () => {
  let table: Awaited<ReturnType<typeof useTestTable>>;
  let service: BedStateService;
  let clock = new Date('2026-03-02T09:00:00.000Z');
  const actor = { sub: 'sub-1', email: 'staff@example.test' };
  let n = 0;

  async function newHome(extra: Record<string, unknown> = {}): Promise<string> {
    n += 1;
    const locationId = `1-6${String(n).padStart(9, '0')}`;
    await table.ddb.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          pk: homeKeys.pk(locationId),
          sk: homeKeys.sk,
          entity: 'home',
          locationId,
          providerId: '1-600',
          name: `Home ${n}`,
          registeredBeds: 14,
          registryHash: 'abc',
          overallRating: 'Good',
          ...extra,
        },
      }),
    );
    const set = await service.updateServices({
      locationId,
      input: servicesInput(),
      expectedVersion: 0,
      actor,
      source: 'web',
    });
    expect(set.kind).toBe('applied');
    return locationId;
  }

  async function history(locationId: string) {
    const res = await table.ddb.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
        ExpressionAttributeValues: { ':pk': homeKeys.pk(locationId), ':p': 'HIST#' },
        ConsistentRead: true,
      }),
    );
    return res.Items ?? [];
  }

  beforeAll(async () => {
    table = await useTestTable('bedsvc');
    service = createBedStateService({
      store: new DynamoBedStateStore(table.ddb, table.tableName),
      now: () => clock,
    });
  });

  it('lets exactly one of 30 simultaneous updates from the same version win, and loses none', async () => {
    const locationId = await newHome();
    const version = (await service.getBedState(locationId))?.version ?? -1;
    const commands = Array.from({ length: 30 }, (_, i): UpdateBedStateCommand => {
      const input = bedUpdate();
      input.rows[0] = row({ maximumCapacity: 6 + i, vacantAccepting: i });
      return {
        locationId,
        input,
        expectedVersion: version,
        actor: { sub: `s${i}`, email: `s${i}@x.test` },
        source: 'web',
      };
    });
    const results = await Promise.all(commands.map((c) => service.updateBedState(c)));
    const applied = results.filter((r) => r.kind === 'applied');
    expect(applied).toHaveLength(1);
    expect(results.filter((r) => r.kind === 'conflict')).toHaveLength(29);
    const final = await service.getBedState(locationId);
    expect(final?.version).toBe(version + 1);
    const winner = applied[0];
    if (winner?.kind !== 'applied') throw new Error('no winner');
    expect(final?.state).toEqual(winner.view.state);
    const updates = (await history(locationId)).filter((e) => e.kind === 'bed-state-updated');
    expect(updates).toHaveLength(1);
    expect(updates[0]?.actor).toEqual(winner.event.actor);
  });

  it('writes only its own attributes on the HOME item, with the changes-feed keys', async () => {
    const locationId = await newHome();
    const result = await service.updateBedState({
      locationId,
      input: bedUpdate(),
      expectedVersion: 1,
      actor,
      source: 'bulk',
    });
    expect(result.kind).toBe('applied');
    const feed = await table.ddb.send(
      new QueryCommand({
        TableName: table.tableName,
        IndexName: 'gsi7',
        KeyConditionExpression: 'gsi7pk = :d AND gsi7sk >= :from',
        ExpressionAttributeValues: {
          ':d': homeKeys.changesPk(clock.toISOString()),
          ':from': clock.toISOString(),
        },
      }),
    );
    const item = feed.Items?.find((i) => i.locationId === locationId);
    expect(item).toMatchObject({
      registryHash: 'abc',
      overallRating: 'Good',
      name: expect.any(String),
      bedVersion: 2,
      bedSource: 'bulk',
      admissionStatus: 'accepting',
      bedTotals: { capacity: 13, residents: 12 },
      outOfHoursAdmissions: true,
      bedUpdateCount: 1,
      gsi7sk: `${clock.toISOString()}#${locationId}`,
    });
    expect(item?.services).not.toHaveProperty('outOfHoursAdmissions');
  });

  it('keeps older supplier figures from replacing newer ones (stale), and rejects times in the future', async () => {
    const locationId = await newHome();
    const first = await service.updateBedState({
      locationId,
      input: bedUpdate(),
      expectedVersion: 'current',
      actor,
      source: 'supplier:acme',
      sourceTime: '2026-03-02T08:50:00Z',
    });
    expect(first.kind).toBe('applied');
    const older = bedUpdate();
    older.rows[0] = row({ occupied: 0, vacantAccepting: 6 });
    const stale = await service.updateBedState({
      locationId,
      input: older,
      expectedVersion: 'current',
      actor,
      source: 'supplier:acme',
      sourceTime: '2026-03-02T08:40:00Z',
    });
    expect(stale.kind).toBe('stale');
    const future = await service.updateBedState({
      locationId,
      input: older,
      expectedVersion: 'current',
      actor,
      source: 'supplier:acme',
      sourceTime: '2026-03-02T10:00:00Z',
    });
    expect(future).toMatchObject({
      kind: 'rejected',
      errors: [{ field: 'sourceTime', rule: 'in-the-future' }],
    });
    const zoneless = await service.confirmNoChange({
      locationId,
      expectedVersion: 'current',
      actor,
      source: 'supplier:acme',
      sourceTime: '2026-03-02T08:55:00',
    });
    expect(zoneless).toMatchObject({ kind: 'rejected', errors: [{ rule: 'invalid-type' }] });
    const newer = await service.updateBedState({
      locationId,
      input: older,
      expectedVersion: 'current',
      actor,
      source: 'supplier:acme',
      sourceTime: '2026-03-02T08:55:00Z',
    });
    expect(newer.kind).toBe('applied');
    expect((await service.getBedState(locationId))?.sourceTime).toBe('2026-03-02T08:55:00Z');
    expect((await history(locationId)).filter((e) => e.kind === 'bed-state-updated')).toHaveLength(2);
  });

  it('moves the services version when an update changes out-of-hours, so an open services form gets a conflict', async () => {
    const locationId = await newHome();
    const servicesBefore = await service.getServices(locationId);
    const result = await service.updateBedState({
      locationId,
      input: bedUpdate({ outOfHoursAdmissions: false }),
      expectedVersion: 1,
      actor,
      source: 'web',
    });
    expect(result.kind).toBe('applied');
    const stale = await service.updateServices({
      locationId,
      input: servicesInput({ notes: 'changed' }),
      expectedVersion: servicesBefore?.version ?? -1,
      actor,
      source: 'web',
    });
    expect(stale.kind).toBe('conflict');
    expect((await service.getServices(locationId))?.services?.outOfHoursAdmissions).toBe(false);
  });

  it('refreshes freshness on "nothing has changed" without moving the version or the figures', async () => {
    const locationId = await newHome();
    await service.updateBedState({
      locationId,
      input: bedUpdate(),
      expectedVersion: 1,
      actor,
      source: 'web',
    });
    const before = await service.getBedState(locationId);
    clock = new Date(clock.getTime() + 3 * 3_600_000);
    const confirmed = await service.confirmNoChange({ locationId, expectedVersion: 2, actor, source: 'web' });
    expect(confirmed.kind).toBe('confirmed');
    const after = await service.getBedState(locationId);
    expect(after).toMatchObject({
      version: 2,
      state: before?.state,
      changedAt: before?.changedAt,
      updatedAt: clock.toISOString(),
    });
  });

  it('applies many homes independently: one bad row or unknown home does not hold back the others', async () => {
    const a = await newHome();
    const b = await newHome();
    const c = await newHome();
    const bad = bedUpdate();
    bad.rows[0] = row({ weeklyPriceFrom: 50 });
    const summary = await updateManyHomes(service, [
      { locationId: a, input: bedUpdate(), expectedVersion: 1, actor, source: 'bulk' },
      { locationId: b, input: bad, expectedVersion: 1, actor, source: 'bulk' },
      { locationId: '1-6999999999', input: bedUpdate(), expectedVersion: 0, actor, source: 'bulk' },
      { locationId: c, input: bedUpdate(), expectedVersion: 7, actor, source: 'bulk' },
      {
        locationId: a,
        input: bedUpdate({ outOfHoursAdmissions: false }),
        expectedVersion: 2,
        actor,
        source: 'bulk',
      },
    ]);
    expect(summary.outcomes.map((o) => ('result' in o ? o.result.kind : 'error'))).toEqual([
      'applied',
      'rejected',
      'not-found',
      'conflict',
      'applied',
    ]);
    expect(summary.counts).toMatchObject({ applied: 2, rejected: 1, 'not-found': 1, conflict: 1 });
    expect((await service.getBedState(a))?.version).toBe(3);
    expect((await service.getBedState(b))?.updatedAt).toBeNull();
    expect((await service.getBedState(c))?.updatedAt).toBeNull();
  });

  it('asks canWrite with the home scope and writes nothing when it says no', async () => {
    const locationId = await newHome();
    const seen: unknown[] = [];
    const result = await service.updateBedState({
      locationId,
      input: bedUpdate(),
      expectedVersion: 1,
      actor,
      source: 'web',
      canWrite: (home) => {
        seen.push(home);
        return false;
      },
    });
    expect(result.kind).toBe('forbidden');
    expect(seen).toEqual([expect.objectContaining({ locationId, providerId: '1-600' })]);
    expect((await history(locationId)).filter((e) => e.kind !== 'services-updated')).toHaveLength(0);
  });

  describe('grouped transactions (bulk upload, supplier push)', () => {
    /** One grouped writeMany as the service would issue it: the homes' updates from their versions. */
    async function writesFor(ids: string[], versions: Record<string, number> = {}): Promise<HomeWrite[]> {
      const store = new DynamoBedStateStore(table.ddb, table.tableName);
      const writes: HomeWrite[] = [];
      const capture = createBedStateService({
        store: {
          ...store,
          getHome: (id) => store.getHome(id),
          getHomes: (ids) => store.getHomes(ids),
          listHomesByProvider: (p, l) => store.listHomesByProvider(p, l),
          listHistory: (id, o) => store.listHistory(id, o),
          write: async (w) => {
            writes.push({ ...w, expectedBedVersion: versions[w.locationId] ?? w.expectedBedVersion });
            return { ok: true };
          },
        },
        now: () => clock,
      });
      for (const locationId of ids) {
        await capture.updateBedState({
          locationId,
          input: bedUpdate(),
          expectedVersion: 'current',
          actor,
          source: 'bulk',
        });
      }
      return writes;
    }

    it('writes every home of a group, each with its history event', async () => {
      const ids = [await newHome(), await newHome(), await newHome()];
      const store = new DynamoBedStateStore(table.ddb, table.tableName);
      const outcomes = await store.writeMany(await writesFor(ids));
      expect(outcomes).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
      for (const id of ids) {
        expect((await service.getBedState(id))?.version).toBe(2);
        expect((await history(id)).filter((e) => e.kind === 'bed-state-updated')).toHaveLength(1);
      }
    });

    it('gives a home whose version moved its own condition failure and still writes the others', async () => {
      const ids = [await newHome(), await newHome(), await newHome()];
      const moved = ids[1] as string;
      const store = new DynamoBedStateStore(table.ddb, table.tableName);
      const outcomes = await store.writeMany(await writesFor(ids, { [moved]: 5 }));
      expect(outcomes).toEqual([{ ok: true }, { ok: false, reason: 'condition-failed' }, { ok: true }]);
      expect((await service.getBedState(ids[0] as string))?.version).toBe(2);
      expect((await service.getBedState(moved))?.updatedAt).toBeNull();
      expect((await history(moved)).filter((e) => e.kind === 'bed-state-updated')).toHaveLength(0);
      expect((await service.getBedState(ids[2] as string))?.version).toBe(2);
    });

    it('through groupCommit, one race on one home: exactly one winner, the other homes all applied', async () => {
      const grouped = createBedStateService({
        store: groupCommit(new DynamoBedStateStore(table.ddb, table.tableName)),
        now: () => clock,
      });
      const others = [await newHome(), await newHome(), await newHome(), await newHome()];
      const contested = await newHome();
      const commands: UpdateBedStateCommand[] = [
        ...others.map((locationId) => ({
          locationId,
          input: bedUpdate(),
          expectedVersion: 1,
          actor,
          source: 'bulk' as const,
        })),
        ...Array.from({ length: 6 }, (_, i) => {
          const input = bedUpdate();
          input.rows[0] = row({ maximumCapacity: 6 + i, vacantAccepting: i });
          return { locationId: contested, input, expectedVersion: 1, actor, source: 'bulk' as const };
        }),
      ];
      const results = await Promise.all(commands.map((c) => grouped.updateBedState(c)));
      expect(results.slice(0, 4).map((r) => r.kind)).toEqual(['applied', 'applied', 'applied', 'applied']);
      const race = results.slice(4).map((r) => r.kind);
      expect(race.filter((k) => k === 'applied')).toHaveLength(1);
      expect(race.filter((k) => k === 'conflict')).toHaveLength(5);
      expect((await service.getBedState(contested))?.version).toBe(2);
      expect((await history(contested)).filter((e) => e.kind === 'bed-state-updated')).toHaveLength(1);
    });
  });
});
