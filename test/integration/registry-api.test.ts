import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureConfirmedUser } from '../../local/cognito-setup';
import type { RunningService } from '../../local/service';
import { api, signIn, startTestService } from '../support/service';
import { type FixtureLocation, hscaCsv, LOCATIONS, with_ } from '../unit/registry-app/fixtures';

/** 30 more Leeds homes named "Meadow View n", to page through. */
const MEADOWS: FixtureLocation[] = Array.from({ length: 30 }, (_, i) => ({
  ...(LOCATIONS[0] as FixtureLocation),
  id: `1-80000020${String(i).padStart(2, '0')}`,
  name: `Meadow View ${String(i).padStart(2, '0')}`,
  brand: undefined,
}));

describe('care home register: S3 trigger, schedules and the homes API', () => {
  let svc: RunningService;
  let s3: S3Client;
  const tokens: Record<string, string> = {};

  const put = async (key: string, body: string) => {
    await s3.send(new PutObjectCommand({ Bucket: svc.env.DATA_BUCKET, Key: key, Body: body }));
    await svc.triggersIdle();
  };
  const get = (path: string, who = 'discharge') => api(svc, path, { token: tokens[who] });

  beforeAll(async () => {
    svc = await startTestService();
    s3 = new S3Client({
      endpoint: svc.env.S3_ENDPOINT,
      region: 'eu-west-2',
      forcePathStyle: true,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    for (const role of ['discharge', 'admin'] as const) {
      const user = svc.demoUsers.find((u) => u.role === role);
      if (!user) throw new Error(`no demo ${role}`);
      tokens[role] = await signIn(svc, user.email, user.password);
    }
    const cognito = new CognitoIdentityProviderClient({
      endpoint: svc.env.COGNITO_ENDPOINT,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await ensureConfirmedUser(
      cognito,
      svc.env.USER_POOL_ID ?? '',
      'nobody@test.cct.local',
      'test-password-2026!',
      [],
    );
    cognito.destroy();
    tokens.nobody = await signIn(svc, 'nobody@test.cct.local', 'test-password-2026!');
    // A key with spaces: S3 notifications form-encode it, the trigger must decode it.
    await put('cqc/national file.csv', hscaCsv([...LOCATIONS, ...MEADOWS]));
  });

  afterAll(async () => {
    s3?.destroy();
    await svc?.stop();
  });

  it('ingested the file dropped in the data bucket', async () => {
    const res = await get('/api/homes/1-8000000001');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      locationId: '1-8000000001',
      name: 'The Willows Care Home',
      registeredBeds: 40,
      overallRating: 'Good',
      status: 'active',
      geography: { localAuthority: 'Leeds', region: 'Yorkshire and the Humber', icb: { code: 'E54000054' } },
      location: { latitude: 53.7965, longitude: -1.5478, locatedBy: 'record' },
    });
  });

  it('refuses callers who are not signed in, or have no membership', async () => {
    expect((await api(svc, '/api/homes?la=Leeds')).status).toBe(401);
    expect((await api(svc, '/api/homes/1-8000000001')).status).toBe(401);
    expect((await get('/api/homes?la=Leeds', 'nobody')).status).toBe(403);
  });

  it('answers 404 for an unknown home and 400 for a list without filters', async () => {
    expect((await get('/api/homes/1-8999999999')).status).toBe(404);
    const res = await get('/api/homes');
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/la, subIcb, icb, region, provider or name/);
    expect((await get('/api/homes?la=Leeds&colour=red')).body.errors[0]).toMatchObject({ field: 'colour' });
  });

  it('filters by local authority, region, ICB, sub-ICB and provider through the area indexes', async () => {
    const names = async (q: string) =>
      (await get(`/api/homes?${q}&limit=100`)).body.homes.map((h: { name: string }) => h.name);
    const leeds = await names('la=Leeds');
    expect(leeds).toHaveLength(32);
    expect(leeds.slice(0, 2)).toEqual(['Abbey Court Nursing Home', 'Meadow View 00']);
    expect(leeds.at(-1)).toBe('The Willows Care Home');
    expect(await names('region=South%20East')).toEqual(['Rose Lodge']);
    expect(await names('region=south-east')).toEqual(['Rose Lodge']);
    expect(await names('icb=E54000032')).toEqual(['Rose Lodge']);
    expect(await names('subIcb=e38000237')).toEqual(['Rose Lodge']);
    expect(await names('provider=1-8000000200')).toEqual(['Rose Lodge']);
    expect(await names('la=Leeds&icb=E54000032')).toEqual([]);
    expect(await names('la=Kent')).toEqual(['Rose Lodge']);
  });

  it('searches names by word, alone or within an area', async () => {
    const names = async (q: string) =>
      (await get(`/api/homes?${q}`)).body.homes.map((h: { name: string }) => h.name);
    expect(await names('name=willows')).toEqual(['The Willows Care Home']);
    expect(await names('name=Abbey%20Court')).toEqual(['Abbey Court Nursing Home']);
    expect(await names('name=court&la=Leeds')).toEqual(['Abbey Court Nursing Home']);
    expect(await names('name=lodge&region=South%20East')).toEqual(['Rose Lodge']);
    expect(await names('name=lodge&la=Leeds')).toEqual([]);
    const common = await get('/api/homes?name=care%20home');
    expect(common.status).toBe(400);
    expect(common.body.errors[0]).toMatchObject({ field: 'name' });
  });

  it('pages through a long list with an opaque cursor, each home once', async () => {
    for (const query of ['la=Leeds', 'name=meadow']) {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const res = await get(
          `/api/homes?${query}&limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        expect(res.status).toBe(200);
        expect(res.body.homes.length).toBeLessThanOrEqual(7);
        seen.push(...res.body.homes.map((h: { locationId: string }) => h.locationId));
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor && pages < 20);
      const expected = query === 'la=Leeds' ? 32 : 30;
      expect(seen, query).toHaveLength(expected);
      expect(new Set(seen).size, query).toBe(expected);
      expect(pages, query).toBe(Math.ceil(expected / 7));
    }
    const first = await get('/api/homes?la=Leeds&limit=5');
    const misused = await get(`/api/homes?la=Kent&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(misused.status).toBe(400);
    expect(misused.body.errors[0]).toMatchObject({ field: 'cursor' });
    expect((await get('/api/homes?la=Leeds&cursor=not-a-cursor')).status).toBe(400);
  });

  it('re-ingests the newest data file on the monthly schedule, writing nothing when nothing changed', async () => {
    // A second, changed file arrives; the trigger applies it, then the schedule finds it the newest.
    await new Promise((r) => setTimeout(r, 1100));
    await put('cqc/2026-02.csv', hscaCsv([...with_('1-8000000003', { beds: 22 }), ...MEADOWS]));
    expect((await get('/api/homes/1-8000000003')).body.registeredBeds).toBe(22);
    const result = (await svc.runJob('cqc-monthly')) as { report: Record<string, unknown> };
    expect(result.report).toMatchObject({
      trigger: 'schedule',
      status: 'succeeded',
      sources: ['cqc/2026-02.csv'],
      created: 0,
      updated: 0,
      writes: 0,
      unchanged: 33,
    });
  });

  it('treats a file under cqc/complete/ as a complete snapshot', async () => {
    await put(
      'cqc/complete/2026-03.csv',
      hscaCsv([...LOCATIONS.filter((l) => l.id !== '1-8000000002'), ...MEADOWS]),
    );
    const abbey = await get('/api/homes/1-8000000002');
    expect(abbey.body).toMatchObject({ status: 'archived', archivedReason: 'absent-from-complete-snapshot' });
    const leeds = await get('/api/homes?la=Leeds&limit=100');
    expect(leeds.body.homes.map((h: { locationId: string }) => h.locationId)).not.toContain('1-8000000002');
  });

  it('skips the CQC API delta cleanly when no subscription key is configured', async () => {
    expect(await svc.runJob('cqc-delta')).toEqual({ skipped: expect.stringMatching(/no CQC API key/) });
  });

  it('loads outward-code centroids dropped under geo/', async () => {
    await put('geo/centroids.csv', 'postcode,latitude,longitude\nLS1,53.797,-1.548\nZZ,1,1\n');
    const runs = await get('/api/registry/runs?limit=50', 'admin');
    const geo = runs.body.runs.find((r: { kind: string }) => r.kind === 'geo');
    expect(geo).toMatchObject({ trigger: 's3', created: 1, skipped: 1, sources: ['geo/centroids.csv'] });
  });

  it('lists recent runs to admins only', async () => {
    const res = await get('/api/registry/runs?limit=2', 'admin');
    expect(res.status).toBe(200);
    expect(res.body.runs).toHaveLength(2);
    expect(res.body.nextCursor).toEqual(expect.any(String));
    const next = await get(
      `/api/registry/runs?limit=50&cursor=${encodeURIComponent(res.body.nextCursor)}`,
      'admin',
    );
    const all = [...res.body.runs, ...next.body.runs];
    expect(all.map((r: { startedAt: string }) => r.startedAt)).toEqual(
      [...all.map((r: { startedAt: string }) => r.startedAt)].sort().reverse(),
    );
    expect(all.find((r: { sources: string[] }) => r.sources[0] === 'cqc/national file.csv')).toMatchObject({
      trigger: 's3',
      created: 33,
    });
    expect((await get('/api/registry/runs')).status).toBe(403);
    expect((await api(svc, '/api/registry/runs')).status).toBe(401);
  });
});
