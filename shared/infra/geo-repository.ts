import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { GeoRepository, PostcodePoint } from '../app/registry/ports';
import type { OutcodeCentroid } from '../domain/geo/outcodes';
import { normalisePostcode, outwardCode } from '../domain/geo/postcode';
import { batchGetAll, batchWriteAll } from './dynamo-batch';

/**
 * The postcode table, in an outward code's partition: the OUTCODE item (its centroid, loaded by
 * `npm run ingest:geo`) and the POSTCODES item (full postcodes of that district whose coordinates
 * came with ingested CQC records, as a map postcode -> [lat, lon]). One item per district rather
 * than per postcode keeps a national ingestion to ~3,000 postcode writes instead of ~50,000.
 * Ingestion locates homes with them; postcode search can use `locate`.
 */
export const geoKeys = {
  outcodePk: (outcode: string) => `OUTCODE#${outcode}`,
  outcodeSk: 'OUTCODE',
  postcodesSk: 'POSTCODES',
};

type PointMap = Record<string, [number, number]>;

function groupByOutcode(postcodes: Iterable<string>): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const pc of postcodes) {
    const oc = outwardCode(pc);
    if (!oc) continue;
    const list = groups.get(oc);
    if (list) list.push(pc);
    else groups.set(oc, [pc]);
  }
  return groups;
}

export interface LocatedPostcode {
  latitude: number;
  longitude: number;
  /** 'postcode' when the full postcode is known, 'outcode' when only its district centroid is. */
  precision: 'postcode' | 'outcode';
}

export class DynamoGeoRepository implements GeoRepository {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private async pointMaps(outcodes: Iterable<string>): Promise<Map<string, PointMap>> {
    const keys = [...new Set(outcodes)].map((o) => ({ pk: geoKeys.outcodePk(o), sk: geoKeys.postcodesSk }));
    const items = await batchGetAll(this.ddb, this.tableName, keys);
    const out = new Map<string, PointMap>();
    for (const i of items) {
      if (typeof i.outcode === 'string' && i.points && typeof i.points === 'object')
        out.set(i.outcode, i.points as PointMap);
    }
    return out;
  }

  async getPostcodes(postcodes: readonly string[]): Promise<Map<string, PostcodePoint>> {
    const groups = groupByOutcode(postcodes);
    const maps = await this.pointMaps(groups.keys());
    const out = new Map<string, PostcodePoint>();
    for (const [oc, list] of groups) {
      const points = maps.get(oc);
      if (!points) continue;
      for (const pc of list) {
        const p = points[pc];
        if (Array.isArray(p) && typeof p[0] === 'number' && typeof p[1] === 'number') {
          out.set(pc, { postcode: pc, latitude: p[0], longitude: p[1] });
        }
      }
    }
    return out;
  }

  /** Adds or corrects postcodes, district by district (read, merge, write: postcodes are never removed). */
  async putPostcodes(points: readonly PostcodePoint[]): Promise<void> {
    const byOutcode = new Map<string, PostcodePoint[]>();
    for (const p of points) {
      const oc = outwardCode(p.postcode);
      if (!oc) continue;
      const list = byOutcode.get(oc);
      if (list) list.push(p);
      else byOutcode.set(oc, [p]);
    }
    const stored = await this.pointMaps(byOutcode.keys());
    await batchWriteAll(
      this.ddb,
      this.tableName,
      [...byOutcode].map(([oc, list]) => {
        const merged: PointMap = { ...(stored.get(oc) ?? {}) };
        for (const p of list) merged[p.postcode] = [p.latitude, p.longitude];
        return {
          PutRequest: {
            Item: {
              pk: geoKeys.outcodePk(oc),
              sk: geoKeys.postcodesSk,
              entity: 'POSTCODES',
              outcode: oc,
              points: merged,
            },
          },
        };
      }),
    );
  }

  async getOutcodes(outcodes: readonly string[]): Promise<Map<string, OutcodeCentroid>> {
    const keys = [...new Set(outcodes)].map((o) => ({ pk: geoKeys.outcodePk(o), sk: geoKeys.outcodeSk }));
    const items = await batchGetAll(this.ddb, this.tableName, keys);
    const out = new Map<string, OutcodeCentroid>();
    for (const i of items) {
      if (typeof i.outcode !== 'string' || typeof i.latitude !== 'number' || typeof i.longitude !== 'number')
        continue;
      const c: OutcodeCentroid = { outcode: i.outcode, lat: i.latitude, lon: i.longitude };
      if (typeof i.town === 'string') c.town = i.town;
      if (typeof i.region === 'string') c.region = i.region;
      if (typeof i.county === 'string') c.county = i.county;
      if (typeof i.country === 'string') c.country = i.country;
      out.set(c.outcode, c);
    }
    return out;
  }

  async putOutcodes(centroids: readonly OutcodeCentroid[]): Promise<void> {
    await batchWriteAll(
      this.ddb,
      this.tableName,
      centroids.map((c) => ({
        PutRequest: {
          Item: {
            pk: geoKeys.outcodePk(c.outcode),
            sk: geoKeys.outcodeSk,
            entity: 'OUTCODE',
            outcode: c.outcode,
            latitude: c.lat,
            longitude: c.lon,
            town: c.town,
            region: c.region,
            county: c.county,
            country: c.country,
          },
        },
      })),
    );
  }

  /** Coordinates for a full postcode (its own, else its district's centroid) or an outward code alone. */
  async locate(input: string): Promise<LocatedPostcode | undefined> {
    const postcode = normalisePostcode(input);
    if (postcode) {
      const point = (await this.getPostcodes([postcode])).get(postcode);
      if (point) return { latitude: point.latitude, longitude: point.longitude, precision: 'postcode' };
    }
    const outcode = outwardCode(input);
    if (!outcode) return undefined;
    const centroid = (await this.getOutcodes([outcode])).get(outcode);
    return centroid ? { latitude: centroid.lat, longitude: centroid.lon, precision: 'outcode' } : undefined;
  }
}
