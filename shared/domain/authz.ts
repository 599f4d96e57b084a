import { type OrgType, ROLES, type Role } from './roles';

/**
 * The one place authorisation is decided. Pure: the caller (shared/app/principal.ts) loads the
 * principal from the token's subject and the STORED memberships, never from anything the browser
 * sends. docs/authorisation.md is the human-readable table of the same rules.
 */

export interface Membership {
  /** e.g. 'care-home:1-1000001', 'provider:1-101', 'local-authority:leeds', 'icb:QWO', 'national:england' */
  orgId: string;
  orgType: OrgType;
  orgName: string;
  role: Role;
}

export interface Principal {
  sub: string;
  email: string;
  disabled: boolean;
  memberships: Membership[];
}

/** The facts about a home that authorisation needs. */
export interface HomeScope {
  locationId: string;
  providerId?: string;
  localAuthority?: string;
  subIcb?: string;
  icb?: string;
  region?: string;
}

/** Geography a commissioner or LA officer may see. */
export interface AreaScope {
  localAuthority?: string;
  subIcb?: string;
  icb?: string;
  region?: string;
}

export type Action =
  | { kind: 'home:read' }
  | { kind: 'home:write'; home: HomeScope }
  | { kind: 'search' }
  | { kind: 'export' }
  | { kind: 'alerts:manage'; home: HomeScope }
  | { kind: 'area:view'; area: AreaScope }
  | { kind: 'bulk:use' }
  /** Approve or reject a request for `role` in an organisation (or grant it directly). */
  | { kind: 'org:approve'; orgId: string; orgType: OrgType; providerId?: string; role?: Role }
  | { kind: 'admin' };

/** The action kinds, for the route policy and its documentation. */
export type ActionKind = Action['kind'];

/**
 * Which roles a membership of each kind of organisation can grant. Care-home staff may also be
 * members of a provider, which lets them update every home of that provider (group staff).
 */
export const ROLES_FOR_ORG_TYPE: Record<OrgType, readonly Role[]> = {
  'care-home': ['care-home-staff'],
  provider: ['provider-approver', 'care-home-staff'],
  'nhs-trust': ['discharge'],
  'local-authority': ['discharge', 'la-officer', 'commissioner'],
  'sub-icb': ['discharge', 'commissioner'],
  icb: ['commissioner'],
  region: ['commissioner'],
  national: ['commissioner', 'admin'],
  supplier: ['supplier'],
};

export function isRoleValidFor(orgType: OrgType, role: Role): boolean {
  return ROLES_FOR_ORG_TYPE[orgType].includes(role);
}

/**
 * The organisation whose approvers decide a request. Provider approvers approve for their provider
 * and its care homes; every other organisation has no approver role of its own (an la-officer or a
 * commissioner vouching for colleagues would be self-service privilege), so admins decide those.
 * Admins also see and may decide every request.
 */
export function approverOrgFor(target: { orgId: string; orgType: OrgType; providerId?: string }): string {
  if (target.orgType === 'provider') return target.orgId;
  if (target.orgType === 'care-home' && target.providerId) return orgIdFor.provider(target.providerId);
  return orgIdFor.national();
}

/** The distinct roles a principal holds, in the order of ROLES. */
export function rolesOf(p: Principal): Role[] {
  const held = new Set(p.memberships.map((m) => m.role));
  return ROLES.filter((r) => held.has(r));
}

export const orgIdFor = {
  careHome: (locationId: string) => `care-home:${locationId}`,
  provider: (providerId: string) => `provider:${providerId}`,
  localAuthority: (name: string) => `local-authority:${slug(name)}`,
  subIcb: (code: string) => `sub-icb:${code.trim().toUpperCase()}`,
  icb: (code: string) => `icb:${code.trim().toUpperCase()}`,
  region: (name: string) => `region:${slug(name)}`,
  national: () => 'national:england',
  nhsTrust: (code: string) => `nhs-trust:${code.trim().toUpperCase()}`,
  supplier: (id: string) => `supplier:${id}`,
};

export function slug(s: string): string {
  return s
    .trim()
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const has = (p: Principal, role: Role) => p.memberships.some((m) => m.role === role);

/** Does a membership's organisation cover this geography? */
export function orgCoversArea(m: Membership, area: AreaScope): boolean {
  switch (m.orgType) {
    case 'national':
      return true;
    case 'region':
      return !!area.region && m.orgId === orgIdFor.region(area.region);
    case 'icb':
      return !!area.icb && m.orgId === orgIdFor.icb(area.icb);
    case 'sub-icb':
      return !!area.subIcb && m.orgId === orgIdFor.subIcb(area.subIcb);
    case 'local-authority':
      return !!area.localAuthority && m.orgId === orgIdFor.localAuthority(area.localAuthority);
    case 'care-home':
    case 'provider':
    case 'nhs-trust':
    case 'supplier':
      return false;
    default: {
      const never: never = m.orgType;
      return never;
    }
  }
}

export function isAllowed(p: Principal, action: Action): boolean {
  if (p.disabled) return false;
  if (has(p, 'admin')) return true;
  switch (action.kind) {
    case 'admin':
      return false;
    case 'home:read':
      // Every signed-in member of an organisation may look homes up.
      return p.memberships.length > 0;
    case 'home:write': {
      const providerOrg = action.home.providerId ? orgIdFor.provider(action.home.providerId) : undefined;
      return p.memberships.some(
        (m) =>
          (m.role === 'care-home-staff' &&
            (m.orgId === orgIdFor.careHome(action.home.locationId) || m.orgId === providerOrg)) ||
          (m.role === 'provider-approver' && m.orgId === providerOrg),
      );
    }
    case 'search':
    case 'export':
      return p.memberships.some(
        (m) => m.role === 'discharge' || m.role === 'la-officer' || m.role === 'commissioner',
      );
    case 'alerts:manage':
      return p.memberships.some((m) => m.role === 'la-officer' && orgCoversArea(m, action.home));
    case 'area:view':
      return p.memberships.some(
        (m) => (m.role === 'commissioner' || m.role === 'la-officer') && orgCoversArea(m, action.area),
      );
    case 'bulk:use':
      return p.memberships.some((m) => m.role === 'provider-approver' || m.role === 'care-home-staff');
    case 'org:approve': {
      // Admin is granted by admins only (admins returned true above).
      if (action.role === 'admin') return false;
      if (action.orgType !== 'provider' && action.orgType !== 'care-home') return false;
      const approvers = approverOrgFor(action);
      return p.memberships.some((m) => m.role === 'provider-approver' && m.orgId === approvers);
    }
    default: {
      const never: never = action;
      return never;
    }
  }
}
