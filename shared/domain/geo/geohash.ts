import { type BoundingBox, boundingBoxForRadius, haversineMiles, isValidLatLon } from './distance';

/** The geohash alphabet (Gustavo Niemeyer's base 32: no a, i, l, o). */
const BASE32 = '0123456789bcdefghjkmnpqrstuvwxyz';
const BASE32_INDEX: ReadonlyMap<string, number> = new Map([...BASE32].map((c, i) => [c, i]));

export const MAX_GEOHASH_PRECISION = 12;

export type GeohashDirection = 'n' | 'ne' | 'e' | 'se' | 's' | 'sw' | 'w' | 'nw';

export interface GeohashPoint {
  lat: number;
  lon: number;
  /** Half the cell height in degrees: the true point is within lat ± latError. */
  latError: number;
  /** Half the cell width in degrees. */
  lonError: number;
}

function assertPrecision(precision: number): void {
  if (!Number.isInteger(precision) || precision < 1 || precision > MAX_GEOHASH_PRECISION) {
    throw new RangeError(`geohash precision must be an integer 1-${MAX_GEOHASH_PRECISION}, got ${precision}`);
  }
}

/** Bits of longitude and latitude in a geohash of this length (longitude takes the first, odd bit). */
function bitSplit(precision: number): { lonBits: number; latBits: number } {
  const bits = precision * 5;
  return { lonBits: Math.ceil(bits / 2), latBits: Math.floor(bits / 2) };
}

/** Height and width, in degrees, of every geohash cell of this length. */
export function geohashCellSize(precision: number): { latDegrees: number; lonDegrees: number } {
  assertPrecision(precision);
  const { lonBits, latBits } = bitSplit(precision);
  return { latDegrees: 180 / 2 ** latBits, lonDegrees: 360 / 2 ** lonBits };
}

/**
 * Geohash of the cell at integer grid position (latIndex, lonIndex) for this precision.
 * Working on indices rather than coordinates keeps neighbour and cover computations exact.
 */
function hashFromIndices(latIndex: number, lonIndex: number, precision: number): string {
  const { lonBits, latBits } = bitSplit(precision);
  let out = '';
  let lonBit = lonBits - 1;
  let latBit = latBits - 1;
  let value = 0;
  for (let i = 0; i < precision * 5; i++) {
    let bit: number;
    if (i % 2 === 0) {
      bit = Math.floor(lonIndex / 2 ** lonBit) % 2;
      lonBit--;
    } else {
      bit = Math.floor(latIndex / 2 ** latBit) % 2;
      latBit--;
    }
    value = value * 2 + bit;
    if (i % 5 === 4) {
      out += BASE32[value];
      value = 0;
    }
  }
  return out;
}

function indicesFromHash(hash: string): { latIndex: number; lonIndex: number; precision: number } {
  if (hash.length < 1 || hash.length > MAX_GEOHASH_PRECISION) {
    throw new RangeError(`'${hash}' is not a geohash: length must be 1-${MAX_GEOHASH_PRECISION}`);
  }
  let latIndex = 0;
  let lonIndex = 0;
  let bitPosition = 0;
  for (const char of hash.toLowerCase()) {
    const value = BASE32_INDEX.get(char);
    if (value === undefined)
      throw new RangeError(`'${hash}' is not a geohash: '${char}' is not in its alphabet`);
    for (let b = 4; b >= 0; b--) {
      const bit = (value >> b) & 1;
      if (bitPosition % 2 === 0) lonIndex = lonIndex * 2 + bit;
      else latIndex = latIndex * 2 + bit;
      bitPosition++;
    }
  }
  return { latIndex, lonIndex, precision: hash.length };
}

function gridIndex(value: number, min: number, span: number, cells: number): number {
  const index = Math.floor(((value - min) / span) * cells);
  return Math.min(cells - 1, Math.max(0, index));
}

export function isValidGeohash(hash: string): boolean {
  if (hash.length < 1 || hash.length > MAX_GEOHASH_PRECISION) return false;
  for (const char of hash) if (!BASE32_INDEX.has(char)) return false;
  return true;
}

/** Geohash of a WGS84 point. Points on a cell's south/west edge belong to that cell. */
export function encodeGeohash(lat: number, lon: number, precision = 9): string {
  assertPrecision(precision);
  if (!isValidLatLon(lat, lon)) throw new RangeError(`(${lat}, ${lon}) is not a valid latitude/longitude`);
  const { lonBits, latBits } = bitSplit(precision);
  const latCells = 2 ** latBits;
  const lonCells = 2 ** lonBits;
  return hashFromIndices(gridIndex(lat, -90, 180, latCells), gridIndex(lon, -180, 360, lonCells), precision);
}

/** The rectangle a geohash stands for. */
export function geohashBounds(hash: string): BoundingBox {
  const { latIndex, lonIndex, precision } = indicesFromHash(hash);
  const { latDegrees, lonDegrees } = geohashCellSize(precision);
  const minLat = -90 + latIndex * latDegrees;
  const minLon = -180 + lonIndex * lonDegrees;
  return { minLat, minLon, maxLat: minLat + latDegrees, maxLon: minLon + lonDegrees };
}

/** Centre of a geohash cell, with its half-size as the error. */
export function decodeGeohash(hash: string): GeohashPoint {
  const box = geohashBounds(hash);
  return {
    lat: (box.minLat + box.maxLat) / 2,
    lon: (box.minLon + box.maxLon) / 2,
    latError: (box.maxLat - box.minLat) / 2,
    lonError: (box.maxLon - box.minLon) / 2,
  };
}

const STEPS: Record<GeohashDirection, readonly [number, number]> = {
  n: [1, 0],
  ne: [1, 1],
  e: [0, 1],
  se: [-1, 1],
  s: [-1, 0],
  sw: [-1, -1],
  w: [0, -1],
  nw: [1, -1],
};

/**
 * The same-size cell next to `hash` in a direction. Longitude wraps at the antimeridian; there is
 * no cell beyond a pole, so `undefined` is returned there.
 */
export function adjacentGeohash(hash: string, direction: GeohashDirection): string | undefined {
  const { latIndex, lonIndex, precision } = indicesFromHash(hash);
  const { lonBits, latBits } = bitSplit(precision);
  const [dLat, dLon] = STEPS[direction];
  const lat = latIndex + dLat;
  if (lat < 0 || lat >= 2 ** latBits) return undefined;
  const lonCells = 2 ** lonBits;
  const lon = (((lonIndex + dLon) % lonCells) + lonCells) % lonCells;
  return hashFromIndices(lat, lon, precision);
}

/** The eight surrounding cells (fewer only at the poles, where there is nothing further north/south). */
export function geohashNeighbours(hash: string): Partial<Record<GeohashDirection, string>> {
  const out: Partial<Record<GeohashDirection, string>> = {};
  for (const direction of Object.keys(STEPS) as GeohashDirection[]) {
    const cell = adjacentGeohash(hash, direction);
    if (cell !== undefined) out[direction] = cell;
  }
  return out;
}

export interface CoverOptions {
  /** Refuse (RangeError) rather than return more cells than this. Default 20,000. */
  maxCells?: number;
}

interface GridRange {
  latFrom: number;
  latTo: number;
  lonFrom: number;
  lonTo: number;
}

function gridRange(box: BoundingBox, precision: number): GridRange {
  const { lonBits, latBits } = bitSplit(precision);
  const latCells = 2 ** latBits;
  const lonCells = 2 ** lonBits;
  return {
    latFrom: gridIndex(box.minLat, -90, 180, latCells),
    latTo: gridIndex(box.maxLat, -90, 180, latCells),
    lonFrom: gridIndex(box.minLon, -180, 360, lonCells),
    lonTo: gridIndex(box.maxLon, -180, 360, lonCells),
  };
}

function cellCount(range: GridRange): number {
  return (range.latTo - range.latFrom + 1) * (range.lonTo - range.lonFrom + 1);
}

/** Every geohash cell of this precision that overlaps the box (edges included). */
export function coverBoundingBox(box: BoundingBox, precision: number, options: CoverOptions = {}): string[] {
  assertPrecision(precision);
  if (box.minLat > box.maxLat || box.minLon > box.maxLon) {
    throw new RangeError(
      'bounding box minimum must not exceed its maximum (boxes across the antimeridian are not supported)',
    );
  }
  const range = gridRange(box, precision);
  const maxCells = options.maxCells ?? 20_000;
  const count = cellCount(range);
  if (count > maxCells) {
    throw new RangeError(
      `cover needs ${count} cells at precision ${precision} (limit ${maxCells}); use a lower precision`,
    );
  }
  const cells: string[] = [];
  for (let lat = range.latFrom; lat <= range.latTo; lat++) {
    for (let lon = range.lonFrom; lon <= range.lonTo; lon++) cells.push(hashFromIndices(lat, lon, precision));
  }
  return cells;
}

const toRadians = (degrees: number): number => (degrees * Math.PI) / 180;
const toDegrees = (radians: number): number => (radians * 180) / Math.PI;

/**
 * Exact shortest great-circle distance (miles) from a point to a latitude/longitude rectangle
 * narrower than 180 degrees. Along a parallel the distance grows with the longitude difference, so
 * when the point is east or west of the box the nearest point lies on the nearer meridian edge, at
 * the foot of the perpendicular (clamped to the edge).
 */
export function distanceToBoxMiles(lat: number, lon: number, box: BoundingBox): number {
  const inLon = lon >= box.minLon && lon <= box.maxLon;
  const clampedLat = Math.min(box.maxLat, Math.max(box.minLat, lat));
  if (inLon) return haversineMiles({ lat, lon }, { lat: clampedLat, lon });
  const edgeLon = lon < box.minLon ? box.minLon : box.maxLon;
  const dLon = Math.abs(lon - edgeLon);
  let footLat: number;
  if (dLon >= 90) footLat = lat >= 0 ? 90 : -90;
  else footLat = toDegrees(Math.atan(Math.tan(toRadians(lat)) / Math.cos(toRadians(dLon))));
  const nearestLat = Math.min(box.maxLat, Math.max(box.minLat, footLat));
  return haversineMiles({ lat, lon }, { lat: nearestLat, lon: edgeLon });
}

/**
 * Geohash cells of the given precision that intersect the circle of `radiusMiles` around
 * (lat, lon), sorted. Every point within the radius lies in one of the returned cells; a cell is
 * kept only if its nearest point is within the radius, so the corners of the bounding box drop out.
 */
export function coverCircle(
  lat: number,
  lon: number,
  radiusMiles: number,
  precision: number,
  options: CoverOptions = {},
): string[] {
  assertPrecision(precision);
  if (!isValidLatLon(lat, lon)) throw new RangeError(`(${lat}, ${lon}) is not a valid latitude/longitude`);
  const box = boundingBoxForRadius({ lat, lon }, radiusMiles);
  const candidates = coverBoundingBox(box, precision, options);
  // A hair of tolerance for floating-point error on cells that just touch the circle.
  const limit = radiusMiles * (1 + 1e-9) + 1e-9;
  return candidates.filter((cell) => distanceToBoxMiles(lat, lon, geohashBounds(cell)) <= limit).sort();
}

/**
 * The longest (finest) geohash precision whose cover of a circle of this radius at this latitude
 * needs at most `maxCells` cells: the usual way to pick how many geohash-prefix queries a radius
 * search makes.
 */
export function precisionForRadius(lat: number, radiusMiles: number, maxCells = 32): number {
  const box = boundingBoxForRadius({ lat, lon: 0 }, radiusMiles);
  for (let precision = MAX_GEOHASH_PRECISION; precision > 1; precision--) {
    // Worst case over where the circle falls relative to the grid: one extra row and column.
    const { latDegrees, lonDegrees } = geohashCellSize(precision);
    const rows = Math.ceil((box.maxLat - box.minLat) / latDegrees) + 1;
    const cols = Math.ceil((box.maxLon - box.minLon) / lonDegrees) + 1;
    if (rows * cols <= maxCells) return precision;
  }
  return 1;
}
