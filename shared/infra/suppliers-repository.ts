import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '../app/accounts/ports';
import { generateKey } from '../app/suppliers/keys';
import type { SupplierKeyRecord, SupplierRecord } from '../domain/supplier';
import { auditItem } from './accounts-audit';
import { awsClients } from './aws';
import { homeKeys } from './keys';

/**
 * Supplier platforms and their API keys (issue 8). Three items (docs/data-model.d/suppliers.md):
 * - the supplier: SUPPLIER#<id> / SUPPLIER, listed through gsi5 (SUPPLIERS, by name);
 * - each key: SUPPLIERKEY#<keyId> / KEY, listed per supplier through gsi5 (SUPPLIERKEYS#<id>, by time);
 * - the key-hash lookup: SUPPLIERKEYHASH#<sha256> / KEYHASH, one GetItem for the authorizer.
 * A key and its hash item are written and revoked together in one transaction, with the audit event.
 */
export const supplierKeys = {
  pk: (supplierId: string) => `SUPPLIER#${supplierId}`,
  sk: 'SUPPLIER',
  listPk: 'SUPPLIERS',
  listSk: (name: string, supplierId: string) => `${name.trim().toLowerCase()}#${supplierId}`,
  keyPk: (keyId: string) => `SUPPLIERKEY#${keyId}`,
  keySk: 'KEY',
  keysOfPk: (supplierId: string) => `SUPPLIERKEYS#${supplierId}`,
  keysOfSk: (createdAt: string, keyId: string) => `${createdAt}#${keyId}`,
  hashPk: (keyHash: string) => `SUPPLIERKEYHASH#${keyHash}`,
  hashSk: 'KEYHASH',
};

export const SUPPLIER_ENTITY = 'supplier';
export const SUPPLIER_KEY_ENTITY = 'supplier-key';
export const SUPPLIER_KEY_HASH_ENTITY = 'supplier-key-hash';

/** A supplier as stored: the record plus the version every update must name. */
export interface StoredSupplier extends SupplierRecord {
  version: number;
}

export interface SupplierPatch {
  name?: string;
  status?: SupplierRecord['status'];
  providerIds?: string[];
  locationIds?: string[];
}

/** Last-used times are written at most once a minute per key, so busy keys do not cost a write per call. */
export const TOUCH_INTERVAL_MS = 60_000;

const SUPPLIER_FIELDS = [
  'supplierId',
  'name',
  'status',
  'providerIds',
  'locationIds',
  'createdAt',
  'updatedAt',
] as const;
const KEY_FIELDS = [
  'keyId',
  'supplierId',
  'label',
  'keyHash',
  'createdAt',
  'lastUsedAt',
  'revokedAt',
] as const;

function toSupplier(item: Record<string, unknown>): StoredSupplier {
  const out: Record<string, unknown> = {};
  for (const f of SUPPLIER_FIELDS) if (item[f] !== undefined) out[f] = item[f];
  const s = out as unknown as StoredSupplier;
  s.providerIds = Array.isArray(item.providerIds) ? (item.providerIds as string[]) : [];
  s.locationIds = Array.isArray(item.locationIds) ? (item.locationIds as string[]) : [];
  s.version = typeof item.version === 'number' ? item.version : 1;
  return s;
}

function toKey(item: Record<string, unknown>): SupplierKeyRecord {
  const out: Record<string, unknown> = {};
  for (const f of KEY_FIELDS) if (item[f] !== undefined) out[f] = item[f];
  return out as unknown as SupplierKeyRecord;
}

function cancelledByCondition(e: unknown): boolean {
  const err = e as { name?: string; CancellationReasons?: Array<{ Code?: string }> };
  return (
    err.name === 'TransactionCanceledException' &&
    !!err.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed')
  );
}

const isConditionFailure = (e: unknown) =>
  (e as { name?: string }).name === 'ConditionalCheckFailedException';

export class DynamoSuppliersRepository {
  /** When this container last wrote lastUsedAt per key: spares DynamoDB the conditional write. */
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async getSupplier(supplierId: string): Promise<StoredSupplier | undefined> {
    const res = await this.ddb.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: supplierKeys.pk(supplierId), sk: supplierKeys.sk },
        ConsistentRead: true,
      }),
    );
    return res.Item ? toSupplier(res.Item) : undefined;
  }

  /** Every supplier, by name. There are tens, not thousands: read in full. */
  async listSuppliers(): Promise<StoredSupplier[]> {
    const out: StoredSupplier[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const res = await this.ddb.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi5',
          KeyConditionExpression: 'gsi5pk = :pk',
          ExpressionAttributeValues: { ':pk': supplierKeys.listPk },
          ExclusiveStartKey: start,
        }),
      );
      out.push(...(res.Items ?? []).map(toSupplier));
      start = res.LastEvaluatedKey;
    } while (start);
    return out;
  }

  /** Creates a supplier (version 1); 'exists' when the id is taken. */
  async createSupplier(
    input: Omit<SupplierRecord, 'createdAt' | 'updatedAt'>,
    audit?: AuditEvent,
  ): Promise<StoredSupplier | 'exists'> {
    const at = this.now().toISOString();
    const record: StoredSupplier = { ...input, createdAt: at, updatedAt: at, version: 1 };
    const created = await this.commit(
      [
        {
          Put: {
            TableName: this.tableName,
            Item: this.supplierItem(record),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
      audit,
    );
    if (!created) return 'exists';
    return record;
  }

  /** Changes name, status or scope at `expectedVersion`; 'conflict' when someone changed it first. */
  async updateSupplier(
    supplierId: string,
    patch: SupplierPatch,
    expectedVersion: number,
    audit?: AuditEvent,
  ): Promise<StoredSupplier | 'not-found' | 'conflict'> {
    const current = await this.getSupplier(supplierId);
    if (!current) return 'not-found';
    if (current.version !== expectedVersion) return 'conflict';
    const next: StoredSupplier = {
      ...current,
      ...patch,
      updatedAt: this.now().toISOString(),
      version: current.version + 1,
    };
    const updated = await this.commit(
      [
        {
          Put: {
            TableName: this.tableName,
            Item: this.supplierItem(next),
            ConditionExpression: 'version = :v',
            ExpressionAttributeValues: { ':v': expectedVersion },
          },
        },
      ],
      audit,
    );
    if (!updated) return 'conflict';
    return next;
  }

  /**
   * Issues a key for an existing supplier: the key item and its hash item in one transaction (with the
   * audit event, whose detail gets the key id). Returns the plaintext key, which is never stored.
   */
  async createKey(
    supplierId: string,
    label: string,
    audit?: AuditEvent,
  ): Promise<{ key: string; record: SupplierKeyRecord } | 'not-found'> {
    const { key, keyId, keyHash } = generateKey();
    const createdAt = this.now().toISOString();
    const record: SupplierKeyRecord = { keyId, supplierId, label, keyHash, createdAt };
    const issued = await this.commit(
      [
        {
          ConditionCheck: {
            TableName: this.tableName,
            Key: { pk: supplierKeys.pk(supplierId), sk: supplierKeys.sk },
            ConditionExpression: 'attribute_exists(pk)',
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: {
              pk: supplierKeys.keyPk(keyId),
              sk: supplierKeys.keySk,
              entity: SUPPLIER_KEY_ENTITY,
              gsi5pk: supplierKeys.keysOfPk(supplierId),
              gsi5sk: supplierKeys.keysOfSk(createdAt, keyId),
              ...record,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: {
              pk: supplierKeys.hashPk(keyHash),
              sk: supplierKeys.hashSk,
              entity: SUPPLIER_KEY_HASH_ENTITY,
              ...record,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
      audit && { ...audit, detail: `${audit.detail ?? ''} key ${keyId}`.trim() },
    );
    if (!issued) return 'not-found';
    return { key, record };
  }

  /** The supplier's keys, oldest first, revoked ones included (with revokedAt). */
  async listKeys(supplierId: string): Promise<SupplierKeyRecord[]> {
    const out: SupplierKeyRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const res = await this.ddb.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi5',
          KeyConditionExpression: 'gsi5pk = :pk',
          ExpressionAttributeValues: { ':pk': supplierKeys.keysOfPk(supplierId) },
          ExclusiveStartKey: start,
        }),
      );
      out.push(...(res.Items ?? []).map(toKey));
      start = res.LastEvaluatedKey;
    } while (start);
    return out;
  }

  async getKey(keyId: string): Promise<SupplierKeyRecord | undefined> {
    const res = await this.ddb.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: supplierKeys.keyPk(keyId), sk: supplierKeys.keySk },
        ConsistentRead: true,
      }),
    );
    return res.Item ? toKey(res.Item) : undefined;
  }

  /**
   * Revokes a key of this supplier: the key and its hash item are marked in one transaction, so the
   * authorizer refuses it from the next request. Revoking a revoked key changes nothing and returns it.
   */
  async revokeKey(
    supplierId: string,
    keyId: string,
    audit?: AuditEvent,
  ): Promise<SupplierKeyRecord | 'not-found'> {
    const current = await this.getKey(keyId);
    if (!current || current.supplierId !== supplierId) return 'not-found';
    if (current.revokedAt) return current;
    const revokedAt = this.now().toISOString();
    const set = {
      UpdateExpression: 'SET revokedAt = :at',
      ConditionExpression: 'supplierId = :s AND attribute_not_exists(revokedAt)',
      ExpressionAttributeValues: { ':at': revokedAt, ':s': supplierId },
    };
    const revoked = await this.commit(
      [
        {
          Update: {
            TableName: this.tableName,
            Key: { pk: supplierKeys.keyPk(keyId), sk: supplierKeys.keySk },
            ...set,
          },
        },
        {
          Update: {
            TableName: this.tableName,
            Key: { pk: supplierKeys.hashPk(current.keyHash), sk: supplierKeys.hashSk },
            ...set,
          },
        },
      ],
      audit,
    );
    // Revoked by someone else in between: what is stored is what they wrote.
    if (!revoked) return (await this.getKey(keyId)) ?? 'not-found';
    return { ...current, revokedAt };
  }

  /** The items and the audit event (if any) in one transaction; false when a condition cancelled it. */
  private async commit(
    items: NonNullable<TransactWriteCommandInput['TransactItems']>,
    audit: AuditEvent | undefined,
  ): Promise<boolean> {
    const auditPut = audit ? [{ Put: { TableName: this.tableName, Item: auditItem(audit) } }] : [];
    try {
      await this.ddb.send(new TransactWriteCommand({ TransactItems: [...items, ...auditPut] }));
      return true;
    } catch (e) {
      if (cancelledByCondition(e)) return false;
      throw e;
    }
  }

  /** The key whose SHA-256 is `hash` (the authorizer's one read for a key). */
  async findKeyByHash(hash: string): Promise<SupplierKeyRecord | undefined> {
    if (!/^[0-9a-f]{64}$/.test(hash)) return undefined;
    const res = await this.ddb.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: supplierKeys.hashPk(hash), sk: supplierKeys.hashSk },
        // A revocation must take effect on the very next request.
        ConsistentRead: true,
      }),
    );
    return res.Item ? toKey(res.Item) : undefined;
  }

  /**
   * Records that a key was used now: at most one write per key per minute, enforced by DynamoDB's
   * condition (across containers) and skipped without a call when this container wrote it recently.
   */
  async touchKey(keyId: string): Promise<void> {
    const now = this.now();
    const last = this.touched.get(keyId);
    if (last !== undefined && now.getTime() - last < TOUCH_INTERVAL_MS) return;
    this.touched.set(keyId, now.getTime());
    try {
      await this.ddb.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: supplierKeys.keyPk(keyId), sk: supplierKeys.keySk },
          UpdateExpression: 'SET lastUsedAt = :now',
          ConditionExpression:
            'attribute_exists(pk) AND (attribute_not_exists(lastUsedAt) OR lastUsedAt < :cutoff)',
          ExpressionAttributeValues: {
            ':now': now.toISOString(),
            ':cutoff': new Date(now.getTime() - TOUCH_INTERVAL_MS).toISOString(),
          },
        }),
      );
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
    }
  }

  /** Which of these location ids are homes in the register. */
  async existingHomes(locationIds: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    const unique = [...new Set(locationIds)];
    for (let i = 0; i < unique.length; i += 100) {
      let keys: Record<string, unknown>[] = unique
        .slice(i, i + 100)
        .map((id) => ({ pk: homeKeys.pk(id), sk: homeKeys.sk }));
      while (keys.length) {
        const res = await this.ddb.send(
          new BatchGetCommand({
            RequestItems: {
              [this.tableName]: { Keys: keys, ProjectionExpression: 'pk, locationId' },
            },
          }),
        );
        for (const item of res.Responses?.[this.tableName] ?? []) {
          if (typeof item.locationId === 'string') found.add(item.locationId);
        }
        keys = (res.UnprocessedKeys?.[this.tableName]?.Keys as Record<string, unknown>[] | undefined) ?? [];
      }
    }
    return found;
  }

  /** Which of these CQC provider ids have at least one active home (the provider index, gsi6). */
  async existingProviders(providerIds: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    const unique = [...new Set(providerIds)];
    // 25 Queries at a time: a scope of hundreds of providers must not burst the table's read capacity.
    for (let i = 0; i < unique.length; i += 25) await this.findProviders(unique.slice(i, i + 25), found);
    return found;
  }

  private async findProviders(providerIds: readonly string[], found: Set<string>): Promise<void> {
    await Promise.all(
      providerIds.map(async (id) => {
        const res = await this.ddb.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: 'gsi6',
            KeyConditionExpression: 'gsi6pk = :pk',
            ExpressionAttributeValues: { ':pk': homeKeys.providerPk(id) },
            Limit: 1,
          }),
        );
        if ((res.Items ?? []).length > 0) found.add(id);
      }),
    );
  }

  private supplierItem(s: StoredSupplier): Record<string, unknown> {
    return {
      pk: supplierKeys.pk(s.supplierId),
      sk: supplierKeys.sk,
      entity: SUPPLIER_ENTITY,
      gsi5pk: supplierKeys.listPk,
      gsi5sk: supplierKeys.listSk(s.name, s.supplierId),
      ...s,
    };
  }
}

let cached: { repo: DynamoSuppliersRepository; ddb: DynamoDBDocumentClient; table: string } | undefined;

/**
 * The suppliers repository over the configured table. Kept per container (while the client and table
 * are the same), so the last-used throttle holds across requests.
 */
export function suppliersRepository(): DynamoSuppliersRepository {
  const { ddb, config } = awsClients();
  if (cached && cached.ddb === ddb && cached.table === config.TABLE_NAME) return cached.repo;
  const repo = new DynamoSuppliersRepository(ddb, config.TABLE_NAME);
  cached = { repo, ddb, table: config.TABLE_NAME };
  return repo;
}
