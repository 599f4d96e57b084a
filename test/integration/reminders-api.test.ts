import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOutbox } from '../../local/outbox';
import type { RunningService } from '../../local/service';
import { signLink } from '../../shared/domain/reminders';
import { accountsRepository } from '../../shared/infra/accounts-repository';
import { awsClients } from '../../shared/infra/aws';
import { loadConfig } from '../../shared/infra/config';
import { addPerson, historyItems, type PersonFixture, staffOf } from '../support/fixtures-homes';
import {
  confirmTokenIn,
  homeItem,
  type ReminderHomeFixture,
  writeItems,
} from '../support/reminders-fixtures';
import { api, startTestService } from '../support/service';

/**
 * The reminders through the local service, as in the cloud: the scheduled job writes to the outbox,
 * the link's token is posted to the public confirm route, the home's bed state records the
 * confirmation as the person the link was sent to. Tampered, expired, reused and no-longer-allowed
 * links are refused with a problem naming the reason; email settings are the caller's own.
 */
let svc: RunningService;
const stale = new Date(Date.now() - 3 * 86_400_000).toISOString();
const homeA: ReminderHomeFixture = {
  locationId: '1-7000000001',
  name: 'Reminder Court',
  providerId: '1-700001',
  localAuthority: 'Leeds',
  region: 'Yorkshire and the Humber',
  bedUpdatedAt: stale,
};
const homeB: ReminderHomeFixture = {
  ...homeA,
  locationId: '1-7000000002',
  name: 'Leaver House',
  providerId: '1-700002',
};
let staff: PersonFixture;
let quiet: PersonFixture;
let leaver: PersonFixture;
let tokenA: string;
let tokenLeaver: string;
let firstRunSent = 0;

async function mailFor(to: string) {
  return (await readOutbox(svc.outboxDir)).filter((m) => m.to === to && m.kind === 'reminder');
}

beforeAll(async () => {
  svc = await startTestService();
  const { ddb, config } = awsClients();
  await writeItems(ddb, config.TABLE_NAME, [homeItem(homeA), homeItem(homeB)]);
  staff = await addPerson(svc, 'reminder.staff@example.test', staffOf(homeA));
  quiet = await addPerson(svc, 'reminder.quiet@example.test', staffOf(homeA));
  leaver = await addPerson(svc, 'reminder.leaver@example.test', staffOf(homeB));
  const off = await api(svc, '/api/me/notifications', {
    method: 'PUT',
    token: quiet.token,
    body: { reminders: false, digests: true },
  });
  expect(off.status).toBe(200);
}, 120_000);

afterAll(async () => {
  await svc?.stop();
});

describe('email settings', () => {
  it('are on by default, can be turned off, and need a signed-in caller', async () => {
    expect((await api(svc, '/api/me/notifications')).status).toBe(401);
    const initial = await api(svc, '/api/me/notifications', { token: leaver.token });
    expect(initial.status).toBe(200);
    expect(initial.body).toMatchObject({ reminders: true, digests: true, updatedAt: null });
    // Turned off in beforeAll (PUT), for the job below.
    expect((await api(svc, '/api/me/notifications', { token: quiet.token })).body).toMatchObject({
      reminders: false,
      digests: true,
    });
  });

  it('refuse bad input naming the field, and change nothing', async () => {
    const cases: Array<[unknown, string, string]> = [
      [{ reminders: 'no', digests: true }, 'reminders', 'invalid_type'],
      [{ reminders: true }, 'digests', 'invalid_type'],
      [{ reminders: true, digests: true, sms: true }, 'sms', 'unknown-field'],
    ];
    for (const [body, field, rule] of cases) {
      const res = await api(svc, '/api/me/notifications', { method: 'PUT', token: staff.token, body });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
    }
    const bad = await api(svc, '/api/me/notifications', {
      method: 'PUT',
      token: staff.token,
      body: '{not json',
    });
    expect(bad.status).toBe(400);
    expect((await api(svc, '/api/me/notifications', { token: staff.token })).body).toMatchObject({
      reminders: true,
      digests: true,
    });
  });
});

describe('nightly reminders and the one-click link', () => {
  beforeAll(async () => {
    // The service also seeds demo homes and users: count only what concerns the fixtures here.
    const summary = (await svc.runJob('reminders')) as { remindersSent: number; optedOut: number };
    firstRunSent = summary.remindersSent + ((summary as { digestsSent?: number }).digestsSent ?? 0);
    expect(summary.remindersSent).toBeGreaterThanOrEqual(2);
    expect(summary.optedOut).toBeGreaterThanOrEqual(1);
    const [mail] = await mailFor(staff.email);
    tokenA = confirmTokenIn(mail?.text ?? '') ?? '';
    tokenLeaver = confirmTokenIn((await mailFor(leaver.email))[0]?.text ?? '') ?? '';
    expect(tokenA).not.toBe('');
    expect(tokenLeaver).not.toBe('');
  }, 60_000);

  it('sends one reminder per person, none to someone who turned them off, and nothing on a second run', async () => {
    expect(await mailFor(staff.email)).toHaveLength(1);
    expect(await mailFor(quiet.email)).toHaveLength(0);
    const [mail] = await mailFor(staff.email);
    expect(mail?.subject).toBe('Please update the vacancies for Reminder Court');
    expect(mail?.text).toContain(`${svc.url}/care-homes/${homeA.locationId}/vacancies`);
    expect(mail?.text).toContain(`${svc.url}/confirm/`);
    const again = (await svc.runJob('reminders')) as { remindersSent: number; alreadySent: number };
    expect(again.remindersSent).toBe(0);
    expect(again.alreadySent).toBe(firstRunSent);
    expect(await mailFor(staff.email)).toHaveLength(1);
  });

  it('refuses a tampered link (400) and changes nothing', async () => {
    const [payload, signature] = tokenA.split('~') as [string, string];
    const other = Buffer.from(
      Buffer.from(payload, 'base64url').toString('utf8').replace(homeA.locationId, homeB.locationId),
    ).toString('base64url');
    for (const token of [
      `${other}~${signature}`,
      `${payload}~${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`,
      'nonsense',
    ]) {
      const res = await api(svc, '/api/reminders/confirm', { method: 'POST', body: { token } });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'link-invalid' });
      expect(res.body.errors[0]).toMatchObject({ field: 'token', rule: 'link-invalid' });
    }
    // A well-signed token that was never issued (no stored nonce) is refused too.
    const forged = signLink(
      {
        nonce: 'never-issued',
        locationId: homeA.locationId,
        sub: staff.sub,
        expiresAt: Math.floor(Date.now() / 1000) + 3600,
      },
      loadConfig().LINK_SIGNING_SECRET,
    );
    expect(
      (await api(svc, '/api/reminders/confirm', { method: 'POST', body: { token: forged } })).status,
    ).toBe(400);
    const history = await historyItems(homeA.locationId);
    expect(history.filter((h) => h.kind === 'bed-state-confirmed')).toHaveLength(0);
  });

  it('refuses an expired link (410)', async () => {
    const expired = signLink(
      {
        nonce: 'whatever',
        locationId: homeA.locationId,
        sub: staff.sub,
        expiresAt: Math.floor(Date.now() / 1000) - 1,
      },
      loadConfig().LINK_SIGNING_SECRET,
    );
    const res = await api(svc, '/api/reminders/confirm', { method: 'POST', body: { token: expired } });
    expect(res.status).toBe(410);
    expect(res.body).toMatchObject({ code: 'link-expired', detail: expect.stringContaining('72 hours') });
  });

  it('refuses a malformed request naming the field', async () => {
    for (const body of [{}, { token: 42 }, { token: 'a', extra: 1 }, { token: 'x'.repeat(1025) }]) {
      const res = await api(svc, '/api/reminders/confirm', { method: 'POST', body });
      expect(res.status).toBe(400);
      expect(res.body.errors?.[0]?.field).toMatch(/token|extra/);
    }
  });

  it('confirms the home as the person it was sent to, once', async () => {
    const res = await api(svc, '/api/reminders/confirm', { method: 'POST', body: { token: tokenA } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'confirmed',
      locationId: homeA.locationId,
      homeName: 'Reminder Court',
      freshness: { label: 'updated just now', badge: 'fresh' },
    });
    const view = await api(svc, `/api/homes/${homeA.locationId}/vacancies`, { token: staff.token });
    expect(Date.now() - Date.parse(view.body.updatedAt)).toBeLessThan(60_000);
    expect(view.body.updatedBy).toMatchObject({ email: staff.email });
    const history = await historyItems(homeA.locationId);
    const confirmed = history.filter((h) => h.kind === 'bed-state-confirmed');
    expect(confirmed).toHaveLength(1);
    expect(confirmed[0]).toMatchObject({
      actor: { sub: staff.sub, email: staff.email },
      confirmation: 'confirmed',
    });

    const reused = await api(svc, '/api/reminders/confirm', { method: 'POST', body: { token: tokenA } });
    expect(reused.status).toBe(409);
    expect(reused.body).toMatchObject({ code: 'link-used' });
    expect(
      (await historyItems(homeA.locationId)).filter((h) => h.kind === 'bed-state-confirmed'),
    ).toHaveLength(1);
  });

  it('refuses (403) when the person no longer works for the home', async () => {
    await accountsRepository().removeMembership(
      leaver.sub,
      `care-home:${homeB.locationId}`,
      'care-home-staff',
      {
        at: new Date().toISOString(),
        action: 'membership-removed',
        source: 'api',
        targetSub: leaver.sub,
      },
    );
    const res = await api(svc, '/api/reminders/confirm', { method: 'POST', body: { token: tokenLeaver } });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'link-forbidden' });
    expect(
      (await historyItems(homeB.locationId)).filter((h) => h.kind === 'bed-state-confirmed'),
    ).toHaveLength(0);
  });
});
