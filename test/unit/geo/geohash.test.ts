import { describe, expect, it } from 'vitest';
import {
  adjacentGeohash,
  boundingBoxForRadius,
  coverBoundingBox,
  coverCircle,
  decodeGeohash,
  distanceToBoxMiles,
  EARTH_RADIUS_MILES,
  encodeGeohash,
  geohashBounds,
  geohashCellSize,
  geohashNeighbours,
  haversineMiles,
  isValidGeohash,
  precisionForRadius,
} from '../../../shared/domain/geo';
import { mulberry32 } from '../registry/helpers';

/** The point `miles` away from (lat, lon) on initial bearing `bearing` (radians), on the same sphere. */
function destination(lat: number, lon: number, bearing: number, miles: number): { lat: number; lon: number } {
  const d = miles / EARTH_RADIUS_MILES;
  const p1 = (lat * Math.PI) / 180;
  const l1 = (lon * Math.PI) / 180;
  const p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(bearing));
  const l2 =
    l1 +
    Math.atan2(Math.sin(bearing) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * Math.sin(p2));
  return { lat: (p2 * 180) / Math.PI, lon: (l2 * 180) / Math.PI };
}

describe('geohash encode/decode', () => {
  it('matches published test vectors', () => {
    expect(encodeGeohash(57.64911, 10.40744, 11)).toBe('u4pruydqqvj');
    expect(encodeGeohash(42.6, -5.6, 5)).toBe('ezs42');
    expect(encodeGeohash(-25.382708, -49.265506, 12)).toBe('6gkzwgjzn820');
    expect(encodeGeohash(0, 0, 1)).toBe('s');
  });

  it('decodes a cell to its centre and half-size', () => {
    const point = decodeGeohash('ezs42');
    expect(point.lat).toBeCloseTo(42.605, 3);
    expect(point.lon).toBeCloseTo(-5.603, 3);
    expect(point.latError).toBeCloseTo(0.02197, 5);
    expect(point.lonError).toBeCloseTo(0.02197, 5);
    expect(encodeGeohash(point.lat, point.lon, 5)).toBe('ezs42');
  });

  it('round-trips random points within the cell error', () => {
    const rand = mulberry32(7);
    for (let i = 0; i < 500; i++) {
      const lat = rand() * 180 - 90;
      const lon = rand() * 360 - 180;
      const precision = 1 + Math.floor(rand() * 12);
      const hash = encodeGeohash(lat, lon, precision);
      expect(hash).toHaveLength(precision);
      const box = geohashBounds(hash);
      expect(lat).toBeGreaterThanOrEqual(box.minLat);
      expect(lat).toBeLessThanOrEqual(box.maxLat);
      expect(lon).toBeGreaterThanOrEqual(box.minLon);
      expect(lon).toBeLessThanOrEqual(box.maxLon);
      // Prefix property: a shorter hash of the same point is a prefix.
      expect(encodeGeohash(lat, lon, Math.max(1, precision - 2))).toBe(
        hash.slice(0, Math.max(1, precision - 2)),
      );
    }
  });

  it('rejects bad input', () => {
    expect(() => encodeGeohash(91, 0)).toThrow(RangeError);
    expect(() => encodeGeohash(0, 0, 13)).toThrow(RangeError);
    expect(() => decodeGeohash('abc')).toThrow(/not in its alphabet/);
    expect(isValidGeohash('gcpvj0')).toBe(true);
    expect(isValidGeohash('gcpvja')).toBe(false);
    expect(isValidGeohash('')).toBe(false);
  });

  it('gives cell sizes that halve alternately in longitude and latitude', () => {
    expect(geohashCellSize(1)).toEqual({ latDegrees: 45, lonDegrees: 45 });
    expect(geohashCellSize(2)).toEqual({ latDegrees: 180 / 32, lonDegrees: 360 / 32 });
    expect(geohashCellSize(5).lonDegrees).toBeCloseTo(0.0439453, 6);
  });
});

describe('geohash neighbours', () => {
  it('matches a known neighbour', () => {
    expect(adjacentGeohash('dqcjq', 'n')).toBe('dqcjw');
  });

  it('returns the eight touching cells of the same size', () => {
    const hash = 'gcpvj0';
    const box = geohashBounds(hash);
    const around = geohashNeighbours(hash);
    expect(Object.keys(around).sort()).toEqual(['e', 'n', 'ne', 'nw', 's', 'se', 'sw', 'w']);
    const north = geohashBounds(around.n ?? '');
    expect(north.minLat).toBeCloseTo(box.maxLat, 12);
    expect(north.minLon).toBeCloseTo(box.minLon, 12);
    const southWest = geohashBounds(around.sw ?? '');
    expect(southWest.maxLat).toBeCloseTo(box.minLat, 12);
    expect(southWest.maxLon).toBeCloseTo(box.minLon, 12);
    for (const cell of Object.values(around)) expect(cell).toHaveLength(hash.length);
    expect(new Set(Object.values(around)).size).toBe(8);
  });

  it('crosses parent cell boundaries, wraps at the antimeridian and stops at the poles', () => {
    // 'gcpv' and 'gcpy' are in different parent cells ('gcp' children laid out on a Z-curve).
    const east = adjacentGeohash('gcpvz', 'e');
    expect(east).toBeDefined();
    expect(geohashBounds(east ?? '').minLon).toBeCloseTo(geohashBounds('gcpvz').maxLon, 12);
    expect(adjacentGeohash(encodeGeohash(0, 179.99, 4), 'e')).toBe(encodeGeohash(0, -179.99, 4));
    expect(adjacentGeohash(encodeGeohash(89.99, 0, 3), 'n')).toBeUndefined();
    expect(geohashNeighbours(encodeGeohash(89.99, 0, 3)).n).toBeUndefined();
  });
});

describe('distanceToBoxMiles', () => {
  it('is zero inside and exact outside (checked against a dense walk of the box edge)', () => {
    const rand = mulberry32(11);
    for (let i = 0; i < 200; i++) {
      const box = { minLat: 50 + rand() * 5, minLon: -5 + rand() * 6, maxLat: 0, maxLon: 0 };
      box.maxLat = box.minLat + 0.05 + rand() * 0.5;
      box.maxLon = box.minLon + 0.05 + rand() * 0.8;
      const lat = box.minLat - 1 + rand() * 2.6;
      const lon = box.minLon - 1.5 + rand() * 3.5;
      const computed = distanceToBoxMiles(lat, lon, box);
      const inside = lat >= box.minLat && lat <= box.maxLat && lon >= box.minLon && lon <= box.maxLon;
      if (inside) {
        expect(computed).toBe(0);
        continue;
      }
      let brute = Number.POSITIVE_INFINITY;
      const steps = 400;
      for (let s = 0; s <= steps; s++) {
        const f = s / steps;
        const la = box.minLat + f * (box.maxLat - box.minLat);
        const lo = box.minLon + f * (box.maxLon - box.minLon);
        for (const p of [
          { lat: la, lon: box.minLon },
          { lat: la, lon: box.maxLon },
          { lat: box.minLat, lon: lo },
          { lat: box.maxLat, lon: lo },
        ]) {
          brute = Math.min(brute, haversineMiles({ lat, lon }, p));
        }
      }
      // Never more than the true minimum (that would drop cells), and within the sampling step of it.
      expect(computed).toBeLessThanOrEqual(brute + 1e-9);
      expect(brute - computed).toBeLessThan(0.05);
    }
  });
});

describe('coverCircle', () => {
  it('covers every point inside the circle (property test over the UK)', () => {
    const rand = mulberry32(2024);
    for (let trial = 0; trial < 60; trial++) {
      const lat = 50 + rand() * 5.5;
      const lon = -5.5 + rand() * 7;
      const radius = 0.25 + rand() * 30;
      const precision = precisionForRadius(lat, radius, 64);
      const cells = new Set(coverCircle(lat, lon, radius, precision));
      for (let i = 0; i < 400; i++) {
        // Points spread over the whole disc, plus many right on the rim where misses would show.
        const distance = i % 4 === 0 ? radius * 0.999999 : radius * Math.sqrt(rand());
        const p = destination(lat, lon, rand() * 2 * Math.PI, distance);
        expect(haversineMiles({ lat, lon }, p)).toBeLessThanOrEqual(radius * (1 + 1e-9));
        const cell = encodeGeohash(p.lat, p.lon, precision);
        if (!cells.has(cell))
          throw new Error(
            `point ${p.lat},${p.lon} (${cell}) missing from cover of ${lat},${lon} r=${radius}`,
          );
      }
    }
  });

  it('keeps only cells that reach the circle, so box corners drop out', () => {
    const lat = 52.2;
    const lon = -1.5;
    const radius = 10;
    const precision = 5;
    const cells = coverCircle(lat, lon, radius, precision);
    const box = coverBoundingBox(boundingBoxForRadius({ lat, lon }, radius), precision);
    expect(cells.length).toBeGreaterThan(0);
    expect(cells.length).toBeLessThan(box.length);
    for (const cell of box) {
      const reaches = distanceToBoxMiles(lat, lon, geohashBounds(cell)) <= radius;
      expect(cells.includes(cell)).toBe(reaches);
    }
    expect(cells).toEqual([...cells].sort());
    expect(cells).toContain(encodeGeohash(lat, lon, precision));
  });

  it('returns the centre cell alone for a zero radius deep inside it', () => {
    const centre = decodeGeohash('gcqdk');
    expect(coverCircle(centre.lat, centre.lon, 0, 5)).toEqual(['gcqdk']);
  });

  it('refuses covers that would need too many cells', () => {
    expect(() => coverCircle(52, -1, 10, 7)).toThrow(/cells at precision 7 \(limit 20000\)/);
    expect(coverCircle(52, -1, 10, 7, { maxCells: 500_000 }).length).toBeGreaterThan(20_000);
  });

  it('picks a precision whose cover stays within the cell budget', () => {
    for (const radius of [0.5, 2, 5, 10, 25, 50]) {
      const precision = precisionForRadius(53, radius, 32);
      expect(coverCircle(53, -1.5, radius, precision).length).toBeLessThanOrEqual(32);
      if (precision < 12) expect(precisionForRadius(53, radius, 32)).toBeGreaterThan(0);
    }
    expect(precisionForRadius(53, 0.5, 32)).toBeGreaterThan(precisionForRadius(53, 25, 32));
  });
});
