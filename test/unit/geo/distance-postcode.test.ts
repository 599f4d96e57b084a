import { describe, expect, it } from 'vitest';
import {
  boundingBoxForRadius,
  ENGLISH_REGIONS,
  haversineMiles,
  isValidOutcode,
  isValidPostcode,
  isWithinUk,
  normaliseOutcode,
  normalisePostcode,
  normaliseRegion,
  outwardCode,
  parsePostcodeQuery,
} from '../../../shared/domain/geo';
import { mulberry32 } from '../registry/helpers';

describe('haversineMiles', () => {
  it('gives known distances', () => {
    // One degree of a great circle on the mean-radius sphere.
    expect(haversineMiles({ lat: 0, lon: 0 }, { lat: 0, lon: 1 })).toBeCloseTo(69.0934, 3);
    expect(haversineMiles({ lat: 0, lon: 0 }, { lat: 90, lon: 0 })).toBeCloseTo((Math.PI / 2) * 3958.7613, 3);
    // London (Charing Cross) to Paris (Notre-Dame): about 213 miles.
    const londonParis = haversineMiles({ lat: 51.5074, lon: -0.1278 }, { lat: 48.8566, lon: 2.3522 });
    expect(londonParis).toBeGreaterThan(211);
    expect(londonParis).toBeLessThan(215);
    // London to Manchester city centres: about 163 miles.
    const londonManchester = haversineMiles({ lat: 51.5074, lon: -0.1278 }, { lat: 53.4808, lon: -2.2426 });
    expect(londonManchester).toBeGreaterThan(161);
    expect(londonManchester).toBeLessThan(165);
  });

  it('is symmetric, zero to itself, and handles antipodes', () => {
    const a = { lat: 52.1, lon: -1.2 };
    const b = { lat: 50.4, lon: 0.3 };
    expect(haversineMiles(a, b)).toBeCloseTo(haversineMiles(b, a), 10);
    expect(haversineMiles(a, a)).toBe(0);
    expect(haversineMiles({ lat: 0, lon: 0 }, { lat: 0, lon: 180 })).toBeCloseTo(Math.PI * 3958.7613, 3);
  });
});

describe('boundingBoxForRadius', () => {
  it('contains every point within the radius', () => {
    const rand = mulberry32(3);
    for (let i = 0; i < 200; i++) {
      const centre = { lat: 50 + rand() * 5, lon: -5 + rand() * 6 };
      const radius = rand() * 40;
      const box = boundingBoxForRadius(centre, radius);
      for (let j = 0; j < 50; j++) {
        const p = {
          lat: box.minLat - 0.5 + rand() * (box.maxLat - box.minLat + 1),
          lon: box.minLon - 0.5 + rand() * (box.maxLon - box.minLon + 1),
        };
        if (haversineMiles(centre, p) <= radius) {
          expect(p.lat).toBeGreaterThanOrEqual(box.minLat);
          expect(p.lat).toBeLessThanOrEqual(box.maxLat);
          expect(p.lon).toBeGreaterThanOrEqual(box.minLon);
          expect(p.lon).toBeLessThanOrEqual(box.maxLon);
        }
      }
    }
  });

  it('rejects a negative radius', () => {
    expect(() => boundingBoxForRadius({ lat: 52, lon: 0 }, -1)).toThrow(RangeError);
  });
});

describe('isWithinUk', () => {
  it('accepts UK and Channel Islands points and rejects swapped or placeholder coordinates', () => {
    expect(isWithinUk(51.637248, -0.139015)).toBe(true);
    expect(isWithinUk(49.45, -2.58)).toBe(true);
    expect(isWithinUk(-0.139015, 51.637248)).toBe(false);
    expect(isWithinUk(0, 0)).toBe(false);
    expect(isWithinUk(Number.NaN, 0)).toBe(false);
  });
});

describe('postcodes', () => {
  it('normalises full postcodes', () => {
    expect(normalisePostcode('sw1a1aa')).toBe('SW1A 1AA');
    expect(normalisePostcode('  ec1a   1bb ')).toBe('EC1A 1BB');
    expect(normalisePostcode('M1 1AE')).toBe('M1 1AE');
    expect(normalisePostcode('b338th')).toBe('B33 8TH');
    expect(normalisePostcode('CR2 6XH')).toBe('CR2 6XH');
    expect(normalisePostcode('DN55 1PT')).toBe('DN55 1PT');
    expect(normalisePostcode('W1A 0AX')).toBe('W1A 0AX');
    expect(normalisePostcode('gir 0aa')).toBe('GIR 0AA');
    expect(normalisePostcode('N14\u00a04PH')).toBe('N14 4PH');
  });

  it('rejects what is not a UK postcode', () => {
    for (const bad of [
      '',
      'SW1A',
      '12345',
      'QW1 1AA',
      'SW1A 1AO',
      'SW1A 1AAA',
      'AB1 2CD',
      'N/A',
      '-',
      'M1 1AEX',
    ]) {
      expect(normalisePostcode(bad), bad).toBeUndefined();
      expect(isValidPostcode(bad)).toBe(false);
    }
    expect(normalisePostcode(undefined)).toBeUndefined();
  });

  it('validates and extracts outward codes', () => {
    expect(normaliseOutcode('b97')).toBe('B97');
    expect(normaliseOutcode(' sw1a ')).toBe('SW1A');
    expect(isValidOutcode('EC1A')).toBe(true);
    expect(isValidOutcode('W1F')).toBe(true);
    expect(isValidOutcode('1AB')).toBe(false);
    expect(isValidOutcode('SW1A 1AA')).toBe(false);
    expect(outwardCode('sw1a 1aa')).toBe('SW1A');
    expect(outwardCode('N14 4PH')).toBe('N14');
    expect(outwardCode('B97')).toBe('B97');
    expect(outwardCode('not a postcode')).toBeUndefined();
  });

  it('parses search box input', () => {
    expect(parsePostcodeQuery('ls6 2ab')).toEqual({ kind: 'full', postcode: 'LS6 2AB', outcode: 'LS6' });
    expect(parsePostcodeQuery('ls6')).toEqual({ kind: 'outcode', outcode: 'LS6' });
    expect(parsePostcodeQuery('Leeds')).toEqual({ kind: 'invalid' });
  });
});

describe('normaliseRegion', () => {
  it('folds every source spelling into the nine ONS region names', () => {
    expect(normaliseRegion('South East (ADASS Region)')).toBe('South East');
    expect(normaliseRegion('Greater London (ADASS Region)')).toBe('London');
    expect(normaliseRegion('East (ADASS Region)')).toBe('East of England');
    expect(normaliseRegion('Yorkshire and Humber (ADASS Region)')).toBe('Yorkshire and the Humber');
    expect(normaliseRegion('Yorkshire & Humberside')).toBe('Yorkshire and the Humber');
    expect(normaliseRegion('Yorkshire and The Humber')).toBe('Yorkshire and the Humber');
    expect(normaliseRegion('East')).toBe('East of England');
    expect(normaliseRegion('South East England')).toBe('South East');
    expect(normaliseRegion('north  west')).toBe('North West');
    for (const region of ENGLISH_REGIONS) expect(normaliseRegion(region)).toBe(region);
  });

  it('leaves other places alone and drops blanks', () => {
    expect(normaliseRegion('Wales')).toBe('Wales');
    expect(normaliseRegion(' - ')).toBeUndefined();
    expect(normaliseRegion('')).toBeUndefined();
  });
});
