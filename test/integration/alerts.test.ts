import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../../local/service';
import { putDemoHome } from '../../shared/infra/accounts-demo';
import type { HomeFacts } from '../../shared/infra/accounts-organisations';
import { awsClients } from '../../shared/infra/aws';
import { homeKeys } from '../../shared/infra/keys';
import { homeItem } from '../support/fixtures-homes';
import { api, signIn, startTestService } from '../support/service';
import { createMember, orgOf, type TestUser } from '../unit/accounts/fixtures';

// Every search reads the changes feed first, so an alert written just before a search is seen
// through the feed (a full reload is minutes away).
process.env.SEARCH_REFRESH_SECONDS = '0';

const tag = randomUUID().slice(0, 6);
const HOME: HomeFacts = {
  locationId: `1-87${Date.now() % 1e8}`,
  name: `Alert Test House ${tag}`,
  providerId: '1-8700000000',
  providerName: 'Alert Test Care Ltd',
  localAuthority: `Alertshire ${tag}`,
  subIcb: 'E38000999',
  subIcbName: 'NHS Alertshire ICB - 99X',
  icb: 'E54000999',
  icbName: 'NHS Alertshire Integrated Care Board',
  region: 'North West',
  status: 'active',
};
const NEIGHBOUR: HomeFacts = {
  ...HOME,
  locationId: `1-86${Date.now() % 1e8}`,
  name: `Neighbour Lodge ${tag}`,
  localAuthority: `Otherborough ${tag}`,
};

describe('local authority alerts API', () => {
  let svc: RunningService;
  let officer: TestUser;
  let otherOfficer: TestUser;
  let commissioner: TestUser;
  let discharge: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    svc = await startTestService();
    await putDemoHome(HOME);
    await putDemoHome(NEIGHBOUR);
    officer = await createMember(svc, 'la-officer', [
      { org: orgOf(HOME, 'local-authority'), role: 'la-officer' },
    ]);
    otherOfficer = await createMember(svc, 'other-officer', [
      { org: orgOf(NEIGHBOUR, 'local-authority'), role: 'la-officer' },
    ]);
    commissioner = await createMember(svc, 'commissioner', [
      { org: orgOf(HOME, 'icb'), role: 'commissioner' },
    ]);
    discharge = await createMember(svc, 'la-discharge', [
      { org: orgOf(HOME, 'local-authority'), role: 'discharge' },
    ]);
    const demoAdmin = svc.demoUsers.find((u) => u.role === 'admin');
    if (!demoAdmin) throw new Error('no demo admin');
    admin = {
      email: demoAdmin.email,
      sub: '',
      token: await signIn(svc, demoAdmin.email, demoAdmin.password),
    };
  }, 120_000);

  afterAll(async () => {
    await svc?.stop();
  });

  const path = (id = HOME.locationId) => `/api/homes/${encodeURIComponent(id)}/alerts`;
  const add = (body: unknown, token = officer.token, id = HOME.locationId) =>
    api(svc, path(id), { method: 'POST', token, body });
  const remove = (alertId: string, token = officer.token) =>
    api(svc, `${path()}/${encodeURIComponent(alertId)}`, { method: 'DELETE', token });
  const searchLa = (la: string, token = discharge.token) =>
    api(svc, `/api/search/vacancies?la=${encodeURIComponent(la)}&acceptingToday=false`, { token });

  async function alertHistory(locationId: string): Promise<Record<string, unknown>[]> {
    const { ddb, config } = awsClients();
    const res = await ddb.send(
      new QueryCommand({
        TableName: config.TABLE_NAME,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
        ExpressionAttributeValues: { ':pk': homeKeys.pk(locationId), ':p': 'ALERTHIST#' },
      }),
    );
    return res.Items ?? [];
  }

  it('an LA officer of the home’s authority adds an alert: stored on the home, with history, shown to everyone', async () => {
    const before = await homeItem(HOME.locationId);
    const res = await add({
      text: '  Safeguarding enquiry open: contact the LA before placing.  ',
      category: 'safeguarding',
    });
    expect(res.status).toBe(201);
    expect(res.body.alert).toMatchObject({
      text: 'Safeguarding enquiry open: contact the LA before placing.',
      category: 'safeguarding',
      categoryLabel: 'Safeguarding',
      expiresAt: null,
      createdBy: officer.email,
    });
    expect(res.body.canManage).toBe(true);

    const item = await homeItem(HOME.locationId);
    expect(item?.alerts).toEqual([
      expect.objectContaining({ id: res.body.alert.id, text: res.body.alert.text, category: 'safeguarding' }),
    ]);
    expect(item?.alertsVersion).toBe(1);
    // The registry's attributes are untouched, and the home is on the changes feed.
    expect(item?.name).toBe(before?.name);
    expect(item?.gsi2pk).toBe(before?.gsi2pk);
    expect(String(item?.gsi7pk)).toMatch(/^BEDCHANGE#\d{4}-\d{2}-\d{2}$/);

    const history = await alertHistory(HOME.locationId);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      kind: 'alert-added',
      actor: { email: officer.email },
      alert: { id: res.body.alert.id },
      alertsVersion: 1,
    });

    // Anyone who can see the home sees it, without who wrote it.
    const seen = await api(svc, path(), { token: discharge.token });
    expect(seen.status).toBe(200);
    expect(seen.body.canManage).toBe(false);
    expect(seen.body.alerts.map((a: any) => a.id)).toContain(res.body.alert.id);
    expect(seen.body.alerts[0].createdBy).toBeUndefined();
    expect(seen.body.recent[0].actor).toBeUndefined();
  });

  it('refuses officers of another authority, commissioners and discharge users with 403, writing nothing', async () => {
    const before = await homeItem(HOME.locationId);
    for (const user of [otherOfficer, commissioner, discharge]) {
      const res = await add({ text: 'Not mine to say', category: 'other' }, user.token);
      expect(res.status, user.email).toBe(403);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    // Even a malformed body from someone outside the authority is a 403, not a 400.
    expect((await add('{not json', otherOfficer.token)).status).toBe(403);
    const after = await homeItem(HOME.locationId);
    expect(after?.alertsVersion).toBe(before?.alertsVersion);
    expect(after?.alerts).toEqual(before?.alerts);
  });

  it('lets the officer of the neighbouring authority manage its own home only', async () => {
    const own = await add(
      { text: 'Infection outbreak', category: 'infection-control' },
      otherOfficer.token,
      NEIGHBOUR.locationId,
    );
    expect(own.status).toBe(201);
    const notOwn = await add(
      { text: 'Infection outbreak', category: 'infection-control' },
      officer.token,
      NEIGHBOUR.locationId,
    );
    expect(notOwn.status).toBe(403);
  });

  it('answers bad input with 400 naming the field and the rule, and writes nothing', async () => {
    const before = await homeItem(HOME.locationId);
    const cases: Array<[unknown, string, string]> = [
      [{ text: '', category: 'other' }, 'text', 'required'],
      [{ text: '    ', category: 'other' }, 'text', 'required'],
      [{ category: 'other' }, 'text', 'required'],
      [{ text: 'x'.repeat(501), category: 'other' }, 'text', 'max-length'],
      [{ text: 'line one\nline two', category: 'other' }, 'text', 'no-control-characters'],
      [{ text: 'Fine text', category: 'gossip' }, 'category', 'one-of'],
      [{ text: 'Fine text' }, 'category', 'required'],
      [{ text: 'Fine text', category: 'other', expiresAt: '2020-01-01' }, 'expiresAt', 'future'],
      [{ text: 'Fine text', category: 'other', expiresAt: '2026-02-30' }, 'expiresAt', 'iso-date'],
      [{ text: 'Fine text', category: 'other', expiresAt: 'next week' }, 'expiresAt', 'iso-date'],
      [{ text: 'Fine text', category: 'other', colour: 'red' }, 'colour', 'unknown-field'],
    ];
    for (const [body, field, rule] of cases) {
      const res = await add(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errors, JSON.stringify(body)).toEqual(
        expect.arrayContaining([expect.objectContaining({ field, rule })]),
      );
      const error = res.body.errors.find((e: any) => e.field === field);
      expect(error.message).toContain(field);
    }
    // 500 characters exactly is allowed (and counted as characters, not bytes).
    const longest = await add({ text: 'é'.repeat(500), category: 'other' });
    expect(longest.status).toBe(201);
    expect((await remove(longest.body.alert.id)).status).toBe(200);

    const malformed = await add('{"text": ');
    expect(malformed.status).toBe(400);
    const huge = await add({ text: 'x'.repeat(10_000), category: 'other' });
    expect(huge.status).toBe(413);

    const after = await homeItem(HOME.locationId);
    // Only the allowed add and its removal moved the version.
    expect(after?.alertsVersion).toBe(Number(before?.alertsVersion) + 2);
    expect(after?.alerts).toEqual(before?.alerts);
  });

  it('answers 404 for an unknown home or alert', async () => {
    expect((await add({ text: 'Hello', category: 'other' }, officer.token, '1-0000000404')).status).toBe(404);
    expect((await api(svc, path('1-0000000404'), { token: discharge.token })).status).toBe(404);
    expect((await remove('no-such-alert')).status).toBe(404);
  });

  it('keeps every alert when officers add at the same time', async () => {
    const before = await homeItem(HOME.locationId);
    const texts = Array.from({ length: 6 }, (_, i) => `Concurrent alert ${i} ${tag}`);
    const results = await Promise.all(
      texts.map((text, i) =>
        add({ text, category: 'quality-concern' }, i % 2 === 0 ? officer.token : admin.token),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(texts.map(() => 201));
    const item = await homeItem(HOME.locationId);
    const stored = ((item?.alerts ?? []) as Array<{ text: string }>).map((a) => a.text);
    for (const text of texts) expect(stored).toContain(text);
    expect(item?.alertsVersion).toBe(Number(before?.alertsVersion) + texts.length);
    const history = await alertHistory(HOME.locationId);
    const added = history.filter((h) => texts.includes((h.alert as { text: string }).text));
    expect(added).toHaveLength(texts.length);
  });

  it('removes an alert (history kept) and refuses removal by anyone outside the authority', async () => {
    const created = await add({
      text: `To be removed ${tag}`,
      category: 'admissions-paused',
      expiresAt: '2027-01-31',
    });
    expect(created.status).toBe(201);
    expect(created.body.alert.expiresAt).toBe('2027-02-01T00:00:00.000Z');
    const id = created.body.alert.id;

    expect((await remove(id, otherOfficer.token)).status).toBe(403);
    expect((await remove(id, discharge.token)).status).toBe(403);

    const res = await remove(id);
    expect(res.status).toBe(200);
    expect(res.body.alerts.map((a: any) => a.id)).not.toContain(id);
    expect(res.body.recent[0]).toMatchObject({ kind: 'alert-removed', alert: { id }, actor: officer.email });
    const item = await homeItem(HOME.locationId);
    expect(((item?.alerts ?? []) as Array<{ id: string }>).map((a) => a.id)).not.toContain(id);

    const history = await alertHistory(HOME.locationId);
    expect(
      history
        .filter((h) => (h.alert as { id: string }).id === id)
        .map((h) => h.kind)
        .sort(),
    ).toEqual(['alert-added', 'alert-removed']);
    expect((await remove(id)).status).toBe(404);
  });

  it('shows alerts in search results through the changes feed, and stops when removed', async () => {
    const la = NEIGHBOUR.localAuthority ?? '';
    const first = await searchLa(la);
    expect(first.status).toBe(200);
    const home = () => first.body.results.find((r: any) => r.locationId === NEIGHBOUR.locationId);
    expect(home()).toBeDefined();

    const text = `Search-visible alert ${tag}`;
    const created = await add(
      { text, category: 'quality-concern' },
      otherOfficer.token,
      NEIGHBOUR.locationId,
    );
    expect(created.status).toBe(201);
    const afterAdd = await searchLa(la);
    const found = afterAdd.body.results.find((r: any) => r.locationId === NEIGHBOUR.locationId);
    expect(found.alerts.map((a: any) => a.text)).toContain(text);

    const removed = await api(
      svc,
      `${path(NEIGHBOUR.locationId)}/${encodeURIComponent(created.body.alert.id)}`,
      { method: 'DELETE', token: otherOfficer.token },
    );
    expect(removed.status).toBe(200);
    const afterRemove = await searchLa(la);
    const gone = afterRemove.body.results.find((r: any) => r.locationId === NEIGHBOUR.locationId);
    expect(gone.alerts.map((a: any) => a.text)).not.toContain(text);
  });
});
