import { AdminGetUserCommand, ConfirmSignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureConfirmedUser } from '../../local/cognito-setup';
import type { DemoUser } from '../../local/seed';
import type { RunningService } from '../../local/service';
import { api, signIn, startTestService } from '../support/service';
import {
  cognitoClient,
  createMember,
  mailTo,
  OTHER_HOME,
  orgOf,
  putOtherHome,
  signWithEmulatorKey,
  TEST_PASSWORD,
  type TestUser,
} from '../unit/accounts/fixtures';

let svc: RunningService;
const tokens: Record<string, string> = {};
let demo: Record<string, DemoUser>;

function demoUser(role: string): DemoUser {
  const u = demo[role];
  if (!u) throw new Error(`no demo ${role}`);
  return u;
}

beforeAll(async () => {
  svc = await startTestService();
  demo = Object.fromEntries(svc.demoUsers.map((u) => [u.role, u]));
  for (const u of svc.demoUsers) tokens[u.role] = await signIn(svc, u.email, u.password);
  await putOtherHome();
});

afterAll(async () => {
  await svc?.stop();
});

const token = (role: string) => tokens[role] ?? '';

async function registerAndConfirm(email: string): Promise<string> {
  const res = await api(svc, '/api/accounts/register', {
    method: 'POST',
    body: { email, password: TEST_PASSWORD },
  });
  expect(res.status).toBe(201);
  const [mail] = await mailTo(svc, email, 'cognito-code');
  const code = String(mail?.code ?? '');
  expect(code).toMatch(/^\d{6}$/);
  const client = cognitoClient(svc);
  await client.send(
    new ConfirmSignUpCommand({
      ClientId: svc.env.USER_POOL_CLIENT_ID,
      Username: email,
      ConfirmationCode: code,
    }),
  );
  client.destroy();
  return signIn(svc, email, TEST_PASSWORD);
}

describe('GET /api/me', () => {
  it('answers from the stored memberships, in the shape the web shell reads', async () => {
    const res = await api(svc, '/api/me', { token: token('care-home-staff') });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      sub: demoUser('care-home-staff').sub,
      email: 'staff@demo.cct.local',
      roles: ['care-home-staff'],
      memberships: [
        {
          orgId: demoUser('care-home-staff').organisation.id,
          orgType: 'care-home',
          orgName: demoUser('care-home-staff').organisation.name,
          role: 'care-home-staff',
        },
      ],
    });
  });

  it('gives every demo user the organisation demo-users.json names', async () => {
    for (const u of svc.demoUsers) {
      const res = await api(svc, '/api/me', { token: token(u.role) });
      expect(res.body.memberships).toEqual([
        {
          orgId: u.organisation.id,
          orgType: u.organisation.type,
          orgName: u.organisation.name,
          role: u.role,
        },
      ]);
    }
    expect(['icb', 'sub-icb', 'region']).toContain(demoUser('commissioner').organisation.type);
    expect(demoUser('la-officer').organisation.type).toBe('local-authority');
    expect(demoUser('provider-approver').organisation.type).toBe('provider');
    expect(demoUser('discharge').organisation.type).toBe('nhs-trust');
    expect(demoUser('admin').organisation.id).toBe('national:england');
  });

  it('stores a profile for someone Cognito knows but the service does not yet, with their email', async () => {
    const email = 'cognito-only@test.cct.local';
    const client = cognitoClient(svc);
    await ensureConfirmedUser(client, svc.env.USER_POOL_ID ?? '', email, TEST_PASSWORD, []);
    client.destroy();
    const res = await api(svc, '/api/me', { token: await signIn(svc, email, TEST_PASSWORD) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ email, roles: [], memberships: [] });
    const found = await api(svc, `/api/admin/users?q=${encodeURIComponent(email)}`, {
      token: token('admin'),
    });
    expect(found.body.items.map((u: { email: string }) => u.email)).toEqual([email]);
  });

  it('refuses anonymous callers with 401', async () => {
    expect((await api(svc, '/api/me')).status).toBe(401);
  });
});

describe('registration', () => {
  it('refuses a password shorter than 12 characters, saying why', async () => {
    const res = await api(svc, '/api/accounts/register', {
      method: 'POST',
      body: { email: 'short@test.cct.local', password: 'elevenchars' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { field: 'password', rule: 'too-short', message: 'Password must be at least 12 characters long' },
    ]);
    expect(await mailTo(svc, 'short@test.cct.local')).toEqual([]);
  });

  it.each(['qwerty123456', 'password1234', 'Football2024!', '123456789012'])(
    'refuses the common or guessable password %s',
    async (password) => {
      const res = await api(svc, '/api/accounts/register', {
        method: 'POST',
        body: { email: 'common@test.cct.local', password },
      });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe('password');
      expect(['common-password', 'repetitive']).toContain(res.body.errors[0].rule);
    },
  );

  it('offers the same check on its own, for change and reset password pages', async () => {
    const bad = await api(svc, '/api/accounts/password-check', {
      method: 'POST',
      body: { password: 'iloveyou1234' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].rule).toBe('common-password');
    const good = await api(svc, '/api/accounts/password-check', {
      method: 'POST',
      body: { password: TEST_PASSWORD },
    });
    expect(good.status).toBe(200);
  });

  it('registers, verifies by emailed code, signs in; a second registration of the address is a 409', async () => {
    const email = 'new.starter@test.cct.local';
    const token = await registerAndConfirm(email);
    const me = await api(svc, '/api/me', { token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email, roles: [], memberships: [] });

    const again = await api(svc, '/api/accounts/register', {
      method: 'POST',
      body: { email, password: TEST_PASSWORD },
    });
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/already exists/);
  });

  it('rejects unknown fields and a malformed email', async () => {
    const res = await api(svc, '/api/accounts/register', {
      method: 'POST',
      body: { email: 'not-an-email', password: TEST_PASSWORD, role: 'admin' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'role']);
  });
});

describe('sign-in audit', () => {
  it('records a sign-in once per authentication, and failed sign-ins of known accounts', async () => {
    const u = await createMember(svc, 'auditee', []);
    const first = await api(svc, '/api/accounts/session', { method: 'POST', token: u.token });
    expect(first.status).toBe(200);
    expect(first.body.recorded).toBe(true);
    const repeat = await api(svc, '/api/accounts/session', { method: 'POST', token: u.token });
    expect(repeat.body.recorded).toBe(false);

    expect(
      (await api(svc, '/api/accounts/sign-in-failed', { method: 'POST', body: { email: u.email } })).status,
    ).toBe(204);
    expect(
      (
        await api(svc, '/api/accounts/sign-in-failed', {
          method: 'POST',
          body: { email: 'nobody@test.cct.local' },
        })
      ).status,
    ).toBe(204);

    const audit = await api(svc, '/api/admin/audit?limit=100', { token: token('admin') });
    expect(audit.status).toBe(200);
    const mine = audit.body.items.filter((e: { actorSub?: string; targetSub?: string }) =>
      [e.actorSub, e.targetSub].includes(u.sub),
    );
    expect(mine.filter((e: { action: string }) => e.action === 'sign-in')).toHaveLength(1);
    expect(mine.find((e: { action: string }) => e.action === 'sign-in-failed')).toMatchObject({
      source: 'client-reported',
      targetEmail: u.email,
    });
    expect(
      audit.body.items.some((e: { targetEmail?: string }) => e.targetEmail === 'nobody@test.cct.local'),
    ).toBe(false);
  });
});

describe('organisation directory', () => {
  it('finds care homes by name prefix or CQC id, and the seeded NHS trusts', async () => {
    const staffOrg = demoUser('care-home-staff').organisation;
    const prefix = encodeURIComponent(staffOrg.name.slice(0, 8).toLowerCase());
    const byName = await api(svc, `/api/organisations?type=care-home&q=${prefix}`, {
      token: token('discharge'),
    });
    expect(byName.status).toBe(200);
    expect(byName.body.items.map((o: { orgId: string }) => o.orgId)).toContain(staffOrg.id);
    const byId = await api(svc, `/api/organisations?type=care-home&q=${OTHER_HOME.locationId}`, {
      token: token('discharge'),
    });
    expect(byId.body.items[0].orgId).toBe(`care-home:${OTHER_HOME.locationId}`);
    const trusts = await api(svc, '/api/organisations?type=nhs-trust', { token: token('discharge') });
    expect(trusts.body.items.map((o: { code: string }) => o.code)).toEqual(
      expect.arrayContaining(['RR8', 'RJ1']),
    );
  });

  it('derives organisations from the registry homes on sync', async () => {
    const res = await api(svc, '/api/admin/organisations/sync', { method: 'POST', token: token('admin') });
    expect(res.status).toBe(200);
    expect(res.body.homes).toBeGreaterThanOrEqual(2);
    const las = await api(svc, '/api/organisations?type=local-authority&q=corn', {
      token: token('discharge'),
    });
    expect(las.body.items.map((o: { name: string }) => o.name)).toEqual(['Cornwall']);
  });

  it('rejects an unknown organisation type', async () => {
    const res = await api(svc, '/api/organisations?type=hospital', { token: token('discharge') });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('type');
  });
});

describe('access requests', () => {
  let requester: TestUser;
  let otherApprover: TestUser;
  let home: string;
  let homeName: string;

  beforeAll(async () => {
    home = demoUser('care-home-staff').organisation.id;
    homeName = demoUser('care-home-staff').organisation.name;
    requester = await createMember(svc, 'requester', []);
    otherApprover = await createMember(svc, 'other-approver', [
      { org: orgOf(OTHER_HOME, 'provider'), role: 'provider-approver' },
    ]);
  });

  it('lets a signed-in user ask, emails the approvers, and refuses a second identical request', async () => {
    const res = await api(svc, '/api/access-requests', {
      method: 'POST',
      token: requester.token,
      body: { orgId: home, role: 'care-home-staff', reason: 'I am the new deputy manager' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'pending', orgName: homeName, email: requester.email });
    expect(await mailTo(svc, 'approver@demo.cct.local', 'access-requested')).not.toHaveLength(0);

    const dup = await api(svc, '/api/access-requests', {
      method: 'POST',
      token: requester.token,
      body: { orgId: home, role: 'care-home-staff' },
    });
    expect(dup.status).toBe(409);

    const mine = await api(svc, '/api/access-requests/mine', { token: requester.token });
    expect(mine.body.items).toHaveLength(1);
  });

  it('refuses a role that does not belong to the kind of organisation', async () => {
    const res = await api(svc, '/api/access-requests', {
      method: 'POST',
      token: requester.token,
      body: { orgId: home, role: 'la-officer' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'role', rule: 'role-not-valid-for-organisation' });
    const unknown = await api(svc, '/api/access-requests', {
      method: 'POST',
      token: requester.token,
      body: { orgId: 'care-home:1-0000000000', role: 'care-home-staff' },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0]).toMatchObject({ field: 'orgId', rule: 'unknown-organisation' });
  });

  it('shows the request to its approvers and admins only; outsiders get 403 when deciding', async () => {
    const queue = await api(svc, '/api/access-requests', { token: token('provider-approver') });
    expect(queue.status).toBe(200);
    const request = queue.body.items.find((r: { email: string }) => r.email === requester.email);
    expect(request).toBeTruthy();
    const adminQueue = await api(svc, '/api/access-requests', { token: token('admin') });
    expect(adminQueue.body.items.map((r: { requestId: string }) => r.requestId)).toContain(request.requestId);
    const otherQueue = await api(svc, '/api/access-requests', { token: otherApprover.token });
    expect(otherQueue.status).toBe(200);
    expect(otherQueue.body.items).toEqual([]);
    expect((await api(svc, '/api/access-requests', { token: token('la-officer') })).status).toBe(403);

    const path = `/api/access-requests/${request.requestId}/decision`;
    for (const t of [otherApprover.token, token('care-home-staff'), token('la-officer'), requester.token]) {
      const res = await api(svc, path, { method: 'POST', token: t, body: { decision: 'approve' } });
      expect(res.status).toBe(403);
    }
    // Still pending: nobody above could decide it.
    const mine = await api(svc, '/api/access-requests/mine', { token: requester.token });
    expect(mine.body.items[0].status).toBe('pending');
  });

  it('an approver of the provider approves: the membership is stored and the requester emailed', async () => {
    const queue = await api(svc, '/api/access-requests', { token: token('provider-approver') });
    const request = queue.body.items.find((r: { email: string }) => r.email === requester.email);
    const path = `/api/access-requests/${request.requestId}/decision`;
    const res = await api(svc, path, {
      method: 'POST',
      token: token('provider-approver'),
      body: { decision: 'approve' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'approved', decidedByEmail: 'approver@demo.cct.local' });

    const me = await api(svc, '/api/me', { token: requester.token });
    expect(me.body.roles).toEqual(['care-home-staff']);
    expect(me.body.memberships[0].orgId).toBe(home);
    const [mail] = await mailTo(svc, requester.email, 'access-approved');
    expect(mail?.subject).toContain(homeName);

    const again = await api(svc, path, {
      method: 'POST',
      token: token('admin'),
      body: { decision: 'reject', reason: 'late' },
    });
    expect(again.status).toBe(409);
  });

  it('a rejection needs a reason, and the requester is emailed it', async () => {
    const asked = await api(svc, '/api/access-requests', {
      method: 'POST',
      token: requester.token,
      body: { orgId: demoUser('provider-approver').organisation.id, role: 'provider-approver' },
    });
    expect(asked.status).toBe(201);
    const path = `/api/access-requests/${asked.body.requestId}/decision`;
    const noReason = await api(svc, path, {
      method: 'POST',
      token: token('admin'),
      body: { decision: 'reject' },
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].field).toBe('reason');
    const res = await api(svc, path, {
      method: 'POST',
      token: token('provider-approver'),
      body: { decision: 'reject', reason: 'Ask your registered manager first' },
    });
    expect(res.status).toBe(200);
    const [mail] = await mailTo(svc, requester.email, 'access-rejected');
    expect(mail?.text).toContain('Ask your registered manager first');
  });

  it('admin access can only be approved by an admin', async () => {
    const asked = await api(svc, '/api/access-requests', {
      method: 'POST',
      token: requester.token,
      body: { orgId: 'national:england', role: 'admin' },
    });
    expect(asked.status).toBe(201);
    const path = `/api/access-requests/${asked.body.requestId}/decision`;
    const byApprover = await api(svc, path, {
      method: 'POST',
      token: token('provider-approver'),
      body: { decision: 'approve' },
    });
    expect(byApprover.status).toBe(403);
    const byAdmin = await api(svc, path, {
      method: 'POST',
      token: token('admin'),
      body: { decision: 'reject', reason: 'no' },
    });
    expect(byAdmin.status).toBe(200);
  });
});

describe('admin: users', () => {
  it('finds users by email prefix with their memberships; non-admins get 403', async () => {
    const res = await api(svc, '/api/admin/users?q=staff%40demo', { token: token('admin') });
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({ email: 'staff@demo.cct.local', disabled: false });
    expect(res.body.items[0].memberships[0].role).toBe('care-home-staff');
    for (const role of ['care-home-staff', 'provider-approver', 'commissioner']) {
      expect((await api(svc, '/api/admin/users', { token: token(role) })).status).toBe(403);
    }
  });

  it('a disabled account is refused at once (401), and works again when enabled', async () => {
    const u = await createMember(svc, 'to-disable', [
      { org: orgOf(OTHER_HOME, 'care-home'), role: 'care-home-staff' },
    ]);
    expect((await api(svc, '/api/me', { token: u.token })).status).toBe(200);
    const detail = await api(svc, `/api/admin/users/${u.sub}`, { token: token('admin') });
    const res = await api(svc, `/api/admin/users/${u.sub}/status`, {
      method: 'PUT',
      token: token('admin'),
      body: { disabled: true, reason: 'Left the home', version: detail.body.version },
    });
    expect(res.status).toBe(200);
    expect(res.body.disabled).toBe(true);
    for (const path of ['/api/me', '/api/access-requests/mine', '/api/organisations?type=care-home']) {
      expect((await api(svc, path, { token: u.token })).status).toBe(401);
    }
    // Cognito is told too (in the cloud it then refuses sign-in and refresh; the emulator only records it).
    const client = cognitoClient(svc);
    const inCognito = await client.send(
      new AdminGetUserCommand({ UserPoolId: svc.env.USER_POOL_ID, Username: u.email }),
    );
    client.destroy();
    expect(inCognito.Enabled).toBe(false);

    const stale = await api(svc, `/api/admin/users/${u.sub}/status`, {
      method: 'PUT',
      token: token('admin'),
      body: { disabled: false, version: detail.body.version },
    });
    expect(stale.status).toBe(409);
    const enabled = await api(svc, `/api/admin/users/${u.sub}/status`, {
      method: 'PUT',
      token: token('admin'),
      body: { disabled: false },
    });
    expect(enabled.status).toBe(200);
    expect((await api(svc, '/api/me', { token: u.token })).status).toBe(200);
  });

  it('grants and removes memberships, and audits who did what', async () => {
    const u = await createMember(svc, 'member', []);
    const grant = await api(svc, `/api/admin/users/${u.sub}/memberships`, {
      method: 'POST',
      token: token('admin'),
      body: { orgId: 'nhs-trust:RJ1', role: 'discharge' },
    });
    expect(grant.status).toBe(201);
    expect((await api(svc, '/api/me', { token: u.token })).body.roles).toEqual(['discharge']);
    const dupe = await api(svc, `/api/admin/users/${u.sub}/memberships`, {
      method: 'POST',
      token: token('admin'),
      body: { orgId: 'nhs-trust:RJ1', role: 'discharge' },
    });
    expect(dupe.status).toBe(409);
    const removed = await api(svc, `/api/admin/users/${u.sub}/memberships/nhs-trust:RJ1/discharge`, {
      method: 'DELETE',
      token: token('admin'),
    });
    expect(removed.status).toBe(204);
    expect((await api(svc, '/api/me', { token: u.token })).body.roles).toEqual([]);

    const audit = await api(svc, '/api/admin/audit?limit=100', { token: token('admin') });
    const about = audit.body.items.filter((e: { targetSub?: string }) => e.targetSub === u.sub);
    expect(about.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['membership-granted', 'membership-removed']),
    );
    expect(about.find((e: { action: string }) => e.action === 'membership-removed')).toMatchObject({
      actorEmail: 'admin@demo.cct.local',
      orgId: 'nhs-trust:RJ1',
      role: 'discharge',
    });
    const actions = new Set(audit.body.items.map((e: { action: string }) => e.action));
    for (const a of [
      'access-requested',
      'access-approved',
      'access-rejected',
      'user-disabled',
      'user-enabled',
    ]) {
      expect(actions).toContain(a);
    }
    expect((await api(svc, '/api/admin/audit', { token: token('commissioner') })).status).toBe(403);
  });

  it('admins add NHS trusts, which users can then ask to join', async () => {
    const res = await api(svc, '/api/admin/organisations', {
      method: 'POST',
      token: token('admin'),
      body: { orgType: 'nhs-trust', code: 'RWA', name: 'Hull University Teaching Hospitals NHS Trust' },
    });
    expect(res.status).toBe(201);
    expect(res.body.orgId).toBe('nhs-trust:RWA');
    const again = await api(svc, '/api/admin/organisations', {
      method: 'POST',
      token: token('admin'),
      body: { orgType: 'nhs-trust', code: 'rwa', name: 'Duplicate' },
    });
    expect(again.status).toBe(409);
    const u = await createMember(svc, 'hull', []);
    const asked = await api(svc, '/api/access-requests', {
      method: 'POST',
      token: u.token,
      body: { orgId: 'nhs-trust:RWA', role: 'discharge' },
    });
    expect(asked.status).toBe(201);
    expect(asked.body.approverOrgId).toBe('national:england');
  });
});

describe('tokens', () => {
  const payloadOf = (t: string) => JSON.parse(Buffer.from(t.split('.')[1] ?? '', 'base64url').toString());

  it('refuses a token whose payload was changed (signature no longer matches)', async () => {
    const staff = token('care-home-staff');
    const [header, , signature] = staff.split('.');
    const forged = { ...payloadOf(staff), sub: demoUser('admin').sub };
    const tampered = `${header}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`;
    expect((await api(svc, '/api/admin/users', { token: tampered })).status).toBe(401);
    expect((await api(svc, '/api/me', { token: tampered })).status).toBe(401);
  });

  it('refuses an expired token, while the same claims freshly signed are accepted', async () => {
    const claims = payloadOf(token('care-home-staff'));
    const now = Math.floor(Date.now() / 1000);
    const { sub, username, jti, auth_time } = claims;
    const fresh = await signWithEmulatorKey(
      svc,
      { sub, username, jti, auth_time },
      { iat: now - 60, exp: now + 600 },
    );
    expect((await api(svc, '/api/me', { token: fresh })).status).toBe(200);
    const expired = await signWithEmulatorKey(
      svc,
      { sub, username, jti, auth_time },
      { iat: now - 1000, exp: now - 100 },
    );
    expect((await api(svc, '/api/me', { token: expired })).status).toBe(401);
  });

  it('ignores Cognito groups in the token: authorisation reads stored memberships', async () => {
    const { sub, username } = payloadOf(token('care-home-staff'));
    const now = Math.floor(Date.now() / 1000);
    const withAdminGroup = await signWithEmulatorKey(
      svc,
      { sub, username, 'cognito:groups': ['admin'] },
      { iat: now, exp: now + 600 },
    );
    expect((await api(svc, '/api/admin/users', { token: withAdminGroup })).status).toBe(403);
    expect((await api(svc, '/api/me', { token: withAdminGroup })).body.roles).toEqual(['care-home-staff']);
  });
});
