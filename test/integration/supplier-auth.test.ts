import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../functions/auth/supplier-authorizer';
import type { RunningService } from '../../local/service';
import { generateKey, hashKey } from '../../shared/app/suppliers/keys';
import { awsClients } from '../../shared/infra/aws';
import {
  DynamoSuppliersRepository,
  supplierKeys,
  suppliersRepository,
  TOUCH_INTERVAL_MS,
} from '../../shared/infra/suppliers-repository';
import { newLocationId, putHome } from '../support/fixtures-homes';
import { api, signIn, startTestService, useTestTable } from '../support/service';

/**
 * The supplier-key request authorizer: a valid key yields the supplier in the context; a missing,
 * malformed, unknown or revoked key, or a disabled supplier, is refused. First the handler itself
 * on DynamoDB Local, then through the local host on the supplier API's routes, where every refusal
 * is a 401 (docs/adr/0002-supplier-auth.md).
 */

const authorize = (key: string | undefined, viaHeaderOnly = false) =>
  handler({
    type: 'REQUEST',
    identitySource: viaHeaderOnly || key === undefined ? null : [key],
    headers: key === undefined ? {} : { 'X-Api-Key': key },
  });

describe('supplier-key authorizer (handler on DynamoDB Local)', () => {
  let repo: DynamoSuppliersRepository;
  let key: string;
  let keyId: string;

  beforeAll(async () => {
    await useTestTable('supplier-auth');
    repo = suppliersRepository();
    const created = await repo.createSupplier({
      supplierId: 'acme-beds',
      name: 'Acme Beds',
      status: 'active',
      providerIds: [],
      locationIds: [],
    });
    expect(created).not.toBe('exists');
    const issued = await repo.createKey('acme-beds', 'production');
    if (issued === 'not-found') throw new Error('supplier missing');
    key = issued.key;
    keyId = issued.record.keyId;
  });

  it('passes a valid key with the supplier in the context', async () => {
    const res = await authorize(key);
    expect(res).toEqual({
      isAuthorized: true,
      context: { supplierId: 'acme-beds', supplierName: 'Acme Beds', keyId },
    });
    // The header alone works too (identitySource is what API Gateway fills; the host fills both).
    expect((await authorize(key, true)).context).toEqual({
      supplierId: 'acme-beds',
      supplierName: 'Acme Beds',
      keyId,
    });
  });

  it('stores only the hash of the key', async () => {
    const { ddb, config } = awsClients();
    const item = await ddb.send(
      new GetCommand({
        TableName: config.TABLE_NAME,
        Key: { pk: supplierKeys.keyPk(keyId), sk: supplierKeys.keySk },
      }),
    );
    expect(item.Item?.keyHash).toBe(hashKey(key));
    expect(JSON.stringify(item.Item)).not.toContain(key.slice(-43));
    const keys = await repo.listKeys('acme-beds');
    expect(JSON.stringify(keys)).not.toContain(key.slice(-43));
  });

  it('says no to an absent key, which the local host then answers 401 as API Gateway does', async () => {
    expect(await authorize(undefined)).toEqual({ isAuthorized: false, context: { refused: 'missing-key' } });
    expect(await authorize('')).toEqual({ isAuthorized: false, context: { refused: 'missing-key' } });
  });

  it.each([
    ['a blank key', '   ', 'missing-key'],
    ['a malformed key', 'letmein', 'malformed-key'],
    ['a well-formed key nobody issued', generateKey().key, 'unknown-key'],
  ])('refuses %s', async (_label, value, reason) => {
    expect(await authorize(value)).toEqual({ isAuthorized: true, context: { refused: reason } });
  });

  it('refuses a key whose secret was altered (same key id)', async () => {
    const last = key.at(-1) === 'A' ? 'B' : 'A';
    const altered = `${key.slice(0, -1)}${last}`;
    expect((await authorize(altered)).context).toEqual({ refused: 'unknown-key' });
  });

  it('records when a key was last used, at most once a minute', async () => {
    let now = new Date('2026-11-23T10:00:00.000Z');
    const { ddb, config } = awsClients();
    const clocked = () => new DynamoSuppliersRepository(ddb, config.TABLE_NAME, () => now);
    const issued = await repo.createKey('acme-beds', 'touch test');
    if (issued === 'not-found') throw new Error('supplier missing');
    const id = issued.record.keyId;
    const lastUsed = async () => (await repo.getKey(id))?.lastUsedAt;

    expect(await lastUsed()).toBeUndefined();
    await clocked().touchKey(id);
    expect(await lastUsed()).toBe('2026-11-23T10:00:00.000Z');
    // Another container (a fresh repository) 30 s later: DynamoDB's condition refuses the write.
    now = new Date(now.getTime() + 30_000);
    await clocked().touchKey(id);
    expect(await lastUsed()).toBe('2026-11-23T10:00:00.000Z');
    // A minute after the last write it is written again.
    now = new Date(Date.parse('2026-11-23T10:00:00.000Z') + TOUCH_INTERVAL_MS + 1);
    const same = clocked();
    await same.touchKey(id);
    expect(await lastUsed()).toBe(now.toISOString());
    // The same container within the minute does not even ask (and nothing changes).
    const before = now.toISOString();
    now = new Date(now.getTime() + 5_000);
    await same.touchKey(id);
    expect(await lastUsed()).toBe(before);
  });

  it('refuses a revoked key from the next request, and its siblings keep working', async () => {
    const second = await repo.createKey('acme-beds', 'to revoke');
    if (second === 'not-found') throw new Error('supplier missing');
    expect((await authorize(second.key)).context).toMatchObject({ supplierId: 'acme-beds' });
    const revoked = await repo.revokeKey('acme-beds', second.record.keyId);
    expect(revoked).toMatchObject({ keyId: second.record.keyId, revokedAt: expect.any(String) });
    expect((await authorize(second.key)).context).toEqual({ refused: 'revoked-key' });
    expect((await authorize(key)).context).toMatchObject({ supplierId: 'acme-beds' });
  });

  it('refuses every key of a disabled supplier, and accepts them again once enabled', async () => {
    const current = await repo.getSupplier('acme-beds');
    if (!current) throw new Error('supplier missing');
    const disabled = await repo.updateSupplier('acme-beds', { status: 'disabled' }, current.version);
    if (typeof disabled === 'string') throw new Error(disabled);
    expect((await authorize(key)).context).toEqual({ refused: 'disabled-supplier' });
    await repo.updateSupplier('acme-beds', { status: 'active' }, disabled.version);
    expect((await authorize(key)).context).toMatchObject({ supplierId: 'acme-beds' });
  });

  it('does not revoke a key through another supplier', async () => {
    await repo.createSupplier({
      supplierId: 'other',
      name: 'Other',
      status: 'active',
      providerIds: [],
      locationIds: [],
    });
    expect(await repo.revokeKey('other', keyId)).toBe('not-found');
    expect((await authorize(key)).context).toMatchObject({ supplierId: 'acme-beds' });
  });
});

describe('supplier-key routes through the local host', () => {
  let svc: RunningService;
  let admin: string;
  let staff: string;
  let key: string;
  let keyId: string;
  const since = new Date(Date.now() - 3_600_000).toISOString();
  const pull = (headers: Record<string, string>, token?: string) =>
    api(svc, `/api/supplier/v1/bed-states?since=${encodeURIComponent(since)}`, {
      headers,
      ...(token ? { token } : {}),
    });

  beforeAll(async () => {
    svc = await startTestService();
    const demo = (role: string) => {
      const u = svc.demoUsers.find((d) => d.role === role);
      if (!u) throw new Error(`no demo ${role}`);
      return u;
    };
    admin = await signIn(svc, demo('admin').email, demo('admin').password);
    staff = await signIn(svc, demo('care-home-staff').email, demo('care-home-staff').password);
    const home = await putHome({
      locationId: newLocationId(),
      name: 'Host Test Home',
      providerId: '1-7000000001',
    });
    const created = await api(svc, '/api/admin/suppliers', {
      method: 'POST',
      token: admin,
      body: { supplierId: 'host-beds', name: 'Host Beds', locationIds: [home.locationId] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const issued = await api(svc, '/api/admin/suppliers/host-beds/keys', {
      method: 'POST',
      token: admin,
      body: { label: 'integration' },
    });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    key = issued.body.key;
    keyId = issued.body.keyId;
  });

  afterAll(async () => {
    await svc?.stop();
  });

  it('lets a valid key through to the handler', async () => {
    const res = await pull({ 'x-api-key': key });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });

  it('answers 401 without a key, also to a signed-in user (a user token is not a key)', async () => {
    expect((await pull({})).status).toBe(401);
    expect((await pull({}, staff)).status).toBe(401);
    expect((await pull({}, admin)).status).toBe(401);
  });

  it.each([
    ['a malformed key', 'letmein', 'malformed-key'],
    ['an unknown key', generateKey().key, 'unknown-key'],
  ])('answers 401 problem+json for %s, naming the reason', async (_label, value, reason) => {
    const res = await pull({ 'x-api-key': value });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.headers.get('www-authenticate')).toContain('x-api-key');
    expect(res.body).toMatchObject({ status: 401, reason });
  });

  it('answers 401 for a disabled supplier, and 200 again once enabled', async () => {
    const current = await api(svc, '/api/admin/suppliers/host-beds', { token: admin });
    const off = await api(svc, '/api/admin/suppliers/host-beds', {
      method: 'PUT',
      token: admin,
      body: { status: 'disabled', version: current.body.version },
    });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    const refused = await pull({ 'x-api-key': key });
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ reason: 'disabled-supplier' });
    const on = await api(svc, '/api/admin/suppliers/host-beds', {
      method: 'PUT',
      token: admin,
      body: { status: 'active', version: off.body.version },
    });
    expect(on.status).toBe(200);
    expect((await pull({ 'x-api-key': key })).status).toBe(200);
  });

  it('answers 401 for a revoked key on the very next request, on push and pull alike', async () => {
    const revoked = await api(svc, `/api/admin/suppliers/host-beds/keys/${keyId}`, {
      method: 'DELETE',
      token: admin,
    });
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    const res = await pull({ 'x-api-key': key });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ reason: 'revoked-key' });
    const push = await api(svc, '/api/supplier/v1/bed-states', {
      method: 'PUT',
      headers: { 'x-api-key': key },
      body: { homes: [] },
    });
    expect(push.status).toBe(401);
  });

  it('shows when the key was last used', async () => {
    const detail = await api(svc, '/api/admin/suppliers/host-beds', { token: admin });
    const k = detail.body.keys.find((x: { keyId: string }) => x.keyId === keyId);
    expect(k.lastUsedAt).toEqual(expect.any(String));
    expect(k.keyHash).toBeUndefined();
  });
});
