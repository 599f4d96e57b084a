import { createHash } from 'node:crypto';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type BedStateStore,
  type HistoryPage,
  type HomeWrite,
  InvalidCursorError,
  type WriteOutcome,
} from '../app/bed-state/ports';
import type { Actor, HistoryEvent, StoredHome, StoredServices, UpdateSource } from '../app/bed-state/types';
import { isUpdateSource } from '../app/bed-state/types';
import type { BedStateRow } from '../domain/vacancy';
import { homeKeys } from './keys';

/**
 * The bed-state and services attributes of the HOME item, and the home's history items.
 * The registry owns the item's other attributes: every write here is an UpdateItem that SETs only
 * the attributes listed in docs/data-model.d/bed-state.md, never a Put of the whole item.
 */
export const HISTORY_ENTITY = 'HomeHistory';
const MAX_CURSOR_LENGTH = 400;

export class DynamoBedStateStore implements BedStateStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getHome(locationId: string): Promise<StoredHome | undefined> {
    const res = await this.ddb.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: homeKeys.pk(locationId), sk: homeKeys.sk },
        ConsistentRead: true,
      }),
    );
    return res.Item ? toStoredHome(res.Item) : undefined;
  }

  async getHomes(locationIds: readonly string[]): Promise<StoredHome[]> {
    const unique = [...new Set(locationIds)].slice(0, 100);
    if (unique.length === 0) return [];
    let keys: Record<string, unknown>[] = unique.map((id) => ({ pk: homeKeys.pk(id), sk: homeKeys.sk }));
    const homes: StoredHome[] = [];
    for (let attempt = 0; keys.length > 0 && attempt < 5; attempt += 1) {
      const res = await this.ddb.send(
        new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys } } }),
      );
      for (const item of res.Responses?.[this.tableName] ?? []) homes.push(toStoredHome(item));
      keys = (res.UnprocessedKeys?.[this.tableName]?.Keys as Record<string, unknown>[] | undefined) ?? [];
      if (keys.length > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
    }
    if (keys.length > 0) throw new Error(`BatchGet left ${keys.length} homes unread after retries`);
    return homes;
  }

  async listHomesByProvider(
    providerId: string,
    limit: number,
  ): Promise<{ homes: StoredHome[]; truncated: boolean }> {
    const homes: StoredHome[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const res = await this.ddb.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi6',
          KeyConditionExpression: 'gsi6pk = :p',
          ExpressionAttributeValues: { ':p': homeKeys.providerPk(providerId) },
          ExclusiveStartKey: start,
          Limit: Math.min(limit + 1 - homes.length, 500),
        }),
      );
      for (const item of res.Items ?? []) {
        if (item.sk === homeKeys.sk) homes.push(toStoredHome(item));
      }
      start = res.LastEvaluatedKey;
    } while (start && homes.length <= limit);
    return { homes: homes.slice(0, limit), truncated: homes.length > limit || start !== undefined };
  }

  async write(write: HomeWrite): Promise<WriteOutcome> {
    try {
      await this.ddb.send(
        new TransactWriteCommand({
          // Makes an SDK retry of a transaction that did commit succeed instead of failing its own condition.
          ClientRequestToken: write.history.id.slice(0, 36),
          TransactItems: this.transactItems(write),
        }),
      );
      return { ok: true };
    } catch (error) {
      const reasons = cancellationCodes(error);
      if (!reasons) throw error;
      const failed = failedOutcome(reasons);
      if (failed) return failed;
      throw error;
    }
  }

  /**
   * Several homes' writes in one transaction (at most 50: two items each), each all-or-nothing as
   * with write(). A home whose condition failed or met a conflict gets that outcome; the others are
   * written again without it, so one home never holds back the rest. Anything unexpected from the
   * grouped transaction (a size limit, say) falls back to one transaction per home.
   */
  async writeMany(writes: readonly HomeWrite[]): Promise<WriteOutcome[]> {
    const outcomes: Array<WriteOutcome | undefined> = new Array(writes.length);
    let remaining = writes.map((write, index) => ({ write, index }));
    while (remaining.length > 1) {
      const group = remaining;
      try {
        await this.ddb.send(
          new TransactWriteCommand({
            ClientRequestToken: groupToken(group.map(({ write }) => write.history.id)),
            TransactItems: group.flatMap(({ write }) => this.transactItems(write)),
          }),
        );
        for (const { index } of group) outcomes[index] = { ok: true };
        remaining = [];
      } catch (error) {
        const reasons = cancellationCodes(error);
        if (!reasons || reasons.length !== group.length * 2) break;
        remaining = [];
        group.forEach(({ write, index }, k) => {
          const failed = failedOutcome(reasons.slice(2 * k, 2 * k + 2));
          if (failed) outcomes[index] = failed;
          else remaining.push({ write, index });
        });
        if (remaining.length === group.length) break;
      }
    }
    await Promise.all(
      remaining.map(async ({ write, index }) => {
        outcomes[index] = await this.write(write);
      }),
    );
    return outcomes.map((outcome) => outcome ?? { ok: false, reason: 'transaction-conflict' });
  }

  private transactItems(write: HomeWrite) {
    const update = new UpdateBuilder();
    const { bed, services } = write;
    if (bed) {
      update.set('bedVersion', bed.nextVersion);
      if (bed.rows) update.set('bedState', bed.rows);
      if (bed.admissionStatus) update.set('admissionStatus', bed.admissionStatus);
      if (bed.totals) update.set('bedTotals', bed.totals);
      if (bed.outOfHoursAdmissions !== undefined)
        update.set('outOfHoursAdmissions', bed.outOfHoursAdmissions);
      if (bed.touch) {
        update.set('bedUpdatedAt', bed.touch.at);
        update.set('bedUpdatedBy', bed.touch.by);
        update.set('bedSource', bed.touch.source);
        update.set('bedSourceTime', bed.touch.sourceTime);
        if (bed.touch.counter === 'update') {
          update.set('bedChangedAt', bed.touch.at);
          update.add('bedUpdateCount', 1);
        } else {
          update.add('bedConfirmCount', 1);
        }
      }
      if (bed.feedAt) {
        update.set('gsi7pk', homeKeys.changesPk(bed.feedAt));
        update.set('gsi7sk', `${bed.feedAt}#${write.locationId}`);
      }
    }
    if (services) {
      update.set('servicesVersion', services.nextVersion);
      if (services.services) update.set('services', services.services);
      if (services.at) update.set('servicesUpdatedAt', services.at);
      if (services.by) update.set('servicesUpdatedBy', services.by);
      if (services.outOfHoursAdmissions !== undefined && !update.has('outOfHoursAdmissions')) {
        update.set('outOfHoursAdmissions', services.outOfHoursAdmissions);
      }
    }
    const condition = [
      'attribute_exists(pk)',
      update.versionIs('bedVersion', write.expectedBedVersion),
      update.versionIs('servicesVersion', write.expectedServicesVersion),
    ].join(' AND ');

    return [
      {
        Update: {
          TableName: this.tableName,
          Key: { pk: homeKeys.pk(write.locationId), sk: homeKeys.sk },
          UpdateExpression: update.expression(),
          ConditionExpression: condition,
          ExpressionAttributeNames: update.names,
          ExpressionAttributeValues: update.values,
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: historyItem(write.history),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
  }

  async listHistory(locationId: string, options: { limit: number; cursor?: string }): Promise<HistoryPage> {
    const pk = homeKeys.pk(locationId);
    const start = options.cursor === undefined ? undefined : { pk, sk: decodeCursor(options.cursor) };
    const res = await this.ddb.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': homeKeys.historyPrefix },
        ScanIndexForward: false,
        Limit: options.limit,
        ExclusiveStartKey: start,
      }),
    );
    const events = (res.Items ?? []).map(toHistoryEvent);
    const lastSk = res.LastEvaluatedKey?.sk;
    return typeof lastSk === 'string' ? { events, cursor: encodeCursor(lastSk) } : { events };
  }
}

class UpdateBuilder {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, unknown> = {};
  private readonly sets: string[] = [];
  private readonly adds: string[] = [];

  set(attribute: string, value: unknown): void {
    this.names[`#${attribute}`] = attribute;
    this.values[`:${attribute}`] = value;
    this.sets.push(`#${attribute} = :${attribute}`);
  }

  has(attribute: string): boolean {
    return `:${attribute}` in this.values;
  }

  add(attribute: string, amount: number): void {
    this.names[`#${attribute}`] = attribute;
    this.values[`:${attribute}`] = amount;
    this.adds.push(`#${attribute} :${attribute}`);
  }

  /** Version 0 stands for "never written", which is also how an absent attribute reads. */
  versionIs(attribute: string, expected: number): string {
    this.names[`#${attribute}`] = attribute;
    if (expected === 0) {
      this.values[':zero'] = 0;
      return `(attribute_not_exists(#${attribute}) OR #${attribute} = :zero)`;
    }
    this.values[`:expected_${attribute}`] = expected;
    return `#${attribute} = :expected_${attribute}`;
  }

  expression(): string {
    const parts: string[] = [];
    if (this.sets.length > 0) parts.push(`SET ${this.sets.join(', ')}`);
    if (this.adds.length > 0) parts.push(`ADD ${this.adds.join(', ')}`);
    return parts.join(' ');
  }
}

/** The outcome of one home's items in a cancelled transaction; undefined when they did not fail. */
function failedOutcome(codes: readonly string[]): WriteOutcome | undefined {
  if (codes.includes('ConditionalCheckFailed')) return { ok: false, reason: 'condition-failed' };
  if (codes.includes('TransactionConflict')) return { ok: false, reason: 'transaction-conflict' };
  return undefined;
}

/** A client request token (at most 36 characters) for a grouped transaction: the same writes, the same token. */
function groupToken(eventIds: readonly string[]): string {
  return createHash('sha256').update(eventIds.join('|')).digest('base64url').slice(0, 36);
}

function cancellationCodes(error: unknown): string[] | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as Error & { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons;
  return (reasons ?? []).map((reason) => reason.Code ?? 'None');
}

function historyItem(event: HistoryEvent): Record<string, unknown> {
  return {
    pk: homeKeys.pk(event.locationId),
    sk: homeKeys.historySk(event.at, event.id),
    entity: HISTORY_ENTITY,
    ...event,
  };
}

function toHistoryEvent(item: Record<string, unknown>): HistoryEvent {
  const { pk: _pk, sk: _sk, entity: _entity, ...event } = item;
  return event as unknown as HistoryEvent;
}

function encodeCursor(sk: string): string {
  return Buffer.from(sk, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new InvalidCursorError();
  const sk = Buffer.from(cursor, 'base64url').toString('utf8');
  // Only the shape of a history sort key (HIST#<iso>#<id>) may be sent back to DynamoDB.
  if (!/^HIST#[0-9:.TZ+-]{10,40}#[A-Za-z0-9-]{1,64}$/.test(sk)) throw new InvalidCursorError();
  return sk;
}

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
const num = (value: unknown, fallback: number): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : fallback;

/** Geography codes may be stored as a string or as the registry's { code, name }. */
function areaCode(value: unknown): string | undefined {
  if (typeof value === 'string') return str(value);
  if (value && typeof value === 'object') {
    const ref = value as { code?: unknown; name?: unknown };
    return str(ref.code) ?? str(ref.name);
  }
  return undefined;
}

function actor(value: unknown): Actor | null {
  if (!value || typeof value !== 'object') return null;
  const { sub, email } = value as { sub?: unknown; email?: unknown };
  return typeof sub === 'string' ? { sub, email: typeof email === 'string' ? email : '' } : null;
}

function source(value: unknown): UpdateSource | null {
  return typeof value === 'string' && isUpdateSource(value) ? value : null;
}

/** Our own writes are the only source of these attributes, so shapes are trusted once present. */
export function toStoredHome(item: Record<string, unknown>): StoredHome {
  const locationId = str(item.locationId) ?? String(item.pk ?? '').replace(/^HOME#/, '');
  return {
    locationId,
    providerId: str(item.providerId),
    name: str(item.name),
    postcode: str(item.postcode),
    localAuthority: str(item.localAuthority),
    subIcb: areaCode(item.subIcbCode) ?? areaCode(item.subIcb),
    icb: areaCode(item.icbCode) ?? areaCode(item.icb),
    region: str(item.region),
    registeredBeds: typeof item.registeredBeds === 'number' ? item.registeredBeds : undefined,
    status: str(item.registryStatus) ?? str(item.status),
    services: item.services && typeof item.services === 'object' ? (item.services as StoredServices) : null,
    servicesVersion: num(item.servicesVersion, 0),
    servicesUpdatedAt: str(item.servicesUpdatedAt) ?? null,
    servicesUpdatedBy: actor(item.servicesUpdatedBy),
    bedRows: Array.isArray(item.bedState) ? (item.bedState as BedStateRow[]) : null,
    bedVersion: num(item.bedVersion, 0),
    bedUpdatedAt: str(item.bedUpdatedAt) ?? null,
    bedUpdatedBy: actor(item.bedUpdatedBy),
    bedSource: source(item.bedSource),
    bedSourceTime: str(item.bedSourceTime) ?? null,
    bedChangedAt: str(item.bedChangedAt) ?? null,
    outOfHoursAdmissions: typeof item.outOfHoursAdmissions === 'boolean' ? item.outOfHoursAdmissions : null,
  };
}
