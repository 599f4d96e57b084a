import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { indexedWords, REGISTRY_ATTRIBUTES, type RegistryHome } from '../app/registry/model';
import type { AreaIndex, HomeListPlan, HomePage, HomesRepository } from '../app/registry/ports';
import { ENGLISH_REGIONS, isEnglishRegion } from '../domain/geo/regions';
import { batchGetAll, batchWriteAll, projectionOf, type WriteRequest } from './dynamo-batch';
import { homeKeys } from './keys';

/**
 * The registry attributes of HOME items, their area and geo index keys, and the name-word index
 * items (HOMEWORD#<word>). Writes name registry attributes only (REGISTRY_ATTRIBUTES and the index
 * keys below): the services, bed-state and alert attributes other modules keep on the same item are
 * never part of a registry write. docs/data-model.d/registry.md describes the layout.
 */
export const HOME_ENTITY = 'HOME';
export const HOME_WORD_ENTITY = 'HOMEWORD';

/** gsi1..gsi6 are the registry's; gsi7 belongs to the bed-state feed and is never touched here. */
const INDEX_KEY_ATTRIBUTES = [
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'gsi3pk',
  'gsi3sk',
  'gsi4pk',
  'gsi4sk',
  'gsi5pk',
  'gsi5sk',
  'gsi6pk',
  'gsi6sk',
] as const;
type IndexKeyAttribute = (typeof INDEX_KEY_ATTRIBUTES)[number];

export const AREA_INDEX: Record<AreaIndex, { index: string; pk: IndexKeyAttribute; sk: IndexKeyAttribute }> =
  {
    la: { index: 'gsi2', pk: 'gsi2pk', sk: 'gsi2sk' },
    subIcb: { index: 'gsi3', pk: 'gsi3pk', sk: 'gsi3sk' },
    icb: { index: 'gsi4', pk: 'gsi4pk', sk: 'gsi4sk' },
    region: { index: 'gsi5', pk: 'gsi5pk', sk: 'gsi5sk' },
    provider: { index: 'gsi6', pk: 'gsi6pk', sk: 'gsi6sk' },
  };

/** The partition key value of an area filter, as index keys are written. */
export function areaPartition(index: AreaIndex, value: string): string {
  switch (index) {
    case 'la':
      return homeKeys.laPk(value);
    case 'subIcb':
      return homeKeys.subIcbPk(value);
    case 'icb':
      return homeKeys.icbPk(value);
    case 'region':
      return homeKeys.regionPk(value);
    case 'provider':
      return homeKeys.providerPk(value);
    default: {
      const never: never = index;
      return never;
    }
  }
}

/** Every gsi5 partition an active home can be in: listing them all enumerates the register. */
const REGION_PARTITIONS = [...ENGLISH_REGIONS, homeKeys.unknownRegion];
/**
 * The gsi5 partition of archived homes (no region key can produce it): ingestion lists it with the
 * active partitions, so it knows every home that exists without a Scan, and reads only those.
 */
export const ARCHIVED_HOMES_PK = 'HOMES#archived';

/**
 * Index keys of a home: when archived only the archived-homes key (it leaves every search); otherwise the geo key when it is
 * located, and the area keys it has facts for. Every active home has a region key ('unknown' when
 * missing), so the active register can be listed without a Scan.
 */
export function indexKeysOf(h: RegistryHome): Partial<Record<IndexKeyAttribute, string>> {
  const sk = homeKeys.areaSk(h.name, h.locationId);
  if (h.registryStatus !== 'active') return { gsi5pk: ARCHIVED_HOMES_PK, gsi5sk: sk };
  const keys: Partial<Record<IndexKeyAttribute, string>> = {};
  if (h.geohash) {
    keys.gsi1pk = homeKeys.geoPk(h.geohash);
    keys.gsi1sk = homeKeys.geoSk(h.geohash, h.locationId);
  }
  if (h.localAuthority) {
    keys.gsi2pk = homeKeys.laPk(h.localAuthority);
    keys.gsi2sk = sk;
  }
  const subIcb = h.subIcbCode ?? h.subIcbName;
  if (subIcb) {
    keys.gsi3pk = homeKeys.subIcbPk(subIcb);
    keys.gsi3sk = sk;
  }
  const icb = h.icbCode ?? h.icbName;
  if (icb) {
    keys.gsi4pk = homeKeys.icbPk(icb);
    keys.gsi4sk = sk;
  }
  keys.gsi5pk = homeKeys.regionPk(h.region && isEnglishRegion(h.region) ? h.region : homeKeys.unknownRegion);
  keys.gsi5sk = sk;
  if (h.providerId) {
    keys.gsi6pk = homeKeys.providerPk(h.providerId);
    keys.gsi6sk = sk;
  }
  return keys;
}

const homeKey = (locationId: string) => ({ pk: homeKeys.pk(locationId), sk: homeKeys.sk });

function wordItems(h: RegistryHome): Record<string, unknown>[] {
  if (h.registryStatus !== 'active') return [];
  const sk = homeKeys.areaSk(h.name, h.locationId);
  return indexedWords(h.nameWords).map((word) => ({
    pk: homeKeys.wordPk(word),
    sk,
    entity: HOME_WORD_ENTITY,
    locationId: h.locationId,
    words: h.nameWords,
  }));
}

const REGISTRY_PROJECTION = projectionOf(REGISTRY_ATTRIBUTES);

function toRegistryHome(item: Record<string, unknown>): RegistryHome | undefined {
  if (typeof item.registryHash !== 'string') return undefined;
  const out: Record<string, unknown> = {};
  for (const a of REGISTRY_ATTRIBUTES) if (item[a] !== undefined) out[a] = item[a];
  const home = out as unknown as RegistryHome;
  home.serviceTypes ??= [];
  home.specialisms ??= [];
  home.regulatedActivities ??= [];
  home.nameWords ??= [];
  return home;
}

const isConditionFailure = (e: unknown) =>
  (e as { name?: string }).name === 'ConditionalCheckFailedException';

function cancelledByCondition(e: unknown): boolean {
  const err = e as { name?: string; CancellationReasons?: Array<{ Code?: string }> };
  return (
    err.name === 'TransactionCanceledException' &&
    !!err.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed')
  );
}

function cancelledByConflict(e: unknown): boolean {
  const err = e as { name?: string; CancellationReasons?: Array<{ Code?: string }> };
  return (
    err.name === 'TransactionCanceledException' &&
    !!err.CancellationReasons?.some((r) => r.Code === 'TransactionConflict')
  );
}

export class DynamoHomesRepository implements HomesRepository {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getMany(locationIds: readonly string[]): Promise<Map<string, RegistryHome>> {
    const unique = [...new Set(locationIds)];
    const items = await batchGetAll(this.ddb, this.tableName, unique.map(homeKey), REGISTRY_PROJECTION);
    const out = new Map<string, RegistryHome>();
    for (const item of items) {
      const home = toRegistryHome(item);
      if (home) out.set(home.locationId, home);
    }
    return out;
  }

  async create(homes: readonly RegistryHome[]): Promise<void> {
    // Word items first: if the run stops between the two, the home is created by the re-run (and
    // its words rewritten); a word item without its home is dropped when search reads it.
    const words: WriteRequest[] = homes.flatMap((h) =>
      wordItems(h).map((Item) => ({ PutRequest: { Item } })),
    );
    if (words.length) await batchWriteAll(this.ddb, this.tableName, words);
    await batchWriteAll(
      this.ddb,
      this.tableName,
      homes.map((h) => ({
        PutRequest: { Item: { ...homeKey(h.locationId), entity: HOME_ENTITY, ...h, ...indexKeysOf(h) } },
      })),
    );
  }

  async update(next: RegistryHome, previous: RegistryHome): Promise<'updated' | 'conflict'> {
    const names: Record<string, string> = { '#hash': 'registryHash' };
    const values: Record<string, unknown> = { ':previousHash': previous.registryHash };
    const sets: string[] = [];
    const removes: string[] = [];
    const nextRecord = next as unknown as Record<string, unknown>;
    const previousRecord = previous as unknown as Record<string, unknown>;
    let n = 0;
    const placeholder = (attribute: string) => {
      const key = `#a${n++}`;
      names[key] = attribute;
      return key;
    };
    for (const attribute of REGISTRY_ATTRIBUTES) {
      const value = nextRecord[attribute];
      if (value !== undefined) {
        const name = placeholder(attribute);
        values[`:v${n}`] = value;
        sets.push(`${name} = :v${n}`);
      } else if (previousRecord[attribute] !== undefined) {
        removes.push(placeholder(attribute));
      }
    }
    const keys = indexKeysOf(next);
    for (const attribute of INDEX_KEY_ATTRIBUTES) {
      const value = keys[attribute];
      if (value !== undefined) {
        values[`:k_${attribute}`] = value;
        sets.push(`${attribute} = :k_${attribute}`);
      } else {
        removes.push(attribute);
      }
    }
    const update = {
      TableName: this.tableName,
      Key: homeKey(next.locationId),
      UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
      ConditionExpression: '#hash = :previousHash',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    };

    const wordsChanged =
      previous.registryStatus !== next.registryStatus ||
      (next.registryStatus === 'active' &&
        homeKeys.areaSk(previous.name, '') !== homeKeys.areaSk(next.name, '')) ||
      previous.nameWords.join(' ') !== next.nameWords.join(' ');
    if (!wordsChanged) {
      try {
        await this.ddb.send(new UpdateCommand(update));
        return 'updated';
      } catch (e) {
        if (isConditionFailure(e)) return 'conflict';
        throw e;
      }
    }

    // The home and its name-word items change together, so search never lists a renamed or archived home twice.
    const puts = wordItems(next);
    const putKeys = new Set(puts.map((p) => `${p.pk}|${p.sk}`));
    const deletes = wordItems(previous)
      .map((w) => ({ pk: w.pk, sk: w.sk }))
      .filter((k) => !putKeys.has(`${k.pk}|${k.sk}`));
    const transaction = new TransactWriteCommand({
      TransactItems: [
        { Update: update },
        ...deletes.map((Key) => ({ Delete: { TableName: this.tableName, Key } })),
        ...puts.map((Item) => ({ Put: { TableName: this.tableName, Item } })),
      ],
    });
    for (let attempt = 0; ; attempt++) {
      try {
        await this.ddb.send(transaction);
        return 'updated';
      } catch (e) {
        if (cancelledByCondition(e)) return 'conflict';
        if (cancelledByConflict(e) && attempt < 5) {
          await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
          continue;
        }
        throw e;
      }
    }
  }

  async *activeLocationIds(): AsyncIterable<string[]> {
    for (const region of REGION_PARTITIONS) yield* idsIn(this.ddb, this.tableName, homeKeys.regionPk(region));
  }

  async *archivedLocationIds(): AsyncIterable<string[]> {
    yield* idsIn(this.ddb, this.tableName, ARCHIVED_HOMES_PK);
  }

  async get(locationId: string): Promise<RegistryHome | undefined> {
    const res = await this.ddb.send(
      new GetCommand({
        TableName: this.tableName,
        Key: homeKey(locationId),
        ProjectionExpression: REGISTRY_PROJECTION.expression,
        ExpressionAttributeNames: REGISTRY_PROJECTION.names,
      }),
    );
    return res.Item ? toRegistryHome(res.Item) : undefined;
  }

  async list(plan: HomeListPlan, limit: number, start?: Record<string, unknown>): Promise<HomePage> {
    return plan.via === 'area' ? this.listByArea(plan, limit, start) : this.listByWord(plan, limit, start);
  }

  /**
   * One area partition, name order; other area filters and name words are filter expressions. Reads
   * stop once the page is full: the next page starts after the last home returned, not after the
   * last item read, so nothing is skipped.
   */
  private async listByArea(
    plan: Extract<HomeListPlan, { via: 'area' }>,
    limit: number,
    start: Record<string, unknown> | undefined,
  ): Promise<HomePage> {
    const index = AREA_INDEX[plan.index];
    const names: Record<string, string> = { ...REGISTRY_PROJECTION.names };
    const values: Record<string, unknown> = { ':pk': areaPartition(plan.index, plan.key) };
    const filters: string[] = [];
    for (const [area, value] of Object.entries(plan.filters) as Array<[AreaIndex, string | undefined]>) {
      if (value === undefined || area === plan.index) continue;
      values[`:f_${area}`] = areaPartition(area, value);
      filters.push(`${AREA_INDEX[area].pk} = :f_${area}`);
    }
    plan.words.forEach((word, i) => {
      values[`:w${i}`] = word;
      filters.push(`contains(#p${REGISTRY_ATTRIBUTES.indexOf('nameWords')}, :w${i})`);
    });
    const filtered = filters.length > 0;
    const homes: RegistryHome[] = [];
    let lastKey: Record<string, unknown> | undefined;
    let cursor = start;
    for (let reads = 0; reads < 10; reads++) {
      const res = await this.ddb.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: index.index,
          KeyConditionExpression: `${index.pk} = :pk`,
          ...(filtered ? { FilterExpression: filters.join(' AND ') } : {}),
          ProjectionExpression: `${REGISTRY_PROJECTION.expression}, pk, sk, ${index.pk}, ${index.sk}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ExclusiveStartKey: cursor,
          Limit: filtered ? 200 : limit - homes.length + 1,
        }),
      );
      let leftover = false;
      for (const item of res.Items ?? []) {
        const home = toRegistryHome(item);
        if (!home) continue;
        if (homes.length === limit) {
          leftover = true;
          break;
        }
        homes.push(home);
        lastKey = { pk: item.pk, sk: item.sk, [index.pk]: item[index.pk], [index.sk]: item[index.sk] };
      }
      cursor = res.LastEvaluatedKey;
      // A full page continues after its last home when this read went further; else where the read stopped.
      if (leftover) return { homes, next: lastKey };
      if (!cursor) return { homes };
      if (homes.length === limit) return { homes, next: cursor };
    }
    // Page budget spent on non-matching items: carry on from where the reads stopped.
    return { homes, next: cursor };
  }

  /** One name-word partition (name order); further words filter on the item's word list. */
  private async listByWord(
    plan: Extract<HomeListPlan, { via: 'word' }>,
    limit: number,
    start: Record<string, unknown> | undefined,
  ): Promise<HomePage> {
    const values: Record<string, unknown> = { ':pk': homeKeys.wordPk(plan.word) };
    const filters = plan.otherWords.map((w, i) => {
      values[`:w${i}`] = w;
      return `contains(words, :w${i})`;
    });
    const found: Array<{ id: string; key: Record<string, unknown> }> = [];
    let cursor = start;
    let next: Record<string, unknown> | undefined;
    for (let reads = 0; reads < 10; reads++) {
      next = undefined;
      const res = await this.ddb.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
          ProjectionExpression: 'pk, sk, locationId',
          ExpressionAttributeValues: values,
          ExclusiveStartKey: cursor,
          Limit: filters.length ? 200 : limit - found.length + 1,
        }),
      );
      let leftover = false;
      for (const item of res.Items ?? []) {
        if (typeof item.locationId !== 'string') continue;
        if (found.length === limit) {
          leftover = true;
          break;
        }
        found.push({ id: item.locationId, key: { pk: item.pk, sk: item.sk } });
      }
      cursor = res.LastEvaluatedKey;
      if (leftover) {
        next = found[found.length - 1]?.key;
        break;
      }
      if (!cursor) break;
      if (found.length === limit) {
        next = cursor;
        break;
      }
      next = cursor;
    }
    const stored = await this.getMany(found.map((f) => f.id));
    const homes = found
      .map((f) => stored.get(f.id))
      .filter((h): h is RegistryHome => !!h && h.registryStatus === 'active');
    return next ? { homes, next } : { homes };
  }
}

/** Location ids of the homes in one gsi5 partition, a page at a time. */
async function* idsIn(
  ddb: DynamoDBDocumentClient,
  tableName: string,
  partition: string,
): AsyncIterable<string[]> {
  let start: Record<string, unknown> | undefined;
  do {
    const res = await ddb.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'gsi5',
        KeyConditionExpression: 'gsi5pk = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        ProjectionExpression: 'locationId',
        ExclusiveStartKey: start,
      }),
    );
    const ids = (res.Items ?? [])
      .map((i) => i.locationId)
      .filter((id): id is string => typeof id === 'string');
    if (ids.length) yield ids;
    start = res.LastEvaluatedKey;
  } while (start);
}
