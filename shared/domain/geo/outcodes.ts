import { parse } from 'csv-parse/sync';
import type { ParseIssue } from '../registry/types';
import { isValidLatLon } from './distance';
import { normaliseOutcode } from './postcode';
import { normaliseRegion } from './regions';

/** Centroid of a UK outward code (postcode district). */
export interface OutcodeCentroid {
  /** Normalised outward code, e.g. 'B97', 'SW1A'. */
  outcode: string;
  lat: number;
  lon: number;
  town?: string;
  /** English region in `ENGLISH_REGIONS` spelling; the nation (e.g. 'Scotland') outside England. */
  region?: string;
  /** County or unitary authority as the list names it (e.g. 'Kent', 'Greater London'). */
  county?: string;
  /** 'England', 'Scotland', 'Wales', 'Northern Ireland', 'Guernsey'... */
  country?: string;
}

export interface OutcodeCentroidParseResult {
  centroids: OutcodeCentroid[];
  issues: ParseIssue[];
}

const key = (header: string): string => header.toLowerCase().replace(/[^a-z0-9]/g, '');

function findColumn(headers: readonly string[], names: readonly string[]): number | undefined {
  const keys = headers.map(key);
  for (const name of names) {
    const index = keys.indexOf(name);
    if (index >= 0) return index;
  }
  return undefined;
}

const COUNTRY_CODES: Readonly<Record<string, string>> = {
  ENG: 'England',
  SCT: 'Scotland',
  WLS: 'Wales',
  NIR: 'Northern Ireland',
  GG: 'Guernsey',
  JE: 'Jersey',
  IM: 'Isle of Man',
};

const text = (cells: readonly string[], index: number | undefined): string | undefined => {
  if (index === undefined) return undefined;
  const value = cells[index]?.trim();
  return value ? value : undefined;
};

/**
 * Parse an outcode centroid list such as shared/data/geo/outcode-centroids.csv
 * (`postcode,eastings,northings,latitude,longitude,town,region,uk_region,country,country_string`).
 * Columns are found by name; rows that cannot be used are reported with their line number.
 */
export function parseOutcodeCentroids(csvText: string): OutcodeCentroidParseResult {
  const rows = parse(csvText, {
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
  }) as unknown as { record: string[]; info: { lines: number } }[];
  const first = rows[0];
  if (!first) return { centroids: [], issues: [{ line: 1, reason: 'file is empty' }] };
  const headers = first.record;
  const outcodeCol = findColumn(headers, [
    'outcode',
    'outwardcode',
    'postcodedistrict',
    'postcode',
    'district',
  ]);
  const latCol = findColumn(headers, ['latitude', 'lat']);
  const lonCol = findColumn(headers, ['longitude', 'lon', 'lng', 'long']);
  if (outcodeCol === undefined || latCol === undefined || lonCol === undefined) {
    return {
      centroids: [],
      issues: [
        {
          line: first.info.lines,
          reason: 'header needs outcode (or postcode), latitude and longitude columns',
        },
      ],
    };
  }
  const townCol = findColumn(headers, ['town', 'townname', 'placename', 'posttown']);
  const ukRegionCol = findColumn(headers, ['ukregion', 'englishregion']);
  // In this list `region` is the county; without a `uk_region` column it is taken as the region.
  const countyCol =
    ukRegionCol === undefined ? findColumn(headers, ['county']) : findColumn(headers, ['county', 'region']);
  const regionCol = ukRegionCol ?? findColumn(headers, ['region']);
  const countryNameCol = findColumn(headers, ['countrystring', 'countryname']);
  const countryCol = findColumn(headers, ['country']);

  const centroids: OutcodeCentroid[] = [];
  const issues: ParseIssue[] = [];
  for (const { record, info } of rows.slice(1)) {
    const line = info.lines;
    const rawOutcode = text(record, outcodeCol);
    const outcode = normaliseOutcode(rawOutcode);
    if (!outcode) {
      issues.push({ line, reason: `'${rawOutcode ?? ''}' is not a UK outward code` });
      continue;
    }
    const lat = Number(text(record, latCol));
    const lon = Number(text(record, lonCol));
    if (!isValidLatLon(lat, lon) || (lat === 0 && lon === 0) || text(record, latCol) === undefined) {
      issues.push({ line, reason: `${outcode}: latitude/longitude missing or out of range` });
      continue;
    }
    const centroid: OutcodeCentroid = { outcode, lat, lon };
    const town = text(record, townCol);
    if (town) centroid.town = town;
    const region = normaliseRegion(text(record, regionCol));
    if (region) centroid.region = region;
    const county = text(record, countyCol);
    if (county) centroid.county = county;
    const countryRaw = text(record, countryNameCol) ?? text(record, countryCol);
    if (countryRaw) centroid.country = COUNTRY_CODES[countryRaw.toUpperCase()] ?? countryRaw;
    centroids.push(centroid);
  }
  return { centroids, issues };
}

/** Outcode -> centroid, for postcode searches that only have an outward code. */
export function indexOutcodeCentroids(centroids: readonly OutcodeCentroid[]): Map<string, OutcodeCentroid> {
  return new Map(centroids.map((c) => [c.outcode, c]));
}
