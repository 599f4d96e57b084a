import { TwoThirds, usePageTitle } from '../components/page';

export default function Cookies() {
  usePageTitle();
  return (
    <TwoThirds>
      <h1>Cookies</h1>
      <p>Care Capacity Tracker does not use cookies.</p>
      <p>
        When you sign in, your browser keeps your sign-in details in its session storage for this tab only.
        They are removed when you sign out or close the tab.
      </p>
      <p>We do not use analytics or advertising tools, and we do not load anything from other websites.</p>
    </TwoThirds>
  );
}
