import { describe, expect, it } from 'vitest';
import { chunk, mapLimit, TaskPool } from '../../../shared/app/concurrency';

const tick = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('mapLimit', () => {
  it('keeps input order and never has more than the limit in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3], 2, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await tick(n);
      inFlight--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });

  it('on a failure, lets the calls in flight finish and starts no more before rethrowing', async () => {
    const finished: number[] = [];
    const started: number[] = [];
    const run = mapLimit([0, 1, 2, 3, 4, 5], 3, async (n) => {
      started.push(n);
      if (n === 1) throw new Error('injected');
      await tick(20);
      finished.push(n);
      return n;
    });
    await expect(run).rejects.toThrow('injected');
    // 0 and 2 were in flight when 1 failed: both finished before the caller heard of it.
    expect(finished.sort()).toEqual([0, 2]);
    expect(started.sort()).toEqual([0, 1, 2]);
  });
});

describe('TaskPool', () => {
  it('rethrows the first failure from drain after the others settle', async () => {
    const pool = new TaskPool(2);
    const finished: string[] = [];
    await pool.run(async () => {
      await tick(15);
      finished.push('slow');
    });
    await pool.run(async () => {
      throw new Error('boom');
    });
    await expect(pool.drain()).rejects.toThrow('boom');
    expect(finished).toEqual(['slow']);
  });
});

describe('chunk', () => {
  it('splits into parts of the given size, the last shorter', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 3)).toEqual([]);
  });
});
