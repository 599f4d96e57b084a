import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../../local/service';
import { createBedStateService } from '../../shared/app/bed-state/update-bed-state';
import { awsClients } from '../../shared/infra/aws';
import { DynamoBedStateStore } from '../../shared/infra/bed-state-repository';
import { FIXTURE_HOMES, fixtureId, writeSearchFixtures } from '../support/fixtures-search';
import { api, signIn, startTestService } from '../support/service';

// Every search reads the changes feed first, so a write just before a search is always seen.
process.env.SEARCH_REFRESH_SECONDS = '0';

const ids = (body: any): string[] => body.results.map((r: any) => r.locationId);

describe('GET /api/search/vacancies', () => {
  let svc: RunningService;
  let discharge: string;
  let staff: string;

  beforeAll(async () => {
    svc = await startTestService();
    await writeSearchFixtures();
    const user = (role: string) => {
      const u = svc.demoUsers.find((d) => d.role === role);
      if (!u) throw new Error(`no demo ${role} user`);
      return signIn(svc, u.email, u.password);
    };
    [discharge, staff] = await Promise.all([user('discharge'), user('care-home-staff')]);
  });
  afterAll(async () => {
    await svc?.stop();
  });

  const search = (query: string, token = discharge) => api(svc, `/api/search/vacancies?${query}`, { token });

  it('finds homes within the radius of an outward code, nearest first, with distances', async () => {
    const res = await search('postcode=b97&radiusMiles=10&acceptingToday=false');
    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual(['alder', 'birch', 'cedar', 'damson', 'elm'].map(fixtureId));
    const distances = res.body.results.map((r: any) => r.distanceMiles);
    expect(distances).toEqual([...distances].sort((a: number, b: number) => a - b));
    expect(distances[0]).toBeCloseTo(0.7, 1);
    expect(res.body).toMatchObject({
      sort: 'distance',
      total: 5,
      nextCursor: null,
      searchedFrom: { kind: 'postcode', postcode: 'B97', precision: 'outcode', radiusMiles: 10 },
    });
  });

  it('measures from a full postcode when it knows it, and falls back to the district centroid', async () => {
    const exact = await search('postcode=B97%204AA&acceptingToday=false');
    expect(exact.status).toBe(200);
    expect(exact.body.searchedFrom.precision).toBe('postcode');
    expect(exact.body.results[0]).toMatchObject({ locationId: fixtureId('alder'), distanceMiles: 0 });

    const district = await search('postcode=B97%209PT&acceptingToday=false');
    expect(district.status).toBe(200);
    expect(district.body.searchedFrom).toMatchObject({ postcode: 'B97 9PT', precision: 'outcode' });
  });

  it('reports each result with its vacancies, status, freshness, rating, unexpired alerts and contact', async () => {
    const res = await search('postcode=B97&radiusMiles=1');
    expect(res.status).toBe(200);
    const [alder] = res.body.results;
    expect(alder).toMatchObject({
      locationId: fixtureId('alder'),
      name: 'Alder House',
      admissionStatus: { code: 'accepting', label: 'Accepting admissions' },
      vacancies: [
        {
          vacancyType: 'general-residential',
          label: 'General Residential',
          accepting: 2,
          weeklyPriceFrom: 850,
        },
      ],
      acceptingBeds: 2,
      freshness: { badge: 'fresh', label: 'updated 2 hours ago' },
      rating: { overall: 'Good', date: '2024-05-01' },
      contact: { phone: '01527 000000', website: `https://example.org/${fixtureId('alder')}` },
      outOfHoursAdmissions: true,
      localAuthority: 'Worcestershire',
    });
    expect(alder.alerts.map((a: any) => a.id)).toEqual(['alert-1']);
  });

  it('reports the items it read, in the body, a header and amortised over the container', async () => {
    // The first search from LS1 reads its OUTCODE item; the container remembers the point after that.
    const first = await search('postcode=LS1&acceptingToday=false');
    expect(first.status).toBe(200);
    expect(Number(first.headers.get('x-items-read'))).toBe(first.body.itemsRead);
    expect(first.body.itemsRead).toBeGreaterThanOrEqual(1);
    const again = await search('postcode=LS1&acceptingToday=false');
    // Warm: nothing but the changes feed's window, never the register again.
    expect(again.body.itemsRead).toBeLessThan(first.body.itemsRead + FIXTURE_HOMES.length);
    expect(again.body.itemsRead).toBeLessThan(FIXTURE_HOMES.length + 2);
    expect(Number(again.headers.get('x-items-read-amortised'))).toBeGreaterThan(0);
    expect(again.headers.get('x-homes-in-area')).toBe('2');
  });

  it('applies the filters', async () => {
    const cases: Array<[string, string[]]> = [
      ['vacancyTypes=general-nursing', ['birch']],
      ['acceptingToday=true', ['alder', 'birch', 'cedar']],
      ['ratings=outstanding,requires-improvement', ['birch', 'cedar']],
      ['brand=acorn', ['alder', 'cedar']],
      ['maxWeeklyPrice=1000', ['alder']],
      ['languages=English,polish', ['alder']],
      ['notes=lift%20wheelchair', ['birch']],
      ['fundingSources=sub-icb,private', ['alder', 'birch']],
      ['contractLa=true', ['alder']],
      ['contractSubIcb=true', ['birch']],
      ['specialisms=dementia', ['alder', 'cedar']],
      ['serviceTypes=care-home-service-with-nursing', ['birch', 'cedar']],
      ['updatedWithin=24h', ['alder']],
      ['updatedWithin=7d', ['alder', 'birch', 'cedar']],
      ['outOfHours=true', ['alder', 'cedar']],
      ['stay=short-stay', ['alder', 'birch']],
      ['stay=short-stay&vacancyTypes=discharge-to-assess', ['birch']],
    ];
    for (const [filter, expected] of cases) {
      const res = await search(`postcode=B97&radiusMiles=10&${filter}`);
      expect(res.status, filter).toBe(200);
      expect(ids(res.body), filter).toEqual(expected.map(fixtureId));
    }
  });

  it('searches a local authority, sub-ICB or ICB, most recently updated first', async () => {
    const la = await search('la=leeds&acceptingToday=false');
    expect(la.status).toBe(200);
    expect(la.body.sort).toBe('freshness');
    // Hazel updated 3 hours ago, Ginkgo 20; the seeded demo home in Leeds has never updated.
    expect(ids(la.body).slice(0, 2)).toEqual([fixtureId('hazel'), fixtureId('ginkgo')]);
    expect(la.body.results.every((r: any) => r.distanceMiles === null)).toBe(true);

    const sub = await search('subIcb=E38000225');
    expect(ids(sub.body)).toEqual([fixtureId('hazel'), fixtureId('ginkgo')]);
    const icb = await search(`icb=${encodeURIComponent('NHS West Yorkshire Integrated Care Board')}`);
    expect(ids(icb.body)).toEqual([fixtureId('hazel'), fixtureId('ginkgo')]);
  });

  it('pages with a cursor that continues exactly where the last page stopped', async () => {
    const all = await search('postcode=B97&acceptingToday=false');
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await search(
        `postcode=B97&acceptingToday=false&pageSize=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(5);
      seen.push(...ids(res.body));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(ids(all.body));
  });

  it('refuses a tampered cursor, and a cursor from a different search', async () => {
    const first = await search('postcode=B97&acceptingToday=false&pageSize=2');
    const cursor: string = first.body.nextCursor;
    const [body, mac] = cursor.split('.');
    const forged = `${Buffer.from(JSON.stringify({ v: 1, q: 'x', k: [0, 'a'] })).toString('base64url')}.${mac}`;
    for (const bad of [forged, `${body}.${'A'.repeat(22)}`, 'not-a-cursor']) {
      const res = await search(
        `postcode=B97&acceptingToday=false&pageSize=2&cursor=${encodeURIComponent(bad)}`,
      );
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toMatchObject({ field: 'cursor', rule: 'invalid-cursor' });
    }
    const other = await search(`postcode=B97&pageSize=2&cursor=${encodeURIComponent(cursor)}`);
    expect(other.status).toBe(400);
    expect(other.body.errors[0]).toMatchObject({ field: 'cursor', rule: 'cursor-mismatch' });
  });

  it('sees a provider update made just before the search (changes feed)', async () => {
    const before = await search('postcode=B97&radiusMiles=8&acceptingToday=true');
    expect(ids(before.body)).not.toContain(fixtureId('damson'));
    const { ddb, config } = awsClients();
    const service = createBedStateService({ store: new DynamoBedStateStore(ddb, config.TABLE_NAME) });
    const result = await service.updateBedState({
      locationId: fixtureId('damson'),
      input: {
        rows: [
          {
            vacancyType: 'general-residential',
            weeklyPriceFrom: 700,
            maximumCapacity: 12,
            occupied: 11,
            vacantReserved: 0,
            vacantAccepting: 1,
            vacantNotAvailable: 0,
            notAvailableReason: null,
            flexible: false,
          },
        ],
      },
      expectedVersion: 'current',
      actor: { sub: 'test', email: 'test@example.org' },
      source: 'web',
    });
    expect(result.kind).toBe('applied');
    const after = await search('postcode=B97&radiusMiles=8&acceptingToday=true');
    expect(ids(after.body)).toContain(fixtureId('damson'));
    // The changed home came from the changes feed.
    expect(Number(after.headers.get('x-items-read'))).toBeGreaterThanOrEqual(1);
  });

  describe('bad input', () => {
    it('says an unknown postcode is unknown rather than finding nothing', async () => {
      const res = await search('postcode=YO99%209ZZ');
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toMatchObject({ field: 'postcode', rule: 'unknown-postcode' });
      expect(res.body.detail).toContain('YO99 9ZZ');
    });

    it('names the field of an invalid value, an unknown parameter, or a missing area', async () => {
      const cases: Array<[string, string]> = [
        ['postcode=not-a-postcode', 'postcode'],
        ['postcode=B97&radiusMiles=101', 'radiusMiles'],
        ['postcode=B97&radiusMiles=ten', 'radiusMiles'],
        ['postcode=B97&vacancyTypes=general-residential,castle', 'vacancyTypes'],
        ['postcode=B97&stay=short-stay&vacancyTypes=general-residential', 'vacancyTypes'],
        ['postcode=B97&ratings=brilliant', 'ratings'],
        ['postcode=B97&fundingSources=lottery', 'fundingSources'],
        ['postcode=B97&updatedWithin=1y', 'updatedWithin'],
        ['postcode=B97&acceptingToday=maybe', 'acceptingToday'],
        ['postcode=B97&maxWeeklyPrice=-5', 'maxWeeklyPrice'],
        ['postcode=B97&pageSize=500', 'pageSize'],
        ['postcode=B97&format=pdf', 'format'],
        ['postcode=B97&colour=blue', 'colour'],
        ['la=Leeds&radiusMiles=5', 'radiusMiles'],
        ['acceptingToday=true', 'postcode'],
        ['postcode=B97&la=Leeds', 'postcode'],
      ];
      for (const [query, field] of cases) {
        const res = await search(query);
        expect(res.status, query).toBe(400);
        expect(
          res.body.errors.map((e: any) => e.field),
          query,
        ).toContain(field);
        expect(res.body.detail, query).toContain(field);
      }
    });
  });

  describe('authorisation', () => {
    it('needs a sign-in, and a role that may search', async () => {
      expect((await api(svc, '/api/search/vacancies?postcode=B97')).status).toBe(401);
      const res = await search('postcode=B97', staff);
      expect(res.status).toBe(403);
      const exported = await search('postcode=B97&format=csv', staff);
      expect(exported.status).toBe(403);
    });
  });

  describe('export', () => {
    it('exports the same rows as the search, as CSV with a header and formulas neutralised', async () => {
      const query = 'postcode=B97&radiusMiles=10&acceptingToday=false';
      const json = await search(`${query}&pageSize=100`);
      const res = await search(`${query}&format=csv`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toMatch(
        /^attachment; filename="care-home-vacancies-\d+\.csv"$/,
      );
      const text: string = res.body;
      const lines = text
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n');
      expect(lines[0]).toMatch(/^CQC location ID,Care home,Provider,/);
      expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(ids(json.body));
      const damson = lines.find((l) => l.startsWith(fixtureId('damson')));
      expect(damson).toContain(`"'=HYPERLINK(""http://example.invalid"",""Damson View"")"`);
      expect(damson).toContain("'+44 Care Ltd");
      expect(damson).toContain("'@Home Care");
      expect(damson).toContain('"\'-Flat 1, Damson Road"');
      expect(damson).toContain("'=1+2 call before visiting");
    });

    it('exports an Excel workbook with the same rows', async () => {
      const query = 'postcode=B97&radiusMiles=10&acceptingToday=false';
      const json = await search(`${query}&pageSize=100`);
      const res = await fetch(`${svc.url}/api/search/vacancies?${query}&format=xlsx`, {
        headers: { authorization: `Bearer ${discharge}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet('Vacancies');
      if (!sheet) throw new Error('no Vacancies sheet');
      expect(sheet.getCell('A1').value).toBe('CQC location ID');
      const rowIds: string[] = [];
      sheet.eachRow((row, n) => {
        if (n > 1) rowIds.push(String(row.getCell(1).value));
      });
      expect(rowIds).toEqual(ids(json.body));
      const damsonRow = rowIds.indexOf(fixtureId('damson')) + 2;
      expect(sheet.getRow(damsonRow).getCell(2).value).toBe(
        '\'=HYPERLINK("http://example.invalid","Damson View")',
      );
      expect(sheet.getRow(damsonRow).getCell(2).formula).toBeUndefined();
      expect(typeof sheet.getRow(2).getCell(9).value).toBe('number');
    });
  });

  it('offers the form its options and the map its boundaries', async () => {
    const options = await api(svc, '/api/search/options', { token: discharge });
    expect(options.status).toBe(200);
    expect(options.body.localAuthorities).toEqual(expect.arrayContaining(['Leeds', 'Worcestershire']));
    expect(options.body.specialisms).toEqual(
      expect.arrayContaining([{ code: 'dementia', label: 'Dementia' }]),
    );
    expect(options.body.serviceTypes).toEqual(
      expect.arrayContaining([
        { code: 'care-home-service-with-nursing', label: 'Care home service with nursing' },
      ]),
    );
    const boundaries = await api(svc, '/api/search/boundaries', { token: discharge });
    if (boundaries.status === 404) {
      console.warn('skipped boundary check: ../shared/data/geo/local-authority-boundaries.geojson is absent');
      return;
    }
    expect(boundaries.status).toBe(200);
    expect(boundaries.headers.get('content-type')).toBe('application/geo+json');
    const geo = typeof boundaries.body === 'string' ? JSON.parse(boundaries.body) : boundaries.body;
    expect(geo.type).toBe('FeatureCollection');
    expect(geo.features.length).toBeGreaterThan(300);
  });
});
