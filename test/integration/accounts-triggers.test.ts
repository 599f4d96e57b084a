import type { PostAuthenticationTriggerEvent, PostConfirmationTriggerEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { recordSession } from '../../shared/app/accounts/accounts';
import { onPostAuthentication, onPostConfirmation } from '../../shared/app/accounts/cognito-triggers';
import type { AccountsDeps, IdentityProvider } from '../../shared/app/accounts/ports';
import { DynamoAuditLog } from '../../shared/infra/accounts-audit';
import { organisationDirectory } from '../../shared/infra/accounts-organisations';
import { accountsRepository } from '../../shared/infra/accounts-repository';
import { useTestTable } from '../support/service';

/** The Cognito triggers (cloud only) against the real table, and their agreement with the session route. */

let deps: AccountsDeps;
let clock = new Date('2026-11-23T09:00:00Z');

const noIdentityProvider: IdentityProvider = {
  signUp: async () => ({ kind: 'exists' }),
  emailOf: async () => undefined,
  setEnabled: async () => undefined,
  signOutEverywhere: async () => undefined,
  syncGroups: async () => undefined,
};

beforeAll(async () => {
  const { ddb, tableName } = await useTestTable('trig');
  deps = {
    repo: accountsRepository(),
    orgs: organisationDirectory(),
    audit: new DynamoAuditLog(ddb, tableName),
    idp: noIdentityProvider,
    mailer: { send: async () => ({}) },
    appBaseUrl: 'http://localhost',
    now: () => clock,
  };
});

const attrs = (sub: string, email: string) => ({ sub, email, email_verified: 'true' });

async function signInsOf(sub: string): Promise<number> {
  const page = await deps.audit.list(clock.toISOString().slice(0, 10), 100);
  return page.items.filter((e) => e.action === 'sign-in' && e.actorSub === sub).length;
}

describe('Cognito triggers', () => {
  it('post-confirmation stores the profile of a newly verified account', async () => {
    await onPostConfirmation(deps, {
      triggerSource: 'PostConfirmation_ConfirmSignUp',
      request: { userAttributes: attrs('sub-confirm', 'confirmed@test.cct.local') },
    } as unknown as PostConfirmationTriggerEvent);
    expect(await deps.repo.getProfile('sub-confirm')).toMatchObject({
      email: 'confirmed@test.cct.local',
      disabled: false,
    });
  });

  it('post-authentication records each sign-in once, and the web app reporting the same one adds nothing', async () => {
    const event = {
      triggerSource: 'PostAuthentication_Authentication',
      request: { userAttributes: attrs('sub-auth', 'auth@test.cct.local'), newDeviceUsed: false },
    } as unknown as PostAuthenticationTriggerEvent;
    await onPostAuthentication(deps, event);
    expect(await signInsOf('sub-auth')).toBe(1);

    // The browser then calls POST /api/accounts/session with a token issued a second earlier.
    const principal = { sub: 'sub-auth', email: 'auth@test.cct.local', disabled: false, memberships: [] };
    const authTime = Math.floor(clock.getTime() / 1000) - 1;
    const session = await recordSession(deps, { principal }, authTime);
    expect(session.recorded).toBe(false);
    expect(await signInsOf('sub-auth')).toBe(1);

    // A later sign-in is a new one.
    clock = new Date(clock.getTime() + 5 * 60_000);
    await onPostAuthentication(deps, event);
    expect(await signInsOf('sub-auth')).toBe(2);
    const audit = await deps.audit.list(clock.toISOString().slice(0, 10), 100);
    expect(audit.items.find((e) => e.actorSub === 'sub-auth')?.source).toBe('cognito');
  });
});
