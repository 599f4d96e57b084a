import { type FormEvent, type ReactNode, useState } from 'react';
import { useAuth } from '../auth/AuthContext';
import { CognitoError } from '../auth/cognito';
import { checkEmail, fallbackCognitoMessage } from '../auth/messages';
import { recallEmail, rememberEmail } from '../auth/session';
import {
  Button,
  ErrorSummary,
  errorFor,
  type FormError,
  ImportantBanner,
  PasswordInput,
  SuccessBanner,
  TextInput,
} from '../components/forms';
import { TwoThirds, usePageTitle } from '../components/page';
import { safeInternalPath, useNavigate, useSearchParams } from '../router';

const NOTICES: Record<string, string> = {
  confirmed: 'Your email address is confirmed. Sign in to continue.',
  reset: 'Your password has been changed. Sign in with your new password.',
};

export default function SignIn() {
  const auth = useAuth();
  const navigate = useNavigate();
  const search = useSearchParams();
  const [email, setEmail] = useState(() => recallEmail());
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [extra, setExtra] = useState<ReactNode>(null);
  const [submitting, setSubmitting] = useState(false);
  usePageTitle('Sign in', { error: errors.length > 0 });

  const notice = NOTICES[search.get('done') ?? ''];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (submitting) return;
    const found: FormError[] = [];
    const emailProblem = checkEmail(email);
    if (emailProblem) found.push({ field: 'email', message: emailProblem });
    if (password === '') found.push({ field: 'password', message: 'Enter your password' });
    setExtra(null);
    if (found.length > 0) {
      setErrors(found);
      return;
    }
    setSubmitting(true);
    try {
      const result = await auth.signIn(email.trim(), password);
      if (result.kind === 'challenge') {
        setPassword('');
        if (result.challenge.challengeName === 'NEW_PASSWORD_REQUIRED') {
          rememberEmail(email.trim());
          setErrors([{ message: 'You need to choose a new password before you can sign in' }]);
          setExtra(
            <p>
              <a href="/forgot-password">Reset your password</a> to choose one.
            </p>,
          );
        } else {
          setErrors([
            { message: 'Your account needs a sign-in step this service does not support. Contact support.' },
          ]);
        }
        return;
      }
      // Audits the sign-in (locally the only record: the Cognito emulator runs no triggers).
      void auth.api.post('/accounts/session').catch(() => undefined);
      setErrors([]);
      navigate(safeInternalPath(search.get('next')), { replace: true });
    } catch (error) {
      setPassword('');
      // A sign-in sends no new password, so InvalidPasswordException (the local emulator's answer to a
      // wrong password) means the same as Cognito's NotAuthorizedException.
      if (
        error instanceof CognitoError &&
        (error.is('NotAuthorizedException') ||
          error.is('UserNotFoundException') ||
          error.is('InvalidPasswordException'))
      ) {
        // Audited as client-reported (docs/authorisation.md); in the cloud Cognito's own log is authoritative.
        void auth.api
          .post('/accounts/sign-in-failed', { email: email.trim() }, { auth: false })
          .catch(() => undefined);
        // Cognito says NotAuthorized both for a wrong password and for a disabled account.
        const disabled = /disabled/i.test(error.message);
        setErrors([
          {
            field: disabled ? undefined : 'password',
            message: disabled
              ? 'Your account has been turned off. Contact your organisation’s administrator.'
              : 'The email address or password is not correct',
          },
        ]);
      } else if (error instanceof CognitoError && error.is('UserNotConfirmedException')) {
        rememberEmail(email.trim());
        setErrors([{ message: 'You need to confirm your email address before you can sign in' }]);
        setExtra(
          <p>
            <a href="/verify-email">Enter the code we sent to your email address</a>.
          </p>,
        );
      } else if (error instanceof CognitoError && error.is('PasswordResetRequiredException')) {
        rememberEmail(email.trim());
        setErrors([{ message: 'You need to reset your password before you can sign in' }]);
        setExtra(
          <p>
            <a href="/forgot-password">Reset your password</a>.
          </p>,
        );
      } else {
        setErrors([{ message: fallbackCognitoMessage(error) }]);
      }
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <TwoThirds>
      <ErrorSummary errors={errors}>{extra}</ErrorSummary>
      {errors.length === 0 && notice ? (
        <SuccessBanner>
          <p className="nhsuk-notification-banner__heading">{notice}</p>
        </SuccessBanner>
      ) : null}
      {errors.length === 0 && !notice && auth.sessionEnd === 'expired' ? (
        <ImportantBanner>
          <p className="nhsuk-notification-banner__heading">You have been signed out</p>
          <p>For your security, we sign you out when your session ends. Sign in again to continue.</p>
        </ImportantBanner>
      ) : null}
      <h1>Sign in</h1>
      <form onSubmit={submit} noValidate>
        <TextInput
          id="email"
          label="Email address"
          type="email"
          autoComplete="email"
          spellCheck={false}
          value={email}
          onChange={setEmail}
          error={errorFor(errors, 'email')}
        />
        <PasswordInput
          id="password"
          label="Password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
          error={errorFor(errors, 'password')}
        />
        <Button disabled={submitting}>{submitting ? 'Signing in…' : 'Sign in'}</Button>
      </form>
      <p>
        <a href="/forgot-password">I have forgotten my password</a>
      </p>
      <h2 className="nhsuk-heading-m">If you do not have an account</h2>
      <p>
        <a href="/register">Create an account</a> with your work email address.
      </p>
    </TwoThirds>
  );
}
