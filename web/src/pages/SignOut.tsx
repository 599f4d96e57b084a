import { useEffect, useRef, useState } from 'react';
import { useAuth } from '../auth/AuthContext';
import { ButtonLink } from '../components/forms';
import { TwoThirds, usePageTitle } from '../components/page';

/** Opening this page signs the person out (here and, where Cognito allows, everywhere). */
export default function SignOut() {
  const { status, signOut } = useAuth();
  const started = useRef(false);
  const [done, setDone] = useState(false);
  usePageTitle(done ? 'You have signed out' : 'Signing you out');

  useEffect(() => {
    if (status === 'loading' || started.current) return;
    started.current = true;
    if (status === 'signed-in') void signOut().finally(() => setDone(true));
    else setDone(true);
  }, [status, signOut]);

  if (!done) {
    return (
      <TwoThirds>
        <h1>Signing you out</h1>
        <p role="status">Please wait…</p>
      </TwoThirds>
    );
  }
  return (
    <TwoThirds>
      <h1>You have signed out</h1>
      <p>You have signed out of Care Capacity Tracker.</p>
      <p>If you are using a shared computer, close the browser window too.</p>
      <ButtonLink href="/sign-in">Sign in again</ButtonLink>
    </TwoThirds>
  );
}
