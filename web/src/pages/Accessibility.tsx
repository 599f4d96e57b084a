import { TwoThirds, usePageTitle } from '../components/page';

export default function Accessibility() {
  usePageTitle();
  return (
    <TwoThirds>
      <h1>Accessibility statement</h1>
      <p>
        We want as many people as possible to be able to use Care Capacity Tracker, including on a phone. You
        should be able to:
      </p>
      <ul>
        <li>change colours, contrast levels and fonts using your browser or device settings</li>
        <li>zoom in up to 400% without the text spilling off the screen</li>
        <li>use the whole service with a keyboard or speech recognition software</li>
        <li>use the service with a screen reader</li>
      </ul>
      <h2>How accessible this service is</h2>
      <p>
        The service is built with the NHS design system and aims to meet the Web Content Accessibility
        Guidelines (WCAG) version 2.2 AA standard. Every page is checked with automated accessibility tests
        when it changes.
      </p>
      <h2>Reporting accessibility problems</h2>
      <p>
        If you find a problem that is not listed here, tell your organisation's administrator so it can be
        passed to the service team.
      </p>
    </TwoThirds>
  );
}
