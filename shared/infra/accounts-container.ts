import type { AccountsDeps } from '../app/accounts/ports';
import { DynamoAuditLog } from './accounts-audit';
import { identityProvider } from './accounts-cognito';
import { organisationDirectory } from './accounts-organisations';
import { accountsRepository } from './accounts-repository';
import { awsClients } from './aws';
import { emailSender } from './email';

/** Wires the account use cases to DynamoDB, Cognito and email. Called per invocation, never at import. */
export function accountsDeps(): AccountsDeps {
  const { ddb, config } = awsClients();
  return {
    repo: accountsRepository(),
    orgs: organisationDirectory(),
    audit: new DynamoAuditLog(ddb, config.TABLE_NAME),
    idp: identityProvider(),
    mailer: emailSender(config),
    appBaseUrl: config.APP_BASE_URL,
    now: () => new Date(),
  };
}
