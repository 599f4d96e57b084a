/**
 * A small typed client for the Cognito Identity Provider JSON API, spoken directly from the
 * browser (no SDK: the few calls a public app client needs fit in a page). The same code talks
 * to the local emulator and to Cognito in the cloud; only `endpoint` differs.
 */

export type CognitoAction =
  | 'InitiateAuth'
  | 'SignUp'
  | 'ConfirmSignUp'
  | 'ResendConfirmationCode'
  | 'ForgotPassword'
  | 'ConfirmForgotPassword'
  | 'ChangePassword'
  | 'GlobalSignOut'
  | 'RevokeToken';

/** Error codes the pages explain to people; anything else is shown as a general failure. */
export type KnownCognitoErrorCode =
  | 'NotAuthorizedException'
  | 'UserNotConfirmedException'
  | 'UsernameExistsException'
  | 'InvalidPasswordException'
  | 'CodeMismatchException'
  | 'ExpiredCodeException'
  | 'UserNotFoundException'
  | 'PasswordResetRequiredException'
  | 'InvalidParameterException'
  | 'LimitExceededException'
  | 'TooManyRequestsException'
  | 'TooManyFailedAttemptsException'
  | 'CodeDeliveryFailureException'
  /** The request never got an answer (offline, DNS, CORS). */
  | 'NetworkError'
  /** The endpoint answered with something that is not the Cognito JSON API. */
  | 'UnexpectedResponse'
  /** The local emulator does not implement the action. */
  | 'UnsupportedOperation';

export class CognitoError extends Error {
  override name = 'CognitoError';
  constructor(
    /** Cognito's error type without its namespace, e.g. 'NotAuthorizedException'. */
    readonly code: KnownCognitoErrorCode | (string & {}),
    message: string,
    readonly status: number,
    readonly action: CognitoAction,
  ) {
    super(message);
  }

  is(code: KnownCognitoErrorCode): boolean {
    return this.code === code;
  }
}

export interface AuthTokens {
  accessToken: string;
  idToken: string;
  /** Absent on REFRESH_TOKEN_AUTH responses: the refresh token stays the same. */
  refreshToken?: string;
  expiresInSeconds: number;
}

export interface AuthChallenge {
  challengeName: string;
  session?: string;
}

export type SignInResult =
  | { kind: 'tokens'; tokens: AuthTokens }
  | { kind: 'challenge'; challenge: AuthChallenge };

export interface CodeDelivery {
  destination?: string;
  medium?: string;
}

export interface SignUpResult {
  userConfirmed: boolean;
  userSub?: string;
  codeDelivery?: CodeDelivery;
}

export interface SignUpInput {
  email: string;
  password: string;
  name: string;
}

type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

interface RawAuthenticationResult {
  AccessToken?: string;
  IdToken?: string;
  RefreshToken?: string;
  ExpiresIn?: number;
}

interface RawInitiateAuthResponse {
  AuthenticationResult?: RawAuthenticationResult;
  ChallengeName?: string;
  Session?: string;
}

interface RawCodeDeliveryDetails {
  Destination?: string;
  DeliveryMedium?: string;
}

function toDelivery(raw: RawCodeDeliveryDetails | undefined): CodeDelivery | undefined {
  if (!raw) return undefined;
  return { destination: raw.Destination, medium: raw.DeliveryMedium };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export class CognitoClient {
  private readonly fetchImpl: FetchLike;

  constructor(
    private readonly endpoint: string,
    private readonly clientId: string,
    fetchImpl?: FetchLike,
  ) {
    this.fetchImpl = fetchImpl ?? ((input, init) => fetch(input, init));
  }

  async signIn(email: string, password: string): Promise<SignInResult> {
    const res = await this.call<RawInitiateAuthResponse>('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: this.clientId,
      AuthParameters: { USERNAME: email, PASSWORD: password },
    });
    if (res.AuthenticationResult)
      return { kind: 'tokens', tokens: this.toTokens(res.AuthenticationResult, 'InitiateAuth') };
    if (res.ChallengeName)
      return { kind: 'challenge', challenge: { challengeName: res.ChallengeName, session: res.Session } };
    throw new CognitoError(
      'UnexpectedResponse',
      'Sign in returned neither tokens nor a challenge',
      200,
      'InitiateAuth',
    );
  }

  async refresh(refreshToken: string): Promise<AuthTokens> {
    const res = await this.call<RawInitiateAuthResponse>('InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: this.clientId,
      AuthParameters: { REFRESH_TOKEN: refreshToken },
    });
    if (!res.AuthenticationResult) {
      throw new CognitoError('UnexpectedResponse', 'Refresh returned no tokens', 200, 'InitiateAuth');
    }
    return this.toTokens(res.AuthenticationResult, 'InitiateAuth');
  }

  async signUp(input: SignUpInput): Promise<SignUpResult> {
    const res = await this.call<{
      UserConfirmed?: boolean;
      UserSub?: string;
      CodeDeliveryDetails?: RawCodeDeliveryDetails;
    }>('SignUp', {
      ClientId: this.clientId,
      Username: input.email,
      Password: input.password,
      UserAttributes: [
        { Name: 'email', Value: input.email },
        { Name: 'name', Value: input.name },
      ],
    });
    return {
      userConfirmed: res.UserConfirmed === true,
      userSub: res.UserSub,
      codeDelivery: toDelivery(res.CodeDeliveryDetails),
    };
  }

  async confirmSignUp(email: string, code: string): Promise<void> {
    await this.call('ConfirmSignUp', { ClientId: this.clientId, Username: email, ConfirmationCode: code });
  }

  async resendConfirmationCode(email: string): Promise<CodeDelivery | undefined> {
    const res = await this.call<{ CodeDeliveryDetails?: RawCodeDeliveryDetails }>('ResendConfirmationCode', {
      ClientId: this.clientId,
      Username: email,
    });
    return toDelivery(res.CodeDeliveryDetails);
  }

  async forgotPassword(email: string): Promise<CodeDelivery | undefined> {
    const res = await this.call<{ CodeDeliveryDetails?: RawCodeDeliveryDetails }>('ForgotPassword', {
      ClientId: this.clientId,
      Username: email,
    });
    return toDelivery(res.CodeDeliveryDetails);
  }

  async confirmForgotPassword(email: string, code: string, newPassword: string): Promise<void> {
    await this.call('ConfirmForgotPassword', {
      ClientId: this.clientId,
      Username: email,
      ConfirmationCode: code,
      Password: newPassword,
    });
  }

  async changePassword(
    accessToken: string,
    previousPassword: string,
    proposedPassword: string,
  ): Promise<void> {
    await this.call('ChangePassword', {
      AccessToken: accessToken,
      PreviousPassword: previousPassword,
      ProposedPassword: proposedPassword,
    });
  }

  /** Invalidates every refresh token of the user, on every device. */
  async globalSignOut(accessToken: string): Promise<void> {
    await this.call('GlobalSignOut', { AccessToken: accessToken });
  }

  /** Invalidates one refresh token (and the access tokens issued from it). */
  async revokeToken(refreshToken: string): Promise<void> {
    await this.call('RevokeToken', { ClientId: this.clientId, Token: refreshToken });
  }

  private toTokens(raw: RawAuthenticationResult, action: CognitoAction): AuthTokens {
    if (!raw.AccessToken || !raw.IdToken) {
      throw new CognitoError('UnexpectedResponse', 'The token response is incomplete', 200, action);
    }
    return {
      accessToken: raw.AccessToken,
      idToken: raw.IdToken,
      refreshToken: raw.RefreshToken,
      expiresInSeconds: typeof raw.ExpiresIn === 'number' && raw.ExpiresIn > 0 ? raw.ExpiresIn : 900,
    };
  }

  private async call<T = unknown>(action: CognitoAction, body: Record<string, unknown>): Promise<T> {
    let response: Response;
    try {
      response = await this.fetchImpl(this.endpoint, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-amz-json-1.1',
          'X-Amz-Target': `AWSCognitoIdentityProviderService.${action}`,
        },
        body: JSON.stringify(body),
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch (cause) {
      const error = new CognitoError('NetworkError', 'Could not reach the sign-in service', 0, action);
      error.cause = cause;
      throw error;
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? {} : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (response.ok) {
      if (!isObject(parsed)) {
        throw new CognitoError(
          'UnexpectedResponse',
          'The sign-in service sent an unreadable answer',
          response.status,
          action,
        );
      }
      return parsed as T;
    }
    throw toCognitoError(response, parsed, action);
  }
}

function toCognitoError(response: Response, body: unknown, action: CognitoAction): CognitoError {
  const record = isObject(body) ? body : {};
  const rawType =
    (typeof record.__type === 'string' && record.__type) ||
    (typeof record.code === 'string' && record.code) ||
    response.headers.get('x-amzn-errortype') ||
    'UnexpectedResponse';
  // Types arrive as "NotAuthorizedException", "com.amazon...#NotAuthorizedException" or with ":http..." suffixes.
  const withoutNamespace = rawType.split('#').pop() ?? rawType;
  let code = withoutNamespace.split(':')[0] ?? withoutNamespace;
  if (code === 'CognitoLocal' || /Unsupported/i.test(code)) code = 'UnsupportedOperation';
  const message =
    (typeof record.message === 'string' && record.message) ||
    (typeof record.Message === 'string' && record.Message) ||
    `${action} failed with HTTP ${response.status}`;
  return new CognitoError(code, message, response.status, action);
}
