import { CognitoError } from './cognito';

/** The password rule, shown as a hint wherever a password is chosen and checked before sending. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;
export const PASSWORD_RULE = `Your password must be at least ${PASSWORD_MIN_LENGTH} characters long. A few unrelated words together make a strong password that is easy to remember.`;

export function checkNewPassword(password: string): string | undefined {
  if (password === '') return 'Enter a password';
  if (password.length < PASSWORD_MIN_LENGTH) {
    return `Password must be at least ${PASSWORD_MIN_LENGTH} characters long`;
  }
  if (password.length > PASSWORD_MAX_LENGTH)
    return `Password must be ${PASSWORD_MAX_LENGTH} characters or fewer`;
  if (password !== password.trim()) return 'Password must not start or end with a space';
  return undefined;
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function checkEmail(email: string): string | undefined {
  if (email.trim() === '') return 'Enter your email address';
  if (!EMAIL_PATTERN.test(email.trim()))
    return 'Enter an email address in the correct format, like name@example.com';
  return undefined;
}

export function checkCode(code: string): string | undefined {
  if (code.trim() === '') return 'Enter the code from the email';
  if (!/^\d{6}$/.test(code.trim())) return 'The code must be 6 digits, like 123456';
  return undefined;
}

/** Messages for failures any Cognito call can have; undefined when the caller must decide. */
export function commonCognitoMessage(error: unknown): string | undefined {
  if (!(error instanceof CognitoError)) return 'Something went wrong. Try again.';
  switch (error.code) {
    case 'NetworkError':
      return 'The sign-in service cannot be reached. Check your connection and try again.';
    case 'LimitExceededException':
    case 'TooManyRequestsException':
    case 'TooManyFailedAttemptsException':
      return 'You have tried too many times. Wait 15 minutes, then try again.';
    case 'CodeDeliveryFailureException':
      return 'We could not send the email with your code. Check your email address and try again.';
    case 'UnsupportedOperation':
      return 'This action is not available in this environment.';
    default:
      return undefined;
  }
}

export function fallbackCognitoMessage(error: unknown): string {
  return commonCognitoMessage(error) ?? 'Something went wrong. Try again.';
}

/** Where and how to show a failure of a call that checked an emailed code. */
export function codeErrorMessage(error: unknown): { field?: string; message: string } {
  if (error instanceof CognitoError) {
    if (error.is('CodeMismatchException')) {
      return { field: 'code', message: 'The code is not correct. Check the code in the email and try again' };
    }
    if (error.is('ExpiredCodeException')) {
      return { field: 'code', message: 'The code has expired. Ask for a new code' };
    }
  }
  return { message: fallbackCognitoMessage(error) };
}
