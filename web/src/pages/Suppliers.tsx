import { usePageTitle } from '../components/page';

export default function Suppliers() {
  usePageTitle();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>Suppliers</h1>
        <p className="nhsuk-lede-text">
          Other bed-tracker platforms that send care home vacancies through the supplier API.
        </p>
        <p>
          Each supplier has API keys and a list of the care homes it may update, so no home has to enter its
          figures twice.
        </p>
      </div>
    </div>
  );
}
