import type { PostAuthenticationTriggerEvent } from 'aws-lambda';
import { onPostAuthentication } from '../../shared/app/accounts/cognito-triggers';
import { accountsDeps } from '../../shared/infra/accounts-container';
import { logger } from '../../shared/infra/logger';

/** Cognito post-authentication trigger: records the sign-in. Never blocks a sign-in on our failure. */
export const handler = async (event: PostAuthenticationTriggerEvent) => {
  try {
    await onPostAuthentication(accountsDeps(), event);
  } catch (error) {
    logger.error('recording a sign-in failed', { error: error as Error });
  }
  return event;
};
