import type { UpdateBedStateResult } from './types';
import type { BedStateService, UpdateBedStateCommand } from './update-bed-state';

export type ManyHomesOutcome =
  | { index: number; locationId: string; result: UpdateBedStateResult }
  /** Something unexpected (the database was unavailable...): only this home is affected. */
  | { index: number; locationId: string; error: string };

export interface ManyHomesSummary {
  outcomes: ManyHomesOutcome[];
  counts: Record<UpdateBedStateResult['kind'] | 'error', number>;
}

/**
 * Applies updateBedState to many homes (a bulk upload, a supplier batch). Each home is its own
 * transaction: one home's rejection, conflict or failure never holds back or undoes another's.
 * Outcomes come back in the order of the commands. A home named twice is applied in order, so the
 * second sees the first's version (and conflicts if it named the version the first replaced).
 */
export async function updateManyHomes(
  service: Pick<BedStateService, 'updateBedState'>,
  commands: readonly UpdateBedStateCommand[],
  options: { concurrency?: number } = {},
): Promise<ManyHomesSummary> {
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 8, 32));
  const outcomes: ManyHomesOutcome[] = new Array(commands.length);
  const byHome = new Map<string, number[]>();
  commands.forEach((command, index) => {
    const list = byHome.get(command.locationId) ?? [];
    list.push(index);
    byHome.set(command.locationId, list);
  });
  const queues = [...byHome.values()];

  let next = 0;
  async function worker(): Promise<void> {
    while (next < queues.length) {
      const queue = queues[next];
      next += 1;
      for (const index of queue ?? []) {
        const command = commands[index];
        if (!command) continue;
        try {
          outcomes[index] = {
            index,
            locationId: command.locationId,
            result: await service.updateBedState(command),
          };
        } catch (error) {
          outcomes[index] = {
            index,
            locationId: command.locationId,
            error: error instanceof Error ? error.message : String(error),
          };
        }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, queues.length) }, worker));

  const counts: ManyHomesSummary['counts'] = {
    applied: 0,
    unchanged: 0,
    rejected: 0,
    conflict: 0,
    'not-found': 0,
    forbidden: 0,
    stale: 0,
    error: 0,
  };
  for (const outcome of outcomes) counts['result' in outcome ? outcome.result.kind : 'error'] += 1;
  return { outcomes, counts };
}
