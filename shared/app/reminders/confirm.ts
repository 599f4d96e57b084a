import { type HomeScope, isAllowed } from '../../domain/authz';
import { verifyLink } from '../../domain/reminders';
import { type BedStateService, type BedStateView, homeScope } from '../bed-state';
import type { PrincipalStore } from '../principal';
import type { RemindersStore } from './ports';

/**
 * The one-click "nothing has changed" link. Checked in this order: signature, expiry, the stored
 * link (known, not used), the person it was sent to may still update the home (stored
 * memberships, as now), then the link is consumed with a conditional write and the bed-state
 * service records the confirmation as that person. Each refusal says why, in words for the page.
 */
export type ConfirmLinkResult =
  | { kind: 'confirmed'; locationId: string; homeName: string; view: BedStateView }
  | { kind: 'invalid' }
  | { kind: 'expired' }
  | { kind: 'used' }
  | { kind: 'forbidden' }
  | { kind: 'not-found' }
  | { kind: 'rejected'; message: string };

export interface ConfirmLinkDeps {
  store: RemindersStore;
  principals: PrincipalStore;
  bedState: BedStateService;
  linkSecret: string;
  now?: () => Date;
}

export async function confirmFromLink(token: string, deps: ConfirmLinkDeps): Promise<ConfirmLinkResult> {
  const now = deps.now ?? (() => new Date());
  const verified = verifyLink(token, deps.linkSecret, now());
  if (!verified.ok) return { kind: verified.reason === 'expired' ? 'expired' : 'invalid' };
  const { claims } = verified;
  const link = await deps.store.getLink(claims.nonce);
  // A signed token with no record (or another home's record) was never issued: treat as invalid.
  if (!link || link.locationId !== claims.locationId || link.sub !== claims.sub) return { kind: 'invalid' };
  if (link.consumedAt) return { kind: 'used' };

  const [principal, home] = await Promise.all([
    deps.principals.load(claims.sub),
    deps.bedState.getHome(claims.locationId),
  ]);
  if (!home) return { kind: 'not-found' };
  const canWrite = (scope: HomeScope) =>
    principal !== undefined && isAllowed(principal, { kind: 'home:write', home: scope });
  if (!principal || principal.disabled || !canWrite(homeScope(home))) {
    return { kind: 'forbidden' };
  }

  if (!(await deps.store.consumeLink(claims.nonce, now().toISOString()))) return { kind: 'used' };
  let result: Awaited<ReturnType<BedStateService['confirmNoChange']>>;
  try {
    result = await deps.bedState.confirmNoChange({
      locationId: claims.locationId,
      expectedVersion: 'current',
      actor: { sub: principal.sub, email: principal.email },
      source: 'web',
      canWrite,
      prefetched: home,
    });
  } catch (error) {
    // Nothing was confirmed: let the person try the same link again.
    await deps.store.releaseLink(claims.nonce).catch(() => {});
    throw error;
  }
  switch (result.kind) {
    case 'confirmed':
      return {
        kind: 'confirmed',
        locationId: claims.locationId,
        homeName: home.name ?? claims.locationId,
        view: result.view,
      };
    case 'forbidden':
      return { kind: 'forbidden' };
    case 'not-found':
      return { kind: 'not-found' };
    case 'rejected':
      return { kind: 'rejected', message: result.errors.map((e) => e.message).join('; ') };
    case 'conflict':
    case 'stale':
      // Not expected with expectedVersion 'current' and no source time; free the link for a retry.
      await deps.store.releaseLink(claims.nonce).catch(() => {});
      return { kind: 'rejected', message: 'The figures changed while confirming: please try the link again' };
    default: {
      const never: never = result;
      return never;
    }
  }
}
