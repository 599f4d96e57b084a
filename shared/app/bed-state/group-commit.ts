import type { BedStateStore, HomeWrite, WriteOutcome } from './ports';

/** Two items per home and DynamoDB's 100 items per transaction leave room for 50; 25 keeps each small. */
export const GROUP_COMMIT_MAX_HOMES = 25;

interface Pending {
  write: HomeWrite;
  resolve: (outcome: WriteOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * A store whose writes, issued together by concurrent batch work (the bulk upload, a supplier's
 * batch), go to the table as grouped transactions: the writes made in the same turn of the event
 * loop are sent as one writeMany of up to `maxHomes` homes. Each write keeps its own outcome and its
 * own atomicity; only the round trips are shared. Two writes to the same home never share a group.
 * For a single caller (the provider update page) use the store itself: there is nothing to group.
 */
export function groupCommit(store: BedStateStore, options: { maxHomes?: number } = {}): BedStateStore {
  if (!store.writeMany) return store;
  const writeMany = store.writeMany.bind(store);
  const maxHomes = Math.max(1, Math.min(options.maxHomes ?? GROUP_COMMIT_MAX_HOMES, 50));
  let queue: Pending[] = [];
  let scheduled = false;

  function takeGroup(): Pending[] {
    const group: Pending[] = [];
    const homes = new Set<string>();
    const rest: Pending[] = [];
    for (const pending of queue) {
      if (group.length < maxHomes && !homes.has(pending.write.locationId)) {
        homes.add(pending.write.locationId);
        group.push(pending);
      } else {
        rest.push(pending);
      }
    }
    queue = rest;
    return group;
  }

  async function send(group: Pending[]): Promise<void> {
    try {
      const outcomes =
        group.length === 1 && group[0]
          ? [await store.write(group[0].write)]
          : await writeMany(group.map((p) => p.write));
      group.forEach((pending, i) => {
        const outcome = outcomes[i];
        if (outcome) pending.resolve(outcome);
        else pending.reject(new Error(`No outcome for the write to home ${pending.write.locationId}`));
      });
    } catch (error) {
      for (const pending of group) pending.reject(error);
    }
  }

  function flush(): void {
    scheduled = false;
    while (queue.length > 0) void send(takeGroup());
  }

  return {
    getHome: (locationId) => store.getHome(locationId),
    getHomes: (locationIds) => store.getHomes(locationIds),
    listHomesByProvider: (providerId, limit) => store.listHomesByProvider(providerId, limit),
    listHistory: (locationId, options) => store.listHistory(locationId, options),
    writeMany,
    write(write) {
      return new Promise<WriteOutcome>((resolve, reject) => {
        queue.push({ write, resolve, reject });
        // A full group goes at once; the rest waits for the end of this turn of the event loop.
        if (queue.length >= maxHomes) void send(takeGroup());
        if (queue.length > 0 && !scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
  };
}
