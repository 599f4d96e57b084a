import { createPrivateKey, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { SignJWT } from 'jose';
import { ensureConfirmedUser } from '../../../local/cognito-setup';
import { readOutbox } from '../../../local/outbox';
import type { RunningService } from '../../../local/service';
import type { MembershipRecord, Organisation } from '../../../shared/app/accounts/ports';
import { orgIdFor } from '../../../shared/domain/authz';
import type { Role } from '../../../shared/domain/roles';
import { putDemoHome } from '../../../shared/infra/accounts-demo';
import {
  type HomeFacts,
  organisationDirectory,
  organisationsOfHome,
} from '../../../shared/infra/accounts-organisations';
import { accountsRepository } from '../../../shared/infra/accounts-repository';
import { signIn } from '../../support/service';

/** Helpers for the accounts integration tests and the authorisation matrix (not a test file). */

export const TEST_PASSWORD = 'correct horse battery staple 42';

/** A second home in a different provider, local authority, sub-ICB, ICB and region from the demo home. */
export const OTHER_HOME: HomeFacts = {
  locationId: '1-9000000101',
  name: 'Other Lodge Nursing Home',
  providerId: '1-9000000100',
  providerName: 'Other Healthcare plc',
  localAuthority: 'Cornwall',
  subIcb: 'E38000089',
  subIcbName: 'NHS Cornwall and the Isles of Scilly ICB - 11N',
  icb: 'E54000036',
  icbName: 'NHS Cornwall and the Isles of Scilly Integrated Care Board',
  region: 'South West',
  status: 'active',
};

export async function putOtherHome(): Promise<void> {
  await putDemoHome(OTHER_HOME);
  const dir = organisationDirectory();
  for (const org of organisationsOfHome(OTHER_HOME)) await dir.put(org);
}

export async function putOrganisation(org: Organisation): Promise<void> {
  await organisationDirectory().put(org);
}

export function cognitoClient(svc: RunningService): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    endpoint: svc.env.COGNITO_ENDPOINT,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

export interface TestUser {
  email: string;
  sub: string;
  token: string;
}

/** A confirmed Cognito user with a stored profile and the given memberships, signed in. */
export async function createMember(
  svc: RunningService,
  label: string,
  memberships: Array<{ org: Organisation; role: Role }>,
): Promise<TestUser> {
  const email = `${label}-${randomUUID().slice(0, 6)}@test.cct.local`;
  const client = cognitoClient(svc);
  const sub = await ensureConfirmedUser(client, svc.env.USER_POOL_ID ?? '', email, TEST_PASSWORD, []);
  client.destroy();
  const repo = accountsRepository();
  await repo.ensureProfile({ sub, email }, new Date());
  for (const { org, role } of memberships) {
    const m: MembershipRecord = {
      sub,
      email,
      orgId: org.orgId,
      orgType: org.orgType,
      orgName: org.name,
      role,
      ...(org.providerId ? { providerId: org.providerId } : {}),
      grantedAt: new Date().toISOString(),
      grantedBySub: 'test',
      grantedByEmail: 'test',
    };
    await repo.grantMembership(m, {
      at: new Date().toISOString(),
      action: 'membership-granted',
      source: 'seed',
      targetSub: sub,
      orgId: org.orgId,
      role,
    });
  }
  return { email, sub, token: await signIn(svc, email, TEST_PASSWORD) };
}

export function orgOf(
  home: HomeFacts,
  type: 'care-home' | 'provider' | 'local-authority' | 'icb' | 'sub-icb',
): Organisation {
  const id =
    type === 'care-home'
      ? orgIdFor.careHome(home.locationId)
      : type === 'provider'
        ? orgIdFor.provider(home.providerId ?? '')
        : type === 'local-authority'
          ? orgIdFor.localAuthority(home.localAuthority ?? '')
          : type === 'icb'
            ? orgIdFor.icb(home.icb ?? '')
            : orgIdFor.subIcb(home.subIcb ?? '');
  const org = organisationsOfHome(home).find((o) => o.orgId === id);
  if (!org) throw new Error(`home ${home.locationId} has no ${type}`);
  return org;
}

export function trust(code: string, name: string): Organisation {
  return {
    orgId: orgIdFor.nhsTrust(code),
    orgType: 'nhs-trust',
    name,
    code,
    status: 'active',
    source: 'seed',
  };
}

export function supplier(code: string, name: string): Organisation {
  return {
    orgId: orgIdFor.supplier(code),
    orgType: 'supplier',
    name,
    code,
    status: 'active',
    source: 'seed',
  };
}

/** Outbox messages (newest first) sent to an address, optionally of one kind. */
export async function mailTo(svc: RunningService, to: string, kind?: string) {
  return (await readOutbox(svc.outboxDir)).filter((m) => m.to === to && (!kind || m.kind === kind));
}

const require = createRequire(import.meta.url);

/**
 * Signs an access token with the Cognito emulator's own private key (shipped in the package, as
 * legitimate test material), so a test can make a correctly signed token with chosen claims,
 * e.g. one that expired.
 */
export async function signWithEmulatorKey(
  svc: RunningService,
  claims: Record<string, unknown>,
  times: { iat: number; exp: number },
): Promise<string> {
  const { pem } = require('cognito-local/lib/keys/cognitoLocal.private.json') as { pem: string };
  return new SignJWT({ token_use: 'access', client_id: svc.env.USER_POOL_CLIENT_ID, ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: 'CognitoLocal' })
    .setIssuer(`${svc.env.COGNITO_ENDPOINT}/${svc.env.USER_POOL_ID}`)
    .setIssuedAt(times.iat)
    .setExpirationTime(times.exp)
    .sign(createPrivateKey(pem));
}
