import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { IdempotencyRecord, IdempotencyStore, StoredResponse } from '../app/suppliers/idempotency';

/**
 * Idempotency records of supplier writes: pk `SUPPLIERIDEM#<supplierId>`, sk `KEY#<sha256 of the
 * Idempotency-Key>` (the key is the client's free text: hashing bounds its size and keeps the key
 * string out of the table), removed by TTL. docs/data-model.d/supplier-api.md.
 */
export const IDEMPOTENCY_ENTITY = 'SupplierIdempotency';

export const idempotencyKeys = {
  pk: (supplierId: string) => `SUPPLIERIDEM#${supplierId}`,
  sk: (keyHash: string) => `KEY#${keyHash}`,
};

const isConditionFailure = (e: unknown) =>
  (e as { name?: string }).name === 'ConditionalCheckFailedException';

export class DynamoIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly hashKey: (key: string) => string,
  ) {}

  private key(supplierId: string, key: string) {
    return { pk: idempotencyKeys.pk(supplierId), sk: idempotencyKeys.sk(this.hashKey(key)) };
  }

  async claim(
    supplierId: string,
    key: string,
    requestHash: string,
    lockedUntilMs: number,
    expiresAtEpochSeconds: number,
  ): Promise<boolean> {
    try {
      await this.ddb.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...this.key(supplierId, key),
            entity: IDEMPOTENCY_ENTITY,
            state: 'in-progress',
            requestHash,
            lockedUntilMs,
            createdAt: new Date().toISOString(),
            ttl: expiresAtEpochSeconds,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  }

  async get(supplierId: string, key: string): Promise<IdempotencyRecord | undefined> {
    const res = await this.ddb.send(
      new GetCommand({ TableName: this.tableName, Key: this.key(supplierId, key), ConsistentRead: true }),
    );
    const item = res.Item;
    // DynamoDB TTL deletes lazily: an expired record counts as gone.
    if (!item || (typeof item.ttl === 'number' && item.ttl * 1000 < Date.now())) return undefined;
    const requestHash = String(item.requestHash);
    if (item.state === 'complete') {
      const response = item.response as StoredResponse;
      return { state: 'complete', requestHash, response };
    }
    return { state: 'in-progress', requestHash, lockedUntilMs: Number(item.lockedUntilMs) };
  }

  async takeOver(
    supplierId: string,
    key: string,
    previousLockMs: number,
    lockedUntilMs: number,
  ): Promise<boolean> {
    try {
      await this.ddb.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(supplierId, key),
          UpdateExpression: 'SET lockedUntilMs = :next',
          ConditionExpression: '#state = :progress AND lockedUntilMs = :previous',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':next': lockedUntilMs,
            ':previous': previousLockMs,
            ':progress': 'in-progress',
          },
        }),
      );
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  }

  async complete(supplierId: string, key: string, response: StoredResponse): Promise<void> {
    await this.ddb.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: this.key(supplierId, key),
        UpdateExpression:
          'SET #state = :complete, #response = :response, completedAt = :at REMOVE lockedUntilMs',
        ExpressionAttributeNames: { '#state': 'state', '#response': 'response' },
        ExpressionAttributeValues: {
          ':complete': 'complete',
          ':response': response,
          ':at': new Date().toISOString(),
        },
      }),
    );
  }

  async release(supplierId: string, key: string): Promise<void> {
    await this.ddb.send(new DeleteCommand({ TableName: this.tableName, Key: this.key(supplierId, key) }));
  }
}
