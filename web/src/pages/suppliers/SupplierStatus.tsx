import type { Supplier } from './shared';

export function SupplierStatus({ status }: { status: Supplier['status'] }) {
  return status === 'active' ? (
    <strong className="nhsuk-tag nhsuk-tag--green">Active</strong>
  ) : (
    <strong className="nhsuk-tag nhsuk-tag--grey">Disabled</strong>
  );
}
