import { describe, expect, it } from 'vitest';
import {
  approverOrgFor,
  isAllowed,
  isRoleValidFor,
  type Membership,
  orgIdFor,
  type Principal,
  ROLES_FOR_ORG_TYPE,
  rolesOf,
} from '../../../shared/domain/authz';
import { ORG_TYPES } from '../../../shared/domain/roles';

const member = (...memberships: Array<Omit<Membership, 'orgName'>>): Principal => ({
  sub: 's',
  email: 'e@x',
  disabled: false,
  memberships: memberships.map((m) => ({ ...m, orgName: m.orgId })),
});
const home = { locationId: '1-1', providerId: 'P1', localAuthority: 'Leeds', icb: 'QWO', region: 'London' };

describe('roles per organisation type', () => {
  it('matches the issue: which roles each kind of organisation grants', () => {
    expect(isRoleValidFor('care-home', 'care-home-staff')).toBe(true);
    expect(isRoleValidFor('care-home', 'provider-approver')).toBe(false);
    expect(isRoleValidFor('provider', 'provider-approver')).toBe(true);
    expect(isRoleValidFor('nhs-trust', 'discharge')).toBe(true);
    expect(isRoleValidFor('nhs-trust', 'commissioner')).toBe(false);
    expect(isRoleValidFor('local-authority', 'la-officer')).toBe(true);
    expect(isRoleValidFor('sub-icb', 'la-officer')).toBe(false);
    expect(isRoleValidFor('national', 'admin')).toBe(true);
    expect(isRoleValidFor('icb', 'admin')).toBe(false);
    expect(isRoleValidFor('supplier', 'supplier')).toBe(true);
    for (const t of ORG_TYPES) expect(ROLES_FOR_ORG_TYPE[t].length).toBeGreaterThan(0);
  });
});

describe('org:approve', () => {
  const approver = member({ orgId: orgIdFor.provider('P1'), orgType: 'provider', role: 'provider-approver' });
  const careHome = {
    kind: 'org:approve' as const,
    orgId: orgIdFor.careHome('1-1'),
    orgType: 'care-home' as const,
  };

  it('provider approvers approve for their provider and its homes only', () => {
    expect(isAllowed(approver, { ...careHome, providerId: 'P1', role: 'care-home-staff' })).toBe(true);
    expect(isAllowed(approver, { ...careHome, providerId: 'P2', role: 'care-home-staff' })).toBe(false);
    expect(isAllowed(approver, { ...careHome, role: 'care-home-staff' })).toBe(false);
    expect(
      isAllowed(approver, {
        kind: 'org:approve',
        orgId: orgIdFor.provider('P1'),
        orgType: 'provider',
        role: 'provider-approver',
      }),
    ).toBe(true);
    expect(
      isAllowed(approver, {
        kind: 'org:approve',
        orgId: orgIdFor.provider('P2'),
        orgType: 'provider',
        role: 'provider-approver',
      }),
    ).toBe(false);
  });

  it('nobody but an admin approves for other kinds of organisation, or grants admin', () => {
    const la = member({
      orgId: orgIdFor.localAuthority('Leeds'),
      orgType: 'local-authority',
      role: 'la-officer',
    });
    const target = {
      kind: 'org:approve' as const,
      orgId: orgIdFor.localAuthority('Leeds'),
      orgType: 'local-authority' as const,
    };
    expect(isAllowed(la, { ...target, role: 'la-officer' })).toBe(false);
    const admin = member({ orgId: orgIdFor.national(), orgType: 'national', role: 'admin' });
    expect(isAllowed(admin, { ...target, role: 'la-officer' })).toBe(true);
    expect(isAllowed(approver, { ...careHome, providerId: 'P1', role: 'admin' })).toBe(false);
    expect(isAllowed({ ...admin, disabled: true }, { kind: 'admin' })).toBe(false);
  });

  it('routes requests to the provider for homes and providers, else to admins', () => {
    expect(approverOrgFor({ orgId: 'care-home:1-1', orgType: 'care-home', providerId: 'P1' })).toBe(
      'provider:P1',
    );
    expect(approverOrgFor({ orgId: 'provider:P1', orgType: 'provider' })).toBe('provider:P1');
    expect(approverOrgFor({ orgId: 'nhs-trust:RR8', orgType: 'nhs-trust' })).toBe('national:england');
  });
});

describe('home:write', () => {
  it('staff of the home, staff or approvers of its provider; not other homes', () => {
    const staff = member({ orgId: orgIdFor.careHome('1-1'), orgType: 'care-home', role: 'care-home-staff' });
    const groupStaff = member({
      orgId: orgIdFor.provider('P1'),
      orgType: 'provider',
      role: 'care-home-staff',
    });
    const otherStaff = member({
      orgId: orgIdFor.careHome('1-2'),
      orgType: 'care-home',
      role: 'care-home-staff',
    });
    expect(isAllowed(staff, { kind: 'home:write', home })).toBe(true);
    expect(isAllowed(groupStaff, { kind: 'home:write', home })).toBe(true);
    expect(isAllowed(otherStaff, { kind: 'home:write', home })).toBe(false);
    expect(isAllowed(groupStaff, { kind: 'home:write', home: { ...home, providerId: 'P2' } })).toBe(false);
  });
});

describe('rolesOf', () => {
  it('lists each role once, in the canonical order', () => {
    const p = member(
      { orgId: 'icb:QWO', orgType: 'icb', role: 'commissioner' },
      { orgId: 'nhs-trust:RR8', orgType: 'nhs-trust', role: 'discharge' },
      { orgId: 'sub-icb:X', orgType: 'sub-icb', role: 'discharge' },
    );
    expect(rolesOf(p)).toEqual(['discharge', 'commissioner']);
  });
});
