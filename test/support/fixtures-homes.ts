import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ensureConfirmedUser } from '../../local/cognito-setup';
import type { RunningService } from '../../local/service';
import { orgIdFor } from '../../shared/domain/authz';
import type { OrgType, Role } from '../../shared/domain/roles';
import { accountsRepository } from '../../shared/infra/accounts-repository';
import { awsClients } from '../../shared/infra/aws';
import { homeKeys } from '../../shared/infra/keys';
import { signIn } from './service';

/**
 * Homes and people for the provider-update tests, in the shapes the registry and accounts write:
 * a HOME item with registry attributes and area/provider index keys, a Cognito user, a stored
 * profile and one stored membership.
 */

export interface HomeFixture {
  locationId: string;
  name: string;
  providerId: string;
  registeredBeds?: number;
  localAuthority?: string;
  postcode?: string;
}

let counter = 0;
/** Location ids beginning 1-8 are not issued by CQC, so fixtures never collide with real data. */
export function newLocationId(): string {
  counter += 1;
  return `1-8${String(Date.now() % 1e7).padStart(7, '0')}${String(counter).padStart(3, '0')}`;
}

export async function putHome(home: HomeFixture): Promise<HomeFixture> {
  const { ddb, config } = awsClients();
  const areaSk = homeKeys.areaSk(home.name, home.locationId);
  await ddb.send(
    new PutCommand({
      TableName: config.TABLE_NAME,
      Item: {
        pk: homeKeys.pk(home.locationId),
        sk: homeKeys.sk,
        entity: 'home',
        registryStatus: 'active',
        ...home,
        ...(home.localAuthority ? { gsi2pk: homeKeys.laPk(home.localAuthority), gsi2sk: areaSk } : {}),
        gsi6pk: homeKeys.providerPk(home.providerId),
        gsi6sk: areaSk,
      },
    }),
  );
  return home;
}

/** The raw HOME item, to check what was (not) written. */
export async function homeItem(locationId: string): Promise<Record<string, unknown> | undefined> {
  const { ddb, config } = awsClients();
  const res = await ddb.send(
    new GetCommand({
      TableName: config.TABLE_NAME,
      Key: { pk: homeKeys.pk(locationId), sk: homeKeys.sk },
      ConsistentRead: true,
    }),
  );
  return res.Item;
}

/** Every history item of a home, oldest first. */
export async function historyItems(locationId: string): Promise<Record<string, unknown>[]> {
  const { ddb, config } = awsClients();
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await ddb.send(
      new QueryCommand({
        TableName: config.TABLE_NAME,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
        ExpressionAttributeValues: { ':pk': homeKeys.pk(locationId), ':p': homeKeys.historyPrefix },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(res.Items ?? []));
    start = res.LastEvaluatedKey;
  } while (start);
  return items;
}

export interface PersonFixture {
  email: string;
  password: string;
  sub: string;
  token: string;
}

/**
 * A signed-in person holding one role in one organisation (or none: a signed-in account with no
 * membership). The membership is stored as the accounts module stores it.
 */
export async function addPerson(
  svc: RunningService,
  email: string,
  membership?: { role: Role; orgId: string; orgType: OrgType; orgName: string; providerId?: string },
): Promise<PersonFixture> {
  const password = 'fixture-password-2026';
  const cognito = new CognitoIdentityProviderClient({
    endpoint: svc.env.COGNITO_ENDPOINT,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const sub = await ensureConfirmedUser(cognito, svc.env.USER_POOL_ID ?? '', email, password, []);
  cognito.destroy();
  const repo = accountsRepository();
  const now = new Date();
  await repo.ensureProfile({ sub, email }, now);
  if (membership) {
    await repo.grantMembership(
      {
        sub,
        email,
        ...membership,
        grantedAt: now.toISOString(),
        grantedBySub: 'fixture',
        grantedByEmail: 'fixture',
      },
      {
        at: now.toISOString(),
        action: 'membership-granted',
        source: 'api',
        targetSub: sub,
        targetEmail: email,
        orgId: membership.orgId,
        role: membership.role,
      },
    );
  }
  return { email, password, sub, token: await signIn(svc, email, password) };
}

export const staffOf = (home: HomeFixture) => ({
  role: 'care-home-staff' as const,
  orgId: orgIdFor.careHome(home.locationId),
  orgType: 'care-home' as const,
  orgName: home.name,
  providerId: home.providerId,
});

export const approverOf = (providerId: string) => ({
  role: 'provider-approver' as const,
  orgId: orgIdFor.provider(providerId),
  orgType: 'provider' as const,
  orgName: `Provider ${providerId}`,
});

/** Services offering General Residential and Learning Disability Residential (the support pack's example). */
export function servicesInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    shortStayServices: ['respite-care'],
    shortStayNone: false,
    vacancyTypes: ['general-residential', 'learning-disability-residential'],
    languages: ['English', 'Polish'],
    notes: 'Hoist available; wheelchair accessible; lift to all floors',
    fundingSources: ['local-authority', 'private'],
    contracts: { localAuthority: true, subIcb: false },
    outOfHoursAdmissions: true,
    ...overrides,
  };
}

export function row(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    vacancyType: 'general-residential',
    weeklyPriceFrom: 1175,
    maximumCapacity: 6,
    occupied: 6,
    vacantReserved: 0,
    vacantAccepting: 0,
    vacantNotAvailable: 0,
    notAvailableReason: null,
    flexible: false,
    ...overrides,
  };
}

/** The support pack's example table: 13 beds, 12 residents, 1 accepting. */
export function bedUpdate(
  extra: Record<string, unknown> = {},
): { rows: Record<string, unknown>[] } & Record<string, unknown> {
  return {
    rows: [
      row(),
      row({
        vacancyType: 'learning-disability-residential',
        maximumCapacity: 7,
        occupied: 6,
        vacantAccepting: 1,
      }),
    ],
    ...extra,
  };
}
