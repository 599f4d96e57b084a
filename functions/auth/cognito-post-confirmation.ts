import type { PostConfirmationTriggerEvent } from 'aws-lambda';
import { onPostConfirmation } from '../../shared/app/accounts/cognito-triggers';
import { accountsDeps } from '../../shared/infra/accounts-container';

/** Cognito post-confirmation trigger: stores the profile of a newly verified account. */
export const handler = async (event: PostConfirmationTriggerEvent) => {
  await onPostConfirmation(accountsDeps(), event);
  return event;
};
