import type { Membership, Principal } from '../../domain/authz';
import type { OrgType, Role } from '../../domain/roles';
import type { PrincipalStore } from '../principal';

/**
 * What the account use cases need from the outside world. shared/infra implements them over
 * DynamoDB (accounts-repository, accounts-organisations, accounts-audit), Cognito
 * (accounts-cognito) and SES / the local outbox.
 */

export interface UserProfile {
  sub: string;
  email: string;
  name?: string;
  disabled: boolean;
  disabledReason?: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  /** Epoch seconds of the last recorded sign-in (the token's auth_time, or the trigger's clock). */
  lastSignInEpoch?: number;
}

export interface MembershipRecord extends Membership {
  sub: string;
  email: string;
  /** The provider of a care-home organisation, so approvals can be routed without another read. */
  providerId?: string;
  grantedAt: string;
  grantedBySub: string;
  grantedByEmail: string;
  requestId?: string;
}

export type AccessRequestStatus = 'pending' | 'approved' | 'rejected';

export interface AccessRequest {
  requestId: string;
  sub: string;
  email: string;
  orgId: string;
  orgType: OrgType;
  orgName: string;
  providerId?: string;
  role: Role;
  /** Why the requester needs it (free text, shown to the approver). */
  reason?: string;
  status: AccessRequestStatus;
  /** Organisation whose approvers decide it (see approverOrgFor). */
  approverOrgId: string;
  createdAt: string;
  decidedAt?: string;
  decidedBySub?: string;
  decidedByEmail?: string;
  decisionReason?: string;
  version: number;
}

export interface Organisation {
  orgId: string;
  orgType: OrgType;
  name: string;
  /** The natural code: CQC location or provider id, ODS code, ONS code, region or LA name slug. */
  code: string;
  providerId?: string;
  providerName?: string;
  localAuthority?: string;
  subIcb?: string;
  icb?: string;
  region?: string;
  status: 'active' | 'archived';
  /** 'registry' when derived from CQC home data; 'admin' when created by an admin; 'seed' for demo data. */
  source: 'registry' | 'admin' | 'seed';
}

export const AUDIT_ACTIONS = [
  'account-registered',
  'sign-in',
  'sign-in-failed',
  'access-requested',
  'access-approved',
  'access-rejected',
  'membership-granted',
  'membership-removed',
  'user-disabled',
  'user-enabled',
  'organisation-created',
  // Supplier platforms and their API keys (issue 8); `detail` names the supplier and key.
  'supplier-created',
  'supplier-updated',
  'supplier-key-created',
  'supplier-key-revoked',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Where an audit fact comes from, so readers know how far to trust it (docs/authorisation.md). */
export type AuditSource =
  /** The API did it, for a verified caller. */
  | 'api'
  /** A Cognito Lambda trigger (cloud only). */
  | 'cognito'
  /** Reported by the browser without proof (failed sign-ins locally). */
  | 'client-reported'
  /** The local demo seed. */
  | 'seed';

export interface AuditEvent {
  at: string;
  action: AuditAction;
  source: AuditSource;
  actorSub?: string;
  actorEmail?: string;
  targetSub?: string;
  targetEmail?: string;
  orgId?: string;
  role?: Role;
  requestId?: string;
  detail?: string;
  sourceIp?: string;
}

export interface Page<T> {
  items: T[];
  /** Opaque; pass back to get the next page. */
  cursor?: string;
}

export interface AccountsRepository extends PrincipalStore {
  getProfile(sub: string): Promise<UserProfile | undefined>;
  findByEmail(email: string): Promise<UserProfile | undefined>;
  /** Creates the profile if absent; returns the stored one either way. */
  ensureProfile(p: { sub: string; email: string; name?: string }, now: Date): Promise<UserProfile>;
  /** Sets the disabled flag (with its audit event) on the version read; 'conflict' on a concurrent change. */
  setDisabled(
    sub: string,
    change: { disabled: boolean; reason?: string; expectedVersion: number; at: string },
    event: AuditEvent,
  ): Promise<UserProfile | 'conflict'>;
  /**
   * Records a sign-in at `authEpoch` unless one within `windowSeconds` before it is already recorded,
   * writing the audit event in the same transaction. Returns whether it was recorded.
   */
  recordSignIn(sub: string, authEpoch: number, windowSeconds: number, event: AuditEvent): Promise<boolean>;
  listMemberships(sub: string): Promise<MembershipRecord[]>;
  listMembersOf(orgId: string, role?: Role): Promise<MembershipRecord[]>;
  /** Grants a membership and writes its audit event in one transaction; false when it already exists. */
  grantMembership(m: MembershipRecord, event: AuditEvent): Promise<boolean>;
  /** Removes a membership and writes its audit event in one transaction; false when there was none. */
  removeMembership(sub: string, orgId: string, role: Role, event: AuditEvent): Promise<boolean>;
  /** Creates a pending request; 'duplicate' when the user already has one pending for the same org and role. */
  createRequest(r: AccessRequest, event: AuditEvent): Promise<'created' | 'duplicate'>;
  getRequest(requestId: string): Promise<AccessRequest | undefined>;
  listRequestsOf(sub: string): Promise<AccessRequest[]>;
  listPendingForApprover(approverOrgId: string): Promise<AccessRequest[]>;
  listAllPending(limit: number, cursor?: string): Promise<Page<AccessRequest>>;
  /**
   * Decides a pending request (condition: still pending at the version read); on approval the
   * membership is written in the same transaction. 'conflict' when someone decided it first.
   */
  decideRequest(
    r: AccessRequest,
    decision: {
      status: 'approved' | 'rejected';
      bySub: string;
      byEmail: string;
      reason?: string;
      at: string;
    },
    membership: MembershipRecord | undefined,
    event: AuditEvent,
  ): Promise<AccessRequest | 'conflict'>;
  /** Users whose email starts with the prefix (all users when empty), alphabetical. */
  searchUsers(emailPrefix: string, limit: number, cursor?: string): Promise<Page<UserProfile>>;
}

export interface OrganisationDirectory {
  get(orgId: string): Promise<Organisation | undefined>;
  /** Active organisations of a type whose name starts with `q` (or whose code is `q`). */
  search(type: OrgType, q: string, limit: number, cursor?: string): Promise<Page<Organisation>>;
  put(org: Organisation): Promise<void>;
  /** Creates an admin-managed organisation; false when the id is taken. */
  create(org: Organisation): Promise<boolean>;
}

export interface AuditLog {
  record(event: AuditEvent): Promise<void>;
  /** Events of one UTC day, newest first. */
  list(day: string, limit: number, cursor?: string): Promise<Page<AuditEvent>>;
}

export type SignUpResult =
  | { kind: 'created'; userSub: string; userConfirmed: boolean; destination?: string }
  | { kind: 'exists' }
  | { kind: 'invalid-password'; message: string }
  | { kind: 'invalid-parameter'; message: string };

export interface IdentityProvider {
  signUp(email: string, password: string, name?: string): Promise<SignUpResult>;
  /** Email of the holder of an access token (GetUser: needs no IAM permission). */
  emailOf(accessToken: string): Promise<string | undefined>;
  setEnabled(email: string, enabled: boolean): Promise<void>;
  /** Revokes every refresh token of the user, so a disabled account cannot refresh. */
  signOutEverywhere(email: string): Promise<void>;
  /** Mirrors roles into Cognito groups, for operators; authorisation never reads them. */
  syncGroups(email: string, roles: readonly Role[]): Promise<void>;
}

export interface Mailer {
  send(message: { to: string; subject: string; text: string; html: string; kind: string }): Promise<unknown>;
}

export interface AccountsDeps {
  repo: AccountsRepository;
  orgs: OrganisationDirectory;
  audit: AuditLog;
  idp: IdentityProvider;
  mailer: Mailer;
  appBaseUrl: string;
  now: () => Date;
}

export type { Principal };

/** A pagination cursor that was not issued by us (or was tampered with). */
export class InvalidCursorError extends Error {
  constructor() {
    super('The cursor is not valid: start again without it');
    this.name = 'InvalidCursorError';
  }
}
