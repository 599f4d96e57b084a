import { describe, expect, it } from 'vitest';
import { createCursorCodec } from '../../../shared/app/search/cursor';
import { SearchIndexCache } from '../../../shared/app/search/index-cache';
import type { LoadResult, PostcodeLocator, SearchHomeSource } from '../../../shared/app/search/ports';
import {
  exportVacancies,
  type SearchDeps,
  SearchError,
  searchVacancies,
} from '../../../shared/app/search/search-vacancies';
import { EXPORT_ROW_LIMIT, type SearchHomeInput, searchParamsSchema } from '../../../shared/domain/search';
import { writeSearchXlsx } from '../../../shared/infra/search-xlsx';
import { fixtureSearchInputs } from '../../support/fixtures-search';

const NOW = Date.parse('2026-01-12T09:00:00.000Z');

function deps(homes: SearchHomeInput[]): SearchDeps {
  const source: SearchHomeSource = {
    loadActive: async (): Promise<LoadResult> => ({
      homes: homes.map((home) => ({ home, active: true })),
      itemsRead: homes.length,
    }),
    changedSince: async () => ({ homes: [], itemsRead: 0 }),
  };
  const points: Record<string, { lat: number; lon: number }> = { B97: { lat: 52.3, lon: -1.96 } };
  const locator: PostcodeLocator = {
    locate: async (input) => {
      const point = points[input.trim().toUpperCase()];
      return point
        ? { point: { ...point, precision: 'outcode' }, itemsRead: 1 }
        : { point: undefined, itemsRead: 0 };
    },
  };
  return {
    cache: new SearchIndexCache(source, {
      refreshMs: 1000,
      fullReloadMs: 60_000,
      lookbackMs: 1000,
      now: () => NOW,
    }),
    locator,
    cursors: createCursorCodec('unit-test-secret-0123456789'),
    writeXlsx: writeSearchXlsx,
    now: () => NOW,
  };
}

const request = (params: Record<string, string>) => searchParamsSchema.parse(params);

describe('searchVacancies', () => {
  it('answers an unknown postcode with an error naming it, not an empty list', async () => {
    const d = deps(fixtureSearchInputs(NOW));
    const error = await searchVacancies(d, request({ postcode: 'ZE1' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SearchError);
    expect(error).toMatchObject({ kind: 'unknown-postcode', field: 'postcode' });
    expect((error as Error).message).toContain('ZE1');
  });

  it('counts the items it read: the cold load on the first search, the postcode item on each', async () => {
    const homes = fixtureSearchInputs(NOW);
    const d = deps(homes);
    const first = await searchVacancies(d, request({ postcode: 'B97' }));
    expect(first.measures.itemsRead).toBe(homes.length + 1);
    const second = await searchVacancies(d, request({ postcode: 'B97' }));
    expect(second.measures.itemsRead).toBe(1);
    expect(second.measures.itemsReadAmortised).toBe((homes.length + 2) / 2);
    expect(second.measures.homesInArea).toBe(5);
  });
});

describe('exportVacancies', () => {
  it(`refuses more than ${EXPORT_ROW_LIMIT} rows with a message saying how many and what to do`, async () => {
    const base = fixtureSearchInputs(NOW)[0] as SearchHomeInput;
    const many = Array.from({ length: EXPORT_ROW_LIMIT + 1 }, (_, i) => ({
      ...base,
      locationId: `1-${i}`,
      latitude: 52.3 + (i % 100) * 0.0001,
    }));
    const d = deps(many);
    const error = await exportVacancies(d, {
      ...request({ postcode: 'B97', format: 'csv' }),
      format: 'csv',
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      kind: 'export-too-large',
      details: { total: EXPORT_ROW_LIMIT + 1, limit: EXPORT_ROW_LIMIT },
    });
    expect((error as Error).message).toMatch(/finds 5001 care homes; an export can hold at most 5000/);

    const exact = deps(many.slice(0, EXPORT_ROW_LIMIT));
    const file = await exportVacancies(exact, {
      ...request({ postcode: 'B97', format: 'csv' }),
      format: 'csv',
    });
    expect(file.rows).toBe(EXPORT_ROW_LIMIT);
  });
});
