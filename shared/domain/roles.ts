/** Roles a membership can grant, and the kinds of organisation they belong to. */
export const ROLES = [
  'care-home-staff',
  'provider-approver',
  'discharge',
  'la-officer',
  'commissioner',
  'admin',
  'supplier',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  'care-home-staff': 'Care home staff',
  'provider-approver': 'Provider approver',
  discharge: 'Discharge / brokerage',
  'la-officer': 'Local authority officer',
  commissioner: 'Commissioner',
  admin: 'Service admin',
  supplier: 'Supplier platform',
};

export const ORG_TYPES = [
  'care-home',
  'provider',
  'nhs-trust',
  'local-authority',
  'sub-icb',
  'icb',
  'region',
  'national',
  'supplier',
] as const;
export type OrgType = (typeof ORG_TYPES)[number];

/** Cognito groups mirror roles for operators' convenience; authorisation never reads them. */
export const COGNITO_GROUPS: readonly string[] = ROLES;
