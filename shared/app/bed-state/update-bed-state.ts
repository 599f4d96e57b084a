import { randomUUID } from 'node:crypto';
import { type HomeScope, type Membership, orgIdFor } from '../../domain/authz';
import {
  admissionStatus,
  type BedState,
  bedStateTotals,
  diffBedState,
  isSameBedState,
  type ServicesOffered,
  vacancyTypeLabel,
  validateBedState,
  validateServicesOffered,
} from '../../domain/vacancy';
import type { BedStateStore, HistoryPage, HomeWrite } from './ports';
import type {
  Actor,
  BedStateView,
  ConfirmResult,
  HistoryEvent,
  ServicesFieldChange,
  ServicesView,
  StoredHome,
  UpdateBedStateResult,
  UpdateError,
  UpdateServicesResult,
  UpdateSource,
} from './types';
import { homeScope } from './types';
import {
  bedStateView,
  currentTable,
  normaliseServices,
  servicesOf,
  servicesView,
  storedBedState,
} from './views';

/**
 * The one way anything changes a home's services offered or bed state: the web pages, the bulk
 * upload and the supplier API all call these, so the rules, the history and the no-lost-update
 * guarantee are the same whatever the source.
 *
 * Every write is one DynamoDB transaction (current state + history event + counters) conditioned on
 * the versions read. A caller that names the version it based its change on (expectedVersion) gets
 * `conflict` when someone else wrote first; nothing is ever silently overwritten.
 */

/**
 * The version the caller's change is based on: the ETag of the GET it edited, or the version in the
 * bulk template row. 'current' is for sources that hold no version (supplier pushes): the change
 * applies to whatever is current, still atomically, and sourceTime keeps older figures from
 * replacing newer ones.
 */
export type ExpectedVersion = number | 'current';

export interface UpdateBedStateCommand {
  locationId: string;
  /** The whole table, untrusted: { rows: [...], outOfHoursAdmissions? }. validateBedState checks it. */
  input: unknown;
  expectedVersion: ExpectedVersion;
  actor: Actor;
  source: UpdateSource;
  /** ISO 8601 instant with a zone: when the source observed the figures. Older than held: `stale`. */
  sourceTime?: string;
  /** Authorisation hook, given the home's scope once it is read; false gives `forbidden`. */
  canWrite?: (home: HomeScope) => boolean;
  /**
   * The home as the caller just read it with getHome (e.g. to authorise in parallel with other
   * work): the first attempt uses it instead of reading again. A version that has moved since is
   * still caught by the transaction's condition.
   */
  prefetched?: StoredHome;
}

export interface ConfirmNoChangeCommand {
  locationId: string;
  expectedVersion: ExpectedVersion;
  actor: Actor;
  source: UpdateSource;
  sourceTime?: string;
  canWrite?: (home: HomeScope) => boolean;
  /**
   * The home as the caller just read it with getHome (e.g. to authorise in parallel with other
   * work): the first attempt uses it instead of reading again. A version that has moved since is
   * still caught by the transaction's condition.
   */
  prefetched?: StoredHome;
}

export interface UpdateServicesCommand {
  locationId: string;
  /** Untrusted ServicesOfferedInput; validateServicesOffered checks it. */
  input: unknown;
  expectedVersion: ExpectedVersion;
  actor: Actor;
  source: UpdateSource;
  canWrite?: (home: HomeScope) => boolean;
  /**
   * The home as the caller just read it with getHome (e.g. to authorise in parallel with other
   * work): the first attempt uses it instead of reading again. A version that has moved since is
   * still caught by the transaction's condition.
   */
  prefetched?: StoredHome;
}

export interface BedStateServiceDeps {
  store: BedStateStore;
  now?: () => Date;
  newId?: () => string;
  /** Attempts when a write loses a race that does not concern the caller's version (default 6). */
  maxAttempts?: number;
}

export interface BedStateService {
  updateBedState(command: UpdateBedStateCommand): Promise<UpdateBedStateResult>;
  confirmNoChange(command: ConfirmNoChangeCommand): Promise<ConfirmResult>;
  updateServices(command: UpdateServicesCommand): Promise<UpdateServicesResult>;
  /** The home as read now (undefined: unknown home), for reads and authorisation. */
  getHome(locationId: string): Promise<StoredHome | undefined>;
  getBedState(locationId: string): Promise<BedStateView | undefined>;
  getServices(locationId: string): Promise<ServicesView | undefined>;
  listHistory(locationId: string, options: { limit: number; cursor?: string }): Promise<HistoryPage>;
  /**
   * The homes a person's memberships let them update: their care homes (staff) and every home of
   * their providers (approvers). At most `limit`, by name; `truncated` when there were more.
   */
  homesForMemberships(
    memberships: readonly Membership[],
    limit: number,
  ): Promise<{
    homes: Array<{ home: BedStateView; via: 'care-home-staff' | 'provider-approver' }>;
    truncated: boolean;
  }>;
}

/** A supplier clock may run a little fast; more than this ahead is a mistake, not skew. */
export const MAX_SOURCE_CLOCK_SKEW_MS = 5 * 60_000;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

export function createBedStateService(deps: BedStateServiceDeps): BedStateService {
  const { store } = deps;
  const now = deps.now ?? (() => new Date());
  const newId = deps.newId ?? (() => randomUUID());
  const maxAttempts = deps.maxAttempts ?? 6;

  async function updateBedState(command: UpdateBedStateCommand): Promise<UpdateBedStateResult> {
    const sourceTimeError = checkSourceTime(command.sourceTime, now());
    if (sourceTimeError) return { kind: 'rejected', errors: [sourceTimeError] };

    let last: StoredHome | undefined;
    for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
      const home =
        attempt === 1 && command.prefetched?.locationId === command.locationId
          ? command.prefetched
          : await store.getHome(command.locationId);
      if (!home) return { kind: 'not-found' };
      last = home;
      if (command.canWrite && !command.canWrite(homeScope(home))) return { kind: 'forbidden' };
      if (command.expectedVersion !== 'current' && home.bedVersion !== command.expectedVersion) {
        return { kind: 'conflict', current: bedStateView(home) };
      }
      if (isStale(home, command.sourceTime)) return { kind: 'stale', current: bedStateView(home) };
      if (!home.services) return { kind: 'rejected', errors: [servicesNotSet()] };

      const validation = validateBedState(
        command.input,
        {
          vacancyTypes: home.services.vacancyTypes,
          outOfHoursAdmissions: home.outOfHoursAdmissions ?? false,
        },
        home.registeredBeds,
      );
      if (!validation.ok) return { kind: 'rejected', errors: validation.errors };
      const next = validation.value;
      const at = now().toISOString();
      const touch = {
        at,
        by: command.actor,
        source: command.source,
        sourceTime: command.sourceTime ?? at,
      };
      const before = storedBedState(home);

      if (before && isSameBedState(before, next)) {
        const event = historyEvent(home, {
          kind: 'bed-state-confirmed',
          at,
          actor: command.actor,
          source: command.source,
          sourceTime: command.sourceTime ?? null,
          bedVersion: home.bedVersion,
          servicesVersion: home.servicesVersion,
          confirmation: 'unchanged-update',
        });
        const outcome = await store.write({
          locationId: home.locationId,
          expectedBedVersion: home.bedVersion,
          expectedServicesVersion: home.servicesVersion,
          bed: { nextVersion: home.bedVersion, touch: { ...touch, counter: 'confirm' }, feedAt: at },
          history: event,
        });
        if (outcome.ok) {
          const written = { ...home, ...touchedFields(touch) };
          return { kind: 'unchanged', view: bedStateView(written), warnings: validation.warnings, event };
        }
        await backoff(attempt);
        continue;
      }

      const diff = diffBedState(before, next);
      const outOfHoursChanged = home.outOfHoursAdmissions !== next.outOfHoursAdmissions;
      const nextBedVersion = home.bedVersion + 1;
      // Out-of-hours shows on the services page too: a services form open elsewhere must not overwrite it.
      const nextServicesVersion = outOfHoursChanged ? home.servicesVersion + 1 : home.servicesVersion;
      const beforeTable = before ? currentTable(home) : null;
      const event = historyEvent(home, {
        kind: 'bed-state-updated',
        at,
        actor: command.actor,
        source: command.source,
        sourceTime: command.sourceTime ?? null,
        bedVersion: nextBedVersion,
        servicesVersion: nextServicesVersion,
        bedChanges: {
          vacancyTypes: diff.vacancyTypes,
          outOfHoursAdmissions: diff.outOfHoursAdmissions,
          admissionStatus: {
            before: beforeTable ? admissionStatus(beforeTable) : null,
            after: admissionStatus(next),
          },
          totals: { before: beforeTable ? bedStateTotals(beforeTable) : null, after: bedStateTotals(next) },
        },
      });
      const write: HomeWrite = {
        locationId: home.locationId,
        expectedBedVersion: home.bedVersion,
        expectedServicesVersion: home.servicesVersion,
        bed: {
          nextVersion: nextBedVersion,
          rows: next.rows,
          admissionStatus: admissionStatus(next),
          totals: bedStateTotals(next),
          outOfHoursAdmissions: next.outOfHoursAdmissions,
          touch: { ...touch, counter: 'update' },
          feedAt: at,
        },
        ...(outOfHoursChanged ? { services: { nextVersion: nextServicesVersion } } : {}),
        history: event,
      };
      const outcome = await store.write(write);
      if (outcome.ok) {
        const written: StoredHome = {
          ...home,
          ...touchedFields(touch),
          bedRows: next.rows,
          bedVersion: nextBedVersion,
          bedChangedAt: at,
          outOfHoursAdmissions: next.outOfHoursAdmissions,
          servicesVersion: nextServicesVersion,
        };
        return { kind: 'applied', view: bedStateView(written), warnings: validation.warnings, event };
      }
      // Lost a race: the next read shows whether the caller's version moved (conflict) or only
      // something it did not base its change on (services, a concurrent confirmation): then retry.
      await backoff(attempt);
    }
    return raceLost(last);
  }

  async function confirmNoChange(command: ConfirmNoChangeCommand): Promise<ConfirmResult> {
    const sourceTimeError = checkSourceTime(command.sourceTime, now());
    if (sourceTimeError) return { kind: 'rejected', errors: [sourceTimeError] };

    let last: StoredHome | undefined;
    for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
      const home =
        attempt === 1 && command.prefetched?.locationId === command.locationId
          ? command.prefetched
          : await store.getHome(command.locationId);
      if (!home) return { kind: 'not-found' };
      last = home;
      if (command.canWrite && !command.canWrite(homeScope(home))) return { kind: 'forbidden' };
      if (command.expectedVersion !== 'current' && home.bedVersion !== command.expectedVersion) {
        return { kind: 'conflict', current: bedStateView(home) };
      }
      if (isStale(home, command.sourceTime)) return { kind: 'stale', current: bedStateView(home) };
      if (home.bedRows === null) {
        return {
          kind: 'rejected',
          errors: [
            {
              path: 'rows',
              field: 'rows',
              rule: 'nothing-to-confirm',
              message:
                'There are no vacancy figures to confirm yet: enter the figures for each vacancy type and save them first',
            },
          ],
        };
      }
      const at = now().toISOString();
      const touch = { at, by: command.actor, source: command.source, sourceTime: command.sourceTime ?? at };
      const event = historyEvent(home, {
        kind: 'bed-state-confirmed',
        at,
        actor: command.actor,
        source: command.source,
        sourceTime: command.sourceTime ?? null,
        bedVersion: home.bedVersion,
        servicesVersion: home.servicesVersion,
        confirmation: 'confirmed',
      });
      // The version is kept: the figures did not change, so an edit based on them is still valid.
      const outcome = await store.write({
        locationId: home.locationId,
        expectedBedVersion: home.bedVersion,
        expectedServicesVersion: home.servicesVersion,
        bed: { nextVersion: home.bedVersion, touch: { ...touch, counter: 'confirm' }, feedAt: at },
        history: event,
      });
      if (outcome.ok)
        return { kind: 'confirmed', view: bedStateView({ ...home, ...touchedFields(touch) }), event };
      await backoff(attempt);
    }
    return raceLost(last);
  }

  async function updateServices(command: UpdateServicesCommand): Promise<UpdateServicesResult> {
    let last: StoredHome | undefined;
    for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
      const home =
        attempt === 1 && command.prefetched?.locationId === command.locationId
          ? command.prefetched
          : await store.getHome(command.locationId);
      if (!home) return { kind: 'not-found' };
      last = home;
      if (command.canWrite && !command.canWrite(homeScope(home))) return { kind: 'forbidden' };
      if (command.expectedVersion !== 'current' && home.servicesVersion !== command.expectedVersion) {
        return { kind: 'conflict', current: servicesView(home) };
      }
      const validation = validateServicesOffered(command.input);
      if (!validation.ok) return { kind: 'rejected', errors: validation.errors };
      const nextServices = validation.value;
      const stored = normaliseServices(nextServices);

      // Decision (docs/data-model.d/bed-state.md): a vacancy type that still has beds cannot stop
      // being offered; the home sets its capacity to 0 first, so no beds vanish from search unseen.
      // A removed type with no beds has its row dropped in the same transaction.
      const keptRows = (home.bedRows ?? []).filter((row) => stored.vacancyTypes.includes(row.vacancyType));
      const droppedRows = (home.bedRows ?? []).filter(
        (row) => !stored.vacancyTypes.includes(row.vacancyType),
      );
      const withBeds = droppedRows.filter((row) => row.maximumCapacity > 0);
      if (withBeds.length > 0) {
        return {
          kind: 'rejected',
          errors: withBeds.map((row) => ({
            path: 'vacancyTypes',
            field: 'vacancyTypes',
            vacancyType: row.vacancyType,
            rule: 'vacancy-type-has-beds',
            message: `${vacancyTypeLabel(row.vacancyType)}: cannot be removed while it has beds (maximum capacity ${row.maximumCapacity}); set its maximum capacity to 0 in the provider update first`,
          })),
        };
      }

      const previous = servicesOf(home);
      const fields = servicesChanges(previous, {
        ...stored,
        outOfHoursAdmissions: nextServices.outOfHoursAdmissions,
      });
      if (fields.length === 0) return { kind: 'unchanged', view: servicesView(home) };

      const at = now().toISOString();
      const outOfHoursChanged = home.outOfHoursAdmissions !== nextServices.outOfHoursAdmissions;
      const rowsDropped = droppedRows.length > 0;
      // The provider update table shows out-of-hours and one row per offered type: when either
      // changes, its version moves so an update form open elsewhere cannot overwrite the change.
      const bedChanged = outOfHoursChanged || rowsDropped;
      const nextBedVersion = bedChanged ? home.bedVersion + 1 : home.bedVersion;
      const nextServicesVersion = home.servicesVersion + 1;
      const event = historyEvent(home, {
        kind: 'services-updated',
        at,
        actor: command.actor,
        source: command.source,
        sourceTime: null,
        bedVersion: nextBedVersion,
        servicesVersion: nextServicesVersion,
        servicesChanges: { fields, droppedVacancyTypes: droppedRows.map((row) => row.vacancyType) },
      });
      const nextState: BedState = { rows: keptRows, outOfHoursAdmissions: nextServices.outOfHoursAdmissions };
      const write: HomeWrite = {
        locationId: home.locationId,
        expectedBedVersion: home.bedVersion,
        expectedServicesVersion: home.servicesVersion,
        services: {
          nextVersion: nextServicesVersion,
          services: stored,
          at,
          by: command.actor,
          outOfHoursAdmissions: nextServices.outOfHoursAdmissions,
        },
        ...(bedChanged
          ? {
              bed: {
                nextVersion: nextBedVersion,
                ...(rowsDropped && home.bedRows !== null
                  ? {
                      rows: keptRows,
                      admissionStatus: admissionStatus(nextState),
                      totals: bedStateTotals(nextState),
                    }
                  : {}),
                // Out-of-hours before any figures were entered is not a bed-state change worth pulling.
                ...(home.bedRows !== null ? { feedAt: at } : {}),
              },
            }
          : {}),
        history: event,
      };
      const outcome = await store.write(write);
      if (outcome.ok) {
        const written: StoredHome = {
          ...home,
          services: stored,
          servicesVersion: nextServicesVersion,
          servicesUpdatedAt: at,
          servicesUpdatedBy: command.actor,
          outOfHoursAdmissions: nextServices.outOfHoursAdmissions,
          bedVersion: nextBedVersion,
          bedRows: home.bedRows === null ? null : keptRows,
        };
        return { kind: 'applied', view: servicesView(written), bedView: bedStateView(written), event };
      }
      await backoff(attempt);
    }
    return last ? { kind: 'conflict', current: servicesView(last) } : { kind: 'not-found' };
  }

  async function raceLost(
    last: StoredHome | undefined,
  ): Promise<{ kind: 'conflict'; current: BedStateView }> {
    const home = (await store.getHome(last?.locationId ?? '')) ?? last;
    if (!home) throw new Error('raceLost called before any read');
    return { kind: 'conflict', current: bedStateView(home) };
  }

  function historyEvent(home: StoredHome, fields: Omit<HistoryEvent, 'id' | 'locationId'>): HistoryEvent {
    return { id: newId(), locationId: home.locationId, ...fields };
  }

  return {
    updateBedState,
    confirmNoChange,
    updateServices,
    getHome: (locationId) => store.getHome(locationId),
    async getBedState(locationId) {
      const home = await store.getHome(locationId);
      return home ? bedStateView(home) : undefined;
    },
    async getServices(locationId) {
      const home = await store.getHome(locationId);
      return home ? servicesView(home) : undefined;
    },
    listHistory: (locationId, options) => store.listHistory(locationId, options),
    async homesForMemberships(memberships, limit) {
      const staffOf = memberships
        .filter((m) => m.role === 'care-home-staff' && m.orgType === 'care-home')
        .map((m) => m.orgId.slice(orgIdFor.careHome('').length));
      const providers = memberships
        .filter((m) => m.role === 'provider-approver' && m.orgType === 'provider')
        .map((m) => m.orgId.slice(orgIdFor.provider('').length));
      const found = new Map<string, { home: StoredHome; via: 'care-home-staff' | 'provider-approver' }>();
      let truncated = false;
      for (let i = 0; i < staffOf.length && i < limit; i += 100) {
        for (const home of await store.getHomes(staffOf.slice(i, Math.min(i + 100, limit)))) {
          found.set(home.locationId, { home, via: 'care-home-staff' });
        }
      }
      if (staffOf.length > limit) truncated = true;
      for (const providerId of new Set(providers)) {
        const page = await store.listHomesByProvider(providerId, limit);
        truncated ||= page.truncated;
        for (const home of page.homes) {
          if (!found.has(home.locationId)) found.set(home.locationId, { home, via: 'provider-approver' });
        }
      }
      const homes = [...found.values()]
        .map(({ home, via }) => ({ home: bedStateView(home), via }))
        .sort(
          (a, b) =>
            (a.home.name ?? '').localeCompare(b.home.name ?? '', 'en-GB') ||
            a.home.locationId.localeCompare(b.home.locationId),
        );
      return { homes: homes.slice(0, limit), truncated: truncated || homes.length > limit };
    },
  };
}

function touchedFields(touch: { at: string; by: Actor; source: UpdateSource; sourceTime: string }) {
  return {
    bedUpdatedAt: touch.at,
    bedUpdatedBy: touch.by,
    bedSource: touch.source,
    bedSourceTime: touch.sourceTime,
  };
}

function servicesNotSet(): UpdateError {
  return {
    path: 'rows',
    field: 'rows',
    rule: 'services-not-set',
    message:
      'Choose the services this home offers (its long-term vacancy types) before entering vacancies: there is no table to fill in yet',
  };
}

function checkSourceTime(sourceTime: string | undefined, now: Date): UpdateError | undefined {
  if (sourceTime === undefined) return undefined;
  const ms = ISO_INSTANT.test(sourceTime) ? Date.parse(sourceTime) : Number.NaN;
  if (!Number.isFinite(ms)) {
    return {
      path: 'sourceTime',
      field: 'sourceTime',
      rule: 'invalid-type',
      message: `Source time must be an ISO 8601 date and time with a time zone, such as 2026-01-31T09:30:00Z (got '${sourceTime.slice(0, 40)}')`,
    };
  }
  if (ms > now.getTime() + MAX_SOURCE_CLOCK_SKEW_MS) {
    return {
      path: 'sourceTime',
      field: 'sourceTime',
      rule: 'in-the-future',
      message: `Source time ${sourceTime} is in the future; check the sending system's clock`,
    };
  }
  return undefined;
}

function isStale(home: StoredHome, sourceTime: string | undefined): boolean {
  if (sourceTime === undefined) return false;
  const held = home.bedSourceTime ?? home.bedUpdatedAt;
  return held !== null && Date.parse(sourceTime) < Date.parse(held);
}

/** Jittered, so writers that collided do not collide again in lockstep. */
function backoff(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(50, 5 * 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const SERVICE_FIELDS: ReadonlyArray<keyof ServicesOffered> = [
  'shortStayServices',
  'shortStayNone',
  'vacancyTypes',
  'languages',
  'notes',
  'fundingSources',
  'contracts',
  'outOfHoursAdmissions',
];

/** Field-by-field before and after; before is null for every field on the first save. */
export function servicesChanges(
  before: ServicesOffered | null,
  after: ServicesOffered,
): ServicesFieldChange[] {
  const changes: ServicesFieldChange[] = [];
  for (const field of SERVICE_FIELDS) {
    const old = before ? before[field] : null;
    if (JSON.stringify(old) !== JSON.stringify(after[field])) {
      changes.push({ field, before: old, after: after[field] });
    }
  }
  return changes;
}
