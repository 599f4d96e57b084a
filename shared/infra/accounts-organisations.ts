import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Organisation, OrganisationDirectory, Page } from '../app/accounts/ports';
import { orgIdFor, slug } from '../domain/authz';
import { ENGLISH_REGIONS } from '../domain/geo/regions';
import type { OrgType } from '../domain/roles';
import { decodeCursor, encodeCursor } from './accounts-cursor';
import { awsClients } from './aws';
import { batchWriteAll } from './dynamo-batch';
import { homeKeys } from './keys';

/**
 * The organisation directory: one ORG item per organisation, listed per type on gsi5 sorted by a
 * normalised name, so "organisations of this type whose name starts with ..." is one Query.
 * Care homes, providers, local authorities, sub-ICBs, ICBs and regions are derived from the
 * registry's HOME items (syncFromHomes, and on demand when one is asked for by id before a sync);
 * NHS trusts, suppliers and national are created by admins or the seed.
 */
export const orgKeys = {
  pk: (orgId: string) => `ORG#${orgId}`,
  sk: 'ORG',
  listPk: (orgType: OrgType) => `ORGS#${orgType}`,
  listSk: (name: string, orgId: string) => `${searchName(name)}#${orgId}`,
};

/** Lower case, single spaces, no leading "the": how names are sorted and matched by prefix. */
export function searchName(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, ' ').replace(/^the /, '');
}

/** The facts of a registry HOME item that organisations are derived from. */
export interface HomeFacts {
  locationId: string;
  name: string;
  providerId?: string;
  providerName?: string;
  localAuthority?: string;
  subIcb?: string;
  subIcbName?: string;
  icb?: string;
  icbName?: string;
  region?: string;
  status?: string;
}

/** Every organisation a home implies: itself, its provider and its areas. */
export function organisationsOfHome(h: HomeFacts): Organisation[] {
  const status = h.status === 'archived' ? 'archived' : 'active';
  const area = {
    ...(h.localAuthority ? { localAuthority: h.localAuthority } : {}),
    ...(h.subIcb ? { subIcb: h.subIcb } : {}),
    ...(h.icb ? { icb: h.icb } : {}),
    ...(h.region ? { region: h.region } : {}),
  };
  const out: Organisation[] = [
    {
      orgId: orgIdFor.careHome(h.locationId),
      orgType: 'care-home',
      name: h.name,
      code: h.locationId,
      ...(h.providerId ? { providerId: h.providerId } : {}),
      ...(h.providerName ? { providerName: h.providerName } : {}),
      ...area,
      status,
      source: 'registry',
    },
  ];
  if (status === 'archived') return out;
  if (h.providerId) {
    out.push({
      orgId: orgIdFor.provider(h.providerId),
      orgType: 'provider',
      name: h.providerName ?? h.providerId,
      code: h.providerId,
      providerId: h.providerId,
      status,
      source: 'registry',
    });
  }
  if (h.localAuthority) {
    out.push({
      orgId: orgIdFor.localAuthority(h.localAuthority),
      orgType: 'local-authority',
      name: h.localAuthority,
      code: slug(h.localAuthority),
      localAuthority: h.localAuthority,
      status,
      source: 'registry',
    });
  }
  if (h.subIcb) {
    out.push({
      orgId: orgIdFor.subIcb(h.subIcb),
      orgType: 'sub-icb',
      name: h.subIcbName ?? h.subIcb,
      code: h.subIcb.trim().toUpperCase(),
      subIcb: h.subIcb,
      status,
      source: 'registry',
    });
  }
  if (h.icb) {
    out.push({
      orgId: orgIdFor.icb(h.icb),
      orgType: 'icb',
      name: h.icbName ?? h.icb,
      code: h.icb.trim().toUpperCase(),
      icb: h.icb,
      status,
      source: 'registry',
    });
  }
  if (h.region) {
    out.push({
      orgId: orgIdFor.region(h.region),
      orgType: 'region',
      name: h.region,
      code: slug(h.region),
      region: h.region,
      status,
      source: 'registry',
    });
  }
  return out;
}

export const NATIONAL_ORG: Organisation = {
  orgId: orgIdFor.national(),
  orgType: 'national',
  name: 'England (national)',
  code: 'england',
  status: 'active',
  source: 'seed',
};

function orgItem(org: Organisation): Record<string, unknown> {
  return {
    pk: orgKeys.pk(org.orgId),
    sk: orgKeys.sk,
    entity: 'organisation',
    gsi5pk: orgKeys.listPk(org.orgType),
    gsi5sk: orgKeys.listSk(org.name, org.orgId),
    ...org,
  };
}

function toOrg(item: Record<string, unknown>): Organisation {
  const { pk: _pk, sk: _sk, entity: _e, gsi5pk: _a, gsi5sk: _b, ...rest } = item;
  return rest as unknown as Organisation;
}

function toHome(item: Record<string, unknown>): HomeFacts | undefined {
  const str = (k: string) =>
    typeof item[k] === 'string' && item[k] !== '' ? (item[k] as string) : undefined;
  const locationId = str('locationId');
  if (!locationId) return undefined;
  const facts: HomeFacts = { locationId, name: str('name') ?? locationId };
  // The registry writes subIcbCode / icbCode / registryStatus; demo and fixture homes use the short names.
  const fields = {
    providerId: str('providerId'),
    providerName: str('providerName'),
    localAuthority: str('localAuthority'),
    subIcb: str('subIcbCode') ?? str('subIcb'),
    subIcbName: str('subIcbName'),
    icb: str('icbCode') ?? str('icb'),
    icbName: str('icbName'),
    region: str('region'),
    status: str('registryStatus') ?? str('status'),
  };
  for (const [k, v] of Object.entries(fields) as Array<[keyof typeof fields, string | undefined]>) {
    if (v) facts[k] = v;
  }
  return facts;
}

/** Which HOME index lists the homes of a derived organisation, and under which key. */
function homeIndexFor(orgId: string): { index: string; pk: string } | undefined {
  const [type, ...rest] = orgId.split(':');
  const code = rest.join(':');
  if (!code) return undefined;
  switch (type) {
    case 'provider':
      return { index: 'gsi6', pk: homeKeys.providerPk(code) };
    case 'local-authority':
      return { index: 'gsi2', pk: homeKeys.laPk(code) };
    case 'sub-icb':
      return { index: 'gsi3', pk: homeKeys.subIcbPk(code) };
    case 'icb':
      return { index: 'gsi4', pk: homeKeys.icbPk(code) };
    case 'region':
      return { index: 'gsi5', pk: homeKeys.regionPk(code) };
    default:
      return undefined;
  }
}

export class DynamoOrganisationDirectory implements OrganisationDirectory {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(orgId: string): Promise<Organisation | undefined> {
    const out = await this.ddb.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: orgKeys.pk(orgId), sk: orgKeys.sk } }),
    );
    if (out.Item) return toOrg(out.Item);
    // Not synced yet: derive it from the registry and keep it, so the directory fills as people use it.
    const derived = await this.deriveFromHomes(orgId);
    if (derived) await this.put(derived);
    return derived;
  }

  async search(type: OrgType, q: string, limit: number, cursor?: string): Promise<Page<Organisation>> {
    const prefix = searchName(q);
    const exact = !cursor && q.trim() ? await this.byCode(type, q.trim()) : undefined;
    const out = await this.ddb.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi5',
        KeyConditionExpression: prefix ? 'gsi5pk = :pk AND begins_with(gsi5sk, :p)' : 'gsi5pk = :pk',
        FilterExpression: '#status = :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':pk': orgKeys.listPk(type),
          ':active': 'active',
          ...(prefix ? { ':p': prefix } : {}),
        },
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor),
      }),
    );
    const items = (out.Items ?? []).map(toOrg);
    const all =
      exact && exact.status === 'active' ? [exact, ...items.filter((o) => o.orgId !== exact.orgId)] : items;
    return { items: all, cursor: encodeCursor(out.LastEvaluatedKey) };
  }

  async put(org: Organisation): Promise<void> {
    await this.ddb.send(new PutCommand({ TableName: this.tableName, Item: orgItem(org) }));
  }

  async create(org: Organisation): Promise<boolean> {
    try {
      await this.ddb.send(
        new PutCommand({
          TableName: this.tableName,
          Item: orgItem(org),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (e) {
      if ((e as Error).name === 'ConditionalCheckFailedException') return false;
      throw e;
    }
  }

  /**
   * Upserts every organisation implied by the registry's homes, reading them region by region
   * through the homes-by-region index (no Scan). Homes without a region are picked up on demand.
   */
  async syncFromHomes(): Promise<{ homes: number; organisations: number }> {
    const orgs = new Map<string, Organisation>();
    let homes = 0;
    for (const region of ENGLISH_REGIONS) {
      for await (const home of this.homesIn('gsi5', homeKeys.regionPk(region))) {
        homes++;
        for (const org of organisationsOfHome(home)) {
          const seen = orgs.get(org.orgId);
          // An area stays active while any of its homes is; an archived home only archives itself.
          if (!seen || (seen.status === 'archived' && org.status === 'active')) orgs.set(org.orgId, org);
        }
      }
    }
    orgs.set(NATIONAL_ORG.orgId, NATIONAL_ORG);
    const all = [...orgs.values()];
    await batchWriteAll(
      this.ddb,
      this.tableName,
      all.map((o) => ({ PutRequest: { Item: orgItem(o) } })),
    );
    return { homes, organisations: all.length };
  }

  /** One active home, for the demo seed (first region with any). */
  async anyActiveHome(): Promise<HomeFacts | undefined> {
    for (const region of ENGLISH_REGIONS) {
      for await (const home of this.homesIn('gsi5', homeKeys.regionPk(region))) {
        if (home.status !== 'archived') return home;
      }
    }
    return undefined;
  }

  private async byCode(type: OrgType, code: string): Promise<Organisation | undefined> {
    const ids: Partial<Record<OrgType, (c: string) => string>> = {
      'care-home': orgIdFor.careHome,
      provider: orgIdFor.provider,
      'nhs-trust': orgIdFor.nhsTrust,
      'sub-icb': orgIdFor.subIcb,
      icb: orgIdFor.icb,
      supplier: orgIdFor.supplier,
    };
    const make = ids[type];
    if (!make || !/^[A-Za-z0-9-]{1,40}$/.test(code)) return undefined;
    return this.get(make(code));
  }

  private async deriveFromHomes(orgId: string): Promise<Organisation | undefined> {
    let home: HomeFacts | undefined;
    if (orgId.startsWith('care-home:')) {
      const out = await this.ddb.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk: homeKeys.pk(orgId.slice('care-home:'.length)), sk: homeKeys.sk },
        }),
      );
      home = out.Item ? toHome(out.Item) : undefined;
    } else {
      const where = homeIndexFor(orgId);
      if (!where) return undefined;
      for await (const h of this.homesIn(where.index, where.pk, 1)) home = h;
    }
    if (!home) return undefined;
    return organisationsOfHome(home).find((o) => o.orgId === orgId);
  }

  private async *homesIn(
    index: string,
    pk: string,
    max = Number.POSITIVE_INFINITY,
  ): AsyncGenerator<HomeFacts> {
    let start: Record<string, unknown> | undefined;
    let n = 0;
    do {
      const out = await this.ddb.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: index,
          KeyConditionExpression: `${index}pk = :pk`,
          ExpressionAttributeValues: { ':pk': pk },
          ExclusiveStartKey: start,
          ...(Number.isFinite(max) ? { Limit: max } : {}),
        }),
      );
      for (const item of out.Items ?? []) {
        if (item.sk !== homeKeys.sk) continue;
        const home = toHome(item);
        if (home) {
          yield home;
          if (++n >= max) return;
        }
      }
      start = out.LastEvaluatedKey;
    } while (start);
  }
}

export function organisationDirectory(): DynamoOrganisationDirectory {
  const { ddb, config } = awsClients();
  return new DynamoOrganisationDirectory(ddb, config.TABLE_NAME);
}
