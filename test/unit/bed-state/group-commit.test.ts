import { describe, expect, it } from 'vitest';
import { groupCommit } from '../../../shared/app/bed-state/group-commit';
import type { BedStateStore, HomeWrite, WriteOutcome } from '../../../shared/app/bed-state/ports';

function write(locationId: string, n = 0): HomeWrite {
  return {
    locationId,
    expectedBedVersion: n,
    expectedServicesVersion: 0,
    history: { id: `${locationId}-${n}` } as HomeWrite['history'],
  };
}

/** A store that records how writes reached it; homes in `failing` fail their condition. */
function recordingStore(failing = new Set<string>(), withMany = true) {
  const singles: string[] = [];
  const groups: string[][] = [];
  const outcome = (w: HomeWrite): WriteOutcome =>
    failing.has(w.locationId) ? { ok: false, reason: 'condition-failed' } : { ok: true };
  const store: BedStateStore = {
    getHome: async () => undefined,
    getHomes: async () => [],
    listHomesByProvider: async () => ({ homes: [], truncated: false }),
    listHistory: async () => ({ events: [] }),
    write: async (w) => {
      singles.push(w.locationId);
      return outcome(w);
    },
    ...(withMany
      ? {
          writeMany: async (ws: readonly HomeWrite[]) => {
            groups.push(ws.map((w) => w.locationId));
            return ws.map(outcome);
          },
        }
      : {}),
  };
  return { store, singles, groups };
}

describe('groupCommit', () => {
  it('sends the writes of one turn of the event loop as groups of at most 25, each with its own outcome', async () => {
    const { store, singles, groups } = recordingStore(new Set(['h7']));
    const grouped = groupCommit(store);
    const outcomes = await Promise.all(Array.from({ length: 30 }, (_, i) => grouped.write(write(`h${i}`))));
    expect(groups.map((g) => g.length)).toEqual([25, 5]);
    expect(singles).toEqual([]);
    expect(outcomes[7]).toEqual({ ok: false, reason: 'condition-failed' });
    expect(outcomes.filter((o) => o.ok)).toHaveLength(29);
  });

  it('never puts two writes to the same home in one group', async () => {
    const { store, singles, groups } = recordingStore();
    const grouped = groupCommit(store);
    await Promise.all([
      grouped.write(write('a', 1)),
      grouped.write(write('b', 1)),
      grouped.write(write('a', 2)),
    ]);
    // The second write to 'a' waits for the next group (here a group of one: a plain write).
    expect(groups).toEqual([['a', 'b']]);
    expect(singles).toEqual(['a']);
  });

  it('writes a lone write on its own, and writes made in later turns in later groups', async () => {
    const { store, singles, groups } = recordingStore();
    const grouped = groupCommit(store);
    await grouped.write(write('a'));
    await Promise.all([grouped.write(write('b')), grouped.write(write('c'))]);
    expect(singles).toEqual(['a']);
    expect(groups).toEqual([['b', 'c']]);
  });

  it('rejects every write of a group whose round trip failed', async () => {
    const { store } = recordingStore();
    const failing: BedStateStore = {
      ...store,
      writeMany: async () => {
        throw new Error('network down');
      },
    };
    const grouped = groupCommit(failing);
    const results = await Promise.allSettled([grouped.write(write('a')), grouped.write(write('b'))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('is the store itself when the store cannot write many', () => {
    const { store } = recordingStore(new Set(), false);
    expect(groupCommit(store)).toBe(store);
  });
});
