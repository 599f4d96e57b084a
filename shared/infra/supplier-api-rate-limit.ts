import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RateCounterStore } from '../app/suppliers/rate-limit';

/**
 * Rate-limit counters of supplier API keys: pk `SUPPLIERRATE#<keyId>`, sk `W#<window start ms>`,
 * one item per key and window, removed by TTL. docs/data-model.d/supplier-api.md.
 */
export const RATE_ENTITY = 'SupplierRateWindow';

export const rateKeys = {
  pk: (keyId: string) => `SUPPLIERRATE#${keyId}`,
  sk: (windowStartMs: number) => `W#${windowStartMs}`,
};

export class DynamoRateCounterStore implements RateCounterStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async hit(
    keyId: string,
    windowStartMs: number,
    windowMs: number,
    expiresAtEpochSeconds: number,
  ): Promise<{ current: number; previous: number }> {
    const [current, previous] = await Promise.all([
      this.ddb.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: rateKeys.pk(keyId), sk: rateKeys.sk(windowStartMs) },
          UpdateExpression: 'ADD hits :one SET entity = :entity, #ttl = if_not_exists(#ttl, :ttl)',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':one': 1, ':entity': RATE_ENTITY, ':ttl': expiresAtEpochSeconds },
          ReturnValues: 'UPDATED_NEW',
        }),
      ),
      // An eventually consistent read is enough: the previous window is closed.
      this.ddb.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk: rateKeys.pk(keyId), sk: rateKeys.sk(windowStartMs - windowMs) },
          ProjectionExpression: 'hits',
        }),
      ),
    ]);
    return {
      current: Number(current.Attributes?.hits ?? 1),
      previous: Number(previous.Item?.hits ?? 0),
    };
  }
}
