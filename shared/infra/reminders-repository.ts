import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type {
  ClaimOutcome,
  EmailEventRecord,
  NotificationPreferences,
  OrgMember,
  Recipient,
  ReminderHome,
  RemindersStore,
  SendKind,
  SentRecord,
  StoredLink,
} from '../app/reminders/ports';
import { DEFAULT_PREFERENCES } from '../app/reminders/ports';
import { ENGLISH_REGIONS } from '../domain/geo/regions';
import { accountKeys, normaliseEmail } from './accounts-repository';
import { awsClients } from './aws';
import { batchWriteAll } from './dynamo-batch';
import { homeKeys } from './keys';

/**
 * The reminders' items: send log, one-click link nonces, notification preferences and SES
 * bounce/complaint records. docs/data-model.d/reminders.md lists keys and access patterns.
 */
export const reminderKeys = {
  sendLogPk: (day: string) => `SENDLOG#${day}`,
  sendLogSk: (kind: SendKind, key: string) => `${kind}#${key}`,
  linkPk: (nonce: string) => `LINK#${nonce}`,
  linkSk: 'LINK',
  /** In the user's partition, outside the MEMBER#..PROFILE range the principal query reads. */
  preferencesSk: 'SETTINGS#notifications',
  emailStatusPk: (email: string) => `EMAILSTATUS#${normaliseEmail(email)}`,
  suppressedSk: 'SUPPRESSED',
  emailEventSk: (at: string, type: string) => `EVENT#${at}#${type}`,
};

/** Send-log items outlive a link (72 hours) comfortably, then DynamoDB TTL removes them. */
const SEND_LOG_DAYS = 35;
const EMAIL_EVENT_DAYS = 400;
const DAY_S = 86_400;

type Item = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

function areaCode(code: unknown, name: unknown): string | undefined {
  return str(code) ?? str(name);
}

const HOME_ATTRIBUTES = [
  'locationId',
  'name',
  'providerId',
  'bedUpdatedAt',
  'bedState',
  'localAuthority',
  'subIcbCode',
  'subIcbName',
  'icbCode',
  'icbName',
  'region',
  'registryStatus',
];
// Several are reserved words (name, region): every one goes through a placeholder.
const HOME_PROJECTION = HOME_ATTRIBUTES.map((_, i) => `#a${i}`).join(', ');
const HOME_NAMES = Object.fromEntries(HOME_ATTRIBUTES.map((a, i) => [`#a${i}`, a]));

export class DynamoRemindersStore implements RemindersStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Every active home is in gsi5 under its region (or REGION#unknown): Query each partition a page
   * at a time, filtered to bedUpdatedAt <= cutoff or never updated. Only one page is held at once.
   */
  async *staleHomes(cutoff: string, pageSize = 500): AsyncIterable<ReminderHome[]> {
    const partitions = [
      ...ENGLISH_REGIONS.map((r) => homeKeys.regionPk(r)),
      homeKeys.regionPk(homeKeys.unknownRegion),
    ];
    for (const partition of partitions) {
      let start: Record<string, unknown> | undefined;
      do {
        const res = await this.ddb.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: 'gsi5',
            KeyConditionExpression: 'gsi5pk = :p',
            FilterExpression: '#sk = :home AND (attribute_not_exists(#a3) OR #a3 <= :cutoff)',
            ProjectionExpression: HOME_PROJECTION,
            ExpressionAttributeNames: { ...HOME_NAMES, '#sk': 'sk' },
            ExpressionAttributeValues: { ':p': partition, ':home': homeKeys.sk, ':cutoff': cutoff },
            ExclusiveStartKey: start,
            Limit: pageSize,
          }),
        );
        const homes = (res.Items ?? []).map(toReminderHome);
        if (homes.length > 0) yield homes;
        start = res.LastEvaluatedKey;
      } while (start);
    }
  }

  async membersOf(orgId: string): Promise<OrgMember[]> {
    const out: OrgMember[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const res = await this.ddb.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi3',
          KeyConditionExpression: 'gsi3pk = :pk',
          ExpressionAttributeValues: { ':pk': accountKeys.membersPk(orgId) },
          ProjectionExpression: '#sub, #email, #role, #orgId, #orgType, #orgName',
          ExpressionAttributeNames: {
            '#sub': 'sub',
            '#email': 'email',
            '#role': 'role',
            '#orgId': 'orgId',
            '#orgType': 'orgType',
            '#orgName': 'orgName',
          },
          ExclusiveStartKey: start,
        }),
      );
      for (const i of res.Items ?? []) {
        if (typeof i.sub === 'string' && typeof i.role === 'string') out.push(i as unknown as OrgMember);
      }
      start = res.LastEvaluatedKey;
    } while (start);
    return out;
  }

  async recipients(people: ReadonlyArray<{ sub: string; email: string }>): Promise<Map<string, Recipient>> {
    const out = new Map<string, Recipient>();
    const profiles = new Map<string, Item>();
    const prefs = new Map<string, NotificationPreferences>();
    const keys = people.flatMap((p) => [
      { pk: accountKeys.userPk(p.sub), sk: accountKeys.profileSk },
      { pk: accountKeys.userPk(p.sub), sk: reminderKeys.preferencesSk },
    ]);
    for (const item of await this.batchGet(keys)) {
      const sub = String(item.pk).slice('USER#'.length);
      if (item.sk === accountKeys.profileSk) profiles.set(sub, item);
      else prefs.set(sub, toPreferences(item));
    }
    const emailOf = (p: { sub: string; email: string }) => str(profiles.get(p.sub)?.email) ?? p.email;
    const suppressed = new Set<string>();
    const emails = [...new Set(people.map((p) => normaliseEmail(emailOf(p))))];
    for (const item of await this.batchGet(
      emails.map((e) => ({ pk: reminderKeys.emailStatusPk(e), sk: reminderKeys.suppressedSk })),
    )) {
      suppressed.add(String(item.pk).slice('EMAILSTATUS#'.length));
    }
    for (const p of people) {
      const profile = profiles.get(p.sub);
      // No profile: an account the service never saw sign in; its membership alone is not enough.
      if (!profile) continue;
      const email = emailOf(p);
      out.set(p.sub, {
        sub: p.sub,
        email,
        disabled: profile.disabled === true,
        preferences: prefs.get(p.sub) ?? DEFAULT_PREFERENCES,
        suppressed: suppressed.has(normaliseEmail(email)),
      });
    }
    return out;
  }

  async claimSend(day: string, kind: SendKind, key: string, to: string, at: string): Promise<ClaimOutcome> {
    try {
      await this.ddb.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: reminderKeys.sendLogPk(day), sk: reminderKeys.sendLogSk(kind, key) },
          UpdateExpression:
            'SET entity = :e, #status = :claimed, claimedAt = :at, #to = :to, kind = :kind, #ttl = :ttl ADD attempts :one',
          ConditionExpression: 'attribute_not_exists(pk) OR #status = :failed',
          ExpressionAttributeNames: { '#status': 'status', '#to': 'to', '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ':e': 'SENDLOG',
            ':claimed': 'claimed',
            ':failed': 'failed',
            ':at': at,
            ':to': normaliseEmail(to),
            ':kind': kind,
            ':ttl': Math.floor(Date.parse(at) / 1000) + SEND_LOG_DAYS * DAY_S,
            ':one': 1,
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return 'claimed';
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) {
        const status = (e.Item as { status?: { S?: string } } | undefined)?.status?.S;
        return status === 'sent' ? 'done' : 'pending';
      }
      throw e;
    }
  }

  async markSent(day: string, kind: SendKind, key: string, at: string, messageId: string): Promise<void> {
    await this.ddb.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: reminderKeys.sendLogPk(day), sk: reminderKeys.sendLogSk(kind, key) },
        UpdateExpression: 'SET #status = :sent, sentAt = :at, messageId = :id REMOVE #error',
        ExpressionAttributeNames: { '#status': 'status', '#error': 'error' },
        ExpressionAttributeValues: { ':sent': 'sent', ':at': at, ':id': messageId },
      }),
    );
  }

  async markSentMany(day: string, sent: ReadonlyArray<SentRecord>): Promise<void> {
    await batchWriteAll(
      this.ddb,
      this.tableName,
      sent.map((r) => ({
        PutRequest: {
          Item: {
            pk: reminderKeys.sendLogPk(day),
            sk: reminderKeys.sendLogSk(r.kind, r.key),
            entity: 'SENDLOG',
            status: 'sent',
            kind: r.kind,
            to: normaliseEmail(r.to),
            claimedAt: r.claimedAt,
            sentAt: r.sentAt,
            messageId: r.messageId,
            ttl: Math.floor(Date.parse(r.claimedAt) / 1000) + SEND_LOG_DAYS * DAY_S,
          },
        },
      })),
    );
  }

  async sendStatuses(day: string, kind: SendKind, keys: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const prefix = `${kind}#`;
    for (const item of await this.batchGet(
      keys.map((k) => ({ pk: reminderKeys.sendLogPk(day), sk: reminderKeys.sendLogSk(kind, k) })),
    )) {
      out.set(String(item.sk).slice(prefix.length), String(item.status));
    }
    return out;
  }

  async markFailed(day: string, kind: SendKind, key: string, at: string, error: string): Promise<void> {
    await this.ddb.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: reminderKeys.sendLogPk(day), sk: reminderKeys.sendLogSk(kind, key) },
        UpdateExpression: 'SET #status = :failed, failedAt = :at, #error = :error',
        ConditionExpression: '#status = :claimed',
        ExpressionAttributeNames: { '#status': 'status', '#error': 'error' },
        ExpressionAttributeValues: { ':failed': 'failed', ':claimed': 'claimed', ':at': at, ':error': error },
      }),
    );
  }

  async putLinks(links: readonly StoredLink[]): Promise<void> {
    // Nonces are 128 random bits, so a batch write (no condition) cannot overwrite another link.
    await batchWriteAll(
      this.ddb,
      this.tableName,
      links.map((link) => ({
        PutRequest: {
          Item: {
            pk: reminderKeys.linkPk(link.nonce),
            sk: reminderKeys.linkSk,
            entity: 'LINK',
            ...link,
            // Kept a week past expiry so a late click still says "expired", then removed by TTL.
            ttl: link.expiresAt + 7 * DAY_S,
          },
        },
      })),
    );
  }

  async getLink(nonce: string): Promise<StoredLink | undefined> {
    const res = await this.ddb.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: reminderKeys.linkPk(nonce), sk: reminderKeys.linkSk },
        ConsistentRead: true,
      }),
    );
    const i = res.Item;
    if (!i) return undefined;
    return {
      nonce: String(i.nonce),
      locationId: String(i.locationId),
      sub: String(i.sub),
      email: String(i.email),
      day: String(i.day),
      issuedAt: String(i.issuedAt),
      expiresAt: Number(i.expiresAt),
      ...(typeof i.consumedAt === 'string' ? { consumedAt: i.consumedAt } : {}),
    };
  }

  async consumeLink(nonce: string, at: string): Promise<boolean> {
    try {
      await this.ddb.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: reminderKeys.linkPk(nonce), sk: reminderKeys.linkSk },
          UpdateExpression: 'SET consumedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(consumedAt)',
          ExpressionAttributeValues: { ':at': at },
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  async releaseLink(nonce: string): Promise<void> {
    await this.ddb.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: reminderKeys.linkPk(nonce), sk: reminderKeys.linkSk },
        UpdateExpression: 'REMOVE consumedAt',
        ConditionExpression: 'attribute_exists(pk)',
      }),
    );
  }

  async getPreferences(sub: string): Promise<NotificationPreferences> {
    const res = await this.ddb.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: accountKeys.userPk(sub), sk: reminderKeys.preferencesSk },
      }),
    );
    return res.Item ? toPreferences(res.Item) : DEFAULT_PREFERENCES;
  }

  async putPreferences(sub: string, prefs: NotificationPreferences): Promise<void> {
    await this.ddb.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: accountKeys.userPk(sub),
          sk: reminderKeys.preferencesSk,
          entity: 'NOTIFICATION_PREFERENCES',
          sub,
          reminders: prefs.reminders,
          digests: prefs.digests,
          updatedAt: prefs.updatedAt,
        },
      }),
    );
  }

  async recordEmailEvent(event: EmailEventRecord): Promise<void> {
    const email = normaliseEmail(event.email);
    const pk = reminderKeys.emailStatusPk(email);
    const ttl = Math.floor(Date.parse(event.at) / 1000) + EMAIL_EVENT_DAYS * DAY_S;
    await this.ddb.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk,
          sk: reminderKeys.emailEventSk(event.at, `${event.type}#${event.messageId ?? ''}`),
          entity: 'EMAIL_EVENT',
          ...event,
          email,
          ttl,
        },
      }),
    );
    if (event.suppress) {
      await this.ddb.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk, sk: reminderKeys.suppressedSk },
          UpdateExpression:
            'SET entity = :e, email = :email, reason = :reason, lastEventAt = :at, firstEventAt = if_not_exists(firstEventAt, :at) ADD events :one',
          ExpressionAttributeValues: {
            ':e': 'EMAIL_SUPPRESSED',
            ':email': email,
            ':reason': event.subType ? `${event.type}:${event.subType}` : event.type,
            ':at': event.at,
            ':one': 1,
          },
        }),
      );
    }
  }

  async isSuppressed(email: string): Promise<boolean> {
    const res = await this.ddb.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: reminderKeys.emailStatusPk(email), sk: reminderKeys.suppressedSk },
      }),
    );
    return res.Item !== undefined;
  }

  /** BatchGetItem in chunks of 100, retrying unprocessed keys. */
  private async batchGet(keys: Array<{ pk: string; sk: string }>): Promise<Item[]> {
    const out: Item[] = [];
    for (let i = 0; i < keys.length; i += 100) {
      let request: Array<Record<string, unknown>> = keys.slice(i, i + 100);
      for (let attempt = 0; request.length > 0; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
        const res = await this.ddb.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: request } } }),
        );
        out.push(...((res.Responses?.[this.tableName] ?? []) as Item[]));
        request = (res.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Array<Record<string, unknown>>;
        if (attempt > 8 && request.length > 0) throw new Error('BatchGetItem left keys unprocessed');
      }
    }
    return out;
  }
}

function toReminderHome(i: Item): ReminderHome {
  return {
    locationId: String(i.locationId),
    name: str(i.name),
    providerId: str(i.providerId),
    bedUpdatedAt: str(i.bedUpdatedAt) ?? null,
    hasFigures: Array.isArray(i.bedState) && i.bedState.length > 0,
    localAuthority: str(i.localAuthority),
    subIcb: areaCode(i.subIcbCode, i.subIcbName),
    icb: areaCode(i.icbCode, i.icbName),
    region: str(i.region),
    status: str(i.registryStatus),
  };
}

function toPreferences(i: Item): NotificationPreferences {
  return {
    reminders: i.reminders !== false,
    digests: i.digests !== false,
    updatedAt: str(i.updatedAt) ?? null,
  };
}

export function remindersStore(): DynamoRemindersStore {
  const { ddb, config } = awsClients();
  return new DynamoRemindersStore(ddb, config.TABLE_NAME);
}
