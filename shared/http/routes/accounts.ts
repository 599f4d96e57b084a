import { z } from 'zod';
import {
  approvalQueue,
  type CallContext,
  checkPassword,
  decideRequest,
  ensureCallerProfile,
  meView,
  myRequests,
  recordFailedSignIn,
  recordSession,
  register,
  requestAccess,
  requestToDecide,
  searchOrganisations,
} from '../../app/accounts/accounts';
import { PASSWORD_MAX_LENGTH } from '../../app/accounts/password-policy';
import { type AccountsDeps, InvalidCursorError } from '../../app/accounts/ports';
import { requirePrincipal } from '../../app/principal';
import { ORG_TYPES, ROLES } from '../../domain/roles';
import { newRequestId } from '../../infra/accounts-repository';
import type { ApiRequest, RouteHandler } from '../handler';
import { badRequest } from '../problem';

/**
 * Accounts: who am I, registration, sign-in audit, the organisation directory and access requests.
 * Every signed-in route loads the principal from the stored memberships before reading its body,
 * so a caller who may not do something gets 403 whatever they send.
 */

const email = z.email().max(254);
const text = (max: number) => z.string().trim().min(1).max(max);

const registerBody = z.strictObject({
  email,
  password: z.string().max(PASSWORD_MAX_LENGTH),
  name: text(200).optional(),
});
const passwordCheckBody = z.strictObject({
  password: z.string().max(PASSWORD_MAX_LENGTH),
  email: email.optional(),
});
const failedSignInBody = z.strictObject({ email: z.string().max(254) });
const directoryQuery = z.object({
  type: z.enum(ORG_TYPES),
  q: z.string().max(200).default(''),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2000).optional(),
});
const accessRequestBody = z.strictObject({
  orgId: z.string().min(3).max(200),
  role: z.enum(ROLES),
  reason: text(1000).optional(),
});
const queueQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2000).optional(),
});
const decisionBody = z
  .strictObject({ decision: z.enum(['approve', 'reject']), reason: text(1000).optional() })
  .refine((b) => b.decision === 'approve' || !!b.reason, {
    path: ['reason'],
    message: 'Enter a reason for rejecting the request',
  });

export function sourceIp(req: ApiRequest): string | undefined {
  return req.event.requestContext.http.sourceIp || undefined;
}

export function bearerToken(req: ApiRequest): string | undefined {
  return /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
}

export async function callContext(req: ApiRequest, deps: AccountsDeps): Promise<CallContext> {
  const principal = await requirePrincipal(req, deps.repo);
  return { principal, accessToken: bearerToken(req), sourceIp: sourceIp(req) };
}

/** Cursors we did not issue are the caller's mistake, not ours. */
export function withCursorErrors(routes: Record<string, RouteHandler>): Record<string, RouteHandler> {
  const out: Record<string, RouteHandler> = {};
  for (const [key, handler] of Object.entries(routes)) {
    out[key] = async (req) => {
      try {
        return await handler(req);
      } catch (e) {
        if (e instanceof InvalidCursorError) throw badRequest(e.message);
        throw e;
      }
    };
  }
  return out;
}

export function accountsRoutes(deps: () => AccountsDeps): Record<string, RouteHandler> {
  return withCursorErrors({
    'GET /api/me': async (req) => {
      const d = deps();
      const ctx = await callContext(req, d);
      if (ctx.principal.memberships.length > 0) return { body: meView(ctx.principal) };
      // Access tokens carry no email: a newcomer's profile is created from Cognito's record of it.
      const profile = await ensureCallerProfile(d, ctx);
      return { body: meView({ ...ctx.principal, email: profile.email }) };
    },

    'POST /api/accounts/register': async (req) => {
      const body = req.json(registerBody);
      return { status: 201, body: await register(deps(), body, sourceIp(req)) };
    },

    'POST /api/accounts/password-check': async (req) => {
      const body = req.json(passwordCheckBody);
      checkPassword(body.password, body.email);
      return { body: { acceptable: true } };
    },

    'POST /api/accounts/session': async (req) => {
      const d = deps();
      const ctx = await callContext(req, d);
      const authTime = Number(req.claims?.auth_time);
      return {
        body: await recordSession(d, ctx, Number.isFinite(authTime) && authTime > 0 ? authTime : undefined),
      };
    },

    'POST /api/accounts/sign-in-failed': async (req) => {
      const body = req.json(failedSignInBody);
      await recordFailedSignIn(deps(), body.email, sourceIp(req));
      return { status: 204 };
    },

    'GET /api/organisations': async (req) => {
      const d = deps();
      await requirePrincipal(req, d.repo);
      const q = req.queryWith(directoryQuery);
      return {
        body: await searchOrganisations(d, {
          type: q.type,
          q: q.q,
          limit: q.limit,
          ...(q.cursor ? { cursor: q.cursor } : {}),
        }),
      };
    },

    'POST /api/access-requests': async (req) => {
      const d = deps();
      const ctx = await callContext(req, d);
      const body = req.json(accessRequestBody);
      return { status: 201, body: await requestAccess(d, ctx, body, newRequestId) };
    },

    'GET /api/access-requests': async (req) => {
      const d = deps();
      const ctx = await callContext(req, d);
      const q = req.queryWith(queueQuery);
      return {
        body: await approvalQueue(d, ctx.principal, {
          limit: q.limit,
          ...(q.cursor ? { cursor: q.cursor } : {}),
        }),
      };
    },

    'GET /api/access-requests/mine': async (req) => {
      const d = deps();
      const ctx = await callContext(req, d);
      return { body: { items: await myRequests(d, ctx.principal) } };
    },

    'POST /api/access-requests/{requestId}/decision': async (req) => {
      const d = deps();
      const ctx = await callContext(req, d);
      const request = await requestToDecide(d, ctx.principal, req.param('requestId'));
      const body = req.json(decisionBody);
      return { body: await decideRequest(d, ctx, request, body) };
    },
  });
}
