import type { OutcodeCentroid } from '../../domain/geo/outcodes';
import { outwardCode } from '../../domain/geo/postcode';
import type { CareHomeRecord } from '../../domain/registry/types';
import type { Located, RegistryHome } from './model';
import type { GeoRepository, PostcodePoint } from './ports';

/**
 * Finds coordinates for a home, best first: the record's own; the stored ones when they came from a
 * record and the postcode has not changed; the POSTCODE table (built from records that had
 * coordinates); the outward-code centroid. Lookups are cached for the run, misses included.
 */
export class Locator {
  private readonly postcodes = new Map<string, PostcodePoint | null>();
  private readonly outcodes = new Map<string, OutcodeCentroid | null>();

  constructor(private readonly geo: GeoRepository) {}

  /** Postcodes this run learnt from records with coordinates (pass 1). */
  learn(points: Iterable<PostcodePoint>): void {
    for (const p of points) this.postcodes.set(p.postcode, p);
  }

  /** Loads whatever the table knows about these records' postcodes and outward codes, in batches. */
  async prefetch(
    records: readonly CareHomeRecord[],
    stored: ReadonlyMap<string, RegistryHome>,
  ): Promise<void> {
    const wantedPostcodes = new Set<string>();
    for (const r of records) {
      if (r.latitude !== undefined && r.longitude !== undefined) continue;
      const postcode = r.postcode ?? stored.get(r.locationId)?.postcode;
      if (postcode && !this.postcodes.has(postcode)) wantedPostcodes.add(postcode);
    }
    if (wantedPostcodes.size) {
      const found = await this.geo.getPostcodes([...wantedPostcodes]);
      for (const pc of wantedPostcodes) this.postcodes.set(pc, found.get(pc) ?? null);
    }
    const wantedOutcodes = new Set<string>();
    for (const pc of wantedPostcodes) {
      if (this.postcodes.get(pc)) continue;
      const oc = outwardCode(pc);
      if (oc && !this.outcodes.has(oc)) wantedOutcodes.add(oc);
    }
    if (wantedOutcodes.size) {
      const found = await this.geo.getOutcodes([...wantedOutcodes]);
      for (const oc of wantedOutcodes) this.outcodes.set(oc, found.get(oc) ?? null);
    }
  }

  locate(record: CareHomeRecord, previous: RegistryHome | undefined): Located | undefined {
    if (record.latitude !== undefined && record.longitude !== undefined) {
      return { latitude: record.latitude, longitude: record.longitude, locatedBy: 'record' };
    }
    const postcode = record.postcode ?? previous?.postcode;
    if (
      previous?.locatedBy === 'record' &&
      previous.latitude !== undefined &&
      previous.longitude !== undefined &&
      previous.postcode === postcode
    ) {
      return { latitude: previous.latitude, longitude: previous.longitude, locatedBy: 'record' };
    }
    if (!postcode) return undefined;
    const point = this.postcodes.get(postcode);
    if (point) return { latitude: point.latitude, longitude: point.longitude, locatedBy: 'postcode' };
    const oc = outwardCode(postcode);
    const centroid = oc ? this.outcodes.get(oc) : undefined;
    if (centroid) return { latitude: centroid.lat, longitude: centroid.lon, locatedBy: 'outcode' };
    return undefined;
  }
}
