import {
  AdminAddUserToGroupCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUserGlobalSignOutCommand,
  GetUserCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { IdentityProvider, SignUpResult } from '../app/accounts/ports';
import type { Role } from '../domain/roles';
import { awsClients } from './aws';
import type { Config } from './config';
import { logger } from './logger';

/**
 * Cognito (the emulator locally) behind the IdentityProvider port. Admin calls name the user by
 * email, which Cognito accepts as an alias in a pool whose username attribute is email.
 * The functions that use it need cognito-idp:AdminDisableUser, AdminEnableUser,
 * AdminUserGlobalSignOut, AdminListGroupsForUser, AdminAddUserToGroup and
 * AdminRemoveUserFromGroup on the user pool; SignUp and GetUser need no IAM permission.
 */
export class CognitoIdentityProvider implements IdentityProvider {
  constructor(private readonly config: Config) {}

  private get client() {
    return awsClients(this.config).cognito;
  }

  async signUp(email: string, password: string, name?: string): Promise<SignUpResult> {
    try {
      const out = await this.client.send(
        new SignUpCommand({
          ClientId: this.config.USER_POOL_CLIENT_ID,
          Username: email,
          Password: password,
          UserAttributes: [{ Name: 'email', Value: email }, ...(name ? [{ Name: 'name', Value: name }] : [])],
        }),
      );
      if (!out.UserSub) throw new Error('Cognito SignUp returned no user sub');
      return {
        kind: 'created',
        userSub: out.UserSub,
        userConfirmed: out.UserConfirmed === true,
        ...(out.CodeDeliveryDetails?.Destination ? { destination: out.CodeDeliveryDetails.Destination } : {}),
      };
    } catch (e) {
      const name = (e as Error).name;
      if (name === 'UsernameExistsException' || name === 'AliasExistsException') return { kind: 'exists' };
      if (name === 'InvalidPasswordException')
        return { kind: 'invalid-password', message: (e as Error).message };
      if (name === 'InvalidParameterException')
        return { kind: 'invalid-parameter', message: (e as Error).message };
      throw e;
    }
  }

  async emailOf(accessToken: string): Promise<string | undefined> {
    try {
      const out = await this.client.send(new GetUserCommand({ AccessToken: accessToken }));
      return out.UserAttributes?.find((a) => a.Name === 'email')?.Value;
    } catch (e) {
      logger.warn('GetUser failed', { error: e as Error });
      return undefined;
    }
  }

  async setEnabled(email: string, enabled: boolean): Promise<void> {
    const input = { UserPoolId: this.config.USER_POOL_ID, Username: email };
    await this.client.send(enabled ? new AdminEnableUserCommand(input) : new AdminDisableUserCommand(input));
  }

  async signOutEverywhere(email: string): Promise<void> {
    // The emulator lacks this call; locally the stored disabled flag is what refuses the account.
    if (this.config.COGNITO_ENDPOINT) return;
    try {
      await this.client.send(
        new AdminUserGlobalSignOutCommand({ UserPoolId: this.config.USER_POOL_ID, Username: email }),
      );
    } catch (e) {
      logger.warn('AdminUserGlobalSignOut failed', { error: e as Error });
    }
  }

  async syncGroups(email: string, roles: readonly Role[]): Promise<void> {
    const poolUser = { UserPoolId: this.config.USER_POOL_ID, Username: email };
    try {
      const current = await this.client.send(new AdminListGroupsForUserCommand({ ...poolUser, Limit: 60 }));
      const have = new Set((current.Groups ?? []).map((g) => g.GroupName ?? ''));
      const want = new Set<string>(roles);
      for (const g of want) {
        if (!have.has(g))
          await this.client.send(new AdminAddUserToGroupCommand({ ...poolUser, GroupName: g }));
      }
      for (const g of have) {
        if (!want.has(g))
          await this.client.send(new AdminRemoveUserFromGroupCommand({ ...poolUser, GroupName: g }));
      }
    } catch (e) {
      // Groups are a convenience for operators; authorisation reads stored memberships only.
      logger.warn('Cognito group sync failed', { error: e as Error });
    }
  }
}

export function identityProvider(): CognitoIdentityProvider {
  return new CognitoIdentityProvider(awsClients().config);
}
