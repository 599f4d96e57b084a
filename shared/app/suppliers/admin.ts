import type { Principal } from '../../domain/authz';
import type { SupplierKeyRecord, SupplierRecord } from '../../domain/supplier';
import { conflict, type FieldError, notFound, validationFailed } from '../../http/problem';
import type { CallContext } from '../accounts/accounts';
import type { AuditAction, AuditEvent } from '../accounts/ports';
import { authorize } from '../principal';

/**
 * Admin use cases for supplier platforms (issue 8): register a supplier and the providers or homes it
 * may update, change that scope or disable it, issue API keys (shown once) and revoke them. Every one
 * checks 'admin' first and writes an audit event in the same transaction as the change.
 */

export interface StoredSupplierView extends SupplierRecord {
  version: number;
}

/** A key as admins see it: never the hash, never the key. */
export type SupplierKeyView = Omit<SupplierKeyRecord, 'keyHash'>;

export interface SupplierSummary extends StoredSupplierView {
  activeKeys: number;
}

export interface SupplierDetail extends StoredSupplierView {
  keys: SupplierKeyView[];
}

export interface SupplierPatchInput {
  name?: string;
  status?: SupplierRecord['status'];
  providerIds?: string[];
  locationIds?: string[];
}

/** Storage of suppliers (shared/infra/suppliers-repository.ts implements it). */
export interface SuppliersStore {
  getSupplier(supplierId: string): Promise<StoredSupplierView | undefined>;
  listSuppliers(): Promise<StoredSupplierView[]>;
  createSupplier(
    input: Omit<SupplierRecord, 'createdAt' | 'updatedAt'>,
    audit?: AuditEvent,
  ): Promise<StoredSupplierView | 'exists'>;
  updateSupplier(
    supplierId: string,
    patch: SupplierPatchInput,
    expectedVersion: number,
    audit?: AuditEvent,
  ): Promise<StoredSupplierView | 'not-found' | 'conflict'>;
  createKey(
    supplierId: string,
    label: string,
    audit?: AuditEvent,
  ): Promise<{ key: string; record: SupplierKeyRecord } | 'not-found'>;
  listKeys(supplierId: string): Promise<SupplierKeyRecord[]>;
  revokeKey(supplierId: string, keyId: string, audit?: AuditEvent): Promise<SupplierKeyRecord | 'not-found'>;
  existingHomes(locationIds: readonly string[]): Promise<Set<string>>;
  existingProviders(providerIds: readonly string[]): Promise<Set<string>>;
}

export interface SupplierAdminDeps {
  suppliers: SuppliersStore;
  now(): Date;
}

function requireAdmin(p: Principal): void {
  authorize(p, { kind: 'admin' }, 'Only service admins can manage supplier platforms');
}

function auditEvent(
  deps: SupplierAdminDeps,
  ctx: CallContext,
  action: AuditAction,
  detail: string,
): AuditEvent {
  return {
    at: deps.now().toISOString(),
    action,
    source: 'api',
    actorSub: ctx.principal.sub,
    actorEmail: ctx.principal.email,
    ...(ctx.sourceIp ? { sourceIp: ctx.sourceIp } : {}),
    detail,
  };
}

export function keyView(k: SupplierKeyRecord): SupplierKeyView {
  const { keyHash: _hash, ...view } = k;
  return view;
}

/**
 * Every provider id must have homes in the register and every location id must be a home: 400 naming
 * each unknown one (e.g. locationIds/2, rule unknown-home), so a typo never silently narrows a scope.
 */
async function checkScope(
  deps: SupplierAdminDeps,
  scope: { providerIds?: string[] | undefined; locationIds?: string[] | undefined },
): Promise<void> {
  const errors: FieldError[] = [];
  const [providers, homes] = await Promise.all([
    scope.providerIds?.length ? deps.suppliers.existingProviders(scope.providerIds) : new Set<string>(),
    scope.locationIds?.length ? deps.suppliers.existingHomes(scope.locationIds) : new Set<string>(),
  ]);
  scope.providerIds?.forEach((id, i) => {
    if (!providers.has(id)) {
      errors.push({
        field: `providerIds/${i}`,
        rule: 'unknown-provider',
        message: `providerIds/${i}: ${id} is not a CQC provider with homes in the register`,
      });
    }
  });
  scope.locationIds?.forEach((id, i) => {
    if (!homes.has(id)) {
      errors.push({
        field: `locationIds/${i}`,
        rule: 'unknown-home',
        message: `locationIds/${i}: ${id} is not a care home in the register`,
      });
    }
  });
  if (errors.length) throw validationFailed(errors);
}

export async function listSuppliers(deps: SupplierAdminDeps, ctx: CallContext): Promise<SupplierSummary[]> {
  requireAdmin(ctx.principal);
  const suppliers = await deps.suppliers.listSuppliers();
  return Promise.all(
    suppliers.map(async (s) => ({
      ...s,
      activeKeys: (await deps.suppliers.listKeys(s.supplierId)).filter((k) => !k.revokedAt).length,
    })),
  );
}

export async function supplierDetail(
  deps: SupplierAdminDeps,
  ctx: CallContext,
  supplierId: string,
): Promise<SupplierDetail> {
  requireAdmin(ctx.principal);
  const supplier = await deps.suppliers.getSupplier(supplierId);
  if (!supplier) throw notFound(`There is no supplier ${supplierId}`);
  const keys = await deps.suppliers.listKeys(supplierId);
  return { ...supplier, keys: keys.map(keyView) };
}

export async function createSupplier(
  deps: SupplierAdminDeps,
  ctx: CallContext,
  input: { supplierId: string; name: string; providerIds: string[]; locationIds: string[] },
): Promise<StoredSupplierView> {
  requireAdmin(ctx.principal);
  await checkScope(deps, input);
  const created = await deps.suppliers.createSupplier(
    { ...input, status: 'active' },
    auditEvent(deps, ctx, 'supplier-created', `Supplier ${input.name} (${input.supplierId})`),
  );
  if (created === 'exists') {
    throw validationFailed([
      {
        field: 'supplierId',
        rule: 'taken',
        message: `supplierId: ${input.supplierId} is already the id of a supplier`,
      },
    ]);
  }
  return created;
}

export async function updateSupplier(
  deps: SupplierAdminDeps,
  ctx: CallContext,
  supplierId: string,
  input: SupplierPatchInput & { version: number },
): Promise<StoredSupplierView> {
  requireAdmin(ctx.principal);
  const current = await deps.suppliers.getSupplier(supplierId);
  if (!current) throw notFound(`There is no supplier ${supplierId}`);
  await checkScope(deps, input);
  const { version, ...patch } = input;
  const changed = Object.keys(patch).join(', ') || 'nothing';
  const result = await deps.suppliers.updateSupplier(
    supplierId,
    patch,
    version,
    auditEvent(deps, ctx, 'supplier-updated', `Supplier ${current.name} (${supplierId}): ${changed}`),
  );
  if (result === 'not-found') throw notFound(`There is no supplier ${supplierId}`);
  if (result === 'conflict') {
    const latest = await deps.suppliers.getSupplier(supplierId);
    throw conflict('Someone else changed this supplier since you loaded it. Reload and try again.', {
      currentVersion: latest?.version,
    });
  }
  return result;
}

export async function issueKey(
  deps: SupplierAdminDeps,
  ctx: CallContext,
  supplierId: string,
  label: string,
): Promise<SupplierKeyView & { key: string }> {
  requireAdmin(ctx.principal);
  const created = await deps.suppliers.createKey(
    supplierId,
    label,
    auditEvent(deps, ctx, 'supplier-key-created', `Supplier ${supplierId}: key "${label}"`),
  );
  if (created === 'not-found') throw notFound(`There is no supplier ${supplierId}`);
  return { ...keyView(created.record), key: created.key };
}

export async function revokeKey(
  deps: SupplierAdminDeps,
  ctx: CallContext,
  supplierId: string,
  keyId: string,
): Promise<SupplierKeyView> {
  requireAdmin(ctx.principal);
  const revoked = await deps.suppliers.revokeKey(
    supplierId,
    keyId,
    auditEvent(deps, ctx, 'supplier-key-revoked', `Supplier ${supplierId}: key ${keyId}`),
  );
  if (revoked === 'not-found') throw notFound(`Supplier ${supplierId} has no key ${keyId}`);
  return keyView(revoked);
}
