import { z } from 'zod';
import type { AccountsDeps } from '../../app/accounts/ports';
import { authorize } from '../../app/principal';
import {
  createSupplier,
  issueKey,
  listSuppliers,
  revokeKey,
  type SupplierAdminDeps,
  supplierDetail,
  updateSupplier,
} from '../../app/suppliers/admin';
import type { RouteHandler } from '../handler';
import { type FieldError, validationFailed } from '../problem';
import { callContext } from './accounts';

/**
 * Admin: supplier platforms (issue 8). The caller is checked for 'admin' (stored memberships) before
 * any input is read, so anyone else gets 403 whatever they send.
 */

const SUPPLIER_ID = /^[a-z0-9][a-z0-9-]{1,39}$/;
/** CQC ids look like 1-101639192; anything outside this shape cannot be one. */
const CQC_ID = /^[0-9]-[0-9]{3,15}$/;
const MAX_SCOPE = 1000;

function uniqueIds(kind: 'provider' | 'location') {
  return z
    .array(z.string().trim().regex(CQC_ID, `use a CQC ${kind} id such as 1-101639192`))
    .max(MAX_SCOPE)
    .superRefine((ids, ctx) => {
      const seen = new Set<string>();
      ids.forEach((id, i) => {
        if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [i], message: `${id} is listed twice` });
        seen.add(id);
      });
    });
}

const name = z.string().trim().min(1, 'enter the name of the supplier').max(200);
const createBody = z.strictObject({
  supplierId: z
    .string()
    .trim()
    .regex(
      SUPPLIER_ID,
      'use 2 to 40 lower-case letters, digits and hyphens, starting with a letter or digit',
    ),
  name,
  providerIds: uniqueIds('provider').default([]),
  locationIds: uniqueIds('location').default([]),
});
const updateBody = z.strictObject({
  name: name.optional(),
  status: z.enum(['active', 'disabled']).optional(),
  providerIds: uniqueIds('provider').optional(),
  locationIds: uniqueIds('location').optional(),
  version: z.number().int().min(1),
});
const keyBody = z.strictObject({
  label: z.string().trim().min(1, 'enter a label that says where the key is used').max(100),
});

export type SupplierAdminRouteDeps = AccountsDeps & SupplierAdminDeps;

export function supplierAdminRoutes(deps: () => SupplierAdminRouteDeps): Record<string, RouteHandler> {
  const admin = async (req: Parameters<RouteHandler>[0]) => {
    const d = deps();
    const ctx = await callContext(req, d);
    // Checked before the body is parsed: a non-admin learns nothing about the input rules.
    authorize(ctx.principal, { kind: 'admin' }, 'Only service admins can manage supplier platforms');
    return { d, ctx };
  };

  return {
    'GET /api/admin/suppliers': async (req) => {
      const { d, ctx } = await admin(req);
      return { body: { items: await listSuppliers(d, ctx) } };
    },

    'POST /api/admin/suppliers': async (req) => {
      const { d, ctx } = await admin(req);
      const body = req.json(createBody);
      return { status: 201, body: await createSupplier(d, ctx, body) };
    },

    'GET /api/admin/suppliers/{supplierId}': async (req) => {
      const { d, ctx } = await admin(req);
      return { body: await supplierDetail(d, ctx, supplierIdParam(req.param('supplierId'))) };
    },

    'PUT /api/admin/suppliers/{supplierId}': async (req) => {
      const { d, ctx } = await admin(req);
      const id = supplierIdParam(req.param('supplierId'));
      const body = req.json(updateBody);
      return { body: await updateSupplier(d, ctx, id, stripUndefined(body)) };
    },

    'POST /api/admin/suppliers/{supplierId}/keys': async (req) => {
      const { d, ctx } = await admin(req);
      const id = supplierIdParam(req.param('supplierId'));
      const body = req.json(keyBody);
      return { status: 201, body: await issueKey(d, ctx, id, body.label) };
    },

    'DELETE /api/admin/suppliers/{supplierId}/keys/{keyId}': async (req) => {
      const { d, ctx } = await admin(req);
      const id = supplierIdParam(req.param('supplierId'));
      const keyId = req.param('keyId');
      if (!/^[0-9a-f]{12}$/.test(keyId)) throw badParam('keyId', 'a key id is 12 hexadecimal characters');
      return { body: await revokeKey(d, ctx, id, keyId) };
    },
  };
}

function supplierIdParam(id: string): string {
  if (!SUPPLIER_ID.test(id))
    throw badParam('supplierId', 'a supplier id is 2 to 40 lower-case letters, digits and hyphens');
  return id;
}

function badParam(field: string, message: string) {
  const error: FieldError = { field, rule: 'invalid_format', message: `${field}: ${message}` };
  return validationFailed([error]);
}

function stripUndefined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
