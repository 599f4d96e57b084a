import { type FormEvent, type ReactNode, useState } from 'react';
import { ApiError } from '../api';
import { useAuth } from '../auth/AuthContext';
import { CognitoError } from '../auth/cognito';
import { checkEmail, checkNewPassword, fallbackCognitoMessage, PASSWORD_RULE } from '../auth/messages';
import { rememberEmail } from '../auth/session';
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

export default function Register() {
  const { api } = useAuth();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [extra, setExtra] = useState<ReactNode>(null);
  const [submitting, setSubmitting] = useState(false);
  usePageTitle('Create an account', { error: errors.length > 0 });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (submitting) return;
    const found: FormError[] = [];
    if (name.trim() === '') found.push({ field: 'name', message: 'Enter your full name' });
    else if (name.trim().length > 200)
      found.push({ field: 'name', message: 'Full name must be 200 characters or fewer' });
    const emailProblem = checkEmail(email);
    if (emailProblem) found.push({ field: 'email', message: emailProblem });
    const passwordProblem = checkNewPassword(password);
    if (passwordProblem) found.push({ field: 'password', message: passwordProblem });
    setExtra(null);
    if (found.length > 0) {
      setErrors(found);
      return;
    }
    setSubmitting(true);
    try {
      // Through the API, which refuses common passwords (Cognito cannot) before calling Cognito SignUp.
      const result = await api.post<{ userConfirmed: boolean }>(
        '/accounts/register',
        { email: email.trim(), password, name: name.trim() },
        { auth: false },
      );
      rememberEmail(email.trim());
      setErrors([]);
      navigate(result.userConfirmed ? '/sign-in?done=confirmed' : '/verify-email');
    } catch (error) {
      if (error instanceof ApiError && error.status === 400 && error.fieldErrors.length > 0) {
        if (error.messageFor('password')) setPassword('');
        setErrors(
          error.fieldErrors.map((e) => ({
            field: ['name', 'email', 'password'].includes(e.field) ? e.field : undefined,
            message: e.message,
          })),
        );
      } else if (
        (error instanceof ApiError && error.status === 409) ||
        (error instanceof CognitoError && error.is('UsernameExistsException'))
      ) {
        setErrors([{ field: 'email', message: 'An account with this email address already exists' }]);
        setExtra(
          <p>
            <a href="/sign-in">Sign in</a> or <a href="/forgot-password">reset your password</a>.
          </p>,
        );
      } else if (error instanceof CognitoError && error.is('InvalidPasswordException')) {
        setPassword('');
        setErrors([
          {
            field: 'password',
            message: 'Choose a different password: it must be at least 12 characters long',
          },
        ]);
      } else if (error instanceof CognitoError && error.is('InvalidParameterException')) {
        const aboutEmail = /email|username/i.test(error.message);
        setErrors([
          aboutEmail
            ? {
                field: 'email',
                message: 'Enter an email address in the correct format, like name@example.com',
              }
            : { message: 'Check your details and try again' },
        ]);
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
      <h1>Create an account</h1>
      <p>Use your work email address. We will send a code to it to check it is yours.</p>
      <form onSubmit={submit} noValidate>
        <TextInput
          id="name"
          label="Full name"
          autoComplete="name"
          spellCheck={false}
          value={name}
          onChange={setName}
          error={errorFor(errors, 'name')}
        />
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
          label="Create a password"
          hint={PASSWORD_RULE}
          autoComplete="new-password"
          value={password}
          onChange={setPassword}
          error={errorFor(errors, 'password')}
        />
        <Button disabled={submitting}>{submitting ? 'Creating your account…' : 'Create account'}</Button>
      </form>
      <p>
        Already have an account? <a href="/sign-in">Sign in</a>.
      </p>
    </TwoThirds>
  );
}
