import { randomBytes } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type {
  AccessRequest,
  AccountsRepository,
  AuditEvent,
  MembershipRecord,
  Page,
  UserProfile,
} from '../app/accounts/ports';
import { CachingPrincipalStore, type PrincipalChangeFeed } from '../app/principal-cache';
import type { Principal } from '../domain/authz';
import type { Role } from '../domain/roles';
import { auditItem } from './accounts-audit';
import { decodeCursor, encodeCursor } from './accounts-cursor';
import { awsClients } from './aws';
import { TTL_ATTRIBUTE } from './table';

/**
 * Users, their memberships and their access requests live in one partition per user, so the
 * principal (profile + memberships) is one Query. Indexes: gsi2 users by email, gsi3 members by
 * organisation, gsi4 access requests by approver organisation, gsi5 listings (all users by email,
 * all pending requests). docs/data-model.d/accounts.md lists the access patterns.
 */
export const accountKeys = {
  userPk: (sub: string) => `USER#${sub}`,
  profileSk: 'PROFILE',
  memberSk: (orgId: string, role: Role) => `MEMBER#${orgId}#${role}`,
  memberPrefix: 'MEMBER#',
  requestSk: (requestId: string) => `REQUEST#${requestId}`,
  requestPrefix: 'REQUEST#',
  /** At most one pending request per user, organisation and role: created and deleted with the request. */
  requestLockSk: (orgId: string, role: Role) => `REQLOCK#${orgId}#${role}`,
  emailPk: (email: string) => `EMAIL#${normaliseEmail(email)}`,
  emailSk: 'USER',
  usersPk: 'USERS',
  usersSk: (email: string, sub: string) => `${normaliseEmail(email)}#${sub}`,
  membersPk: (orgId: string) => `MEMBERS#${orgId}`,
  membersSk: (role: Role, sub: string) => `${role}#${sub}`,
  approverPk: (orgId: string) => `APPROVER#${orgId}`,
  approverSk: (status: string, createdAt: string, requestId: string) => `${status}#${createdAt}#${requestId}`,
  pendingPk: 'ACCESS-REQUESTS#PENDING',
  pendingSk: (createdAt: string, requestId: string) => `${createdAt}#${requestId}`,
  /** The principal change feed: one marker per change to what a user may do, kept for a day. */
  principalChangesPk: 'PRINCIPALS#CHANGED',
  principalChangeSk: (at: string, sub: string) => `${at}#${sub}#${randomBytes(4).toString('hex')}`,
};

const PRINCIPAL_CHANGE_TTL_SECONDS = 24 * 3600;

/**
 * The marker written in the same transaction as a change to a user's profile flags or memberships,
 * so every container's principal cache drops that user (shared/app/principal-cache.ts). Keyed by the
 * wall clock, which is what the caches' feed reads compare with.
 */
function principalChangeItem(sub: string): Item {
  const nowMs = Date.now();
  return {
    pk: accountKeys.principalChangesPk,
    sk: accountKeys.principalChangeSk(new Date(nowMs).toISOString(), sub),
    entity: 'principal-change',
    sub,
    [TTL_ATTRIBUTE]: Math.floor(nowMs / 1000) + PRINCIPAL_CHANGE_TTL_SECONDS,
  };
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Request ids carry the requester's sub, so a request is found in its owner's partition without an index. */
export function newRequestId(sub: string, now: Date): string {
  return `${sub}.${now.getTime().toString(36)}${randomBytes(5).toString('hex')}`;
}

export function subOfRequestId(requestId: string): string | undefined {
  const m = /^([A-Za-z0-9-]{1,128})\.[0-9a-z]{8,40}$/.exec(requestId);
  return m?.[1];
}

type Item = Record<string, unknown>;

function strip(item: Item): Item {
  const out: Item = {};
  for (const [k, v] of Object.entries(item)) {
    if (k === 'pk' || k === 'sk' || k === 'entity' || /^gsi\d(pk|sk)$/.test(k)) continue;
    out[k] = v;
  }
  return out;
}

const toProfile = (item: Item) => strip(item) as unknown as UserProfile;
const toMembership = (item: Item) => strip(item) as unknown as MembershipRecord;
const toRequest = (item: Item) => strip(item) as unknown as AccessRequest;

function membershipItem(m: MembershipRecord): Item {
  return {
    pk: accountKeys.userPk(m.sub),
    sk: accountKeys.memberSk(m.orgId, m.role),
    entity: 'membership',
    gsi3pk: accountKeys.membersPk(m.orgId),
    gsi3sk: accountKeys.membersSk(m.role, m.sub),
    ...m,
  };
}

function requestItem(r: AccessRequest): Item {
  return {
    pk: accountKeys.userPk(r.sub),
    sk: accountKeys.requestSk(r.requestId),
    entity: 'access-request',
    gsi4pk: accountKeys.approverPk(r.approverOrgId),
    gsi4sk: accountKeys.approverSk(r.status, r.createdAt, r.requestId),
    ...(r.status === 'pending'
      ? { gsi5pk: accountKeys.pendingPk, gsi5sk: accountKeys.pendingSk(r.createdAt, r.requestId) }
      : {}),
    ...r,
  };
}

function cancelledByCondition(e: unknown): boolean {
  return (
    e instanceof TransactionCanceledException &&
    (e.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed')
  );
}

export class DynamoAccountsRepository implements AccountsRepository, PrincipalChangeFeed {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The PrincipalStore port: profile + memberships in one Query (sk MEMBER#... up to PROFILE). */
  async load(sub: string): Promise<Principal | undefined> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': accountKeys.userPk(sub),
        ':from': accountKeys.memberPrefix,
        ':to': 'PROFILE',
      },
    });
    const profile = items.find((i) => i.sk === accountKeys.profileSk);
    if (!profile) return undefined;
    const p = toProfile(profile);
    return {
      sub,
      email: p.email,
      disabled: p.disabled === true,
      memberships: items
        .filter((i) => i.entity === 'membership')
        .map((i) => {
          const m = toMembership(i);
          return { orgId: m.orgId, orgType: m.orgType, orgName: m.orgName, role: m.role };
        }),
    };
  }

  /** The PrincipalChangeFeed port: markers at or after `sinceIso`, one consistent Query of one partition. */
  async changedSince(sinceIso: string): Promise<Array<{ key: string; sub: string }>> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND sk >= :since',
      ExpressionAttributeValues: { ':pk': accountKeys.principalChangesPk, ':since': sinceIso },
      ProjectionExpression: 'sk, #sub',
      ExpressionAttributeNames: { '#sub': 'sub' },
      ConsistentRead: true,
    });
    return items.map((i) => ({ key: String(i.sk), sub: String(i.sub) }));
  }

  async getProfile(sub: string): Promise<UserProfile | undefined> {
    const out = await this.ddb.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: accountKeys.userPk(sub), sk: accountKeys.profileSk },
        ConsistentRead: true,
      }),
    );
    return out.Item ? toProfile(out.Item) : undefined;
  }

  async findByEmail(email: string): Promise<UserProfile | undefined> {
    const out = await this.ddb.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk = :sk',
        ExpressionAttributeValues: { ':pk': accountKeys.emailPk(email), ':sk': accountKeys.emailSk },
        Limit: 1,
      }),
    );
    const item = out.Items?.[0];
    return item ? toProfile(item) : undefined;
  }

  async ensureProfile(p: { sub: string; email: string; name?: string }, now: Date): Promise<UserProfile> {
    const at = now.toISOString();
    const profile: UserProfile = {
      sub: p.sub,
      email: p.email.trim(),
      ...(p.name ? { name: p.name } : {}),
      disabled: false,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    try {
      await this.ddb.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: accountKeys.userPk(p.sub),
            sk: accountKeys.profileSk,
            entity: 'user',
            gsi2pk: accountKeys.emailPk(p.email),
            gsi2sk: accountKeys.emailSk,
            gsi5pk: accountKeys.usersPk,
            gsi5sk: accountKeys.usersSk(p.email, p.sub),
            ...profile,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return profile;
    } catch (e) {
      if ((e as Error).name !== 'ConditionalCheckFailedException') throw e;
      const existing = await this.getProfile(p.sub);
      if (!existing) throw e;
      return existing;
    }
  }

  async setDisabled(
    sub: string,
    change: { disabled: boolean; reason?: string; expectedVersion: number; at: string },
    event: AuditEvent,
  ): Promise<UserProfile | 'conflict'> {
    const reason = change.disabled && change.reason ? change.reason : undefined;
    try {
      await this.transactPrincipalChange(sub, [
        {
          Update: {
            TableName: this.tableName,
            Key: { pk: accountKeys.userPk(sub), sk: accountKeys.profileSk },
            UpdateExpression: reason
              ? 'SET disabled = :d, disabledReason = :r, updatedAt = :at, version = version + :one'
              : 'SET disabled = :d, updatedAt = :at, version = version + :one REMOVE disabledReason',
            ConditionExpression: 'attribute_exists(pk) AND version = :v',
            ExpressionAttributeValues: {
              ':d': change.disabled,
              ':at': change.at,
              ':one': 1,
              ':v': change.expectedVersion,
              ...(reason ? { ':r': reason } : {}),
            },
          },
        },
        { Put: { TableName: this.tableName, Item: auditItem(event) } },
      ]);
    } catch (e) {
      if (cancelledByCondition(e)) return 'conflict';
      throw e;
    }
    const updated = await this.getProfile(sub);
    if (!updated) return 'conflict';
    return updated;
  }

  async recordSignIn(
    sub: string,
    authEpoch: number,
    windowSeconds: number,
    event: AuditEvent,
  ): Promise<boolean> {
    try {
      await this.transact([
        {
          Update: {
            TableName: this.tableName,
            Key: { pk: accountKeys.userPk(sub), sk: accountKeys.profileSk },
            UpdateExpression: 'SET lastSignInEpoch = :auth',
            ConditionExpression:
              'attribute_exists(pk) AND (attribute_not_exists(lastSignInEpoch) OR lastSignInEpoch < :threshold)',
            ExpressionAttributeValues: { ':auth': authEpoch, ':threshold': authEpoch - windowSeconds },
          },
        },
        { Put: { TableName: this.tableName, Item: auditItem(event) } },
      ]);
      return true;
    } catch (e) {
      if (cancelledByCondition(e)) return false;
      throw e;
    }
  }

  async listMemberships(sub: string): Promise<MembershipRecord[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': accountKeys.userPk(sub), ':p': accountKeys.memberPrefix },
    });
    return items.map(toMembership);
  }

  async listMembersOf(orgId: string, role?: Role): Promise<MembershipRecord[]> {
    const items = await this.queryAll({
      IndexName: 'gsi3',
      KeyConditionExpression: role ? 'gsi3pk = :pk AND begins_with(gsi3sk, :r)' : 'gsi3pk = :pk',
      ExpressionAttributeValues: {
        ':pk': accountKeys.membersPk(orgId),
        ...(role ? { ':r': `${role}#` } : {}),
      },
    });
    return items.map(toMembership);
  }

  async grantMembership(m: MembershipRecord, event: AuditEvent): Promise<boolean> {
    try {
      await this.transactPrincipalChange(m.sub, [
        {
          Put: {
            TableName: this.tableName,
            Item: membershipItem(m),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        { Put: { TableName: this.tableName, Item: auditItem(event) } },
      ]);
      return true;
    } catch (e) {
      if (cancelledByCondition(e)) return false;
      throw e;
    }
  }

  async removeMembership(sub: string, orgId: string, role: Role, event: AuditEvent): Promise<boolean> {
    try {
      await this.transactPrincipalChange(sub, [
        {
          Delete: {
            TableName: this.tableName,
            Key: { pk: accountKeys.userPk(sub), sk: accountKeys.memberSk(orgId, role) },
            ConditionExpression: 'attribute_exists(pk)',
          },
        },
        { Put: { TableName: this.tableName, Item: auditItem(event) } },
      ]);
      return true;
    } catch (e) {
      if (cancelledByCondition(e)) return false;
      throw e;
    }
  }

  async createRequest(r: AccessRequest, event: AuditEvent): Promise<'created' | 'duplicate'> {
    try {
      await this.transact([
        {
          Put: {
            TableName: this.tableName,
            Item: {
              pk: accountKeys.userPk(r.sub),
              sk: accountKeys.requestLockSk(r.orgId, r.role),
              entity: 'access-request-lock',
              requestId: r.requestId,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: requestItem(r),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        { Put: { TableName: this.tableName, Item: auditItem(event) } },
      ]);
      return 'created';
    } catch (e) {
      if (cancelledByCondition(e)) return 'duplicate';
      throw e;
    }
  }

  async getRequest(requestId: string): Promise<AccessRequest | undefined> {
    const sub = subOfRequestId(requestId);
    if (!sub) return undefined;
    const out = await this.ddb.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: accountKeys.userPk(sub), sk: accountKeys.requestSk(requestId) },
        ConsistentRead: true,
      }),
    );
    return out.Item ? toRequest(out.Item) : undefined;
  }

  async listRequestsOf(sub: string): Promise<AccessRequest[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': accountKeys.userPk(sub), ':p': accountKeys.requestPrefix },
      ScanIndexForward: false,
    });
    return items.map(toRequest);
  }

  async listPendingForApprover(approverOrgId: string): Promise<AccessRequest[]> {
    const items = await this.queryAll({
      IndexName: 'gsi4',
      KeyConditionExpression: 'gsi4pk = :pk AND begins_with(gsi4sk, :p)',
      ExpressionAttributeValues: { ':pk': accountKeys.approverPk(approverOrgId), ':p': 'pending#' },
    });
    return items.map(toRequest);
  }

  async listAllPending(limit: number, cursor?: string): Promise<Page<AccessRequest>> {
    const out = await this.ddb.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi5',
        KeyConditionExpression: 'gsi5pk = :pk',
        ExpressionAttributeValues: { ':pk': accountKeys.pendingPk },
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor),
      }),
    );
    return { items: (out.Items ?? []).map(toRequest), cursor: encodeCursor(out.LastEvaluatedKey) };
  }

  async decideRequest(
    r: AccessRequest,
    decision: {
      status: 'approved' | 'rejected';
      bySub: string;
      byEmail: string;
      reason?: string;
      at: string;
    },
    membership: MembershipRecord | undefined,
    event: AuditEvent,
  ): Promise<AccessRequest | 'conflict'> {
    const decided: AccessRequest = {
      ...r,
      status: decision.status,
      decidedAt: decision.at,
      decidedBySub: decision.bySub,
      decidedByEmail: decision.byEmail,
      ...(decision.reason ? { decisionReason: decision.reason } : {}),
      version: r.version + 1,
    };
    const items: NonNullable<TransactWriteCommandInput['TransactItems']> = [
      {
        Put: {
          TableName: this.tableName,
          Item: requestItem(decided),
          ConditionExpression: '#status = :pending AND version = :v',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pending': 'pending', ':v': r.version },
        },
      },
      {
        Delete: {
          TableName: this.tableName,
          Key: { pk: accountKeys.userPk(r.sub), sk: accountKeys.requestLockSk(r.orgId, r.role) },
        },
      },
      { Put: { TableName: this.tableName, Item: auditItem(event) } },
    ];
    // Unconditional: an admin may have granted the same membership directly meanwhile; approving again is harmless.
    if (membership) items.push({ Put: { TableName: this.tableName, Item: membershipItem(membership) } });
    try {
      if (membership) await this.transactPrincipalChange(membership.sub, items);
      else await this.transact(items);
      return decided;
    } catch (e) {
      if (cancelledByCondition(e)) return 'conflict';
      throw e;
    }
  }

  async searchUsers(emailPrefix: string, limit: number, cursor?: string): Promise<Page<UserProfile>> {
    const prefix = normaliseEmail(emailPrefix);
    const out = await this.ddb.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi5',
        KeyConditionExpression: prefix ? 'gsi5pk = :pk AND begins_with(gsi5sk, :p)' : 'gsi5pk = :pk',
        ExpressionAttributeValues: { ':pk': accountKeys.usersPk, ...(prefix ? { ':p': prefix } : {}) },
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor),
      }),
    );
    return { items: (out.Items ?? []).map(toProfile), cursor: encodeCursor(out.LastEvaluatedKey) };
  }

  private async transact(items: NonNullable<TransactWriteCommandInput['TransactItems']>): Promise<void> {
    await this.ddb.send(new TransactWriteCommand({ TransactItems: items }));
  }

  /**
   * A transaction that changes what `sub` may do: committed with its change marker, so every
   * container's principal cache drops the user, and dropped from this container's at once.
   */
  private async transactPrincipalChange(
    sub: string,
    items: NonNullable<TransactWriteCommandInput['TransactItems']>,
  ): Promise<void> {
    await this.transact([...items, { Put: { TableName: this.tableName, Item: principalChangeItem(sub) } }]);
    forgetPrincipal(sub);
  }

  private async queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.ddb.send(
        new QueryCommand({ ...input, TableName: this.tableName, ExclusiveStartKey: start }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }
}

/** The repository over the configured table; build it per invocation (clients are cached per container). */
export function accountsRepository(): DynamoAccountsRepository {
  const { ddb, config } = awsClients();
  return new DynamoAccountsRepository(ddb, config.TABLE_NAME);
}

let cachedPrincipals: { table: string; store: CachingPrincipalStore } | undefined;

/**
 * The PrincipalStore every route but the accounts routes uses with requirePrincipal(req,
 * principalStore()): profile and memberships as stored in the table, never anything from the browser
 * or the token's groups, kept per container and dropped through the change feed
 * (shared/app/principal-cache.ts). The accounts routes read the table on every request.
 */
export function principalStore(): CachingPrincipalStore {
  const repo = accountsRepository();
  const table = awsClients().config.TABLE_NAME;
  if (cachedPrincipals?.table !== table) {
    cachedPrincipals = { table, store: new CachingPrincipalStore(repo, repo) };
  }
  return cachedPrincipals.store;
}

/** A change made in this container is seen here at once, without waiting for the feed. */
function forgetPrincipal(sub: string): void {
  cachedPrincipals?.store.forget(sub);
}
