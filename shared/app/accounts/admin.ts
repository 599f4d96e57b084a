import { orgIdFor, type Principal } from '../../domain/authz';
import type { Role } from '../../domain/roles';
import { badRequest, conflict, notFound } from '../../http/problem';
import { logger } from '../../infra/logger';
import { authorize } from '../principal';
import { type CallContext, ensureCallerProfile, resolveTarget, syncGroupsOf } from './accounts';
import type {
  AccessRequest,
  AccountsDeps,
  AuditEvent,
  MembershipRecord,
  Organisation,
  Page,
  UserProfile,
} from './ports';

/** Admin use cases: users, memberships, organisations and the audit trail. Every one checks 'admin' first. */

export interface UserSummary extends UserProfile {
  memberships: MembershipRecord[];
}

export interface UserDetail extends UserSummary {
  requests: AccessRequest[];
}

function requireAdmin(p: Principal): void {
  authorize(p, { kind: 'admin' }, 'Only service admins can do this');
}

function event(
  deps: AccountsDeps,
  ctx: CallContext,
  actor: UserProfile,
  e: Omit<AuditEvent, 'at' | 'source'>,
): AuditEvent {
  return {
    at: deps.now().toISOString(),
    source: 'api',
    actorSub: actor.sub,
    actorEmail: actor.email,
    ...(ctx.sourceIp ? { sourceIp: ctx.sourceIp } : {}),
    ...e,
  };
}

export async function searchUsers(
  deps: AccountsDeps,
  ctx: CallContext,
  input: { q: string; limit: number; cursor?: string },
): Promise<Page<UserSummary>> {
  requireAdmin(ctx.principal);
  const page = await deps.repo.searchUsers(input.q, input.limit, input.cursor);
  const items = await Promise.all(
    page.items.map(async (u) => ({ ...u, memberships: await deps.repo.listMemberships(u.sub) })),
  );
  return { items, ...(page.cursor ? { cursor: page.cursor } : {}) };
}

async function target(deps: AccountsDeps, sub: string): Promise<UserProfile> {
  const profile = await deps.repo.getProfile(sub);
  if (!profile) throw notFound('There is no such user');
  return profile;
}

export async function userDetail(deps: AccountsDeps, ctx: CallContext, sub: string): Promise<UserDetail> {
  requireAdmin(ctx.principal);
  const profile = await target(deps, sub);
  const [memberships, requests] = await Promise.all([
    deps.repo.listMemberships(sub),
    deps.repo.listRequestsOf(sub),
  ]);
  return { ...profile, memberships, requests };
}

/**
 * Disables or re-enables an account. The stored flag is set first: the API refuses a disabled
 * account on its next request. Cognito is then told too, and every refresh token revoked, so
 * the browser cannot renew its access token (which expires within 15 minutes anyway).
 */
export async function setUserStatus(
  deps: AccountsDeps,
  ctx: CallContext,
  sub: string,
  input: { disabled: boolean; reason?: string; version?: number },
): Promise<UserProfile> {
  requireAdmin(ctx.principal);
  if (sub === ctx.principal.sub && input.disabled) throw badRequest('You cannot disable your own account');
  const profile = await target(deps, sub);
  const actor = await ensureCallerProfile(deps, ctx);
  if (input.version !== undefined && input.version !== profile.version) {
    throw conflict('This user was changed by someone else; reload and try again', {
      currentVersion: profile.version,
    });
  }
  const updated = await deps.repo.setDisabled(
    sub,
    {
      disabled: input.disabled,
      ...(input.reason ? { reason: input.reason } : {}),
      expectedVersion: profile.version,
      at: deps.now().toISOString(),
    },
    event(deps, ctx, actor, {
      action: input.disabled ? 'user-disabled' : 'user-enabled',
      targetSub: sub,
      targetEmail: profile.email,
      ...(input.reason ? { detail: input.reason } : {}),
    }),
  );
  if (updated === 'conflict') throw conflict('This user was changed by someone else; reload and try again');
  try {
    await deps.idp.setEnabled(profile.email, !input.disabled);
    if (input.disabled) await deps.idp.signOutEverywhere(profile.email);
  } catch (error) {
    // The stored flag already refuses the account; Cognito is told again on the next change.
    logger.warn('Cognito enable/disable failed', { error: error as Error });
  }
  return updated;
}

export async function grantMembership(
  deps: AccountsDeps,
  ctx: CallContext,
  sub: string,
  input: { orgId: string; role: Role },
): Promise<MembershipRecord> {
  requireAdmin(ctx.principal);
  const profile = await target(deps, sub);
  const org = await resolveTarget(deps, input.orgId, input.role);
  const actor = await ensureCallerProfile(deps, ctx);
  const at = deps.now().toISOString();
  const membership: MembershipRecord = {
    sub,
    email: profile.email,
    orgId: org.orgId,
    orgType: org.orgType,
    orgName: org.name,
    role: input.role,
    ...(org.providerId ? { providerId: org.providerId } : {}),
    grantedAt: at,
    grantedBySub: actor.sub,
    grantedByEmail: actor.email,
  };
  const granted = await deps.repo.grantMembership(
    membership,
    event(deps, ctx, actor, {
      action: 'membership-granted',
      targetSub: sub,
      targetEmail: profile.email,
      orgId: org.orgId,
      role: input.role,
    }),
  );
  if (!granted) throw conflict('The user already has this role in this organisation');
  await syncGroupsOf(deps, sub, profile.email);
  return membership;
}

export async function removeMembership(
  deps: AccountsDeps,
  ctx: CallContext,
  sub: string,
  input: { orgId: string; role: Role },
): Promise<void> {
  requireAdmin(ctx.principal);
  const profile = await target(deps, sub);
  const actor = await ensureCallerProfile(deps, ctx);
  const removed = await deps.repo.removeMembership(
    sub,
    input.orgId,
    input.role,
    event(deps, ctx, actor, {
      action: 'membership-removed',
      targetSub: sub,
      targetEmail: profile.email,
      orgId: input.orgId,
      role: input.role,
    }),
  );
  if (!removed) throw notFound('The user does not have this role in this organisation');
  await syncGroupsOf(deps, sub, profile.email);
}

export async function listAudit(
  deps: AccountsDeps,
  ctx: CallContext,
  input: { date: string; limit: number; cursor?: string },
): Promise<Page<AuditEvent>> {
  requireAdmin(ctx.principal);
  return deps.audit.list(input.date, input.limit, input.cursor);
}

/** NHS trusts and supplier platforms are not in the CQC data: admins add them. */
export async function createOrganisation(
  deps: AccountsDeps,
  ctx: CallContext,
  input: { orgType: 'nhs-trust' | 'supplier'; code: string; name: string },
): Promise<Organisation> {
  requireAdmin(ctx.principal);
  const actor = await ensureCallerProfile(deps, ctx);
  const orgId = input.orgType === 'nhs-trust' ? orgIdFor.nhsTrust(input.code) : orgIdFor.supplier(input.code);
  const org: Organisation = {
    orgId,
    orgType: input.orgType,
    name: input.name.trim(),
    code: orgId.slice(orgId.indexOf(':') + 1),
    status: 'active',
    source: 'admin',
  };
  if (!(await deps.orgs.create(org))) throw conflict(`${orgId} already exists`);
  await deps.audit.record(
    event(deps, ctx, actor, { action: 'organisation-created', orgId, detail: org.name }),
  );
  return org;
}
