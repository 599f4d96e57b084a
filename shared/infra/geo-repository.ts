import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { OutcodeCentroid } from '../domain/geo/outcodes';
import { normalisePostcode, outwardCode } from '../domain/geo/postcode';
import type { GeoRepository, PostcodePoint } from '../app/registry/ports';
import { batchGetAll, batchWriteAll } from './registry-dynamo';

/**
 * The postcode table: POSTCODE items (full postcodes whose coordinates came with ingested CQC
 * records) and OUTCODE items (outward-code centroids loaded by `npm run ingest:geo`). Ingestion
 * locates homes with them; postcode search can use `locate`.
 */
export const geoKeys = {
  postcodePk: (postcode: string) => `POSTCODE#${postcode}`,
  postcodeSk: 'POSTCODE',
  outcodePk: (outcode: string) => `OUTCODE#${outcode}`,
  outcodeSk: 'OUTCODE',
};

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

  async getPostcodes(postcodes: readonly string[]): Promise<Map<string, PostcodePoint>> {
    const keys = [...new Set(postcodes)].map((p) => ({ pk: geoKeys.postcodePk(p), sk: geoKeys.postcodeSk }));
    const items = await batchGetAll(this.ddb, this.tableName, keys);
    const out = new Map<string, PostcodePoint>();
    for (const i of items) {
      if (typeof i.postcode === 'string' && typeof i.latitude === 'number' && typeof i.longitude === 'number') {
        out.set(i.postcode, { postcode: i.postcode, latitude: i.latitude, longitude: i.longitude });
      }
    }
    return out;
  }

  async putPostcodes(points: readonly PostcodePoint[]): Promise<void> {
    await batchWriteAll(
      this.ddb,
      this.tableName,
      points.map((p) => ({
        PutRequest: {
          Item: {
            pk: geoKeys.postcodePk(p.postcode),
            sk: geoKeys.postcodeSk,
            entity: 'POSTCODE',
            postcode: p.postcode,
            outcode: outwardCode(p.postcode),
            latitude: p.latitude,
            longitude: p.longitude,
          },
        },
      })),
    );
  }

  async getOutcodes(outcodes: readonly string[]): Promise<Map<string, OutcodeCentroid>> {
    const keys = [...new Set(outcodes)].map((o) => ({ pk: geoKeys.outcodePk(o), sk: geoKeys.outcodeSk }));
    const items = await batchGetAll(this.ddb, this.tableName, keys);
    const out = new Map<string, OutcodeCentroid>();
    for (const i of items) {
      if (typeof i.outcode !== 'string' || typeof i.latitude !== 'number' || typeof i.longitude !== 'number') continue;
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
