import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../../local/service';
import {
  addPerson,
  approverOf,
  bedUpdate,
  type HomeFixture,
  historyItems,
  newLocationId,
  type PersonFixture,
  putHome,
  row,
  servicesInput,
  staffOf,
} from '../support/fixtures-homes';
import { api, signIn, startTestService } from '../support/service';

/**
 * Provider update through the API, as the web page and other clients use it: services offered,
 * the whole table in one PUT, "nothing has changed", history, versions, and who may do what.
 * Every refused request is followed by a check that neither the state nor the history moved.
 */
describe('provider update API', () => {
  let svc: RunningService;
  let homeA: HomeFixture;
  let homeA2: HomeFixture;
  let homeB: HomeFixture;
  let staffA: PersonFixture;
  let staffB: PersonFixture;
  let approverA: PersonFixture;
  let approverB: PersonFixture;
  let nobody: PersonFixture;
  let admin: string;
  let discharge: string;

  const vacancies = (id: string) => `/api/homes/${id}/vacancies`;
  const services = (id: string) => `/api/homes/${id}/services`;

  async function snapshot(locationId: string) {
    const res = await api(svc, vacancies(locationId), { token: staffA.token });
    const servicesRes = await api(svc, services(locationId), { token: staffA.token });
    const { freshness: _f, ...state } = res.body;
    return { state, services: servicesRes.body, history: (await historyItems(locationId)).length };
  }

  async function setServices(home: HomeFixture, token: string, input = servicesInput()) {
    const current = await api(svc, services(home.locationId), { token });
    const res = await api(svc, services(home.locationId), {
      method: 'PUT',
      token,
      body: input,
      headers: { 'if-match': current.headers.get('etag') ?? '' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res;
  }

  async function update(home: HomeFixture, token: string, body: unknown = bedUpdate()) {
    const current = await api(svc, vacancies(home.locationId), { token });
    return api(svc, vacancies(home.locationId), {
      method: 'PUT',
      token,
      body,
      headers: { 'if-match': current.headers.get('etag') ?? '' },
    });
  }

  beforeAll(async () => {
    svc = await startTestService();
    const providerA = `1-7${String(Date.now()).slice(-8)}`;
    homeA = await putHome({
      locationId: newLocationId(),
      name: 'Cranberry Care Home',
      providerId: providerA,
      registeredBeds: 14,
      postcode: 'OX3 2RX',
    });
    homeA2 = await putHome({
      locationId: newLocationId(),
      name: 'Apple Tree House',
      providerId: providerA,
      registeredBeds: 30,
    });
    homeB = await putHome({
      locationId: newLocationId(),
      name: 'Birch Lodge',
      providerId: `${providerA}9`,
      registeredBeds: 20,
    });
    staffA = await addPerson(svc, 'staff.a@fixture.test', staffOf(homeA));
    staffB = await addPerson(svc, 'staff.b@fixture.test', staffOf(homeB));
    approverA = await addPerson(svc, 'approver.a@fixture.test', approverOf(homeA.providerId));
    approverB = await addPerson(svc, 'approver.b@fixture.test', approverOf(homeB.providerId));
    nobody = await addPerson(svc, 'nobody@fixture.test');
    const demo = (role: string) => {
      const u = svc.demoUsers.find((d) => d.role === role);
      if (!u) throw new Error(`no demo ${role}`);
      return u;
    };
    admin = await signIn(svc, demo('admin').email, demo('admin').password);
    discharge = await signIn(svc, demo('discharge').email, demo('discharge').password);
    await setServices(homeB, staffB.token);
    await setServices(homeA2, approverA.token);
  });

  afterAll(async () => {
    await svc?.stop();
  });

  describe('services offered', () => {
    it('starts unset, at version 0', async () => {
      const res = await api(svc, services(homeA.locationId), { token: staffA.token });
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).toBe('"0"');
      expect(res.body).toMatchObject({ version: 0, services: null, canWrite: true, registeredBeds: 14 });
    });

    it('refuses a change without a version (428) and saves one with If-Match', async () => {
      const missing = await api(svc, services(homeA.locationId), {
        method: 'PUT',
        token: staffA.token,
        body: servicesInput(),
      });
      expect(missing.status).toBe(428);
      expect((await historyItems(homeA.locationId)).length).toBe(0);

      const res = await setServices(
        homeA,
        staffA.token,
        servicesInput({ vacancyTypes: ['learning-disability-residential', 'general-residential'] }),
      );
      expect(res.headers.get('etag')).toBe('"1"');
      expect(res.body).toMatchObject({ outcome: 'applied', version: 1, updatedBy: { email: staffA.email } });
      // Stored in vocabulary order whatever order the boxes were ticked in.
      expect(res.body.services.vacancyTypes).toEqual([
        'general-residential',
        'learning-disability-residential',
      ]);
      expect(res.body.services.outOfHoursAdmissions).toBe(true);
      const history = await historyItems(homeA.locationId);
      expect(history).toHaveLength(1);
      expect(history[0]).toMatchObject({
        kind: 'services-updated',
        source: 'web',
        actor: { sub: staffA.sub, email: staffA.email },
      });
    });

    it('rejects invalid services and extra fields naming the field and rule, changing nothing', async () => {
      const before = await snapshot(homeA.locationId);
      const cases: Array<[Record<string, unknown>, string, string]> = [
        [servicesInput({ vacancyTypes: [] }), 'vacancyTypes', 'vacancy-type-required'],
        [servicesInput({ shortStayNone: true }), 'shortStayNone', 'short-stay-none-exclusive'],
        [
          servicesInput({ vacancyTypes: ['general-residential', 'castle'] }),
          'vacancyTypes/1',
          'unknown-code',
        ],
        [servicesInput({ colour: 'blue' }), 'colour', 'unknown-field'],
      ];
      for (const [body, field, rule] of cases) {
        const res = await api(svc, services(homeA.locationId), {
          method: 'PUT',
          token: staffA.token,
          body,
          headers: { 'if-match': '"1"' },
        });
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
      }
      expect(await snapshot(homeA.locationId)).toEqual(before);
    });

    it('gives 409 with the current services to a stale version', async () => {
      const before = await snapshot(homeA.locationId);
      const res = await api(svc, services(homeA.locationId), {
        method: 'PUT',
        token: staffA.token,
        body: servicesInput({ notes: 'lost update?' }),
        headers: { 'if-match': '"0"' },
      });
      expect(res.status).toBe(409);
      expect(res.body.current).toMatchObject({
        version: 1,
        services: { vacancyTypes: ['general-residential', 'learning-disability-residential'] },
      });
      expect(res.headers.get('etag')).toBe('"1"');
      expect(await snapshot(homeA.locationId)).toEqual(before);
    });
  });

  describe('provider update', () => {
    it('shows a blank table for the offered types before the first update', async () => {
      const res = await api(svc, vacancies(homeA.locationId), { token: staffA.token });
      expect(res.status).toBe(200);
      expect(res.body.rows.map((r: any) => r.vacancyType)).toEqual([
        'general-residential',
        'learning-disability-residential',
      ]);
      expect(res.body.rows[0]).toMatchObject({ maximumCapacity: 0, weeklyPriceFrom: null });
      expect(res.body).toMatchObject({
        updatedAt: null,
        freshness: { label: 'never updated', badge: 'never' },
        admissionStatus: 'not-accepting',
        outOfHoursAdmissions: true,
        registeredBeds: 14,
      });
      expect(res.headers.get('etag')).toBe(`"${res.body.version}"`);
    });

    it('saves the whole table in one request, derives the status and records who changed what', async () => {
      const res = await update(homeA, staffA.token);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({
        outcome: 'applied',
        admissionStatus: 'accepting',
        admissionStatusLabel: 'Accepting admissions',
        totals: { capacity: 13, residents: 12, accepting: 1 },
        registeredBeds: 14,
        freshness: { label: 'updated just now', badge: 'fresh' },
        source: 'web',
        updatedBy: { email: staffA.email },
        warnings: [],
      });
      expect(res.headers.get('etag')).toBe(`"${res.body.version}"`);
      const history = await historyItems(homeA.locationId);
      const last = history.at(-1);
      expect(last).toMatchObject({
        kind: 'bed-state-updated',
        actor: { sub: staffA.sub, email: staffA.email },
        source: 'web',
        bedVersion: res.body.version,
        // The first update has nothing before it.
        bedChanges: { admissionStatus: { before: null, after: 'accepting' }, totals: { before: null } },
      });
      const changes = (last?.bedChanges as any)?.vacancyTypes;
      expect(changes[1]).toMatchObject({ vacancyType: 'learning-disability-residential', kind: 'added' });
      expect(changes[1].fields).toContainEqual({ field: 'vacantAccepting', before: null, after: 1 });
    });

    it('accepts the version as a body field too, and refuses a header and body that disagree', async () => {
      const current = await api(svc, vacancies(homeA.locationId), { token: staffA.token });
      const mismatch = await api(svc, vacancies(homeA.locationId), {
        method: 'PUT',
        token: staffA.token,
        body: { ...bedUpdate(), version: current.body.version + 5 },
        headers: { 'if-match': `"${current.body.version}"` },
      });
      expect(mismatch.status).toBe(400);
      expect(mismatch.body.errors[0]).toMatchObject({ field: 'version', rule: 'version-mismatch' });

      const body = bedUpdate();
      body.rows[0] = row({ vacantAccepting: 1, occupied: 5 });
      const res = await api(svc, vacancies(homeA.locationId), {
        method: 'PUT',
        token: staffA.token,
        body: { ...body, version: current.body.version },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.version).toBe(current.body.version + 1);
      expect(res.body.totals).toMatchObject({ residents: 11, accepting: 2 });
    });

    it('"nothing has changed" refreshes the time in one action, keeping the figures and the version', async () => {
      const before = await api(svc, vacancies(homeA.locationId), { token: staffA.token });
      const historyBefore = (await historyItems(homeA.locationId)).length;
      await new Promise((r) => setTimeout(r, 5));
      const res = await api(svc, `${vacancies(homeA.locationId)}/confirm`, {
        method: 'POST',
        token: staffA.token,
        headers: { 'if-match': before.headers.get('etag') ?? '' },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({
        outcome: 'confirmed',
        version: before.body.version,
        rows: before.body.rows,
      });
      expect(res.body.updatedAt > before.body.updatedAt).toBe(true);
      expect(res.body.changedAt).toBe(before.body.changedAt);
      const history = await historyItems(homeA.locationId);
      expect(history).toHaveLength(historyBefore + 1);
      expect(history.at(-1)).toMatchObject({
        kind: 'bed-state-confirmed',
        confirmation: 'confirmed',
        actor: { sub: staffA.sub },
      });
    });

    it('treats saving the same figures as a confirmation', async () => {
      const before = await api(svc, vacancies(homeA.locationId), { token: staffA.token });
      const res = await api(svc, vacancies(homeA.locationId), {
        method: 'PUT',
        token: staffA.token,
        body: { rows: before.body.rows, outOfHoursAdmissions: before.body.outOfHoursAdmissions },
        headers: { 'if-match': before.headers.get('etag') ?? '' },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ outcome: 'unchanged', version: before.body.version });
      expect((await historyItems(homeA.locationId)).at(-1)).toMatchObject({
        confirmation: 'unchanged-update',
      });
    });

    it('warns, but saves, when total capacity is above the CQC registered beds', async () => {
      const body = bedUpdate();
      body.rows[1] = row({
        vacancyType: 'learning-disability-residential',
        maximumCapacity: 9,
        occupied: 6,
        vacantAccepting: 3,
      });
      const res = await update(homeA, staffA.token, body);
      expect(res.status).toBe(200);
      expect(res.body.totals.capacity).toBe(15);
      expect(res.body.warnings).toEqual([expect.objectContaining({ rule: 'capacity-above-registered' })]);
    });

    const badUpdates: Array<{ name: string; body: () => unknown; expect: Record<string, unknown> }> = [
      {
        name: 'price under £100 where there is capacity',
        body: () => ({ rows: [row({ weeklyPriceFrom: 99 }), bedUpdate().rows[1]] }),
        expect: {
          field: 'rows/0/weeklyPriceFrom',
          vacancyType: 'general-residential',
          rule: 'price-minimum',
        },
      },
      {
        name: 'no price where there is capacity',
        body: () => ({ rows: [row({ weeklyPriceFrom: null }), bedUpdate().rows[1]] }),
        expect: {
          field: 'rows/0/weeklyPriceFrom',
          vacancyType: 'general-residential',
          rule: 'price-required',
        },
      },
      {
        name: 'a negative count',
        body: () => ({ rows: [row({ vacantReserved: -1, occupied: 7 }), bedUpdate().rows[1]] }),
        expect: { field: 'rows/0/vacantReserved', vacancyType: 'general-residential', rule: 'negative' },
      },
      {
        name: 'a fractional count',
        body: () => ({ rows: [row({ occupied: 5.5, vacantAccepting: 0.5 }), bedUpdate().rows[1]] }),
        expect: { field: 'rows/0/occupied', vacancyType: 'general-residential', rule: 'not-whole-number' },
      },
      {
        name: 'a number sent as text',
        body: () => ({ rows: [row({ occupied: '6' }), bedUpdate().rows[1]] }),
        expect: { field: 'rows/0/occupied', vacancyType: 'general-residential', rule: 'malformed-number' },
      },
      {
        name: 'capacity that is not the sum',
        body: () => ({ rows: [row({ maximumCapacity: 8 }), bedUpdate().rows[1]] }),
        expect: {
          field: 'rows/0/maximumCapacity',
          vacancyType: 'general-residential',
          rule: 'capacity-mismatch',
        },
      },
      {
        name: 'beds not available without a reason',
        body: () => ({ rows: [row({ occupied: 4, vacantNotAvailable: 2 }), bedUpdate().rows[1]] }),
        expect: {
          field: 'rows/0/notAvailableReason',
          vacancyType: 'general-residential',
          rule: 'reason-required',
        },
      },
      {
        name: 'an unknown reason',
        body: () => ({
          rows: [
            row({ occupied: 4, vacantNotAvailable: 2, notAvailableReason: 'flood' }),
            bedUpdate().rows[1],
          ],
        }),
        expect: {
          field: 'rows/0/notAvailableReason',
          vacancyType: 'general-residential',
          rule: 'unknown-reason',
        },
      },
      {
        name: 'an unknown vacancy type',
        body: () => ({ rows: [...bedUpdate().rows, row({ vacancyType: 'penthouse' })] }),
        expect: { field: 'rows/2/vacancyType', rule: 'unknown-vacancy-type' },
      },
      {
        name: 'a vacancy type the home does not offer',
        body: () => ({ rows: [...bedUpdate().rows, row({ vacancyType: 'dementia-nursing' })] }),
        expect: {
          field: 'rows/2/vacancyType',
          vacancyType: 'dementia-nursing',
          rule: 'vacancy-type-not-offered',
        },
      },
      {
        name: 'an offered vacancy type left out',
        body: () => ({ rows: [row()] }),
        expect: {
          field: 'rows',
          vacancyType: 'learning-disability-residential',
          rule: 'vacancy-type-missing',
        },
      },
      {
        name: 'a vacancy type twice',
        body: () => ({ rows: [...bedUpdate().rows, row()] }),
        expect: {
          field: 'rows/2/vacancyType',
          vacancyType: 'general-residential',
          rule: 'duplicate-vacancy-type',
        },
      },
      {
        name: 'an extra field in a row',
        body: () => ({ rows: [row({ colour: 'red' }), bedUpdate().rows[1]] }),
        expect: { field: 'rows/0/colour', vacancyType: 'general-residential', rule: 'unknown-field' },
      },
      {
        name: 'an extra field in the update',
        body: () => ({ ...bedUpdate(), admissionStatus: 'accepting' }),
        expect: { field: 'admissionStatus', rule: 'unknown-field' },
      },
      {
        name: 'rows that are not a list',
        body: () => ({ rows: 'all of them' }),
        expect: { field: 'rows', rule: 'not-a-list' },
      },
      {
        name: 'out-of-hours that is not yes or no',
        body: () => ({ ...bedUpdate(), outOfHoursAdmissions: 'yes' }),
        expect: { field: 'outOfHoursAdmissions', rule: 'invalid-type' },
      },
      {
        name: 'a body that is not an object',
        body: () => [bedUpdate()],
        expect: { field: '(body)', rule: 'not-an-object' },
      },
    ];

    for (const bad of badUpdates) {
      it(`rejects ${bad.name} (400, naming field and rule) and changes nothing`, async () => {
        const before = await snapshot(homeA.locationId);
        const res = await api(svc, vacancies(homeA.locationId), {
          method: 'PUT',
          token: staffA.token,
          body: bad.body(),
          headers: { 'if-match': `"${before.state.version}"` },
        });
        expect(res.status, JSON.stringify(res.body)).toBe(400);
        expect(res.headers.get('content-type')).toBe('application/problem+json');
        expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining(bad.expect)]));
        for (const e of res.body.errors) expect(typeof e.message).toBe('string');
        expect(await snapshot(homeA.locationId)).toEqual(before);
      });
    }

    it('rejects malformed JSON (400) and changes nothing', async () => {
      const before = await snapshot(homeA.locationId);
      const res = await api(svc, vacancies(homeA.locationId), {
        method: 'PUT',
        token: staffA.token,
        body: '{"rows": [ {"occupied": 01 } ',
        headers: { 'if-match': `"${before.state.version}"` },
      });
      expect(res.status).toBe(400);
      expect(await snapshot(homeA.locationId)).toEqual(before);
    });

    it('refuses an update without a version (428) and changes nothing', async () => {
      const before = await snapshot(homeA.locationId);
      const res = await api(svc, vacancies(homeA.locationId), {
        method: 'PUT',
        token: staffA.token,
        body: bedUpdate(),
      });
      expect(res.status).toBe(428);
      const confirm = await api(svc, `${vacancies(homeA.locationId)}/confirm`, {
        method: 'POST',
        token: staffA.token,
      });
      expect(confirm.status).toBe(428);
      expect(await snapshot(homeA.locationId)).toEqual(before);
    });

    it('refuses If-Match that is not one of our ETags', async () => {
      const res = await api(svc, vacancies(homeA.locationId), {
        method: 'PUT',
        token: staffA.token,
        body: bedUpdate(),
        headers: { 'if-match': '*' },
      });
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toMatchObject({ field: 'If-Match', rule: 'invalid-etag' });
    });

    it('gives 409 with the current state to a wrong version, never overwriting', async () => {
      const before = await snapshot(homeA.locationId);
      const body = bedUpdate();
      body.rows[0] = row({ occupied: 0, vacantAccepting: 6 });
      for (const version of [before.state.version - 1, before.state.version + 1]) {
        const res = await api(svc, vacancies(homeA.locationId), {
          method: 'PUT',
          token: staffA.token,
          body,
          headers: { 'if-match': `"${version}"` },
        });
        expect(res.status).toBe(409);
        expect(res.headers.get('etag')).toBe(`"${before.state.version}"`);
        expect(res.body).toMatchObject({
          currentVersion: before.state.version,
          current: { rows: before.state.rows },
        });
        const confirm = await api(svc, `${vacancies(homeA.locationId)}/confirm`, {
          method: 'POST',
          token: staffA.token,
          body: { version },
        });
        expect(confirm.status).toBe(409);
      }
      expect(await snapshot(homeA.locationId)).toEqual(before);
    });

    it('lets exactly one of two simultaneous saves from the same version win', async () => {
      const current = await api(svc, vacancies(homeA.locationId), { token: staffA.token });
      const etag = current.headers.get('etag') ?? '';
      const historyBefore = (await historyItems(homeA.locationId)).length;
      const bodies = [1, 2].map((n) => {
        const body = bedUpdate();
        body.rows[0] = row({ occupied: 6 - n, vacantAccepting: n });
        return body;
      });
      const results = await Promise.all(
        bodies.map((body) =>
          api(svc, vacancies(homeA.locationId), {
            method: 'PUT',
            token: staffA.token,
            body,
            headers: { 'if-match': etag },
          }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = results.find((r) => r.status === 200);
      const after = await api(svc, vacancies(homeA.locationId), { token: staffA.token });
      expect(after.body.rows).toEqual(winner?.body.rows);
      expect((await historyItems(homeA.locationId)).length).toBe(historyBefore + 1);
    });
  });

  describe('who may do what', () => {
    it('answers 401 to anonymous callers', async () => {
      for (const [method, path] of [
        ['GET', vacancies(homeA.locationId)],
        ['PUT', vacancies(homeA.locationId)],
        ['POST', `${vacancies(homeA.locationId)}/confirm`],
        ['GET', services(homeA.locationId)],
        ['PUT', services(homeA.locationId)],
        ['GET', `/api/homes/${homeA.locationId}/history`],
        ['GET', '/api/my/homes'],
      ] as const) {
        const res = await api(svc, path, {
          method,
          body: method === 'GET' ? undefined : bedUpdate(),
          headers: { 'if-match': '"1"' },
        });
        expect(res.status, `${method} ${path}`).toBe(401);
      }
    });

    it("refuses another home's staff and another provider's approver (403), changing nothing", async () => {
      const before = await snapshot(homeA.locationId);
      const etag = `"${before.state.version}"`;
      for (const token of [staffB.token, approverB.token, discharge]) {
        const put = await api(svc, vacancies(homeA.locationId), {
          method: 'PUT',
          token,
          body: bedUpdate(),
          headers: { 'if-match': etag },
        });
        expect(put.status).toBe(403);
        const confirm = await api(svc, `${vacancies(homeA.locationId)}/confirm`, {
          method: 'POST',
          token,
          headers: { 'if-match': etag },
        });
        expect(confirm.status).toBe(403);
        const servicesPut = await api(svc, services(homeA.locationId), {
          method: 'PUT',
          token,
          body: servicesInput({ notes: 'not mine' }),
          headers: { 'if-match': `"${before.services.version}"` },
        });
        expect(servicesPut.status).toBe(403);
      }
      expect(await snapshot(homeA.locationId)).toEqual(before);
    });

    it('authorises before asking for a version: a caller who may not write gets 403, not 428 or 400', async () => {
      const before = await snapshot(homeA.locationId);
      for (const token of [staffB.token, discharge]) {
        const put = await api(svc, vacancies(homeA.locationId), { method: 'PUT', token, body: bedUpdate() });
        expect(put.status).toBe(403);
        const confirm = await api(svc, `${vacancies(homeA.locationId)}/confirm`, { method: 'POST', token });
        expect(confirm.status).toBe(403);
        const servicesPut = await api(svc, services(homeA.locationId), {
          method: 'PUT',
          token,
          body: servicesInput({ notes: 'not mine' }),
        });
        expect(servicesPut.status).toBe(403);
        const garbled = await api(svc, vacancies(homeA.locationId), {
          method: 'PUT',
          token,
          body: '{"rows": [',
        });
        expect(garbled.status).toBe(403);
      }
      // The home's own staff without a version still get 428.
      const own = await api(svc, vacancies(homeA.locationId), {
        method: 'PUT',
        token: staffA.token,
        body: bedUpdate(),
      });
      expect(own.status).toBe(428);
      expect(await snapshot(homeA.locationId)).toEqual(before);
    });

    it('lets any member read, without showing who updated to people outside the home', async () => {
      const res = await api(svc, vacancies(homeA.locationId), { token: discharge });
      expect(res.status).toBe(200);
      expect(res.body.canWrite).toBe(false);
      expect(res.body.updatedBy).toBeUndefined();
      const history = await api(svc, `/api/homes/${homeA.locationId}/history`, { token: staffB.token });
      expect(history.status).toBe(200);
      expect(history.body.events[0].actor).toBeUndefined();
      const own = await api(svc, `/api/homes/${homeA.locationId}/history`, { token: staffA.token });
      expect(own.body.events[0].actor).toMatchObject({ email: expect.any(String) });
    });

    it('refuses a signed-in account with no membership (403)', async () => {
      const res = await api(svc, vacancies(homeA.locationId), { token: nobody.token });
      expect(res.status).toBe(403);
    });

    it("lets the provider's approver and an admin update", async () => {
      const byApprover = await update(homeA, approverA.token, bedUpdate({ outOfHoursAdmissions: false }));
      expect(byApprover.status, JSON.stringify(byApprover.body)).toBe(200);
      expect(byApprover.body.outOfHoursAdmissions).toBe(false);
      const byAdmin = await update(homeA, admin, bedUpdate({ outOfHoursAdmissions: true }));
      expect(byAdmin.status).toBe(200);
      expect((await historyItems(homeA.locationId)).at(-1)).toMatchObject({
        actor: { email: 'admin@demo.cct.local' },
      });
    });

    it('answers 404 for an unknown home', async () => {
      const unknown = '1-0000000000';
      expect((await api(svc, vacancies(unknown), { token: admin })).status).toBe(404);
      expect((await api(svc, services(unknown), { token: admin })).status).toBe(404);
      expect((await api(svc, `/api/homes/${unknown}/history`, { token: admin })).status).toBe(404);
      const put = await api(svc, vacancies(unknown), {
        method: 'PUT',
        token: admin,
        body: bedUpdate(),
        headers: { 'if-match': '"0"' },
      });
      expect(put.status).toBe(404);
      const confirm = await api(svc, `${vacancies(unknown)}/confirm`, {
        method: 'POST',
        token: admin,
        body: { version: 0 },
      });
      expect(confirm.status).toBe(404);
    });
  });

  describe('changing services with beds in place', () => {
    it('refuses to stop offering a vacancy type that has beds, then drops its row once it has none', async () => {
      const before = await snapshot(homeA.locationId);
      const without = servicesInput({ vacancyTypes: ['general-residential'] });
      const refused = await api(svc, services(homeA.locationId), {
        method: 'PUT',
        token: staffA.token,
        body: without,
        headers: { 'if-match': `"${before.services.version}"` },
      });
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([
        expect.objectContaining({
          field: 'vacancyTypes',
          vacancyType: 'learning-disability-residential',
          rule: 'vacancy-type-has-beds',
        }),
      ]);
      expect(await snapshot(homeA.locationId)).toEqual(before);

      const emptied = await update(homeA, staffA.token, {
        rows: [
          row(),
          row({
            vacancyType: 'learning-disability-residential',
            maximumCapacity: 0,
            occupied: 0,
            weeklyPriceFrom: null,
          }),
        ],
      });
      expect(emptied.status, JSON.stringify(emptied.body)).toBe(200);
      const removed = await setServices(homeA, staffA.token, without);
      expect(removed.body.vacanciesVersion).toBe(emptied.body.version + 1);
      const after = await api(svc, vacancies(homeA.locationId), { token: staffA.token });
      expect(after.body.rows.map((r: any) => r.vacancyType)).toEqual(['general-residential']);
      expect((await historyItems(homeA.locationId)).at(-1)).toMatchObject({
        kind: 'services-updated',
        servicesChanges: { droppedVacancyTypes: ['learning-disability-residential'] },
      });
      // A form loaded before the services change is now out of date: 409, not a silent write.
      const stale = await api(svc, vacancies(homeA.locationId), {
        method: 'PUT',
        token: staffA.token,
        body: { rows: [row()] },
        headers: { 'if-match': `"${emptied.body.version}"` },
      });
      expect(stale.status).toBe(409);
    });

    it('refuses vacancies before the services are chosen', async () => {
      const fresh = await putHome({
        locationId: newLocationId(),
        name: 'Zinnia House',
        providerId: homeA.providerId,
      });
      const res = await api(svc, vacancies(fresh.locationId), {
        method: 'PUT',
        token: approverA.token,
        body: bedUpdate(),
        headers: { 'if-match': '"0"' },
      });
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toMatchObject({ rule: 'services-not-set' });
      const confirm = await api(svc, `${vacancies(fresh.locationId)}/confirm`, {
        method: 'POST',
        token: approverA.token,
        body: { version: 0 },
      });
      expect(confirm.status).toBe(400);
      expect(confirm.body.errors[0]).toMatchObject({ rule: 'nothing-to-confirm' });
    });
  });

  describe('history', () => {
    it('pages newest first with a cursor and rejects a forged cursor', async () => {
      const all = (await historyItems(homeA.locationId)).map((i) => i.id).reverse();
      expect(all.length).toBeGreaterThan(4);
      const first = await api(svc, `/api/homes/${homeA.locationId}/history?limit=3`, { token: staffA.token });
      expect(first.status).toBe(200);
      expect(first.body.events.map((e: any) => e.id)).toEqual(all.slice(0, 3));
      expect(first.body.cursor).toEqual(expect.any(String));
      const second = await api(
        svc,
        `/api/homes/${homeA.locationId}/history?limit=3&cursor=${first.body.cursor}`,
        { token: staffA.token },
      );
      expect(second.body.events.map((e: any) => e.id)).toEqual(all.slice(3, 6));
      const times = [...first.body.events, ...second.body.events].map((e: any) => e.at);
      expect([...times].sort().reverse()).toEqual(times);

      const forged = Buffer.from('PROFILE').toString('base64url');
      const bad = await api(svc, `/api/homes/${homeA.locationId}/history?cursor=${forged}`, {
        token: staffA.token,
      });
      expect(bad.status).toBe(400);
      const tooMany = await api(svc, `/api/homes/${homeA.locationId}/history?limit=1000`, {
        token: staffA.token,
      });
      expect(tooMany.status).toBe(400);
      const unknownParam = await api(svc, `/api/homes/${homeA.locationId}/history?sort=asc`, {
        token: staffA.token,
      });
      expect(unknownParam.status).toBe(400);
    });
  });

  describe('my care homes', () => {
    it('lists the homes each person may update, with freshness', async () => {
      const mine = await api(svc, '/api/my/homes', { token: staffA.token });
      expect(mine.status).toBe(200);
      expect(mine.body.homes.map((h: any) => h.locationId)).toEqual([homeA.locationId]);
      expect(mine.body.homes[0]).toMatchObject({
        name: 'Cranberry Care Home',
        via: 'care-home-staff',
        freshness: { badge: 'fresh' },
      });

      const approver = await api(svc, '/api/my/homes', { token: approverA.token });
      const names = approver.body.homes.map((h: any) => h.name);
      expect(names).toEqual([...names].sort());
      expect(approver.body.homes.map((h: any) => h.locationId)).toEqual(
        expect.arrayContaining([homeA.locationId, homeA2.locationId]),
      );
      expect(approver.body.homes.map((h: any) => h.locationId)).not.toContain(homeB.locationId);
      expect(approver.body.homes.find((h: any) => h.locationId === homeA2.locationId)).toMatchObject({
        via: 'provider-approver',
        freshness: { badge: 'never' },
      });

      const none = await api(svc, '/api/my/homes', { token: discharge });
      expect(none.body.homes).toEqual([]);
    });
  });
});
