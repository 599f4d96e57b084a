import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useAuth } from '../auth/AuthContext';
import { CognitoError } from '../auth/cognito';
import {
  checkCode,
  checkEmail,
  checkNewPassword,
  codeErrorMessage,
  fallbackCognitoMessage,
  PASSWORD_RULE,
} from '../auth/messages';
import { recallEmail, rememberEmail } from '../auth/session';
import {
  Button,
  ErrorSummary,
  errorFor,
  type FormError,
  PasswordInput,
  TextInput,
} from '../components/forms';
import { TwoThirds, usePageTitle } from '../components/page';
import { useNavigate } from '../router';

type Step = 'request' | 'reset';

export default function ForgotPassword() {
  const { cognito } = useAuth();
  const navigate = useNavigate();
  const [step, setStep] = useState<Step>('request');
  const [email, setEmail] = useState(() => recallEmail());
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);
  usePageTitle(step === 'request' ? 'Reset your password' : 'Enter the code and a new password', {
    error: errors.length > 0,
  });

  // The second step replaces the first on the same page: move focus to its heading so it is announced.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    if (step) heading.current?.focus();
  }, [step]);

  const requestCode = async (event?: FormEvent) => {
    event?.preventDefault();
    if (busy) return;
    const emailProblem = checkEmail(email);
    if (emailProblem) {
      setErrors([{ field: 'email', message: emailProblem }]);
      return;
    }
    setBusy(true);
    try {
      await cognito.forgotPassword(email.trim());
      rememberEmail(email.trim());
      setErrors([]);
      setStep('reset');
    } catch (error) {
      if (error instanceof CognitoError && error.is('UserNotFoundException')) {
        // Never reveal whether an account exists: carry on as if a code was sent.
        setErrors([]);
        setStep('reset');
      } else if (error instanceof CognitoError && error.is('InvalidParameterException')) {
        setErrors([
          {
            field: step === 'request' ? 'email' : undefined,
            message: 'You need to confirm your email address before you can reset your password',
          },
        ]);
      } else {
        setErrors([{ message: fallbackCognitoMessage(error) }]);
      }
    } finally {
      setBusy(false);
    }
  };

  const reset = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const found: FormError[] = [];
    const codeProblem = checkCode(code);
    if (codeProblem) found.push({ field: 'code', message: codeProblem });
    const passwordProblem = checkNewPassword(password);
    if (passwordProblem) found.push({ field: 'password', message: passwordProblem });
    if (found.length > 0) {
      setErrors(found);
      return;
    }
    setBusy(true);
    try {
      await cognito.confirmForgotPassword(email.trim(), code.trim(), password);
      setErrors([]);
      navigate('/sign-in?done=reset');
    } catch (error) {
      if (error instanceof CognitoError && error.is('InvalidPasswordException')) {
        setPassword('');
        setErrors([
          {
            field: 'password',
            message: 'Choose a different password: it must be at least 12 characters long',
          },
        ]);
      } else {
        setErrors([codeErrorMessage(error)]);
      }
    } finally {
      setBusy(false);
    }
  };

  if (step === 'request') {
    return (
      <TwoThirds>
        <ErrorSummary errors={errors} />
        <h1 ref={heading} tabIndex={-1}>
          Reset your password
        </h1>
        <p>Enter the email address you use to sign in. We will send you a code to reset your password.</p>
        <form onSubmit={requestCode} noValidate>
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
          <Button disabled={busy}>Send code</Button>
        </form>
      </TwoThirds>
    );
  }

  return (
    <TwoThirds>
      <ErrorSummary errors={errors} />
      <h1 ref={heading} tabIndex={-1}>
        Enter the code and a new password
      </h1>
      <p>
        If there is an account for <strong>{email}</strong>, we have sent an email with a 6-digit code to it.
        The code works for 1 hour.
      </p>
      <form onSubmit={reset} noValidate>
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
        <PasswordInput
          id="password"
          label="New password"
          hint={PASSWORD_RULE}
          autoComplete="new-password"
          value={password}
          onChange={setPassword}
          error={errorFor(errors, 'password')}
        />
        <Button disabled={busy}>Reset password</Button>
      </form>
      <h2 className="nhsuk-heading-m">If you have not received the email</h2>
      <p>Check your spam or junk folder. It can take a few minutes to arrive.</p>
      <Button type="button" variant="secondary" disabled={busy} onClick={() => void requestCode()}>
        Send a new code
      </Button>
      <p>
        <a
          href="/forgot-password"
          onClick={(event) => {
            event.preventDefault();
            setErrors([]);
            setCode('');
            setPassword('');
            setStep('request');
          }}
        >
          Use a different email address
        </a>
      </p>
    </TwoThirds>
  );
}
