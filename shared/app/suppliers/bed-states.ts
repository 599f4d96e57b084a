import type { SupplierAuthContext, SupplierRecord } from '../../domain/supplier';
import { supplierCovers, supplierSource } from '../../domain/supplier';
import type { Warning } from '../../domain/vacancy';
import type { BedStateService, StoredHome, UpdateBedStateCommand, UpdateError } from '../bed-state';
import { updateManyHomes } from '../bed-state';

/**
 * Supplier push (issue 8): a batch of homes' bed states from another platform, through the same
 * use case as the provider update page (updateBedState), one transaction per home. The batch's
 * homes are read in one BatchGet first and handed to updateBedState as `prefetched`, so a home costs
 * one write and no extra read unless it changed under us (the transaction's condition catches that,
 * and updateBedState reads again and retries).
 */

export interface PushFieldError {
  field: string;
  vacancyType?: string;
  rule: string;
  message: string;
}

export type PushResultKind =
  | 'applied'
  | 'unchanged'
  | 'stale'
  | 'rejected'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'error';

export interface HomePushResult {
  index: number;
  locationId: string | null;
  result: PushResultKind;
  version?: number;
  heldAsOf?: string | null;
  errors?: PushFieldError[];
  warnings?: PushFieldError[];
}

/** A home of the batch: parsed, or already refused by the request schema (its errors say why). */
export type PushItem =
  | { index: number; locationId: string; asOf: string; vacancies: unknown }
  | { index: number; locationId: string | null; errors: PushFieldError[] };

export interface SupplierPushDeps {
  service: Pick<BedStateService, 'updateBedState'>;
  /** Up to 100 homes by id (one BatchGet); unknown ids left out. */
  getHomes(locationIds: readonly string[]): Promise<StoredHome[]>;
  getSupplier(supplierId: string): Promise<SupplierRecord | undefined>;
  concurrency: number;
}

export interface PushOutcome {
  results: HomePushResult[];
  counts: Record<PushResultKind, number>;
}

export async function pushBedStates(
  deps: SupplierPushDeps,
  caller: SupplierAuthContext,
  items: readonly PushItem[],
): Promise<PushOutcome> {
  const valid = items.filter((item): item is Extract<PushItem, { asOf: string }> => 'asOf' in item);
  const [supplier, homes] = await Promise.all([
    deps.getSupplier(caller.supplierId),
    valid.length > 0 ? deps.getHomes(valid.map((item) => item.locationId)) : Promise.resolve([]),
  ]);
  const byId = new Map(homes.map((home) => [home.locationId, home]));
  const actor = {
    sub: supplierSource(caller.supplierId),
    email: `${caller.supplierName} (API key ${caller.keyId})`,
  };
  const canWrite = (home: Parameters<typeof supplierCovers>[1]) =>
    !!supplier && supplierCovers(supplier, home);

  const commands: UpdateBedStateCommand[] = valid.map((item) => {
    const prefetched = byId.get(item.locationId);
    return {
      locationId: item.locationId,
      input: item.vacancies,
      expectedVersion: 'current',
      actor,
      source: supplierSource(caller.supplierId),
      sourceTime: item.asOf,
      canWrite,
      ...(prefetched ? { prefetched } : {}),
    };
  });
  // A home the BatchGet did not find is not-found without touching updateBedState (which would read again).
  const toRun = commands.filter((command) => command.prefetched);
  const summary = await updateManyHomes(deps.service, toRun, { concurrency: deps.concurrency });
  const outcomeOf = new Map(summary.outcomes.map((o) => [toRun[o.index]?.locationId, o]));

  const results: HomePushResult[] = items.map((item) => {
    if (!('asOf' in item)) {
      return { index: item.index, locationId: item.locationId, result: 'rejected', errors: item.errors };
    }
    const base = { index: item.index, locationId: item.locationId };
    const outcome = outcomeOf.get(item.locationId);
    if (!outcome) return { ...base, result: 'not-found', errors: [unknownHome(item.locationId)] };
    if ('error' in outcome) {
      return {
        ...base,
        result: 'error',
        errors: [{ field: '', rule: 'unexpected', message: 'This home could not be written; retry it' }],
      };
    }
    const result = outcome.result;
    switch (result.kind) {
      case 'applied':
        return {
          ...base,
          result: 'applied',
          version: result.view.version,
          warnings: result.warnings.map(fieldError),
        };
      case 'unchanged':
        return { ...base, result: 'unchanged', version: result.view.version };
      case 'stale':
        return {
          ...base,
          result: 'stale',
          version: result.current.version,
          heldAsOf: result.current.sourceTime,
        };
      case 'rejected':
        return { ...base, result: 'rejected', errors: result.errors.map(fieldError) };
      case 'forbidden':
        return {
          ...base,
          result: 'forbidden',
          errors: [
            {
              field: 'locationId',
              rule: 'outside-supplier-scope',
              message: `Care home ${item.locationId} is not in the scope of supplier ${caller.supplierId}; an administrator can add it or its provider`,
            },
          ],
        };
      case 'not-found':
        return { ...base, result: 'not-found', errors: [unknownHome(item.locationId)] };
      case 'conflict':
        return {
          ...base,
          result: 'conflict',
          errors: [
            {
              field: '',
              rule: 'concurrent-changes',
              message: 'The home kept changing while this update was written; send it again',
            },
          ],
        };
      default:
        return unreachable(result);
    }
  });

  const counts: Record<PushResultKind, number> = {
    applied: 0,
    unchanged: 0,
    stale: 0,
    rejected: 0,
    forbidden: 0,
    'not-found': 0,
    conflict: 0,
    error: 0,
  };
  for (const r of results) counts[r.result] += 1;
  return { results, counts };
}

function unknownHome(locationId: string): PushFieldError {
  return {
    field: 'locationId',
    rule: 'unknown-home',
    message: `No care home with location id ${locationId} is registered here`,
  };
}

/** Domain errors name the table's fields; the supplier sent them under `vacancies`, and the time as `asOf`. */
function fieldError(error: UpdateError | Warning): PushFieldError {
  const path = error.path ?? '';
  const isTime = path === 'sourceTime';
  return {
    field: isTime ? 'asOf' : path ? `vacancies/${path}` : 'vacancies',
    ...('vacancyType' in error && error.vacancyType ? { vacancyType: error.vacancyType } : {}),
    rule: error.rule,
    message: isTime ? error.message.replace(/^Source time/, 'asOf') : error.message,
  };
}

function unreachable(value: never): never {
  throw new Error(`unexpected result ${JSON.stringify(value)}`);
}
