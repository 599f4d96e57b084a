import { describe, expect, it } from 'vitest';
import {
  type UpdateBedStateCommand,
  type UpdateBedStateResult,
  updateManyHomes,
} from '../../../shared/app/bed-state';

const command = (locationId: string, expectedVersion = 1): UpdateBedStateCommand => ({
  locationId,
  input: {},
  expectedVersion,
  actor: { sub: 's', email: 'e@x.test' },
  source: 'bulk',
});

describe('updateManyHomes', () => {
  it('keeps going past failures and returns outcomes in the order given', async () => {
    const service = {
      async updateBedState(c: UpdateBedStateCommand): Promise<UpdateBedStateResult> {
        if (c.locationId === 'boom') throw new Error('database unavailable');
        if (c.locationId === 'gone') return { kind: 'not-found' };
        return { kind: 'rejected', errors: [] };
      },
    };
    const summary = await updateManyHomes(service, [
      command('a'),
      command('boom'),
      command('gone'),
      command('b'),
    ]);
    expect(summary.outcomes.map((o) => o.locationId)).toEqual(['a', 'boom', 'gone', 'b']);
    expect(summary.outcomes[1]).toEqual({ index: 1, locationId: 'boom', error: 'database unavailable' });
    expect(summary.counts).toMatchObject({ rejected: 2, 'not-found': 1, error: 1, applied: 0 });
  });

  it('applies commands for the same home one after another, and different homes in parallel up to the limit', async () => {
    let running = 0;
    let peak = 0;
    const order: string[] = [];
    const service = {
      async updateBedState(c: UpdateBedStateCommand): Promise<UpdateBedStateResult> {
        running += 1;
        peak = Math.max(peak, running);
        order.push(`start ${c.locationId}@${c.expectedVersion}`);
        await new Promise((r) => setTimeout(r, 5));
        order.push(`end ${c.locationId}@${c.expectedVersion}`);
        running -= 1;
        return { kind: 'not-found' };
      },
    };
    const commands = [
      command('x', 1),
      ...Array.from({ length: 10 }, (_, i) => command(`h${i}`)),
      command('x', 2),
    ];
    await updateManyHomes(service, commands, { concurrency: 3 });
    expect(peak).toBe(3);
    expect(order.indexOf('start x@2')).toBeGreaterThan(order.indexOf('end x@1'));
  });
});
