import type { HomeScope } from './authz';

/**
 * Supplier platforms (issue 8): other bed-tracker platforms that push bed states for the homes an
 * admin has put in their scope. Pure types and rules; storage is shared/infra/suppliers-repository.ts.
 */

export interface SupplierRecord {
  /** Short stable id, also used in history as `supplier:<supplierId>`. */
  supplierId: string;
  name: string;
  status: 'active' | 'disabled';
  /** CQC provider ids: every home of these providers is in scope. */
  providerIds: string[];
  /** CQC location ids in scope individually. */
  locationIds: string[];
  createdAt: string;
  updatedAt: string;
}

export interface SupplierKeyRecord {
  keyId: string;
  supplierId: string;
  label: string;
  /** Only a hash of the key is stored; the key itself is shown once at creation. */
  keyHash: string;
  createdAt: string;
  lastUsedAt?: string;
  revokedAt?: string;
}

/**
 * What the supplier-key request authorizer passes to handlers (API Gateway puts it in
 * event.requestContext.authorizer.lambda; the local host does the same). Handlers trust only this.
 */
export interface SupplierAuthContext {
  supplierId: string;
  supplierName: string;
  keyId: string;
}

/** May this supplier update this home? Disabled suppliers may update nothing. */
export function supplierCovers(supplier: SupplierRecord, home: HomeScope): boolean {
  if (supplier.status !== 'active') return false;
  if (supplier.locationIds.includes(home.locationId)) return true;
  return !!home.providerId && supplier.providerIds.includes(home.providerId);
}

/** The history source of a supplier's writes. */
export function supplierSource(supplierId: string): `supplier:${string}` {
  return `supplier:${supplierId}`;
}
