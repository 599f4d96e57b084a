import { type FormEvent, type ReactNode, useState } from 'react';
import { useAuth } from '../auth/AuthContext';
import { CognitoError } from '../auth/cognito';
import { checkCode, checkEmail, codeErrorMessage, fallbackCognitoMessage } from '../auth/messages';
import { recallEmail, rememberEmail } from '../auth/session';
import {
  Button,
  ErrorSummary,
  errorFor,
  type FormError,
  SuccessBanner,
  TextInput,
} from '../components/forms';
import { TwoThirds, usePageTitle } from '../components/page';
import { useNavigate } from '../router';

export default function VerifyEmail() {
  const { cognito } = useAuth();
  const navigate = useNavigate();
  const [email, setEmail] = useState(() => recallEmail());
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [extra, setExtra] = useState<ReactNode>(null);
  const [resent, setResent] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  usePageTitle('Confirm your email address', { error: errors.length > 0 });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const found: FormError[] = [];
    const emailProblem = checkEmail(email);
    if (emailProblem) found.push({ field: 'email', message: emailProblem });
    const codeProblem = checkCode(code);
    if (codeProblem) found.push({ field: 'code', message: codeProblem });
    setExtra(null);
    setResent(undefined);
    if (found.length > 0) {
      setErrors(found);
      return;
    }
    setBusy(true);
    try {
      await cognito.confirmSignUp(email.trim(), code.trim());
      rememberEmail(email.trim());
      setErrors([]);
      navigate('/sign-in?done=confirmed');
    } catch (error) {
      if (error instanceof CognitoError && error.is('NotAuthorizedException')) {
        // Cognito's answer when the account is already confirmed.
        setErrors([{ message: 'This email address is already confirmed' }]);
        setExtra(
          <p>
            <a href="/sign-in">Sign in</a>.
          </p>,
        );
      } else if (error instanceof CognitoError && error.is('UserNotFoundException')) {
        setErrors([{ field: 'email', message: 'There is no account with this email address' }]);
        setExtra(
          <p>
            <a href="/register">Create an account</a>.
          </p>,
        );
      } else {
        setErrors([codeErrorMessage(error)]);
      }
    } finally {
      setBusy(false);
    }
  };

  const resend = async () => {
    if (busy) return;
    const emailProblem = checkEmail(email);
    setExtra(null);
    if (emailProblem) {
      setErrors([{ field: 'email', message: emailProblem }]);
      return;
    }
    setBusy(true);
    try {
      await cognito.resendConfirmationCode(email.trim());
      setErrors([]);
      setCode('');
      setResent(email.trim());
    } catch (error) {
      if (error instanceof CognitoError && error.is('UnsupportedOperation')) {
        setErrors([
          { message: 'A new code cannot be sent here. Use the code in the email we already sent you.' },
        ]);
      } else if (error instanceof CognitoError && error.is('InvalidParameterException')) {
        setErrors([{ message: 'This email address is already confirmed' }]);
        setExtra(
          <p>
            <a href="/sign-in">Sign in</a>.
          </p>,
        );
      } else {
        setErrors([{ message: fallbackCognitoMessage(error) }]);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <TwoThirds>
      <ErrorSummary errors={errors}>{extra}</ErrorSummary>
      {resent ? (
        <SuccessBanner>
          <p className="nhsuk-notification-banner__heading">We have sent a new code to {resent}</p>
        </SuccessBanner>
      ) : null}
      <h1>Confirm your email address</h1>
      <p>
        We have sent an email with a 6-digit code to {email ? <strong>{email}</strong> : 'your email address'}
        . The code works for 24 hours.
      </p>
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
        <TextInput
          id="code"
          label="Code"
          hint="For example, 123456"
          inputMode="numeric"
          autoComplete="one-time-code"
          spellCheck={false}
          width={10}
          code
          value={code}
          onChange={setCode}
          error={errorFor(errors, 'code')}
        />
        <Button disabled={busy}>Confirm email address</Button>
      </form>
      <h2 className="nhsuk-heading-m">If you have not received the email</h2>
      <p>Check your spam or junk folder. It can take a few minutes to arrive.</p>
      <Button type="button" variant="secondary" disabled={busy} onClick={() => void resend()}>
        Send a new code
      </Button>
    </TwoThirds>
  );
}
