import { TwoThirds, usePageTitle } from '../components/page';

export function NotFound() {
  usePageTitle('Page not found');
  return (
    <TwoThirds>
      <h1>Page not found</h1>
      <p>If you typed the web address, check it is correct.</p>
      <p>If you pasted the web address, check you copied the entire address.</p>
      <p>
        <a href="/">Go to the Care Capacity Tracker home page</a>
      </p>
    </TwoThirds>
  );
}
