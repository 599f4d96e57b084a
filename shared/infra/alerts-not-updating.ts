import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AreaHome, AreaHomesReader, AreaKind } from '../app/not-updating/not-updating';
import { awsClients } from './aws';
import { projectionOf } from './dynamo-batch';
import { homeKeys } from './keys';

/**
 * Reads the homes of one area for the "Not updating" list from the registry's area indexes
 * (gsi2 LA, gsi3 sub-ICB, gsi4 ICB, gsi5 region; active homes only), every page, projecting only
 * what the list shows. docs/data-model.d/alerts.md lists the access pattern.
 */
const INDEX: Record<AreaKind, { index: string; pk: (v: string) => string }> = {
  la: { index: 'gsi2', pk: homeKeys.laPk },
  subIcb: { index: 'gsi3', pk: homeKeys.subIcbPk },
  icb: { index: 'gsi4', pk: homeKeys.icbPk },
  region: { index: 'gsi5', pk: homeKeys.regionPk },
};

const PROJECTION = projectionOf([
  'sk',
  'locationId',
  'name',
  'address',
  'postcode',
  'phone',
  'localAuthority',
  'bedUpdatedAt',
  'registryStatus',
  'status',
]);

export class DynamoAreaHomesReader implements AreaHomesReader {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async list(kind: AreaKind, value: string): Promise<AreaHome[]> {
    const { index, pk } = INDEX[kind];
    const homes: AreaHome[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const res = await this.ddb.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: index,
          KeyConditionExpression: `${index}pk = :pk`,
          ExpressionAttributeValues: { ':pk': pk(value) },
          ProjectionExpression: PROJECTION.expression,
          ExpressionAttributeNames: PROJECTION.names,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of res.Items ?? []) {
        const home = toAreaHome(item);
        if (home) homes.push(home);
      }
      start = res.LastEvaluatedKey;
    } while (start);
    return homes;
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

function toAreaHome(item: Record<string, unknown>): AreaHome | undefined {
  if (item.sk !== homeKeys.sk) return undefined;
  const locationId = str(item.locationId);
  if (!locationId) return undefined;
  const status = str(item.registryStatus) ?? str(item.status);
  return {
    locationId,
    name: str(item.name) ?? locationId,
    address: str(item.address),
    postcode: str(item.postcode),
    phone: str(item.phone),
    localAuthority: str(item.localAuthority),
    bedUpdatedAt: str(item.bedUpdatedAt),
    active: status === undefined || status === 'active',
  };
}

export function areaHomesReader(): DynamoAreaHomesReader {
  const { ddb, config } = awsClients();
  return new DynamoAreaHomesReader(ddb, config.TABLE_NAME);
}
