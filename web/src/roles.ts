import { type OrgType, ROLE_LABELS, ROLES, type Role } from '../../shared/domain/roles';

// One definition of roles for the service and the frontend.
export { type OrgType, ROLE_LABELS, ROLES, type Role };

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function roleLabel(role: string): string {
  return isRole(role) ? ROLE_LABELS[role] : role;
}

const ORG_TYPE_LABELS: Record<OrgType, string> = {
  'care-home': 'Care home',
  provider: 'Care provider',
  'nhs-trust': 'NHS trust',
  'local-authority': 'Local authority',
  'sub-icb': 'Sub-ICB',
  icb: 'Integrated care board',
  region: 'Region',
  national: 'National',
  supplier: 'Supplier',
};

export function orgTypeLabel(type: string): string {
  return (ORG_TYPE_LABELS as Record<string, string>)[type] ?? type;
}
