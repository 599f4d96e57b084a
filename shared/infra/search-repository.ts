import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { LoadResult, PostcodeLocator, SearchHomeSource, SourcedHome } from '../app/search/ports';
import { ENGLISH_REGIONS } from '../domain/geo/regions';
import { OVERALL_RATINGS, type OverallRating } from '../domain/registry/types';
import type { HomeAlert, SearchHomeInput, SearchServices } from '../domain/search';
import type { BedStateRow } from '../domain/vacancy';
import { projectionOf } from './dynamo-batch';
import type { DynamoGeoRepository } from './geo-repository';
import { homeKeys } from './keys';

/**
 * Reads HOME items for the in-memory search index. The register is listed through the region index
 * (gsi5: every active home has a region partition, 'unknown' when it has none), ten partitions in
 * parallel; changes come from the bed-state changes feed (gsi7: BEDCHANGE#<day>, sorted by
 * `<feedAt>#<locationId>`). Neither ever scans. docs/data-model.d/search.md lists the access patterns.
 */

/** Attributes search needs; the projection saves transfer and memory (capacity is charged on the whole item). */
const SEARCH_ATTRIBUTES = [
  'sk',
  'locationId',
  'name',
  'providerId',
  'providerName',
  'brand',
  'address',
  'town',
  'postcode',
  'latitude',
  'longitude',
  'geohash',
  'localAuthority',
  'subIcbCode',
  'subIcbName',
  'icbCode',
  'icbName',
  'region',
  'registeredBeds',
  'overallRating',
  'ratingDate',
  'serviceTypes',
  'specialisms',
  'regulatedActivities',
  'phone',
  'website',
  'registryStatus',
  'status',
  'services',
  'bedState',
  'outOfHoursAdmissions',
  'bedUpdatedAt',
  'alerts',
] as const;
const PROJECTION = projectionOf(SEARCH_ATTRIBUTES);

export const REGION_PARTITIONS: readonly string[] = [...ENGLISH_REGIONS, homeKeys.unknownRegion].map((r) =>
  homeKeys.regionPk(r),
);

/** Day partitions of the changes feed from `sinceIso` to `nowIso` inclusive (UTC days, as the writer keys them). */
export function feedPartitions(sinceIso: string, nowIso: string): string[] {
  const out: string[] = [];
  const day = new Date(`${sinceIso.slice(0, 10)}T00:00:00.000Z`);
  const last = nowIso.slice(0, 10);
  for (let i = 0; i < 400; i++) {
    const iso = day.toISOString();
    out.push(homeKeys.changesPk(iso));
    if (iso.slice(0, 10) >= last) break;
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return out;
}

export class DynamoSearchHomeSource implements SearchHomeSource {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async loadActive(): Promise<LoadResult> {
    const parts = await Promise.all(
      REGION_PARTITIONS.map((pk) => this.queryAll('gsi5', 'gsi5pk = :pk', { ':pk': pk })),
    );
    return merge(parts);
  }

  async changedSince(sinceIso: string, nowIso: string): Promise<LoadResult> {
    const parts = await Promise.all(
      feedPartitions(sinceIso, nowIso).map((pk) =>
        this.queryAll('gsi7', 'gsi7pk = :pk AND gsi7sk >= :since', { ':pk': pk, ':since': sinceIso }),
      ),
    );
    return merge(parts);
  }

  private async queryAll(
    indexName: string,
    condition: string,
    values: Record<string, unknown>,
  ): Promise<LoadResult> {
    const homes: SourcedHome[] = [];
    let itemsRead = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const res = await this.ddb.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: indexName,
          KeyConditionExpression: condition,
          ExpressionAttributeValues: values,
          ProjectionExpression: PROJECTION.expression,
          ExpressionAttributeNames: PROJECTION.names,
          ExclusiveStartKey: start,
        }),
      );
      itemsRead += res.Items?.length ?? 0;
      for (const item of res.Items ?? []) {
        const home = toSourcedHome(item);
        if (home) homes.push(home);
      }
      start = res.LastEvaluatedKey;
    } while (start);
    return { homes, itemsRead };
  }
}

function merge(parts: LoadResult[]): LoadResult {
  // A home can be in two day partitions of the feed only across a move; the later read wins.
  const byId = new Map<string, SourcedHome>();
  let itemsRead = 0;
  for (const part of parts) {
    itemsRead += part.itemsRead;
    for (const h of part.homes) byId.set(h.home.locationId, h);
  }
  return { homes: [...byId.values()], itemsRead };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];

/** A HOME item as search sees it; anything else on the index (other entities) is ignored. */
export function toSourcedHome(item: Record<string, unknown>): SourcedHome | undefined {
  if (item.sk !== homeKeys.sk) return undefined;
  const locationId = str(item.locationId);
  if (!locationId) return undefined;
  const rating = str(item.overallRating);
  const home: SearchHomeInput = {
    locationId,
    name: str(item.name) ?? locationId,
    providerId: str(item.providerId),
    providerName: str(item.providerName),
    brand: str(item.brand),
    address: str(item.address),
    town: str(item.town),
    postcode: str(item.postcode),
    latitude: num(item.latitude),
    longitude: num(item.longitude),
    geohash: str(item.geohash),
    localAuthority: str(item.localAuthority),
    subIcbCode: str(item.subIcbCode),
    subIcbName: str(item.subIcbName),
    icbCode: str(item.icbCode),
    icbName: str(item.icbName),
    region: str(item.region),
    registeredBeds: num(item.registeredBeds),
    overallRating:
      rating && (OVERALL_RATINGS as readonly string[]).includes(rating)
        ? (rating as OverallRating)
        : undefined,
    ratingDate: str(item.ratingDate),
    serviceTypes: strings(item.serviceTypes),
    specialisms: strings(item.specialisms),
    regulatedActivities: strings(item.regulatedActivities),
    phone: str(item.phone),
    website: str(item.website),
    services: servicesOf(item.services),
    bedRows: Array.isArray(item.bedState) ? (item.bedState as BedStateRow[]) : null,
    outOfHoursAdmissions: typeof item.outOfHoursAdmissions === 'boolean' ? item.outOfHoursAdmissions : null,
    bedUpdatedAt: str(item.bedUpdatedAt) ?? null,
    alerts: alertsOf(item.alerts),
  };
  const status = str(item.registryStatus) ?? str(item.status);
  return { home, active: status === undefined || status === 'active' };
}

function servicesOf(value: unknown): SearchServices | null {
  if (!value || typeof value !== 'object') return null;
  const s = value as Record<string, unknown>;
  const contracts = (s.contracts ?? {}) as Record<string, unknown>;
  return {
    shortStayServices: strings(s.shortStayServices) as SearchServices['shortStayServices'],
    shortStayNone: s.shortStayNone === true,
    vacancyTypes: strings(s.vacancyTypes) as SearchServices['vacancyTypes'],
    languages: strings(s.languages),
    notes: typeof s.notes === 'string' ? s.notes : '',
    fundingSources: strings(s.fundingSources) as SearchServices['fundingSources'],
    contracts: { localAuthority: contracts.localAuthority === true, subIcb: contracts.subIcb === true },
  };
}

function alertsOf(value: unknown): HomeAlert[] {
  if (!Array.isArray(value)) return [];
  const out: HomeAlert[] = [];
  for (const a of value) {
    if (!a || typeof a !== 'object') continue;
    const r = a as Record<string, unknown>;
    const id = str(r.id);
    const text = str(r.text);
    if (!id || !text) continue;
    const alert: HomeAlert = { id, text };
    const category = str(r.category);
    if (category) alert.category = category;
    const expiresAt = str(r.expiresAt);
    if (expiresAt) alert.expiresAt = expiresAt;
    out.push(alert);
  }
  return out;
}

/** Postcode lookups through the registry's POSTCODE / OUTCODE items, counting the items read. */
export class GeoPostcodeLocator implements PostcodeLocator {
  constructor(private readonly geo: Pick<DynamoGeoRepository, 'locate'>) {}

  async locate(input: string) {
    const located = await this.geo.locate(input);
    if (!located) return { point: undefined, itemsRead: 0 };
    return {
      point: { lat: located.latitude, lon: located.longitude, precision: located.precision },
      itemsRead: 1,
    };
  }
}
