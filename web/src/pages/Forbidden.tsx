import { TwoThirds, usePageTitle } from '../components/page';

export function Forbidden() {
  usePageTitle('You cannot use this page');
  return (
    <TwoThirds>
      <h1>You cannot use this page</h1>
      <p>Your account does not have the role this page needs.</p>
      <p>
        If you need it for your work, <a href="/request-access">request access</a> and say which organisation
        you work for.
      </p>
      <p>
        <a href="/">Go to the home page</a>
      </p>
    </TwoThirds>
  );
}
