import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../../local/service';
import { type HomeFixture, newLocationId, putHome } from '../support/fixtures-homes';
import { api, signIn, startTestService } from '../support/service';

/**
 * Admin API for supplier platforms: register, scope (validated against the register), disable,
 * issue keys (shown once) and revoke them; audit trail entries; and for every write path, bad input
 * (400 naming the field and rule), non-admins (403), unknown ids (404) and stale versions (409),
 * each followed by a check that nothing was written.
 */
describe('supplier admin API', () => {
  let svc: RunningService;
  let admin: string;
  let others: Record<string, string>;
  let home: HomeFixture;
  let providerHome: HomeFixture;
  const providerId = `1-7${String(Date.now()).slice(-8)}`;

  const list = async () =>
    (await api(svc, '/api/admin/suppliers', { token: admin })).body.items as Array<{
      supplierId: string;
      version: number;
    }>;
  const detail = async (id: string) => api(svc, `/api/admin/suppliers/${id}`, { token: admin });
  const fieldsOf = (body: { errors?: Array<{ field: string; rule: string }> }) =>
    (body.errors ?? []).map((e) => `${e.field}:${e.rule}`);

  beforeAll(async () => {
    svc = await startTestService();
    const tokens: Record<string, string> = {};
    for (const u of svc.demoUsers) tokens[u.role] = await signIn(svc, u.email, u.password);
    const { admin: a, ...rest } = tokens;
    if (!a) throw new Error('no demo admin');
    admin = a;
    others = rest;
    home = await putHome({ locationId: newLocationId(), name: 'Scope Home', providerId: `${providerId}9` });
    providerHome = await putHome({ locationId: newLocationId(), name: 'Provider Home', providerId });
  });

  afterAll(async () => {
    await svc?.stop();
  });

  it('registers a supplier with a scope of providers and homes', async () => {
    const res = await api(svc, '/api/admin/suppliers', {
      method: 'POST',
      token: admin,
      body: {
        supplierId: 'acme-beds',
        name: ' Acme Beds ',
        providerIds: [providerId],
        locationIds: [home.locationId],
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      supplierId: 'acme-beds',
      name: 'Acme Beds',
      status: 'active',
      providerIds: [providerId],
      locationIds: [home.locationId],
      version: 1,
    });
    const items = await list();
    expect(items.map((s) => s.supplierId)).toEqual(['acme-beds']);
    expect(items[0]).toMatchObject({ activeKeys: 0 });
  });

  describe('bad input on create: 400 naming the field and rule, nothing written', () => {
    it.each([
      ['no body', undefined, []],
      ['a missing name', { supplierId: 'x-beds' }, ['name:invalid_type']],
      ['an empty name', { supplierId: 'x-beds', name: '  ' }, ['name:too_small']],
      ['an id with capitals', { supplierId: 'X Beds', name: 'X' }, ['supplierId:invalid_format']],
      ['an unknown field', { supplierId: 'x-beds', name: 'X', colour: 'red' }, ['colour:unknown-field']],
      [
        'a malformed location id',
        { supplierId: 'x-beds', name: 'X', locationIds: ['abc'] },
        ['locationIds/0:invalid_format'],
      ],
      [
        'a home listed twice',
        { supplierId: 'x-beds', name: 'X', locationIds: ['1-100', '1-100'] },
        ['locationIds/1:custom'],
      ],
      [
        'a scope that is not a list',
        { supplierId: 'x-beds', name: 'X', providerIds: '1-100' },
        ['providerIds:invalid_type'],
      ],
    ])('%s', async (_label, body, expected) => {
      const res = await api(svc, '/api/admin/suppliers', { method: 'POST', token: admin, body });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      if (expected.length) expect(fieldsOf(res.body)).toEqual(expected);
      expect((await list()).map((s) => s.supplierId)).toEqual(['acme-beds']);
    });

    it('names each provider and home that is not in the register', async () => {
      const res = await api(svc, '/api/admin/suppliers', {
        method: 'POST',
        token: admin,
        body: {
          supplierId: 'x-beds',
          name: 'X',
          providerIds: [providerId, '1-999999999'],
          locationIds: ['1-888888888', home.locationId],
        },
      });
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toEqual(['providerIds/1:unknown-provider', 'locationIds/0:unknown-home']);
      expect(res.body.errors[1].message).toContain('1-888888888');
      expect((await list()).map((s) => s.supplierId)).toEqual(['acme-beds']);
    });

    it('refuses an id already taken', async () => {
      const res = await api(svc, '/api/admin/suppliers', {
        method: 'POST',
        token: admin,
        body: { supplierId: 'acme-beds', name: 'Impostor' },
      });
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toEqual(['supplierId:taken']);
      expect((await detail('acme-beds')).body.name).toBe('Acme Beds');
    });
  });

  describe('changing a supplier', () => {
    it('changes the scope at the version read, and refuses a stale version with 409', async () => {
      const before = (await detail('acme-beds')).body;
      const res = await api(svc, '/api/admin/suppliers/acme-beds', {
        method: 'PUT',
        token: admin,
        body: {
          locationIds: [home.locationId, providerHome.locationId],
          providerIds: [],
          version: before.version,
        },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({
        locationIds: [home.locationId, providerHome.locationId],
        providerIds: [],
        version: before.version + 1,
      });
      const stale = await api(svc, '/api/admin/suppliers/acme-beds', {
        method: 'PUT',
        token: admin,
        body: { name: 'Lost update', version: before.version },
      });
      expect(stale.status).toBe(409);
      expect(stale.body.currentVersion).toBe(before.version + 1);
      expect((await detail('acme-beds')).body.name).toBe('Acme Beds');
    });

    it.each([
      ['no version', { name: 'Y' }, ['version:invalid_type']],
      ['an unknown status', { status: 'paused', version: 1 }, ['status:invalid_value']],
      ['an unknown home', { locationIds: ['1-555555555'], version: 1 }, ['locationIds/0:unknown-home']],
      ['an unknown field', { supplierId: 'renamed', version: 1 }, ['supplierId:unknown-field']],
    ])('refuses %s with 400 and changes nothing', async (_label, body, expected) => {
      const before = (await detail('acme-beds')).body;
      const res = await api(svc, '/api/admin/suppliers/acme-beds', { method: 'PUT', token: admin, body });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(fieldsOf(res.body)).toEqual(expected);
      expect((await detail('acme-beds')).body).toEqual(before);
    });

    it('answers 404 for a supplier that does not exist', async () => {
      const res = await api(svc, '/api/admin/suppliers/nobody-here', {
        method: 'PUT',
        token: admin,
        body: { name: 'Ghost', version: 1 },
      });
      expect(res.status).toBe(404);
      expect((await detail('nobody-here')).status).toBe(404);
      expect((await list()).map((s) => s.supplierId)).toEqual(['acme-beds']);
    });

    it('answers 400 naming supplierId for an id that cannot exist', async () => {
      const res = await detail('Not%20An%20Id');
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toEqual(['supplierId:invalid_format']);
    });
  });

  describe('API keys', () => {
    let keyId: string;

    it('issues a key shown once: the response has it, nothing afterwards does', async () => {
      const res = await api(svc, '/api/admin/suppliers/acme-beds/keys', {
        method: 'POST',
        token: admin,
        body: { label: 'Production' },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.key).toMatch(/^cct_live_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
      expect(res.body).toMatchObject({
        supplierId: 'acme-beds',
        label: 'Production',
        createdAt: expect.any(String),
      });
      expect(res.body.keyHash).toBeUndefined();
      keyId = res.body.keyId;
      const after = await detail('acme-beds');
      expect(after.body.keys).toEqual([
        { keyId, supplierId: 'acme-beds', label: 'Production', createdAt: res.body.createdAt },
      ]);
      expect(JSON.stringify(after.body)).not.toContain(res.body.key);
      expect(JSON.stringify((await api(svc, '/api/admin/suppliers', { token: admin })).body)).not.toContain(
        res.body.key,
      );
      expect((await list())[0]).toMatchObject({ activeKeys: 1 });
    });

    it.each([
      ['no label', {}, ['label:invalid_type']],
      ['an empty label', { label: ' ' }, ['label:too_small']],
      ['a label too long', { label: 'x'.repeat(101) }, ['label:too_big']],
    ])('refuses %s with 400 and issues nothing', async (_label, body, expected) => {
      const res = await api(svc, '/api/admin/suppliers/acme-beds/keys', {
        method: 'POST',
        token: admin,
        body,
      });
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toEqual(expected);
      expect((await detail('acme-beds')).body.keys).toHaveLength(1);
    });

    it('answers 404 for a key of a supplier that does not exist', async () => {
      const res = await api(svc, '/api/admin/suppliers/nobody-here/keys', {
        method: 'POST',
        token: admin,
        body: { label: 'x' },
      });
      expect(res.status).toBe(404);
    });

    it('revokes a key (again: no change), and 404s unknown keys and suppliers', async () => {
      expect(
        (
          await api(svc, '/api/admin/suppliers/acme-beds/keys/0123456789ab', {
            method: 'DELETE',
            token: admin,
          })
        ).status,
      ).toBe(404);
      expect(
        (await api(svc, `/api/admin/suppliers/nobody-here/keys/${keyId}`, { method: 'DELETE', token: admin }))
          .status,
      ).toBe(404);
      const bad = await api(svc, '/api/admin/suppliers/acme-beds/keys/not-a-key', {
        method: 'DELETE',
        token: admin,
      });
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad.body)).toEqual(['keyId:invalid_format']);
      expect((await detail('acme-beds')).body.keys[0].revokedAt).toBeUndefined();

      const res = await api(svc, `/api/admin/suppliers/acme-beds/keys/${keyId}`, {
        method: 'DELETE',
        token: admin,
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ keyId, revokedAt: expect.any(String) });
      const again = await api(svc, `/api/admin/suppliers/acme-beds/keys/${keyId}`, {
        method: 'DELETE',
        token: admin,
      });
      expect(again.status).toBe(200);
      expect(again.body.revokedAt).toBe(res.body.revokedAt);
      expect((await list())[0]).toMatchObject({ activeKeys: 0 });
    });
  });

  it('writes each change to the audit trail', async () => {
    const day = new Date().toISOString().slice(0, 10);
    const res = await api(svc, `/api/admin/audit?date=${day}&limit=100`, { token: admin });
    expect(res.status).toBe(200);
    const actions = (
      res.body.items as Array<{ action: string; detail?: string; actorEmail?: string }>
    ).filter((e) => e.action.startsWith('supplier-'));
    expect(actions.map((e) => e.action).sort()).toEqual([
      'supplier-created',
      'supplier-key-created',
      'supplier-key-revoked',
      'supplier-updated',
    ]);
    for (const e of actions) {
      expect(e.actorEmail).toBe('admin@demo.cct.local');
      expect(e.detail).toContain('acme-beds');
    }
  });

  describe('only service admins', () => {
    const writes: Array<[string, string, unknown]> = [
      ['POST', '/api/admin/suppliers', { supplierId: 'sneaky', name: 'Sneaky' }],
      ['POST', '/api/admin/suppliers', { nonsense: true }],
      ['PUT', '/api/admin/suppliers/acme-beds', { status: 'disabled', version: 99 }],
      ['POST', '/api/admin/suppliers/acme-beds/keys', { label: 'stolen' }],
      ['DELETE', '/api/admin/suppliers/acme-beds/keys/0123456789ab', undefined],
      ['GET', '/api/admin/suppliers', undefined],
      ['GET', '/api/admin/suppliers/acme-beds', undefined],
    ];

    it('refuses every other role with 403 whatever it sends, and anonymous callers with 401', async () => {
      const before = await detail('acme-beds');
      expect(Object.keys(others).length).toBeGreaterThanOrEqual(5);
      for (const [method, path, body] of writes) {
        for (const [role, token] of Object.entries(others)) {
          const res = await api(svc, path, { method, token, body });
          expect(res.status, `${method} ${path} as ${role}`).toBe(403);
        }
        expect((await api(svc, path, { method, body })).status, `${method} ${path} anonymous`).toBe(401);
      }
      expect(await detail('acme-beds')).toMatchObject({ body: before.body });
      expect((await list()).map((s) => s.supplierId)).toEqual(['acme-beds']);
    });
  });
});
