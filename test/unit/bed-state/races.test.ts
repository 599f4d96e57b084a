import { describe, expect, it } from 'vitest';
import {
  type BedStateStore,
  createBedStateService,
  type HomeWrite,
  type StoredHome,
  type WriteOutcome,
} from '../../../shared/app/bed-state';
import { generalResidential, storedHome } from './fixtures';

/**
 * What the service does when its transaction loses a race, made deterministic with a store that
 * answers from a script (DynamoDB Local cannot be made to lose a race on cue). The real engine's
 * behaviour under contention is covered by test/integration/vacancies-service.test.ts.
 */
function scriptedStore(home: StoredHome, outcomes: Array<WriteOutcome | ((h: StoredHome) => WriteOutcome)>) {
  let current = home;
  const writes: HomeWrite[] = [];
  let reads = 0;
  const store: BedStateStore = {
    async getHome() {
      reads += 1;
      return current;
    },
    async getHomes() {
      return [current];
    },
    async listHomesByProvider() {
      return { homes: [current], truncated: false };
    },
    async listHistory() {
      return { events: [] };
    },
    async write(write) {
      writes.push(write);
      const next = outcomes.shift() ?? { ok: true };
      return typeof next === 'function' ? next(current) : next;
    },
  };
  return {
    store,
    writes,
    reads: () => reads,
    replace(h: StoredHome) {
      current = h;
    },
  };
}

const actor = { sub: 's1', email: 'a@x.test' };
const input = {
  rows: [
    { ...generalResidential, occupied: 4, vacantAccepting: 2 },
    {
      ...generalResidential,
      vacancyType: 'dementia-nursing',
      maximumCapacity: 0,
      occupied: 0,
      vacantAccepting: 0,
      weeklyPriceFrom: null,
    },
  ],
};

describe('a write that loses a race', () => {
  it('retries when only another transaction was in the way, and applies', async () => {
    const s = scriptedStore(storedHome(), [{ ok: false, reason: 'transaction-conflict' }, { ok: true }]);
    const service = createBedStateService({ store: s.store });
    const result = await service.updateBedState({
      locationId: '1-100',
      input,
      expectedVersion: 2,
      actor,
      source: 'web',
    });
    expect(result.kind).toBe('applied');
    expect(s.writes).toHaveLength(2);
    expect(s.writes[1]).toMatchObject({ expectedBedVersion: 2, bed: { nextVersion: 3 } });
  });

  it('answers conflict, with what is held now, when the caller’s version moved meanwhile', async () => {
    const s = scriptedStore(storedHome(), []);
    s.store.write = async () => {
      s.replace(
        storedHome({ bedVersion: 3, bedRows: [{ ...generalResidential, occupied: 6, vacantAccepting: 0 }] }),
      );
      return { ok: false, reason: 'condition-failed' };
    };
    const service = createBedStateService({ store: s.store });
    const result = await service.updateBedState({
      locationId: '1-100',
      input,
      expectedVersion: 2,
      actor,
      source: 'web',
    });
    expect(result).toMatchObject({ kind: 'conflict', current: { version: 3, totals: { residents: 6 } } });
  });

  it('re-validates against the new services when only the services moved, and applies', async () => {
    const s = scriptedStore(storedHome(), [
      () => {
        s.replace(storedHome({ servicesVersion: 2 }));
        return { ok: false, reason: 'condition-failed' };
      },
      { ok: true },
    ]);
    const service = createBedStateService({ store: s.store });
    const result = await service.updateBedState({
      locationId: '1-100',
      input,
      expectedVersion: 2,
      actor,
      source: 'web',
    });
    expect(result.kind).toBe('applied');
    expect(s.writes[1]).toMatchObject({ expectedServicesVersion: 2 });
  });

  it('gives up with a conflict after its attempts, never writing without a condition', async () => {
    const s = scriptedStore(
      storedHome(),
      Array.from({ length: 10 }, () => ({ ok: false, reason: 'transaction-conflict' }) as const),
    );
    const service = createBedStateService({ store: s.store, maxAttempts: 3 });
    const result = await service.updateBedState({
      locationId: '1-100',
      input,
      expectedVersion: 'current',
      actor,
      source: 'supplier:acme',
    });
    expect(result.kind).toBe('conflict');
    expect(s.writes).toHaveLength(3);
    for (const write of s.writes) expect(write.expectedBedVersion).toBe(2);
  });

  it('uses a prefetched home for the first attempt only', async () => {
    const s = scriptedStore(storedHome(), [{ ok: false, reason: 'transaction-conflict' }, { ok: true }]);
    const service = createBedStateService({ store: s.store });
    await service.updateBedState({
      locationId: '1-100',
      input,
      expectedVersion: 2,
      actor,
      source: 'web',
      prefetched: storedHome(),
    });
    expect(s.reads()).toBe(1);
  });
});

describe('what a write carries', () => {
  it('puts the figures, the derived status and totals, freshness and the history event in one write', async () => {
    const s = scriptedStore(storedHome(), [{ ok: true }]);
    const ids = ['evt-1'];
    const service = createBedStateService({
      store: s.store,
      now: () => new Date('2026-03-02T09:00:00Z'),
      newId: () => ids.shift() ?? 'x',
    });
    const result = await service.updateBedState({
      locationId: '1-100',
      input,
      expectedVersion: 2,
      actor,
      source: 'web',
    });
    expect(result.kind).toBe('applied');
    expect(s.writes[0]).toMatchObject({
      expectedBedVersion: 2,
      expectedServicesVersion: 1,
      bed: {
        nextVersion: 3,
        admissionStatus: 'accepting',
        totals: { capacity: 6, residents: 4, accepting: 2 },
        touch: { at: '2026-03-02T09:00:00.000Z', by: actor, source: 'web', counter: 'update' },
        feedAt: '2026-03-02T09:00:00.000Z',
      },
      history: {
        id: 'evt-1',
        kind: 'bed-state-updated',
        bedVersion: 3,
        bedChanges: { totals: { before: { residents: 5 }, after: { residents: 4 } } },
      },
    });
    // The services version is left alone unless out-of-hours changed.
    expect(s.writes[0]?.services).toBeUndefined();
  });

  it('drops a removed vacancy type’s empty row with the services change, and moves both versions', async () => {
    const s = scriptedStore(
      storedHome({
        bedRows: [
          generalResidential,
          {
            ...generalResidential,
            vacancyType: 'dementia-nursing',
            maximumCapacity: 0,
            occupied: 0,
            vacantAccepting: 0,
          },
        ],
      }),
      [{ ok: true }],
    );
    const service = createBedStateService({ store: s.store });
    const result = await service.updateServices({
      locationId: '1-100',
      input: {
        shortStayNone: true,
        vacancyTypes: ['general-residential'],
        languages: ['English'],
        contracts: { localAuthority: false, subIcb: false },
        outOfHoursAdmissions: true,
      },
      expectedVersion: 1,
      actor,
      source: 'web',
    });
    expect(result.kind).toBe('applied');
    expect(s.writes[0]).toMatchObject({
      services: { nextVersion: 2 },
      bed: { nextVersion: 3, rows: [generalResidential] },
    });
    expect(s.writes[0]?.history.servicesChanges).toMatchObject({
      droppedVacancyTypes: ['dementia-nursing'],
      fields: [
        {
          field: 'vacancyTypes',
          before: ['dementia-nursing', 'general-residential'],
          after: ['general-residential'],
        },
      ],
    });
  });

  it('writes nothing when the services are saved unchanged', async () => {
    const s = scriptedStore(storedHome(), []);
    const service = createBedStateService({ store: s.store });
    const result = await service.updateServices({
      locationId: '1-100',
      input: {
        shortStayNone: true,
        vacancyTypes: ['dementia-nursing', 'general-residential'],
        languages: ['English'],
        contracts: { localAuthority: false, subIcb: false },
        outOfHoursAdmissions: true,
      },
      expectedVersion: 1,
      actor,
      source: 'web',
    });
    expect(result.kind).toBe('unchanged');
    expect(s.writes).toHaveLength(0);
  });
});
