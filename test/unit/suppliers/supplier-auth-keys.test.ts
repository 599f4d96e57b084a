import { describe, expect, it } from 'vitest';
import {
  generateKey,
  hashKey,
  KEY_PREFIX,
  keyRefused,
  newKeyId,
  parseKey,
  supplierFromContext,
  verifyKey,
} from '../../../shared/app/suppliers/keys';
import { type SupplierRecord, supplierCovers, supplierSource } from '../../../shared/domain/supplier';
import { ProblemError } from '../../../shared/http/problem';

describe('supplier API keys', () => {
  it('have the documented shape: prefix, 12-hex key id, 43 base64url characters (256 bits)', () => {
    const { key, keyId, keyHash } = generateKey();
    expect(key).toMatch(/^cct_live_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(`${KEY_PREFIX}${keyId}_`)).toBe(true);
    expect(keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(keyHash).toBe(hashKey(key));
    expect(keyHash).not.toContain(key.slice(KEY_PREFIX.length + 13));
  });

  it('are different every time, even for the same key id', () => {
    const keyId = newKeyId();
    const keys = new Set(Array.from({ length: 200 }, () => generateKey(keyId).key));
    expect(keys.size).toBe(200);
  });

  it('refuse a key id that is not 12 hex characters', () => {
    expect(() => generateKey('XYZ')).toThrow(/12 hex/);
  });

  it('parse only well-formed keys', () => {
    const { key, keyId } = generateKey();
    expect(parseKey(key)).toEqual({ keyId });
    expect(parseKey(`${key}x`)).toBeUndefined();
    expect(parseKey(key.replace('cct_live_', 'cct_test_'))).toBeUndefined();
    expect(parseKey(key.slice(0, -1))).toBeUndefined();
    expect(parseKey('')).toBeUndefined();
    expect(parseKey(`Bearer ${key}`)).toBeUndefined();
    expect(parseKey('x'.repeat(10_000))).toBeUndefined();
  });

  it('verify against the stored hash, and against nothing else', () => {
    const a = generateKey();
    const b = generateKey();
    expect(verifyKey(a.key, a.keyHash)).toBe(true);
    expect(verifyKey(b.key, a.keyHash)).toBe(false);
    // One character changed in the secret.
    const last = a.key.at(-1) === 'A' ? 'B' : 'A';
    expect(verifyKey(`${a.key.slice(0, -1)}${last}`, a.keyHash)).toBe(false);
    expect(verifyKey(a.key, '')).toBe(false);
    expect(verifyKey(a.key, 'not-hex')).toBe(false);
    expect(verifyKey(a.key, a.keyHash.slice(0, 32))).toBe(false);
  });
});

describe('the authorizer context handed to supplier-key handlers', () => {
  it('yields the supplier when the authorizer resolved one', () => {
    expect(
      supplierFromContext({ supplierId: 'acme', supplierName: 'Acme Beds', keyId: 'abcdefabcdef' }),
    ).toEqual({
      supplierId: 'acme',
      supplierName: 'Acme Beds',
      keyId: 'abcdefabcdef',
    });
  });

  it.each([
    ['a refused key', { refused: 'revoked-key' }, 'revoked-key'],
    ['an unknown key', { refused: 'unknown-key' }, 'unknown-key'],
    ['a disabled supplier', { refused: 'disabled-supplier' }, 'disabled-supplier'],
    ['no context at all', undefined, 'missing-key'],
    ['an empty context', {}, 'missing-key'],
    ['a context without a key id', { supplierId: 'acme', supplierName: 'Acme' }, 'missing-key'],
    ['an unrecognised refusal', { refused: '__proto__' }, 'missing-key'],
  ])('answers 401 for %s', (_label, context, reason) => {
    let thrown: unknown;
    try {
      supplierFromContext(context as Record<string, unknown> | undefined);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ProblemError);
    const problem = thrown as ProblemError;
    expect(problem.status).toBe(401);
    expect(problem.extensions).toEqual({ reason });
    expect(problem.headers?.['www-authenticate']).toContain('x-api-key');
  });

  it('names the header in every refusal', () => {
    for (const reason of [
      'missing-key',
      'malformed-key',
      'unknown-key',
      'revoked-key',
      'disabled-supplier',
    ] as const) {
      expect(keyRefused(reason).detail).toMatch(/x-api-key|disabled/);
    }
  });
});

describe('supplierCovers', () => {
  const supplier: SupplierRecord = {
    supplierId: 'acme',
    name: 'Acme Beds',
    status: 'active',
    providerIds: ['1-100'],
    locationIds: ['1-200'],
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
  };

  it('covers homes listed individually and every home of a listed provider', () => {
    expect(supplierCovers(supplier, { locationId: '1-200', providerId: '1-999' })).toBe(true);
    expect(supplierCovers(supplier, { locationId: '1-300', providerId: '1-100' })).toBe(true);
  });

  it('covers nothing else', () => {
    expect(supplierCovers(supplier, { locationId: '1-300', providerId: '1-999' })).toBe(false);
    expect(supplierCovers(supplier, { locationId: '1-300' })).toBe(false);
    expect(supplierCovers(supplier, { locationId: '1-300', providerId: '' })).toBe(false);
  });

  it('covers nothing when the supplier is disabled', () => {
    const disabled = { ...supplier, status: 'disabled' as const };
    expect(supplierCovers(disabled, { locationId: '1-200', providerId: '1-100' })).toBe(false);
  });

  it('names the history source after the supplier', () => {
    expect(supplierSource('acme')).toBe('supplier:acme');
  });
});
