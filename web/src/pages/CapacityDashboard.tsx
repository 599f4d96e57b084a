import { usePageTitle } from '../components/page';

export default function CapacityDashboard() {
  usePageTitle();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>Capacity dashboard</h1>
        <p className="nhsuk-lede-text">
          Care home bed availability by region, integrated care board, sub-ICB and local authority.
        </p>
        <p>
          Figures can be split by vacancy type and followed over time, beside the published discharge
          statistics for trusts and local authorities.
        </p>
      </div>
    </div>
  );
}
