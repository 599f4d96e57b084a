import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { MembershipRecord, Organisation } from '../app/accounts/ports';
import { orgIdFor } from '../domain/authz';
import type { Role } from '../domain/roles';
import {
  type HomeFacts,
  NATIONAL_ORG,
  organisationDirectory,
  organisationsOfHome,
} from './accounts-organisations';
import { accountsRepository } from './accounts-repository';
import { awsClients } from './aws';
import { homeKeys } from './keys';

/**
 * Demo data for the local service and tests: stored memberships for the demo users, the
 * organisations they belong to, and (only when the registry has no homes yet) one demo home.
 */

export const DEMO_TRUSTS: ReadonlyArray<{ code: string; name: string }> = [
  { code: 'RR8', name: 'Leeds Teaching Hospitals NHS Trust' },
  { code: 'RJ1', name: "Guy's and St Thomas' NHS Foundation Trust" },
  { code: 'R0A', name: 'Manchester University NHS Foundation Trust' },
];

export const DEMO_SUPPLIER = { code: 'demo-bed-tracker', name: 'Demo Bed Tracker Ltd' };

/** A made-up home (location ids beginning 1-9 are not issued by CQC) used when no registry data is loaded. */
export const FALLBACK_DEMO_HOME: Required<Omit<HomeFacts, 'status'>> & { status: 'active' } = {
  locationId: '1-9000000001',
  name: 'Demo Court Care Home',
  providerId: '1-9000000000',
  providerName: 'Demo Care Group Ltd',
  localAuthority: 'Leeds',
  subIcb: 'E38000225',
  subIcbName: 'NHS West Yorkshire ICB - 15F',
  icb: 'E54000054',
  icbName: 'NHS West Yorkshire Integrated Care Board',
  region: 'Yorkshire and the Humber',
  status: 'active',
};

/** Writes a minimal HOME item with the registry's area index keys (tests and the fallback demo home only). */
export async function putDemoHome(home: HomeFacts): Promise<void> {
  const { ddb, config } = awsClients();
  const areaSk = homeKeys.areaSk(home.name, home.locationId);
  await ddb.send(
    new PutCommand({
      TableName: config.TABLE_NAME,
      Item: {
        pk: homeKeys.pk(home.locationId),
        sk: homeKeys.sk,
        entity: 'home',
        ...home,
        status: home.status ?? 'active',
        demo: true,
        ...(home.localAuthority ? { gsi2pk: homeKeys.laPk(home.localAuthority), gsi2sk: areaSk } : {}),
        ...(home.subIcb ? { gsi3pk: homeKeys.subIcbPk(home.subIcb), gsi3sk: areaSk } : {}),
        ...(home.icb ? { gsi4pk: homeKeys.icbPk(home.icb), gsi4sk: areaSk } : {}),
        ...(home.region ? { gsi5pk: homeKeys.regionPk(home.region), gsi5sk: areaSk } : {}),
        ...(home.providerId ? { gsi6pk: homeKeys.providerPk(home.providerId), gsi6sk: areaSk } : {}),
      },
    }),
  );
}

/** One active home from the registry, or the fallback demo home (created) when there is none. */
export async function findOrCreateDemoHome(): Promise<{ home: HomeFacts; created: boolean }> {
  const found = await organisationDirectory().anyActiveHome();
  if (found) return { home: found, created: false };
  await putDemoHome(FALLBACK_DEMO_HOME);
  return { home: FALLBACK_DEMO_HOME, created: true };
}

/** The organisation each demo role belongs to, given the demo home. */
export function demoOrganisationFor(role: Role, home: HomeFacts): Organisation {
  const ofHome = organisationsOfHome({ ...home, status: 'active' });
  const pick = (orgId: string) => ofHome.find((o) => o.orgId === orgId);
  const trust = DEMO_TRUSTS[0] ?? { code: 'RR8', name: 'Demo NHS Trust' };
  const orgs: Record<Role, Organisation | undefined> = {
    'care-home-staff': pick(orgIdFor.careHome(home.locationId)),
    'provider-approver': home.providerId ? pick(orgIdFor.provider(home.providerId)) : undefined,
    discharge: {
      orgId: orgIdFor.nhsTrust(trust.code),
      orgType: 'nhs-trust',
      name: trust.name,
      code: trust.code,
      status: 'active',
      source: 'seed',
    },
    'la-officer': home.localAuthority ? pick(orgIdFor.localAuthority(home.localAuthority)) : undefined,
    commissioner:
      (home.icb ? pick(orgIdFor.icb(home.icb)) : undefined) ??
      (home.subIcb ? pick(orgIdFor.subIcb(home.subIcb)) : undefined) ??
      (home.region ? pick(orgIdFor.region(home.region)) : undefined),
    admin: NATIONAL_ORG,
    supplier: {
      orgId: orgIdFor.supplier(DEMO_SUPPLIER.code),
      orgType: 'supplier',
      name: DEMO_SUPPLIER.name,
      code: DEMO_SUPPLIER.code,
      status: 'active',
      source: 'seed',
    },
  };
  return orgs[role] ?? NATIONAL_ORG;
}

export interface DemoMembershipUser {
  role: Role;
  email: string;
  sub: string;
}

/**
 * Gives each demo user a stored profile and one membership (idempotent), and makes sure the
 * organisations they belong to, the demo NHS trusts, the demo supplier and national exist.
 * Returns each user's organisation, for demo-users.json.
 */
export async function seedDemoMemberships(input: {
  home: HomeFacts;
  users: readonly DemoMembershipUser[];
  now?: Date;
}): Promise<Array<DemoMembershipUser & { organisation: { id: string; type: string; name: string } }>> {
  const now = input.now ?? new Date();
  const at = now.toISOString();
  const orgs = organisationDirectory();
  const repo = accountsRepository();
  const base: Organisation[] = [
    NATIONAL_ORG,
    ...organisationsOfHome({ ...input.home, status: 'active' }),
    ...DEMO_TRUSTS.map(
      (t): Organisation => ({
        orgId: orgIdFor.nhsTrust(t.code),
        orgType: 'nhs-trust',
        name: t.name,
        code: t.code,
        status: 'active',
        source: 'seed',
      }),
    ),
    demoOrganisationFor('supplier', input.home),
  ];
  for (const org of base) await orgs.put(org);

  const out: Array<DemoMembershipUser & { organisation: { id: string; type: string; name: string } }> = [];
  for (const user of input.users) {
    const org = demoOrganisationFor(user.role, input.home);
    await repo.ensureProfile({ sub: user.sub, email: user.email }, now);
    const membership: MembershipRecord = {
      sub: user.sub,
      email: user.email,
      orgId: org.orgId,
      orgType: org.orgType,
      orgName: org.name,
      role: user.role,
      ...(org.providerId ? { providerId: org.providerId } : {}),
      grantedAt: at,
      grantedBySub: 'seed',
      grantedByEmail: 'seed',
    };
    await repo.grantMembership(membership, {
      at,
      action: 'membership-granted',
      source: 'seed',
      targetSub: user.sub,
      targetEmail: user.email,
      orgId: org.orgId,
      role: user.role,
    });
    out.push({ ...user, organisation: { id: org.orgId, type: org.orgType, name: org.name } });
  }
  return out;
}
