import { type Action, isAllowed, type Principal } from '../domain/authz';
import type { ApiRequest } from '../http/handler';
import { forbidden, unauthorized } from '../http/problem';

/** Loads a principal (profile + stored memberships) by Cognito subject. Implemented over DynamoDB in shared/infra. */
export interface PrincipalStore {
  load(sub: string): Promise<Principal | undefined>;
}

/**
 * The caller, from the verified token's subject and the stored memberships. A signed-in user with no
 * stored profile yet has no memberships. A disabled account is refused without waiting for its access
 * token to expire: at once where the store reads the table, within about a second through the
 * per-container cache (shared/app/principal-cache.ts).
 */
export async function requirePrincipal(req: ApiRequest, store: PrincipalStore): Promise<Principal> {
  const claims = req.claims;
  if (!claims) throw unauthorized();
  const principal = await store.load(claims.sub);
  if (!principal) {
    return {
      sub: claims.sub,
      email: String(claims.email ?? claims.username ?? ''),
      disabled: false,
      memberships: [],
    };
  }
  if (principal.disabled) throw unauthorized('This account has been disabled');
  return principal;
}

export function authorize(principal: Principal, action: Action, detail?: string): void {
  if (!isAllowed(principal, action)) throw forbidden(detail);
}
