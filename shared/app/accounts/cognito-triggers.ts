import type { PostAuthenticationTriggerEvent, PostConfirmationTriggerEvent } from 'aws-lambda';
import { SIGN_IN_DEDUPE_SECONDS } from './accounts';
import type { AccountsDeps } from './ports';

/**
 * Cognito Lambda triggers (cloud only: cognito-local runs none, so locally the web app's
 * POST /api/accounts/session is the only sign-in record). The post-authentication trigger is the
 * authoritative record of successful sign-ins: it runs for every one, whether or not the browser
 * then calls the API. Cognito has no trigger for failed sign-ins; see docs/authorisation.md.
 */

export async function onPostConfirmation(
  deps: AccountsDeps,
  event: PostConfirmationTriggerEvent,
): Promise<void> {
  if (event.triggerSource !== 'PostConfirmation_ConfirmSignUp') return;
  const { sub, email, name } = event.request.userAttributes;
  if (!sub || !email) return;
  await deps.repo.ensureProfile({ sub, email, ...(name ? { name } : {}) }, deps.now());
}

export async function onPostAuthentication(
  deps: AccountsDeps,
  event: PostAuthenticationTriggerEvent,
): Promise<void> {
  const { sub, email } = event.request.userAttributes;
  if (!sub || !email) return;
  const profile = await deps.repo.ensureProfile({ sub, email }, deps.now());
  const now = deps.now();
  await deps.repo.recordSignIn(profile.sub, Math.floor(now.getTime() / 1000), SIGN_IN_DEDUPE_SECONDS, {
    at: now.toISOString(),
    action: 'sign-in',
    source: 'cognito',
    actorSub: profile.sub,
    actorEmail: profile.email,
    ...(event.request.newDeviceUsed ? { detail: 'new device' } : {}),
  });
}
