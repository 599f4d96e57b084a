import { z } from 'zod';
import {
  createOrganisation,
  grantMembership,
  listAudit,
  removeMembership,
  searchUsers,
  setUserStatus,
  userDetail,
} from '../../app/accounts/admin';
import type { AccountsDeps } from '../../app/accounts/ports';
import { authorize } from '../../app/principal';
import { ROLES } from '../../domain/roles';
import type { DynamoOrganisationDirectory } from '../../infra/accounts-organisations';
import type { RouteHandler } from '../handler';
import { validationFailed } from '../problem';
import { callContext, withCursorErrors } from './accounts';

/**
 * Admin: users (search, detail, disable/enable, memberships), organisations, the audit trail.
 * The principal is checked for 'admin' before any input is read.
 */

const text = (max: number) => z.string().trim().min(1).max(max);
const page = {
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2000).optional(),
};
const usersQuery = z.object({ q: z.string().max(254).default(''), ...page });
const auditQuery = z.object({
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'use the form yyyy-mm-dd')
    .optional(),
  ...page,
});
const statusBody = z.strictObject({
  disabled: z.boolean(),
  reason: text(1000).optional(),
  version: z.number().int().min(1).optional(),
});
const membershipBody = z.strictObject({ orgId: z.string().min(3).max(200), role: z.enum(ROLES) });
const roleParam = z.enum(ROLES);
const organisationBody = z.strictObject({
  orgType: z.enum(['nhs-trust', 'supplier']),
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{2,40}$/, 'letters, digits and hyphens only'),
  name: text(200),
});

export interface AdminDeps extends AccountsDeps {
  directory: Pick<DynamoOrganisationDirectory, 'syncFromHomes'>;
}

export function adminRoutes(deps: () => AdminDeps): Record<string, RouteHandler> {
  const admin = async (req: Parameters<RouteHandler>[0]) => {
    const d = deps();
    const ctx = await callContext(req, d);
    authorize(ctx.principal, { kind: 'admin' }, 'Only service admins can do this');
    return { d, ctx };
  };
  const pageOf = (q: { limit: number; cursor?: string | undefined }) => ({
    limit: q.limit,
    ...(q.cursor ? { cursor: q.cursor } : {}),
  });

  return withCursorErrors({
    'GET /api/admin/users': async (req) => {
      const { d, ctx } = await admin(req);
      const q = req.queryWith(usersQuery);
      return { body: await searchUsers(d, ctx, { q: q.q, ...pageOf(q) }) };
    },

    'GET /api/admin/users/{sub}': async (req) => {
      const { d, ctx } = await admin(req);
      return { body: await userDetail(d, ctx, req.param('sub')) };
    },

    'PUT /api/admin/users/{sub}/status': async (req) => {
      const { d, ctx } = await admin(req);
      const body = req.json(statusBody);
      return { body: await setUserStatus(d, ctx, req.param('sub'), body) };
    },

    'POST /api/admin/users/{sub}/memberships': async (req) => {
      const { d, ctx } = await admin(req);
      const body = req.json(membershipBody);
      return { status: 201, body: await grantMembership(d, ctx, req.param('sub'), body) };
    },

    'DELETE /api/admin/users/{sub}/memberships/{orgId}/{role}': async (req) => {
      const { d, ctx } = await admin(req);
      const role = roleParam.safeParse(req.param('role'));
      if (!role.success) throw badRole(req.param('role'));
      await removeMembership(d, ctx, req.param('sub'), { orgId: req.param('orgId'), role: role.data });
      return { status: 204 };
    },

    'GET /api/admin/audit': async (req) => {
      const { d, ctx } = await admin(req);
      const q = req.queryWith(auditQuery);
      const date = q.date ?? d.now().toISOString().slice(0, 10);
      return { body: { date, ...(await listAudit(d, ctx, { date, ...pageOf(q) })) } };
    },

    'POST /api/admin/organisations': async (req) => {
      const { d, ctx } = await admin(req);
      const body = req.json(organisationBody);
      return { status: 201, body: await createOrganisation(d, ctx, body) };
    },

    'POST /api/admin/organisations/sync': async (req) => {
      const { d } = await admin(req);
      return { body: await d.directory.syncFromHomes() };
    },
  });
}

function badRole(role: string) {
  return validationFailed([{ field: 'role', rule: 'invalid_value', message: `${role} is not a role` }]);
}
