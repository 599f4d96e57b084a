import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SupplierAuthContext, SupplierKeyRecord, SupplierRecord } from '../../domain/supplier';
import type { ApiRequest } from '../../http/handler';
import { ProblemError } from '../../http/problem';

/**
 * Supplier API keys: `cct_live_<keyId>_<secret>`, where keyId is 12 hex characters (shown in lists,
 * not secret) and secret is 32 random bytes in base64url (256 bits). Only SHA-256 of the whole key is
 * stored: a key has far too much entropy to guess, so a slow password hash would add nothing but
 * latency to every request. The key itself is shown once, at creation.
 */

export const KEY_PREFIX = 'cct_live_';
const KEY_PATTERN = /^cct_live_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
/** Longer header values are refused before hashing. */
export const MAX_KEY_LENGTH = 200;

export function newKeyId(): string {
  return randomBytes(6).toString('hex');
}

/** A new key for `keyId`: the plaintext (to show once) and the hash to store. */
export function generateKey(keyId: string = newKeyId()): { key: string; keyId: string; keyHash: string } {
  if (!/^[0-9a-f]{12}$/.test(keyId)) throw new Error(`keyId ${keyId} is not 12 hex characters`);
  const key = `${KEY_PREFIX}${keyId}_${randomBytes(32).toString('base64url')}`;
  return { key, keyId, keyHash: hashKey(key) };
}

/** The key id inside a well-formed key; undefined for anything else. */
export function parseKey(key: string): { keyId: string } | undefined {
  if (key.length > MAX_KEY_LENGTH) return undefined;
  const m = KEY_PATTERN.exec(key);
  return m?.[1] ? { keyId: m[1] } : undefined;
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Does `key` hash to `storedHash`? Compared in constant time. */
export function verifyKey(key: string, storedHash: string): boolean {
  const a = Buffer.from(hashKey(key), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

/** What the authorizer needs from storage (shared/infra/suppliers-repository.ts implements it). */
export interface SupplierKeyStore {
  findKeyByHash(hash: string): Promise<SupplierKeyRecord | undefined>;
  getSupplier(supplierId: string): Promise<SupplierRecord | undefined>;
  touchKey(keyId: string): Promise<void>;
}

export type KeyRefusal =
  | 'missing-key'
  | 'malformed-key'
  | 'unknown-key'
  | 'revoked-key'
  | 'disabled-supplier';

export type KeyCheck = { ok: true; context: SupplierAuthContext } | { ok: false; reason: KeyRefusal };

/** Checks an x-api-key value: well formed, known, not revoked, of an active supplier. */
export async function authenticateKey(
  store: SupplierKeyStore,
  rawKey: string | undefined,
): Promise<KeyCheck> {
  const key = rawKey?.trim() ?? '';
  if (!key) return { ok: false, reason: 'missing-key' };
  const parsed = parseKey(key);
  if (!parsed) return { ok: false, reason: 'malformed-key' };
  const record = await store.findKeyByHash(hashKey(key));
  if (!record || record.keyId !== parsed.keyId || !verifyKey(key, record.keyHash)) {
    return { ok: false, reason: 'unknown-key' };
  }
  if (record.revokedAt) return { ok: false, reason: 'revoked-key' };
  const supplier = await store.getSupplier(record.supplierId);
  if (supplier?.status !== 'active') return { ok: false, reason: 'disabled-supplier' };
  await store.touchKey(record.keyId);
  return {
    ok: true,
    context: { supplierId: supplier.supplierId, supplierName: supplier.name, keyId: record.keyId },
  };
}

/**
 * The authorizer's context when it lets a request through to the handler. API Gateway HTTP APIs
 * answer 403 when a simple-response authorizer says isAuthorized:false, but the supplier API promises
 * 401 for a bad key (docs/adr/0002-supplier-auth.md). So the authorizer resolves the key and passes
 * either a supplier or a refusal; every supplier-key handler calls requireSupplier(), which answers
 * 401 problem+json for a refusal, the same in the cloud and locally.
 */
export type AuthorizerContext = SupplierAuthContext | { refused: KeyRefusal };

const REFUSAL_DETAIL: Record<KeyRefusal, string> = {
  'missing-key': 'Send your API key in the x-api-key header',
  'malformed-key': 'The API key in x-api-key is not a key this service issued',
  'unknown-key': 'The API key in x-api-key is not known',
  'revoked-key': 'The API key in x-api-key has been revoked',
  'disabled-supplier': 'The supplier this API key belongs to is disabled',
};

export function keyRefused(reason: KeyRefusal): ProblemError {
  return new ProblemError(
    401,
    'Unauthorized',
    REFUSAL_DETAIL[reason],
    undefined,
    { reason },
    {
      'www-authenticate': 'ApiKey header="x-api-key"',
    },
  );
}

/** The supplier the authorizer resolved from the key; 401 problem+json when it refused the key. */
export function supplierFromContext(context: Record<string, unknown> | undefined): SupplierAuthContext {
  const c = context ?? {};
  if (typeof c.supplierId === 'string' && c.supplierId && typeof c.keyId === 'string' && c.keyId) {
    return {
      supplierId: c.supplierId,
      supplierName: typeof c.supplierName === 'string' ? c.supplierName : c.supplierId,
      keyId: c.keyId,
    };
  }
  const reason =
    typeof c.refused === 'string' && Object.hasOwn(REFUSAL_DETAIL, c.refused) ? c.refused : 'missing-key';
  throw keyRefused(reason as KeyRefusal);
}

/** For supplier-key route handlers: the calling supplier, or 401. Call it before reading anything else. */
export function requireSupplier(req: ApiRequest): SupplierAuthContext {
  return supplierFromContext(req.authorizerContext);
}

/** The parts of an API Gateway HTTP API REQUEST authorizer event (payload 2.0) the authorizer reads. */
export interface AuthorizerEvent {
  type?: string;
  identitySource?: string[] | null;
  headers?: Record<string, string | undefined>;
}

/** Simple response (enableSimpleResponses): API Gateway puts `context` in requestContext.authorizer.lambda. */
export interface AuthorizerResult {
  isAuthorized: boolean;
  context: AuthorizerContext;
}

/**
 * The supplier-key request authorizer: resolves x-api-key to a supplier. A key that is present always
 * reaches the handler, with either the supplier or the refusal in the context (see
 * AuthorizerContext): requireSupplier() turns a refusal into 401. Storage failures throw, which API
 * Gateway answers with 500 and the local host with 403: a key is never accepted unchecked.
 */
export function createSupplierAuthorizer(
  store: () => SupplierKeyStore,
  log?: { warn(message: string, extra: Record<string, unknown>): void },
) {
  return async (event: AuthorizerEvent): Promise<AuthorizerResult> => {
    const fromHeader = Object.entries(event.headers ?? {}).find(
      ([k]) => k.toLowerCase() === 'x-api-key',
    )?.[1];
    const raw = event.identitySource?.[0] ?? fromHeader;
    // API Gateway answers 401 itself when the identity source is absent and never calls us; the local
    // host calls us anyway and answers 401 (as API Gateway would) when we say no to an absent key.
    if (raw === undefined || raw === '') return { isAuthorized: false, context: { refused: 'missing-key' } };
    const check = await authenticateKey(store(), raw);
    if (check.ok) return { isAuthorized: true, context: check.context };
    log?.warn('supplier key refused', {
      reason: check.reason,
      keyId: raw ? parseKey(raw.trim())?.keyId : undefined,
    });
    return { isAuthorized: true, context: { refused: check.reason } };
  };
}
