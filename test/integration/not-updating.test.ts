import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../../local/service';
import { listNotUpdating, notUpdatingQuery } from '../../shared/app/not-updating/not-updating';
import type { Principal } from '../../shared/domain/authz';
import { ProblemError } from '../../shared/http/problem';
import { putDemoHome } from '../../shared/infra/accounts-demo';
import type { HomeFacts } from '../../shared/infra/accounts-organisations';
import { DynamoAreaHomesReader } from '../../shared/infra/alerts-not-updating';
import { awsClients } from '../../shared/infra/aws';
import { homeKeys } from '../../shared/infra/keys';
import { api, startTestService } from '../support/service';
import { createMember, orgOf, type TestUser } from '../unit/accounts/fixtures';

const HOUR = 3_600_000;
const tag = randomUUID().slice(0, 6);
const LA = `Staleford ${tag}`;
const base = Date.now() % 1e7;
let n = 0;

function home(name: string, extra: Partial<HomeFacts> = {}): HomeFacts {
  n += 1;
  return {
    locationId: `1-85${String(base).padStart(7, '0')}${n}`,
    name,
    providerId: '1-8500000000',
    localAuthority: LA,
    subIcb: `E3899${String(base).slice(0, 4)}`,
    icb: `E5499${String(base).slice(0, 4)}`,
    region: 'East of England',
    status: 'active',
    ...extra,
  };
}

async function put(h: HomeFacts, attrs: Record<string, unknown>): Promise<void> {
  await putDemoHome(h);
  const { ddb, config } = awsClients();
  const names = Object.keys(attrs);
  if (names.length === 0) return;
  await ddb.send(
    new UpdateCommand({
      TableName: config.TABLE_NAME,
      Key: { pk: homeKeys.pk(h.locationId), sk: homeKeys.sk },
      UpdateExpression: `SET ${names.map((_k, i) => `#a${i} = :v${i}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(names.map((k, i) => [`#a${i}`, k])),
      ExpressionAttributeValues: Object.fromEntries(names.map((k, i) => [`:v${i}`, attrs[k]])),
    }),
  );
}

/** The controlled clock: every age below is measured back from here. */
const NOW = new Date('2026-11-23T09:00:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();

const HOMES = {
  never: home('Aardvark House (never updated)'),
  tenDays: home('Birch Court (10 days)'),
  exactly48: home('Cedar Lodge (exactly 48 h)'),
  justUnder48: home('Damson View (48 h less 1 ms)'),
  fresh: home('Elm House (2 h)'),
  archived: home('Fir Grange (archived, never)', { status: 'archived' }),
  otherLa: home('Gorse Hall (another LA)', { localAuthority: `Freshfield ${tag}` }),
};

const officerOf = (la: string): Principal => ({
  sub: `officer-${la}`,
  email: `officer@${tag}.test`,
  disabled: false,
  memberships: [
    {
      orgId: `local-authority:${la.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
      orgType: 'local-authority',
      orgName: la,
      role: 'la-officer',
    },
  ],
});

describe('"Not updating": homes in an area not updated within 48 hours', () => {
  let svc: RunningService;
  let reader: DynamoAreaHomesReader;
  let officer: TestUser;
  let otherOfficer: TestUser;
  let commissioner: TestUser;
  let discharge: TestUser;

  beforeAll(async () => {
    svc = await startTestService();
    await put(HOMES.never, {
      phone: '01632 960001',
      address: '1 Aardvark Lane, Staleford',
      postcode: 'SF1 1AA',
    });
    await put(HOMES.tenDays, { bedUpdatedAt: ago(10 * 24 * HOUR + 5 * HOUR) });
    await put(HOMES.exactly48, { bedUpdatedAt: ago(48 * HOUR) });
    await put(HOMES.justUnder48, { bedUpdatedAt: ago(48 * HOUR - 1) });
    await put(HOMES.fresh, { bedUpdatedAt: ago(2 * HOUR) });
    await put(HOMES.archived, {});
    await put(HOMES.otherLa, {});
    const { ddb, config } = awsClients();
    reader = new DynamoAreaHomesReader(ddb, config.TABLE_NAME);
    officer = await createMember(svc, 'stale-officer', [
      { org: orgOf(HOMES.never, 'local-authority'), role: 'la-officer' },
    ]);
    otherOfficer = await createMember(svc, 'fresh-officer', [
      { org: orgOf(HOMES.otherLa, 'local-authority'), role: 'la-officer' },
    ]);
    commissioner = await createMember(svc, 'stale-commissioner', [
      { org: orgOf(HOMES.never, 'icb'), role: 'commissioner' },
    ]);
    discharge = await createMember(svc, 'stale-discharge', [
      { org: orgOf(HOMES.never, 'local-authority'), role: 'discharge' },
    ]);
  }, 120_000);

  afterAll(async () => {
    await svc?.stop();
  });

  const list = (query: Record<string, string>, principal = officerOf(LA), now = NOW) =>
    listNotUpdating({ reader, now: () => now }, principal, notUpdatingQuery.parse(query));

  it('lists never-updated homes first, then the oldest, and counts 48 hours exactly as not updating', async () => {
    const page = await list({});
    expect(page.area).toMatchObject({ kind: 'la', label: LA });
    expect(page.homes.map((h) => h.locationId)).toEqual([
      HOMES.never.locationId,
      HOMES.tenDays.locationId,
      HOMES.exactly48.locationId,
    ]);
    expect(page.total).toBe(3);
    // Active homes only: the archived one is neither listed nor counted.
    expect(page.homesInArea).toBe(5);
    expect(page.homes[0]).toMatchObject({
      neverUpdated: true,
      daysSinceUpdate: null,
      lastUpdated: null,
      phone: '01632 960001',
      address: '1 Aardvark Lane, Staleford',
      postcode: 'SF1 1AA',
      freshness: 'never updated',
    });
    expect(page.homes[1]).toMatchObject({ neverUpdated: false, daysSinceUpdate: 10 });
    expect(page.homes[2]).toMatchObject({ daysSinceUpdate: 2, hoursSinceUpdate: 48 });
    expect(page.nextCursor).toBeNull();
  });

  it('moves a home onto the list the moment it reaches 48 hours', async () => {
    const ids = async (now: Date) => (await list({}, officerOf(LA), now)).homes.map((h) => h.locationId);
    expect(await ids(new Date(NOW.getTime()))).not.toContain(HOMES.justUnder48.locationId);
    expect(await ids(new Date(NOW.getTime() + 1))).toContain(HOMES.justUnder48.locationId);
    // And one millisecond before its 48 hours, the exactly-48 home was still fine.
    expect(await ids(new Date(NOW.getTime() - 1))).not.toContain(HOMES.exactly48.locationId);
  });

  it('pages worst first with a cursor that belongs to its area', async () => {
    const first = await list({ limit: '2' });
    expect(first.homes.map((h) => h.locationId)).toEqual([HOMES.never.locationId, HOMES.tenDays.locationId]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await list({ limit: '2', cursor: first.nextCursor ?? '' });
    expect(second.homes.map((h) => h.locationId)).toEqual([HOMES.exactly48.locationId]);
    expect(second.nextCursor).toBeNull();
    await expect(
      list(
        { limit: '2', cursor: first.nextCursor ?? '', la: `Freshfield ${tag}` },
        officerOf(`Freshfield ${tag}`),
      ),
    ).rejects.toMatchObject({ status: 400 });
  });

  it('refuses an area the caller does not cover', async () => {
    await expect(list({ la: `Freshfield ${tag}` })).rejects.toBeInstanceOf(ProblemError);
    await expect(list({ la: `Freshfield ${tag}` })).rejects.toMatchObject({ status: 403 });
  });

  describe('GET /api/areas/not-updating', () => {
    const get = (query: string, token: string) => api(svc, `/api/areas/not-updating${query}`, { token });

    it('gives an LA officer their own area by default, with contact details and a link target', async () => {
      const res = await get('', officer.token);
      expect(res.status).toBe(200);
      expect(res.body.area).toMatchObject({ kind: 'la', label: LA });
      expect(res.body.areas).toHaveLength(1);
      const ids = res.body.homes.map((h: any) => h.locationId);
      // Real time now: ages are days past NOW at least, so the same three are stale.
      expect(ids.slice(0, 3)).toEqual([
        HOMES.never.locationId,
        HOMES.tenDays.locationId,
        HOMES.exactly48.locationId,
      ]);
      expect(ids).not.toContain(HOMES.fresh.locationId);
      expect(ids).not.toContain(HOMES.otherLa.locationId);
    });

    it('gives a commissioner their ICB, and accepts the LA name in any case', async () => {
      const icb = await get('', commissioner.token);
      expect(icb.status).toBe(200);
      expect(icb.body.area.kind).toBe('icb');
      expect(icb.body.homes.map((h: any) => h.locationId)).toContain(HOMES.otherLa.locationId);
      expect((await get(`?la=${encodeURIComponent(LA.toUpperCase())}`, officer.token)).status).toBe(200);
    });

    it('is 403 for another area, for discharge users, and 400 for two areas or a bad limit', async () => {
      const other = await get(`?la=${encodeURIComponent(LA)}`, otherOfficer.token);
      expect(other.status).toBe(403);
      expect((await get('', discharge.token)).status).toBe(403);
      const two = await get(`?la=${encodeURIComponent(LA)}&icb=E54000054`, officer.token);
      expect(two.status).toBe(400);
      expect(two.body.errors[0]).toMatchObject({ rule: 'one-area' });
      const limit = await get('?limit=0', officer.token);
      expect(limit.status).toBe(400);
      expect(limit.body.errors[0].field).toBe('limit');
      const cursor = await get('?cursor=nonsense', officer.token);
      expect(cursor.status).toBe(400);
      expect(cursor.body.errors[0]).toMatchObject({ field: 'cursor', rule: 'cursor' });
    });
  });
});
