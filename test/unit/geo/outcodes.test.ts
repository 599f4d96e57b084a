import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadOutcodeCentroids } from '../../../shared/app/cqc-parse';
import {
  encodeGeohash,
  haversineMiles,
  indexOutcodeCentroids,
  isValidOutcode,
  normalisePostcode,
  outwardCode,
  parseOutcodeCentroids,
} from '../../../shared/domain/geo';
import { sharedFile } from '../registry/helpers';

describe('parseOutcodeCentroids (inline)', () => {
  it('reads the columns by name and reports unusable rows with their line', () => {
    const text = [
      '\uFEFFpostcode,eastings,northings,latitude,longitude,town,region,uk_region,country,country_string',
      'B97,403900,266900,52.30272,-1.95568,Redditch,Worcestershire,West Midlands,ENG,England',
      'sw1a,529400,179600,51.50213,-0.13962,Westminster,Greater London,London,ENG,England',
      'AB10,392900,804900,57.13514,-2.11731,Aberdeen,Aberdeen City,Scotland,SCT,Scotland',
      'ZE9,0,0,,,Nowhere,,,ENG,England',
      'NOTCODE,1,1,52,1,X,,,ENG,England',
      'TN40,,,50.84,0.47,,East Sussex,South East England,ENG,England',
    ].join('\n');
    const { centroids, issues } = parseOutcodeCentroids(text);
    expect(centroids).toEqual([
      {
        outcode: 'B97',
        lat: 52.30272,
        lon: -1.95568,
        town: 'Redditch',
        region: 'West Midlands',
        county: 'Worcestershire',
        country: 'England',
      },
      {
        outcode: 'SW1A',
        lat: 51.50213,
        lon: -0.13962,
        town: 'Westminster',
        region: 'London',
        county: 'Greater London',
        country: 'England',
      },
      {
        outcode: 'AB10',
        lat: 57.13514,
        lon: -2.11731,
        town: 'Aberdeen',
        region: 'Scotland',
        county: 'Aberdeen City',
        country: 'Scotland',
      },
      {
        outcode: 'TN40',
        lat: 50.84,
        lon: 0.47,
        region: 'South East',
        county: 'East Sussex',
        country: 'England',
      },
    ]);
    expect(issues).toEqual([
      { line: 5, reason: 'ZE9: latitude/longitude missing or out of range' },
      { line: 6, reason: "'NOTCODE' is not a UK outward code" },
    ]);
  });

  it('accepts a minimal outcode,lat,lon file and says what a wrong file lacks', () => {
    expect(parseOutcodeCentroids('outcode,lat,lng\nM1,53.48,-2.23\n').centroids).toEqual([
      { outcode: 'M1', lat: 53.48, lon: -2.23 },
    ]);
    expect(parseOutcodeCentroids('name,value\na,1\n').issues[0]?.reason).toMatch(
      /outcode .* latitude and longitude/,
    );
    expect(parseOutcodeCentroids('').issues).toEqual([{ line: 1, reason: 'file is empty' }]);
  });
});

const centroidFile = sharedFile('geo/outcode-centroids.csv');
const directoryFile = sharedFile('cqc/cqc-directory-sample.csv');

describe.skipIf(!centroidFile.exists)('outcode-centroids.csv (shared data)', () => {
  it('parses all 2,856 outcodes with no issues', async () => {
    const { centroids, issues } = await loadOutcodeCentroids(centroidFile.path);
    expect(issues).toEqual([]);
    expect(centroids).toHaveLength(2856);
    const index = indexOutcodeCentroids(centroids);
    expect(index.get('B97')).toMatchObject({ town: 'Redditch', region: 'West Midlands', country: 'England' });
    expect(index.get('AB10')).toMatchObject({
      lat: 57.13514,
      lon: -2.11731,
      town: 'Aberdeen',
      region: 'Scotland',
    });
    expect(index.get('SW1A')?.region).toBe('London');
    expect(centroids.filter((c) => c.country === 'England')).toHaveLength(2123);
    for (const c of centroids) expect(isValidOutcode(c.outcode), c.outcode).toBe(true);
  });

  it.skipIf(!directoryFile.exists)('puts real postcodes near their outcode centroid', async () => {
    const index = indexOutcodeCentroids((await loadOutcodeCentroids(centroidFile.path)).centroids);
    const lines = readFileSync(directoryFile.path, 'utf8').split('\n');
    let checked = 0;
    for (const line of lines) {
      const match = /,([A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}),/.exec(line);
      const postcode = normalisePostcode(match?.[1]);
      if (!postcode) continue;
      expect(index.has(outwardCode(postcode) ?? '')).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('gives London centroids geohashes in the London cells', async () => {
    const index = indexOutcodeCentroids((await loadOutcodeCentroids(centroidFile.path)).centroids);
    const sw1a = index.get('SW1A');
    expect(sw1a).toBeDefined();
    if (!sw1a) return;
    expect(encodeGeohash(sw1a.lat, sw1a.lon, 4)).toBe('gcpu');
    const n14 = index.get('N14');
    if (n14) expect(haversineMiles(sw1a, n14)).toBeLessThan(15);
  });
});
