/** Mean Earth radius (IUGG), in miles: 6,371.0088 km. */
export const EARTH_RADIUS_MILES = 3958.7613;

export const METRES_PER_MILE = 1609.344;

export interface LatLon {
  lat: number;
  lon: number;
}

const toRadians = (degrees: number): number => (degrees * Math.PI) / 180;

/** Great-circle distance in miles between two WGS84 points (haversine formula on a spherical Earth). */
export function haversineMiles(a: LatLon, b: LatLon): number {
  return haversineMilesFrom(a.lat, Math.cos(toRadians(a.lat)), a.lon, b.lat, b.lon);
}

/**
 * The same distance from a centre whose cos(latitude) the caller computed once: for loops that measure
 * many points from one centre (the search index).
 */
export function haversineMilesFrom(
  lat: number,
  cosLat: number,
  lon: number,
  toLat: number,
  toLon: number,
): number {
  const sinLat = Math.sin(toRadians(toLat - lat) / 2);
  const sinLon = Math.sin(toRadians(toLon - lon) / 2);
  const h = sinLat * sinLat + cosLat * Math.cos(toRadians(toLat)) * sinLon * sinLon;
  // min() guards against h creeping above 1 through rounding for antipodal points.
  return 2 * EARTH_RADIUS_MILES * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface BoundingBox {
  minLat: number;
  minLon: number;
  maxLat: number;
  maxLon: number;
}

/**
 * A latitude/longitude box that contains every point within `radiusMiles` of the centre.
 * Clamped at the poles; longitudes are not wrapped (the service only covers England).
 */
export function boundingBoxForRadius(centre: LatLon, radiusMiles: number): BoundingBox {
  if (!(radiusMiles >= 0))
    throw new RangeError(`radius must be a non-negative number of miles, got ${radiusMiles}`);
  const angular = radiusMiles / EARTH_RADIUS_MILES;
  const dLat = (angular * 180) / Math.PI;
  const minLat = Math.max(-90, centre.lat - dLat);
  const maxLat = Math.min(90, centre.lat + dLat);
  if (minLat <= -90 || maxLat >= 90) return { minLat, maxLat, minLon: -180, maxLon: 180 };
  // Widest longitude span of the circle (at the latitude of its tangent points), so the box is a true bound.
  const sinRatio = Math.sin(angular) / Math.cos(toRadians(centre.lat));
  const dLon = sinRatio >= 1 ? 180 : (Math.asin(sinRatio) * 180) / Math.PI;
  return {
    minLat,
    maxLat,
    minLon: Math.max(-180, centre.lon - dLon),
    maxLon: Math.min(180, centre.lon + dLon),
  };
}

/** Whether a coordinate pair is a real WGS84 position (finite, in range). */
export function isValidLatLon(lat: number, lon: number): boolean {
  return Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
}

/**
 * Generous box around the United Kingdom, Channel Islands and Isle of Man: coordinates outside it
 * in a CQC file are data errors (swapped lat/lon, 0,0 placeholders, eastings in the wrong column).
 */
export const UK_BOUNDS: BoundingBox = { minLat: 49.0, maxLat: 61.5, minLon: -9.0, maxLon: 2.5 };

export function isWithinUk(lat: number, lon: number): boolean {
  return (
    isValidLatLon(lat, lon) &&
    lat >= UK_BOUNDS.minLat &&
    lat <= UK_BOUNDS.maxLat &&
    lon >= UK_BOUNDS.minLon &&
    lon <= UK_BOUNDS.maxLon
  );
}
