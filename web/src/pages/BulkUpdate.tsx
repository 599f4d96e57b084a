import { usePageTitle } from '../components/page';

export default function BulkUpdate() {
  usePageTitle();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>Bulk update</h1>
        <p className="nhsuk-lede-text">
          If you update 5 or more care homes, you can update them all at once with a spreadsheet.
        </p>
        <h2 className="nhsuk-heading-m">How it works</h2>
        <ol className="nhsuk-list nhsuk-list--number">
          <li>Download the bulk update template. It is filled in with the current figures for your homes.</li>
          <li>
            Change the light yellow cells on the Capacities sheet (prices, capacity, occupancy and vacancies)
            and the Care Homes sheet (out-of-hours admissions). The Instructions sheet explains each column.
          </li>
          <li>Upload the completed template and confirm the declaration.</li>
          <li>See which rows were applied and which need correcting, on screen and by email.</li>
        </ol>
      </div>
    </div>
  );
}
