import { describe, expect, it } from 'vitest';
import { benchTemplate } from './helpers';

describe('bench', () => {
  it('writes and reads a 5,000-row template', async () => {
    const figures = await benchTemplate(5_000);
    // Generous: a hang guard, not a performance assertion.
    for (const t of figures.readMs) expect(t).toBeLessThan(30_000);
  });
});
