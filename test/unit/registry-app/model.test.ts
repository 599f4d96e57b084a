import { describe, expect, it } from 'vitest';
import {
  decodeCursor,
  encodeCursor,
  homeListQuery,
  planHomeList,
} from '../../../shared/app/registry/homes-query';
import { foldRecords } from '../../../shared/app/registry/ingest';
import {
  archivedContent,
  contentHash,
  indexedWords,
  mergeRecord,
  nameWords,
  statusOf,
  withBookkeeping,
} from '../../../shared/app/registry/model';
import type { CareHomeRecord } from '../../../shared/domain/registry/types';
import { ProblemError } from '../../../shared/http/problem';

const record = (over: Partial<CareHomeRecord> = {}): CareHomeRecord => ({
  locationId: '1-8000000001',
  providerId: '1-8000000100',
  name: 'The Willows Care Home',
  address: '1 High Street, Leeds',
  postcode: 'LS1 4AP',
  serviceTypes: ['Care home service with nursing'],
  specialisms: ['Dementia'],
  regulatedActivities: [],
  isCareHome: true,
  registrationStatus: 'registered',
  ...over,
});

const run = { runId: 'r1', source: 'test.csv', now: '2026-01-01T00:00:00.000Z' };

describe('name words', () => {
  it('folds case, accents and apostrophes, and drops stop words and single letters', () => {
    expect(nameWords("St John's  Nursing-Home & Café, The")).toEqual([
      'st',
      'johns',
      'nursing',
      'home',
      'cafe',
    ]);
    expect(nameWords('A & B')).toEqual([]);
  });

  it('indexes only distinctive words', () => {
    expect(indexedWords(nameWords('Abbey Court Care Home'))).toEqual(['abbey', 'court']);
    expect(indexedWords(nameWords('The Care Home'))).toEqual([]);
  });
});

describe('status and content', () => {
  it('archives deregistered, dormant and non-care-home records, in that order of reasons', () => {
    expect(statusOf(record())).toEqual({ status: 'active' });
    expect(statusOf(record({ registrationStatus: 'deregistered', isCareHome: false }))).toEqual({
      status: 'archived',
      reason: 'deregistered',
    });
    expect(statusOf(record({ registrationStatus: 'dormant' })).reason).toBe('dormant');
    expect(statusOf(record({ isCareHome: false })).reason).toBe('not-a-care-home');
  });

  it('hashes content independently of key order and ignores bookkeeping', () => {
    const a = mergeRecord(undefined, record(), undefined);
    const reordered = Object.fromEntries(Object.entries(a).reverse()) as typeof a;
    expect(contentHash(reordered)).toBe(contentHash(a));
    expect(contentHash(mergeRecord(undefined, record({ registeredBeds: 41 }), undefined))).not.toBe(
      contentHash(a),
    );
    const stored = withBookkeeping(a, undefined, run);
    expect(stored.registryHash).toBe(contentHash(a));
    expect(
      withBookkeeping(a, stored, { ...run, runId: 'r2', now: '2026-02-01T00:00:00.000Z' }).registryHash,
    ).toBe(stored.registryHash);
  });

  it('keeps facts the record does not carry, and takes those it does', () => {
    const before = withBookkeeping(
      mergeRecord(
        undefined,
        record({ registeredBeds: 40, overallRating: 'Good', ratingDate: '2024-01-01' }),
        {
          latitude: 53.79651234567,
          longitude: -1.5478,
          locatedBy: 'record',
        },
      ),
      undefined,
      run,
    );
    expect(before.latitude).toBe(53.796512);
    expect(before.geohash).toMatch(/^gcwf/);
    const after = mergeRecord(
      before,
      record({ postcode: undefined, specialisms: [], name: 'The Willows' }),
      undefined,
    );
    expect(after).toMatchObject({
      name: 'The Willows',
      registeredBeds: 40,
      overallRating: 'Good',
      ratingDate: '2024-01-01',
      postcode: 'LS1 4AP',
      specialisms: ['Dementia'],
      nameWords: ['willows'],
    });
    // Coordinates come from the locator, which keeps record coordinates for an unchanged postcode.
    expect(after.latitude).toBeUndefined();
    const archived = archivedContent(before, 'absent-from-complete-snapshot');
    expect(archived).toMatchObject({
      registryStatus: 'archived',
      archivedReason: 'absent-from-complete-snapshot',
    });
    expect('registryHash' in archived).toBe(false);
  });

  it('folds records from several files as if applied in order', () => {
    const asc = record({
      postcode: undefined,
      address: '',
      registeredBeds: 40,
      overallRating: 'Good',
      ratingDate: '2024-03-14',
    });
    const directory = record({
      registeredBeds: undefined,
      overallRating: undefined,
      specialisms: [],
      latitude: 1,
      longitude: 2,
    });
    const folded = foldRecords(asc, directory);
    expect(folded).toMatchObject({
      registeredBeds: 40,
      overallRating: 'Good',
      ratingDate: '2024-03-14',
      postcode: 'LS1 4AP',
      address: '1 High Street, Leeds',
      specialisms: ['Dementia'],
      latitude: 1,
    });
    const moved = foldRecords(folded, record({ postcode: 'LS6 2AB', registrationStatus: 'dormant' }));
    expect(moved.latitude).toBeUndefined();
    expect(moved.registrationStatus).toBe('dormant');
  });
});

describe('home list planning', () => {
  const plan = (q: Record<string, string>) => planHomeList(homeListQuery.parse(q));

  it('reads the most specific area index and filters on the rest', () => {
    expect(plan({ region: 'south-east', la: 'Kent', name: 'rose lodge' })).toEqual({
      via: 'area',
      index: 'la',
      key: 'Kent',
      filters: { la: 'Kent', region: 'South East' },
      words: ['rose', 'lodge'],
    });
    expect(plan({ icb: 'E54000054' })).toMatchObject({ via: 'area', index: 'icb' });
  });

  it('searches a name alone through its longest distinctive word', () => {
    expect(plan({ name: 'Abbey Court Care Home' })).toEqual({
      via: 'word',
      word: 'abbey',
      otherWords: ['court', 'care', 'home'],
    });
  });

  it('refuses a list without filters, or a name of only common words', () => {
    expect(() => plan({})).toThrow(ProblemError);
    expect(() => plan({ name: 'the' })).toThrow(/at least one word/);
    expect(() => plan({ name: 'Care Home' })).toThrow(/too many names/);
    expect(homeListQuery.safeParse({ la: 'Leeds', limit: '500' }).success).toBe(false);
  });

  it('gives cursors that only work for the search they came from', () => {
    const leeds = plan({ la: 'Leeds' });
    const cursor = encodeCursor(leeds, { pk: 'HOME#1', sk: 'HOME', gsi2pk: 'LA#leeds', gsi2sk: 'a#1' });
    expect(decodeCursor(leeds, cursor)).toEqual({
      pk: 'HOME#1',
      sk: 'HOME',
      gsi2pk: 'LA#leeds',
      gsi2sk: 'a#1',
    });
    expect(() => decodeCursor(plan({ la: 'Kent' }), cursor)).toThrow(ProblemError);
    expect(() => decodeCursor(leeds, 'garbage')).toThrow(ProblemError);
  });
});
