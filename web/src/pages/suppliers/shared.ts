import { ApiError } from '../../api';
import type { FormError } from '../../components/forms';

/** Shapes of the admin supplier API (shared/app/suppliers/admin.ts). */

export interface Supplier {
  supplierId: string;
  name: string;
  status: 'active' | 'disabled';
  providerIds: string[];
  locationIds: string[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface SupplierSummary extends Supplier {
  activeKeys: number;
}

export interface SupplierKey {
  keyId: string;
  supplierId: string;
  label: string;
  createdAt: string;
  lastUsedAt?: string;
  revokedAt?: string;
}

export interface SupplierDetail extends Supplier {
  keys: SupplierKey[];
}

export interface IssuedKey extends SupplierKey {
  key: string;
}

/** CQC ids typed one per line, or separated by commas or spaces. */
export function parseIds(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function idsText(ids: readonly string[]): string {
  return ids.join('\n');
}

function sentence(message: string): string {
  const text = message.replace(/^[\w-]+(\/\d+)*: /, '');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Problem details from the API as form errors. `fields` maps the API field (its first path segment,
 * so providerIds/3 goes to the provider ids box) to the id of the input that shows it.
 */
export function supplierFormErrors(error: unknown, fields: Record<string, string>): FormError[] {
  if (error instanceof ApiError) {
    if (error.fieldErrors.length > 0) {
      return error.fieldErrors.map((e) => {
        const input = fields[e.field.split('/')[0] ?? ''];
        return input ? { field: input, message: sentence(e.message) } : { message: e.message };
      });
    }
    if (error.status === 409) {
      return [
        { message: 'Someone else changed this supplier since you opened it. Reload it and try again.' },
      ];
    }
    if (error.problem.detail && error.status < 500) return [{ message: error.problem.detail }];
  }
  return [{ message: 'Something went wrong. Try again.' }];
}

export function formatWhen(iso: string | undefined, never = 'Never'): string {
  if (!iso) return never;
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString('en-GB', {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      });
}

export function scopeSummary(s: Pick<Supplier, 'providerIds' | 'locationIds'>): string {
  const parts = [
    s.providerIds.length ? `${s.providerIds.length} provider${s.providerIds.length === 1 ? '' : 's'}` : '',
    s.locationIds.length ? `${s.locationIds.length} care home${s.locationIds.length === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'No homes yet';
}
