import type { OrgType, Role } from './roles';

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
  | { kind: 'org:approve'; orgId: string; orgType: OrgType; providerId?: string }
  | { kind: 'admin' };

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
    case 'home:write':
      return p.memberships.some(
        (m) =>
          (m.role === 'care-home-staff' && m.orgId === orgIdFor.careHome(action.home.locationId)) ||
          (m.role === 'provider-approver' &&
            !!action.home.providerId &&
            m.orgId === orgIdFor.provider(action.home.providerId)),
      );
    case 'search':
    case 'export':
      return p.memberships.some((m) => m.role === 'discharge' || m.role === 'la-officer' || m.role === 'commissioner');
    case 'alerts:manage':
      return p.memberships.some((m) => m.role === 'la-officer' && orgCoversArea(m, action.home));
    case 'area:view':
      return p.memberships.some(
        (m) => (m.role === 'commissioner' || m.role === 'la-officer') && orgCoversArea(m, action.area),
      );
    case 'bulk:use':
      return p.memberships.some((m) => m.role === 'provider-approver' || m.role === 'care-home-staff');
    case 'org:approve':
      return p.memberships.some(
        (m) =>
          m.role === 'provider-approver' &&
          (m.orgId === action.orgId ||
            (action.orgType === 'care-home' && !!action.providerId && m.orgId === orgIdFor.provider(action.providerId))),
      );
    default: {
      const never: never = action;
      return never;
    }
  }
}
