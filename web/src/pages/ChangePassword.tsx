import { type FormEvent, useState } from 'react';
import { useAuth } from '../auth/AuthContext';
import { CognitoError } from '../auth/cognito';
import { checkNewPassword, fallbackCognitoMessage, PASSWORD_RULE } from '../auth/messages';
import { Button, ErrorSummary, errorFor, type FormError, PasswordInput } from '../components/forms';
import { TwoThirds, usePageTitle } from '../components/page';
import { useNavigate } from '../router';

export default function ChangePassword() {
  const { changePassword } = useAuth();
  const navigate = useNavigate();
  const [current, setCurrent] = useState('');
  const [proposed, setProposed] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  usePageTitle('Change your password', { error: errors.length > 0 });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const found: FormError[] = [];
    if (current === '') found.push({ field: 'current-password', message: 'Enter your current password' });
    const problem = checkNewPassword(proposed);
    if (problem)
      found.push({
        field: 'new-password',
        message: problem.replace(/^Enter a password$/, 'Enter a new password'),
      });
    else if (proposed === current) {
      found.push({
        field: 'new-password',
        message: 'New password must be different from your current password',
      });
    }
    if (found.length > 0) {
      setErrors(found);
      return;
    }
    setBusy(true);
    try {
      await changePassword(current, proposed);
      setErrors([]);
      navigate('/account?done=password');
    } catch (error) {
      setCurrent('');
      // Cognito answers NotAuthorized for a wrong current password and InvalidPassword (naming the policy)
      // for a new password it refuses; the local emulator answers InvalidPassword for a wrong current one.
      const refusedNewPassword =
        error instanceof CognitoError &&
        error.is('InvalidPasswordException') &&
        /policy|conform/i.test(error.message);
      const wrongCurrent =
        error instanceof CognitoError &&
        (error.is('NotAuthorizedException') || (error.is('InvalidPasswordException') && !refusedNewPassword));
      if (wrongCurrent) {
        setErrors([{ field: 'current-password', message: 'Your current password is not correct' }]);
      } else if (refusedNewPassword) {
        setProposed('');
        setErrors([
          {
            field: 'new-password',
            message: 'Choose a different password: it must be at least 12 characters long',
          },
        ]);
      } else {
        setErrors([{ message: fallbackCognitoMessage(error) }]);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <TwoThirds>
      <ErrorSummary errors={errors} />
      <h1>Change your password</h1>
      <form onSubmit={submit} noValidate>
        <PasswordInput
          id="current-password"
          label="Current password"
          autoComplete="current-password"
          value={current}
          onChange={setCurrent}
          error={errorFor(errors, 'current-password')}
        />
        <PasswordInput
          id="new-password"
          label="New password"
          hint={PASSWORD_RULE}
          autoComplete="new-password"
          value={proposed}
          onChange={setProposed}
          error={errorFor(errors, 'new-password')}
        />
        <Button disabled={busy}>Change password</Button>
      </form>
      <p>
        <a href="/account">Cancel</a>
      </p>
    </TwoThirds>
  );
}
