import type { ActionKind } from '../domain/authz';
import { ROLE_LABELS, ROLES, type Role } from '../domain/roles';
import { type RouteDef, routes } from './definitions';

/**
 * Who may call each route in definitions.ts, machine-readable. The handlers decide with
 * shared/domain/authz.ts; this table states what they must decide, and two things read it:
 * docs/authorisation.md (generated from it) and test/integration/authz-matrix.test.ts (which calls
 * every route as every role and checks the answer). A route with no entry here fails
 * test/unit/accounts/route-policy.test.ts, so a new route cannot ship without a stated rule.
 */

/** 'any': anyone holding the role; 'own': only for resources of the organisation the role is held in. */
export type Grant = 'any' | 'own';

export type RoutePolicy =
  /** No credentials needed. */
  | { access: 'public'; why: string; sample?: Sample }
  /** A supplier platform's API key (Lambda authorizer); user tokens are not keys. */
  | { access: 'supplier-key'; why: string; sample?: Sample }
  /** Any signed-in, enabled account, even one with no membership yet. */
  | { access: 'signed-in'; why: string; sample?: Sample }
  /** Roles held in stored memberships; `action` names the authz.ts action the handler checks. */
  | {
      access: 'roles';
      action: ActionKind;
      roles: Partial<Record<Role, Grant>>;
      why: string;
      sample?: Sample;
    };

/** What the matrix test sends: query string and body for a call that gets past parsing. */
export interface Sample {
  query?: string;
  body?: unknown;
}

const ADMIN_ONLY = { admin: 'any' } as const;
/** search and export: discharge teams, LA officers and commissioners of any organisation. */
const FINDERS = { discharge: 'any', 'la-officer': 'any', commissioner: 'any', admin: 'any' } as const;

/** Every role, whatever organisation (e.g. home:read: any member of any organisation may look homes up). */
export const EVERY_ROLE = Object.fromEntries(ROLES.map((r) => [r, 'any'])) as Readonly<Record<Role, Grant>>;
/** bulk:use: care home staff and provider approvers (rows are checked home by home); admins. */
const BULK_USERS = { 'care-home-staff': 'any', 'provider-approver': 'any', admin: 'any' } as const;
/** home:write: the home's staff, its provider's staff and approvers; admins. */
const HOME_WRITERS = { 'care-home-staff': 'own', 'provider-approver': 'own', admin: 'any' } as const;

export const routePolicy: Record<string, RoutePolicy> = {
  'GET /api/health': { access: 'public', why: 'Health check for monitoring.' },
  'ANY /api/{proxy+}': { access: 'public', why: 'Unknown API paths answer 404 to everyone.' },

  'GET /api/search/vacancies': {
    access: 'roles',
    action: 'search',
    roles: FINDERS,
    why: 'Find care home vacancies; with format=csv|xlsx the action is `export` (same roles).',
    sample: { query: 'la=Leeds' },
  },
  'GET /api/search/options': {
    access: 'roles',
    action: 'search',
    roles: FINDERS,
    why: 'Choices the search form offers.',
  },
  'GET /api/search/boundaries': {
    access: 'roles',
    action: 'search',
    roles: FINDERS,
    why: 'Local authority boundaries for the search map.',
  },

  'GET /api/homes/{locationId}/services': {
    access: 'roles',
    action: 'home:read',
    roles: EVERY_ROLE,
    why: "A home's services offered (any member of any organisation).",
  },
  'PUT /api/homes/{locationId}/services': {
    access: 'roles',
    action: 'home:write',
    roles: HOME_WRITERS,
    why: "Update a home's services offered: its staff, its provider's staff and approvers, admins.",
    // Writes need a version (428 without one) before the home is loaded and the writer checked.
    sample: { body: { version: 1 } },
  },
  'GET /api/homes/{locationId}/vacancies': {
    access: 'roles',
    action: 'home:read',
    roles: EVERY_ROLE,
    why: "A home's bed state (any member of any organisation).",
  },
  'PUT /api/homes/{locationId}/vacancies': {
    access: 'roles',
    action: 'home:write',
    roles: HOME_WRITERS,
    why: "The provider update: its staff, its provider's staff and approvers, admins.",
    // Writes need a version (428 without one) before the home is loaded and the writer checked.
    sample: { body: { version: 1 } },
  },
  'POST /api/homes/{locationId}/vacancies/confirm': {
    access: 'roles',
    action: 'home:write',
    roles: HOME_WRITERS,
    why: '"Nothing has changed": as the provider update.',
    // Writes need a version (428 without one) before the home is loaded and the writer checked.
    sample: { body: { version: 1 } },
  },
  'GET /api/homes/{locationId}/history': {
    access: 'roles',
    action: 'home:read',
    roles: EVERY_ROLE,
    why: "A home's update history (who changed it is shown to its writers only).",
  },
  'GET /api/homes': {
    access: 'roles',
    action: 'home:read',
    roles: EVERY_ROLE,
    why: 'The care home registry, by area or name: public CQC facts for every member.',
  },
  'GET /api/homes/{locationId}': {
    access: 'roles',
    action: 'home:read',
    roles: EVERY_ROLE,
    why: "One home's registry facts.",
  },
  'GET /api/homes/{locationId}/alerts': {
    access: 'roles',
    action: 'home:read',
    roles: EVERY_ROLE,
    why: "A home's local authority alerts in force and recent changes (who made them: its managers only).",
  },
  'POST /api/homes/{locationId}/alerts': {
    access: 'roles',
    action: 'alerts:manage',
    roles: { 'la-officer': 'own', admin: 'any' },
    why: "Add an alert: LA officers of the home's own local authority, admins.",
  },
  'DELETE /api/homes/{locationId}/alerts/{alertId}': {
    access: 'roles',
    action: 'alerts:manage',
    roles: { 'la-officer': 'own', admin: 'any' },
    why: "Remove an alert: LA officers of the home's own local authority, admins.",
  },
  'GET /api/areas/not-updating': {
    access: 'roles',
    action: 'area:view',
    roles: { 'la-officer': 'any', commissioner: 'any', admin: 'any' },
    why: 'Homes not updated within 48 hours in an area the caller covers (default: their own; another area is 403).',
  },
  'GET /api/registry/runs': {
    access: 'roles',
    action: 'admin',
    roles: ADMIN_ONLY,
    why: 'Reports of CQC ingestion runs.',
  },
  'GET /api/bulk/template': {
    access: 'roles',
    action: 'bulk:use',
    roles: BULK_USERS,
    why: 'The bulk update template (.xlsx) of the homes your stored memberships let you update (none for an admin without them).',
  },
  'POST /api/bulk/uploads': {
    access: 'roles',
    action: 'bulk:use',
    roles: BULK_USERS,
    why: 'Request a presigned, size-limited upload URL (declaration required); each row is authorised again against your stored memberships when the file is processed.',
    sample: { body: { declarationConfirmed: true, sizeBytes: 1000, fileName: 'matrix.xlsx' } },
  },
  'GET /api/bulk/uploads/{jobId}': {
    access: 'roles',
    action: 'bulk:use',
    roles: BULK_USERS,
    why: "Status and per-row errors of an upload: only its uploader, the approvers of the uploader's providers, or an admin (others get 403).",
  },
  'GET /api/my/homes': {
    access: 'signed-in',
    why: 'The homes your memberships cover (none for other roles).',
  },

  'GET /api/me': { access: 'signed-in', why: 'Your own account, roles and organisations.' },
  'GET /api/me/notifications': {
    access: 'signed-in',
    why: 'Your own email settings (nightly reminders, daily digest).',
  },
  'PUT /api/me/notifications': {
    access: 'signed-in',
    why: 'Turn your own reminders and digests on or off.',
    sample: { body: { reminders: true, digests: true } },
  },
  'POST /api/reminders/confirm': {
    access: 'public',
    why:
      'One-click "nothing has changed" from a reminder email: the signed, single-use, 72-hour token is the ' +
      'credential; the handler re-checks that the person it was sent to may still update the home (`home:write`).',
  },
  'POST /api/accounts/register': {
    access: 'public',
    why: 'Create an account (password checked against length and common-password rules, then Cognito SignUp).',
  },
  'POST /api/accounts/password-check': {
    access: 'public',
    why: 'Check a proposed password against the rules.',
  },
  'POST /api/accounts/session': { access: 'signed-in', why: 'Record your sign-in in the audit trail.' },
  'POST /api/accounts/sign-in-failed': {
    access: 'public',
    why: 'Report a failed sign-in (audited as client-reported, only for existing accounts).',
  },
  'GET /api/organisations': {
    access: 'signed-in',
    why: 'The organisation directory, to choose where to request access.',
    sample: { query: 'type=care-home' },
  },
  'POST /api/access-requests': { access: 'signed-in', why: 'Ask for a role in an organisation.' },
  'GET /api/access-requests/mine': { access: 'signed-in', why: 'Your own access requests.' },
  'GET /api/access-requests': {
    access: 'roles',
    action: 'org:approve',
    roles: { 'provider-approver': 'any', admin: 'any' },
    why: "Approvals queue: a provider approver sees requests for their providers and those providers' homes; an admin sees all.",
  },
  'POST /api/access-requests/{requestId}/decision': {
    access: 'roles',
    action: 'org:approve',
    roles: { 'provider-approver': 'own', admin: 'any' },
    why: 'Approve or reject: provider approvers for their provider and its care homes (never admin, never their own request); admins for every organisation.',
  },

  'GET /api/admin/users': {
    access: 'roles',
    action: 'admin',
    roles: ADMIN_ONLY,
    why: 'Search users by email.',
  },
  'GET /api/admin/users/{sub}': {
    access: 'roles',
    action: 'admin',
    roles: ADMIN_ONLY,
    why: 'A user with memberships and requests.',
  },
  'PUT /api/admin/users/{sub}/status': {
    access: 'roles',
    action: 'admin',
    roles: ADMIN_ONLY,
    why: 'Disable or enable an account.',
  },
  'POST /api/admin/users/{sub}/memberships': {
    access: 'roles',
    action: 'admin',
    roles: ADMIN_ONLY,
    why: 'Grant a role in an organisation directly.',
  },
  'DELETE /api/admin/users/{sub}/memberships/{orgId}/{role}': {
    access: 'roles',
    action: 'admin',
    roles: ADMIN_ONLY,
    why: 'Remove a role.',
  },
  'GET /api/admin/audit': {
    access: 'roles',
    action: 'admin',
    roles: ADMIN_ONLY,
    why: 'The audit trail, by day.',
  },
  'POST /api/admin/organisations': {
    access: 'roles',
    action: 'admin',
    roles: ADMIN_ONLY,
    why: 'Add an NHS trust or supplier platform.',
  },
  'POST /api/admin/organisations/sync': {
    access: 'roles',
    action: 'admin',
    roles: ADMIN_ONLY,
    why: 'Refresh the organisation directory from the registry now.',
  },
  'GET /api/admin/suppliers': {
    access: 'roles',
    action: 'admin',
    roles: ADMIN_ONLY,
    why: 'Supplier platforms and how many live API keys each has.',
  },
  'POST /api/admin/suppliers': {
    access: 'roles',
    action: 'admin',
    roles: ADMIN_ONLY,
    why: 'Register a supplier platform and the providers or homes it may update.',
    sample: { body: { supplierId: 'matrix-supplier', name: 'Matrix Supplier' } },
  },
  'GET /api/admin/suppliers/{supplierId}': {
    access: 'roles',
    action: 'admin',
    roles: ADMIN_ONLY,
    why: "A supplier's scope and its API keys (label, created, last used; never the key).",
  },
  'PUT /api/admin/suppliers/{supplierId}': {
    access: 'roles',
    action: 'admin',
    roles: ADMIN_ONLY,
    why: "Change a supplier's name, scope, or disable it (its keys then get 401).",
    sample: { body: { name: 'Renamed', version: 1 } },
  },
  'POST /api/admin/suppliers/{supplierId}/keys': {
    access: 'roles',
    action: 'admin',
    roles: ADMIN_ONLY,
    why: 'Issue an API key; the key is in this response only.',
    sample: { body: { label: 'matrix' } },
  },
  'DELETE /api/admin/suppliers/{supplierId}/keys/{keyId}': {
    access: 'roles',
    action: 'admin',
    roles: ADMIN_ONLY,
    why: 'Revoke an API key (refused from the next request).',
  },

  // Supplier API v1 (issue 8): callers are platforms, not people. The key identifies the supplier;
  // which homes it may write is decided per home by supplierCovers (shared/domain/supplier.ts):
  // a home outside its scope is a `forbidden` item, the others still apply. Pulls are pooled (all homes).
  'PUT /api/supplier/v1/bed-states': {
    access: 'supplier-key',
    why: 'Push bed states of up to 100 homes; each home only if in the supplier scope (else that item is forbidden).',
  },
  'GET /api/supplier/v1/bed-states': {
    access: 'supplier-key',
    why: 'Pull pooled current bed states changed since a time (every home: regions pool the data).',
  },
  'GET /api/supplier/v1/openapi.json': {
    access: 'public',
    why: 'The supplier API OpenAPI 3.1 document.',
  },
  'GET /api/supplier/v1/docs': { access: 'public', why: 'The supplier API documentation page.' },
};

export function routeKey(r: Pick<RouteDef, 'method' | 'path'>): string {
  return `${r.method} ${r.path}`;
}

export function policyFor(r: Pick<RouteDef, 'method' | 'path'>): RoutePolicy | undefined {
  return routePolicy[routeKey(r)];
}

const AUTH_FOR_ACCESS: Record<RoutePolicy['access'], RouteDef['auth']> = {
  public: 'none',
  'supplier-key': 'supplier-key',
  'signed-in': 'jwt',
  roles: 'jwt',
};

/**
 * Routes in definitions.ts with no policy, policies for routes that no longer exist, and policies
 * that contradict the route's authentication (e.g. 'public' on a JWT route).
 */
export function policyGaps(defs: readonly RouteDef[] = routes): {
  missing: string[];
  stale: string[];
  mismatched: string[];
} {
  const keys = new Set(defs.map(routeKey));
  return {
    missing: [...keys].filter((k) => !(k in routePolicy)),
    stale: Object.keys(routePolicy).filter((k) => !keys.has(k)),
    mismatched: defs
      .filter((r) => {
        const p = policyFor(r);
        return p && AUTH_FOR_ACCESS[p.access] !== r.auth;
      })
      .map((r) => `${routeKey(r)} (auth ${r.auth}, policy ${policyFor(r)?.access})`),
  };
}

/** Who calls, for the expected outcome. */
export type Persona =
  | { kind: 'anonymous' }
  /** Signed in, no membership. */
  | { kind: 'no-role' }
  /** Holds `role` in the organisation the test data belongs to ('own') or another of the same kind ('other'). */
  | { kind: 'member'; role: Role; org: 'own' | 'other' };

export type Outcome = 'allowed' | 'forbidden' | 'unauthenticated';

export function expectedOutcome(policy: RoutePolicy, persona: Persona): Outcome {
  switch (policy.access) {
    case 'public':
      return 'allowed';
    case 'supplier-key':
      // A user's bearer token is not a key: without x-api-key (or with a bad one) every caller gets 401
      // (docs/adr/0002-supplier-auth.md).
      return 'unauthenticated';
    case 'signed-in':
      return persona.kind === 'anonymous' ? 'unauthenticated' : 'allowed';
    case 'roles': {
      if (persona.kind === 'anonymous') return 'unauthenticated';
      if (persona.kind === 'no-role') return 'forbidden';
      const grant = policy.roles[persona.role];
      if (!grant) return 'forbidden';
      return grant === 'any' || persona.org === 'own' ? 'allowed' : 'forbidden';
    }
    default: {
      const never: never = policy;
      return never;
    }
  }
}

const CELL: Record<Outcome | 'own', string> = {
  allowed: '✓',
  own: 'own org',
  forbidden: '✗ 403',
  unauthenticated: '✗ 401',
};

function cell(policy: RoutePolicy, role: Role): string {
  const own = expectedOutcome(policy, { kind: 'member', role, org: 'own' });
  const other = expectedOutcome(policy, { kind: 'member', role, org: 'other' });
  if (own === 'allowed' && other !== 'allowed') return CELL.own;
  return CELL[own];
}

/** The route x role table of docs/authorisation.md. */
export function renderAuthorisationTable(defs: readonly RouteDef[] = routes): string {
  const header = [
    'Route',
    'Auth',
    ...ROLES.map((r) => ROLE_LABELS[r]),
    'Signed in, no role',
    'Anonymous',
    'Rule',
  ];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const r of defs) {
    const p = policyFor(r);
    if (!p) {
      lines.push(
        `| \`${routeKey(r)}\` | ${r.auth} | ${ROLES.map(() => '?').join(' | ')} | ? | ? | **no policy** |`,
      );
      continue;
    }
    const rule = p.access === 'roles' ? `\`${p.action}\`: ${p.why}` : p.why;
    lines.push(
      `| \`${routeKey(r)}\` | ${r.auth} | ${ROLES.map((role) => cell(p, role)).join(' | ')} | ${
        CELL[expectedOutcome(p, { kind: 'no-role' })]
      } | ${CELL[expectedOutcome(p, { kind: 'anonymous' })]} | ${rule.replace(/\|/g, '\\|')} |`,
    );
  }
  return lines.join('\n');
}
