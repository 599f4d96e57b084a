import { approverOrgFor, isAllowed, isRoleValidFor, type Principal, rolesOf } from '../../domain/authz';
import { ORG_TYPES, type OrgType, ROLE_LABELS, type Role } from '../../domain/roles';
import { conflict, forbidden, notFound, validationFailed } from '../../http/problem';
import { logger } from '../../infra/logger';
import { authorize } from '../principal';
import { emailApprovers, emailDecision } from './notifications';
import { passwordProblems } from './password-policy';
import type {
  AccessRequest,
  AccountsDeps,
  AuditEvent,
  MembershipRecord,
  Organisation,
  Page,
  UserProfile,
} from './ports';

/** Use cases of accounts, organisations and access requests. Handlers parse; these decide. */

export interface MeView {
  sub: string;
  email: string;
  roles: Role[];
  memberships: Array<{ orgId: string; orgType: OrgType; orgName: string; role: Role }>;
}

export function meView(p: Principal): MeView {
  return {
    sub: p.sub,
    email: p.email,
    roles: rolesOf(p),
    memberships: p.memberships.map(({ orgId, orgType, orgName, role }) => ({
      orgId,
      orgType,
      orgName,
      role,
    })),
  };
}

/** Who is calling, as far as the audit trail is concerned. */
export interface CallContext {
  principal: Principal;
  /** The bearer token, to ask Cognito for the caller's email when no profile is stored yet. */
  accessToken?: string;
  sourceIp?: string;
}

function event(
  deps: AccountsDeps,
  e: Omit<AuditEvent, 'at' | 'source'> & { source?: AuditEvent['source'] },
): AuditEvent {
  return { at: deps.now().toISOString(), source: 'api', ...e };
}

async function bestEffort(what: string, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    logger.warn(`${what} failed`, { error: error as Error });
  }
}

/** The caller's stored profile, created on first use from Cognito's record of their email. */
export async function ensureCallerProfile(deps: AccountsDeps, ctx: CallContext): Promise<UserProfile> {
  const existing = await deps.repo.getProfile(ctx.principal.sub);
  if (existing) return existing;
  const email =
    (ctx.accessToken ? await deps.idp.emailOf(ctx.accessToken) : undefined) ?? ctx.principal.email;
  return deps.repo.ensureProfile({ sub: ctx.principal.sub, email }, deps.now());
}

// ---- registration and sign-in --------------------------------------------------------------

export interface RegisterInput {
  email: string;
  password: string;
  name?: string;
}

export interface RegisterResult {
  userSub: string;
  userConfirmed: boolean;
  codeDelivery?: { destination?: string; medium: 'EMAIL' };
}

export function checkPassword(password: string, email?: string): void {
  const problems = passwordProblems(password, email);
  if (problems.length) throw validationFailed(problems);
}

export async function register(
  deps: AccountsDeps,
  input: RegisterInput,
  sourceIp?: string,
): Promise<RegisterResult> {
  const email = input.email.trim();
  checkPassword(input.password, email);
  const result = await deps.idp.signUp(email, input.password, input.name);
  switch (result.kind) {
    case 'exists':
      throw conflict(
        'An account with this email address already exists. Sign in, or reset your password if you have forgotten it.',
        { field: 'email', rule: 'duplicate-account' },
      );
    case 'invalid-password':
      throw validationFailed([
        { field: 'password', rule: 'identity-provider-policy', message: result.message },
      ]);
    case 'invalid-parameter':
      throw validationFailed([{ field: 'email', rule: 'identity-provider', message: result.message }]);
    case 'created': {
      await deps.repo.ensureProfile(
        { sub: result.userSub, email, ...(input.name ? { name: input.name } : {}) },
        deps.now(),
      );
      await deps.audit.record(
        event(deps, {
          action: 'account-registered',
          actorSub: result.userSub,
          actorEmail: email,
          targetSub: result.userSub,
          targetEmail: email,
          ...(sourceIp ? { sourceIp } : {}),
        }),
      );
      return {
        userSub: result.userSub,
        userConfirmed: result.userConfirmed,
        ...(result.userConfirmed
          ? {}
          : { codeDelivery: { destination: result.destination, medium: 'EMAIL' as const } }),
      };
    }
    default: {
      const never: never = result;
      return never;
    }
  }
}

/**
 * Seconds within which two sign-ins are taken to be the same one: the post-authentication
 * trigger (cloud) and the web app's session call both report each sign-in.
 */
export const SIGN_IN_DEDUPE_SECONDS = 10;

/**
 * Records a sign-in for the verified token's authentication (auth_time), once: repeated calls with
 * the same token, or after the Cognito trigger has recorded it, change nothing.
 */
export async function recordSession(
  deps: AccountsDeps,
  ctx: CallContext,
  authTime: number | undefined,
): Promise<MeView & { recorded: boolean }> {
  const profile = await ensureCallerProfile(deps, ctx);
  const at = authTime ?? Math.floor(deps.now().getTime() / 1000);
  const recorded = await deps.repo.recordSignIn(
    profile.sub,
    at,
    SIGN_IN_DEDUPE_SECONDS,
    event(deps, {
      action: 'sign-in',
      actorSub: profile.sub,
      actorEmail: profile.email,
      detail: `authenticated at ${new Date(at * 1000).toISOString()}`,
      ...(ctx.sourceIp ? { sourceIp: ctx.sourceIp } : {}),
    }),
  );
  const principal = (await deps.repo.load(profile.sub)) ?? ctx.principal;
  return { ...meView(principal), recorded };
}

/**
 * A failed sign-in as reported by the browser (cognito-local runs no triggers). Unverifiable, so
 * it is marked client-reported and kept only for addresses that have an account.
 */
export async function recordFailedSignIn(
  deps: AccountsDeps,
  email: string,
  sourceIp?: string,
): Promise<void> {
  const profile = await deps.repo.findByEmail(email);
  if (!profile) return;
  await deps.audit.record(
    event(deps, {
      action: 'sign-in-failed',
      source: 'client-reported',
      targetSub: profile.sub,
      targetEmail: profile.email,
      ...(sourceIp ? { sourceIp } : {}),
    }),
  );
}

// ---- organisations ---------------------------------------------------------------------------

export function orgTypeOf(orgId: string): OrgType | undefined {
  const type = orgId.split(':')[0];
  return ORG_TYPES.find((t) => t === type);
}

export async function searchOrganisations(
  deps: AccountsDeps,
  input: { type: OrgType; q: string; limit: number; cursor?: string },
): Promise<Page<Organisation>> {
  return deps.orgs.search(input.type, input.q, input.limit, input.cursor);
}

/** An organisation a membership can be held in, and the role valid for it; 400 naming the field otherwise. */
export async function resolveTarget(deps: AccountsDeps, orgId: string, role: Role): Promise<Organisation> {
  const type = orgTypeOf(orgId);
  const org = type ? await deps.orgs.get(orgId) : undefined;
  if (org?.status !== 'active') {
    throw validationFailed([
      { field: 'orgId', rule: 'unknown-organisation', message: `There is no active organisation ${orgId}` },
    ]);
  }
  if (!isRoleValidFor(org.orgType, role)) {
    throw validationFailed([
      {
        field: 'role',
        rule: 'role-not-valid-for-organisation',
        message: `${ROLE_LABELS[role]} is not a role in a ${org.orgType} organisation`,
      },
    ]);
  }
  return org;
}

// ---- access requests -------------------------------------------------------------------------

export async function requestAccess(
  deps: AccountsDeps,
  ctx: CallContext,
  input: { orgId: string; role: Role; reason?: string },
  newRequestId: (sub: string, now: Date) => string,
): Promise<AccessRequest> {
  const org = await resolveTarget(deps, input.orgId, input.role);
  const profile = await ensureCallerProfile(deps, ctx);
  if (ctx.principal.memberships.some((m) => m.orgId === org.orgId && m.role === input.role)) {
    throw conflict(`You already have ${ROLE_LABELS[input.role]} access to ${org.name}`);
  }
  const now = deps.now();
  const request: AccessRequest = {
    requestId: newRequestId(profile.sub, now),
    sub: profile.sub,
    email: profile.email,
    orgId: org.orgId,
    orgType: org.orgType,
    orgName: org.name,
    ...(org.providerId ? { providerId: org.providerId } : {}),
    role: input.role,
    ...(input.reason ? { reason: input.reason } : {}),
    status: 'pending',
    approverOrgId: approverOrgFor(org),
    createdAt: now.toISOString(),
    version: 1,
  };
  const created = await deps.repo.createRequest(
    request,
    event(deps, {
      action: 'access-requested',
      actorSub: profile.sub,
      actorEmail: profile.email,
      orgId: org.orgId,
      role: input.role,
      requestId: request.requestId,
      ...(ctx.sourceIp ? { sourceIp: ctx.sourceIp } : {}),
    }),
  );
  if (created === 'duplicate') {
    throw conflict(
      `You have already asked for ${ROLE_LABELS[input.role]} access to ${org.name}: wait for a decision`,
    );
  }
  await bestEffort('emailing approvers', async () => {
    const approverRole: Role = request.approverOrgId.startsWith('provider:') ? 'provider-approver' : 'admin';
    const approvers = await deps.repo.listMembersOf(request.approverOrgId, approverRole);
    await emailApprovers(
      deps.mailer,
      deps.appBaseUrl,
      request,
      approvers.map((a) => a.email),
    );
  });
  return request;
}

export async function myRequests(deps: AccountsDeps, p: Principal): Promise<AccessRequest[]> {
  return deps.repo.listRequestsOf(p.sub);
}

/** Pending requests the caller may decide: every one for admins, their providers' for provider approvers. */
export async function approvalQueue(
  deps: AccountsDeps,
  p: Principal,
  page: { limit: number; cursor?: string },
): Promise<Page<AccessRequest>> {
  if (isAllowed(p, { kind: 'admin' })) return deps.repo.listAllPending(page.limit, page.cursor);
  const providers = p.memberships.filter((m) => m.role === 'provider-approver').map((m) => m.orgId);
  if (!providers.length) throw forbidden('Only approvers and admins have an approvals queue');
  const lists = await Promise.all(providers.map((orgId) => deps.repo.listPendingForApprover(orgId)));
  return { items: lists.flat().sort((a, b) => a.createdAt.localeCompare(b.createdAt)) };
}

/** Loads a request and checks the caller may decide it, before anything about the decision is read. */
export async function requestToDecide(
  deps: AccountsDeps,
  p: Principal,
  requestId: string,
): Promise<AccessRequest> {
  const r = await deps.repo.getRequest(requestId);
  if (!r) throw notFound('There is no such access request');
  authorize(
    p,
    { kind: 'org:approve', orgId: r.orgId, orgType: r.orgType, providerId: r.providerId, role: r.role },
    'You can only decide requests for organisations you approve for',
  );
  if (r.sub === p.sub && !isAllowed(p, { kind: 'admin' }))
    throw forbidden('You cannot decide your own request');
  return r;
}

export async function decideRequest(
  deps: AccountsDeps,
  ctx: CallContext,
  r: AccessRequest,
  input: { decision: 'approve' | 'reject'; reason?: string },
): Promise<AccessRequest> {
  if (r.status !== 'pending') throw conflict(`This request was already ${r.status}`);
  const decider = await ensureCallerProfile(deps, ctx);
  const at = deps.now().toISOString();
  const approved = input.decision === 'approve';
  const membership: MembershipRecord | undefined = approved
    ? {
        sub: r.sub,
        email: r.email,
        orgId: r.orgId,
        orgType: r.orgType,
        orgName: r.orgName,
        role: r.role,
        ...(r.providerId ? { providerId: r.providerId } : {}),
        grantedAt: at,
        grantedBySub: decider.sub,
        grantedByEmail: decider.email,
        requestId: r.requestId,
      }
    : undefined;
  const decided = await deps.repo.decideRequest(
    r,
    {
      status: approved ? 'approved' : 'rejected',
      bySub: decider.sub,
      byEmail: decider.email,
      ...(input.reason ? { reason: input.reason } : {}),
      at,
    },
    membership,
    event(deps, {
      action: approved ? 'access-approved' : 'access-rejected',
      actorSub: decider.sub,
      actorEmail: decider.email,
      targetSub: r.sub,
      targetEmail: r.email,
      orgId: r.orgId,
      role: r.role,
      requestId: r.requestId,
      ...(input.reason ? { detail: input.reason } : {}),
      ...(ctx.sourceIp ? { sourceIp: ctx.sourceIp } : {}),
    }),
  );
  if (decided === 'conflict')
    throw conflict('Someone else decided this request first; reload to see the decision');
  await bestEffort('emailing the requester', () => emailDecision(deps.mailer, deps.appBaseUrl, decided));
  if (approved) await syncGroupsOf(deps, r.sub, r.email);
  return decided;
}

/** Mirrors a user's stored roles into Cognito groups (operators' convenience only). */
export async function syncGroupsOf(deps: AccountsDeps, sub: string, email: string): Promise<void> {
  await bestEffort('group sync', async () => {
    const memberships = await deps.repo.listMemberships(sub);
    await deps.idp.syncGroups(email, [...new Set(memberships.map((m) => m.role))]);
  });
}
