import type { SearchHomeInput } from '../../domain/search';

/** A home as the changes feed or a full load delivers it: inactive ones leave the index. */
export interface SourcedHome {
  home: SearchHomeInput;
  active: boolean;
}

export interface LoadResult {
  homes: SourcedHome[];
  /** Items DynamoDB returned (what read capacity is charged on). */
  itemsRead: number;
}

/**
 * Where the in-memory search index comes from: every active home, listed through the area index
 * partitions (never a Scan), and the homes changed since an instant, from the bed-state changes feed.
 */
export interface SearchHomeSource {
  loadActive(): Promise<LoadResult>;
  /** Homes whose feed time is at or after `sinceIso` (inclusive, so overlapping reads are safe). */
  changedSince(sinceIso: string, nowIso: string): Promise<LoadResult>;
}

export interface LocatedPoint {
  lat: number;
  lon: number;
  /** 'outcode' when only the district centroid is known (a full postcode we have no point for, or an outward code). */
  precision: 'postcode' | 'outcode';
}

export interface PostcodeLocator {
  locate(input: string): Promise<{ point: LocatedPoint | undefined; itemsRead: number }>;
}

/** Writes the spreadsheet export; exceljs lives in infra. */
export type XlsxWriter = (
  sheetName: string,
  headers: string[],
  widths: number[],
  rows: Array<Array<string | number | null>>,
) => Promise<Buffer>;
