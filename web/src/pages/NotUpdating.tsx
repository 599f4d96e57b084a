import { usePageTitle } from '../components/page';

export default function NotUpdating() {
  usePageTitle();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>Care homes not updating</h1>
        <p className="nhsuk-lede-text">
          Care homes in your area that have not updated their vacancies in the last 48 hours.
        </p>
        <p>
          Homes that have not updated are sent a reminder email each night. Discharge teams see how old each
          home's figures are, so out-of-date homes are less likely to be offered a patient.
        </p>
      </div>
    </div>
  );
}
