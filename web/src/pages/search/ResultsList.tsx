import { alertCategoryLabel } from '../../../../shared/domain/alerts';
import type { SearchResult } from './model';

const BADGE_CLASS: Record<string, string> = {
  fresh: 'nhsuk-tag--green',
  recent: 'nhsuk-tag--yellow',
  stale: 'nhsuk-tag--red',
  never: 'nhsuk-tag--grey',
};

const pounds = (n: number) =>
  n.toLocaleString('en-GB', {
    style: 'currency',
    currency: 'GBP',
    minimumFractionDigits: n % 1 === 0 ? 0 : 2,
  });

export function FreshnessBadge({ result }: { result: SearchResult }) {
  const label = result.freshness.label;
  return (
    <strong className={`nhsuk-tag ${BADGE_CLASS[result.freshness.badge] ?? 'nhsuk-tag--grey'}`}>
      {label.charAt(0).toUpperCase() + label.slice(1)}
    </strong>
  );
}

function ResultCard({ result, position }: { result: SearchResult; position: number }) {
  const headingId = `result-${result.locationId}-heading`;
  const accepting = result.admissionStatus.code === 'accepting';
  return (
    <li className="cct-result" id={`result-${result.locationId}`} tabIndex={-1} aria-labelledby={headingId}>
      <h3 className="nhsuk-heading-s cct-result__heading" id={headingId}>
        <span className="nhsuk-u-visually-hidden">{position}. </span>
        {result.name}
      </h3>
      <p className="nhsuk-body-s cct-result__meta">
        {result.distanceMiles !== null ? <span>{result.distanceMiles.toFixed(1)} miles away · </span> : null}
        {[result.address, result.postcode].filter(Boolean).join(', ')}
      </p>
      <p className="cct-result__tags">
        <strong className={`nhsuk-tag ${accepting ? 'nhsuk-tag--green' : 'nhsuk-tag--grey'}`}>
          {result.admissionStatus.label}
        </strong>{' '}
        <FreshnessBadge result={result} />{' '}
        {result.freshness.badge === 'stale' || result.freshness.badge === 'never' ? (
          <>
            <strong className="nhsuk-tag nhsuk-tag--orange" data-testid="not-updating-badge">
              Not updating
            </strong>{' '}
          </>
        ) : null}
        <span className="nhsuk-body-s">CQC: {result.rating.overall}</span>
      </p>
      {result.alerts.length > 0 ? (
        <div className="nhsuk-warning-callout cct-result__alerts">
          <h4 className="nhsuk-warning-callout__label">
            <span className="nhsuk-u-visually-hidden">Important: </span>Local authority alert
          </h4>
          <ul className="nhsuk-list">
            {result.alerts.map((alert) => (
              <li key={alert.id}>
                {alert.category ? <strong>{alertCategoryLabel(alert.category)}: </strong> : null}
                {alert.text}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {result.vacancies.length > 0 ? (
        <table className="nhsuk-table cct-result__table">
          <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">
            Matching vacancies at {result.name}
          </caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th scope="col" className="nhsuk-table__header">
                Vacancy type
              </th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                Accepting today
              </th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                Weekly price from
              </th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {result.vacancies.map((v) => (
              <tr className="nhsuk-table__row" key={v.vacancyType}>
                <td className="nhsuk-table__cell">{v.label}</td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{v.accepting}</td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                  {v.weeklyPriceFrom === null ? 'Not given' : pounds(v.weeklyPriceFrom)}
                  {v.flexible ? ' (flexible)' : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <p className="nhsuk-body-s cct-result__contact">
        {result.contact.phone ? (
          <>
            Phone <a href={`tel:${result.contact.phone.replace(/\s+/g, '')}`}>{result.contact.phone}</a>
          </>
        ) : (
          'No phone number held'
        )}
      </p>
      <details className="nhsuk-details cct-result__details">
        <summary className="nhsuk-details__summary">
          <span className="nhsuk-details__summary-text">
            More about <span className="nhsuk-u-visually-hidden">{result.name}</span>
            <span aria-hidden="true">this home</span>
          </span>
        </summary>
        <div className="nhsuk-details__text">
          <dl className="nhsuk-summary-list">
            <Row label="CQC location ID" value={result.locationId} />
            <Row label="Provider" value={result.providerName} />
            <Row label="Brand" value={result.brand} />
            <Row label="Local authority" value={result.localAuthority} />
            <Row label="Sub-ICB" value={result.subIcb?.name ?? result.subIcb?.code ?? null} />
            <Row
              label="CQC rating"
              value={`${result.rating.overall}${result.rating.date ? ` (${result.rating.date})` : ''}`}
            />
            <Row
              label="Registered beds"
              value={result.registeredBeds === null ? null : String(result.registeredBeds)}
            />
            <Row
              label="Out-of-hours admissions"
              value={
                result.outOfHoursAdmissions === null
                  ? 'Not given'
                  : result.outOfHoursAdmissions
                    ? 'Accepted'
                    : 'Not accepted'
              }
            />
            <Row
              label="Short stay services"
              value={
                result.shortStayServices.length > 0
                  ? result.shortStayServices.map((s) => s.label).join(', ')
                  : 'None'
              }
            />
            <Row
              label="Last updated"
              value={result.lastUpdated ? new Date(result.lastUpdated).toLocaleString('en-GB') : 'Never'}
            />
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">Website</dt>
              <dd className="nhsuk-summary-list__value">
                {result.contact.website ? (
                  <a href={result.contact.website} rel="noopener noreferrer external" target="_blank">
                    {result.contact.website} (opens in a new tab)
                  </a>
                ) : (
                  'Not held'
                )}
              </dd>
            </div>
          </dl>
        </div>
      </details>
    </li>
  );
}

function Row({ label, value }: { label: string; value: string | null }) {
  return (
    <div className="nhsuk-summary-list__row">
      <dt className="nhsuk-summary-list__key">{label}</dt>
      <dd className="nhsuk-summary-list__value">{value ?? 'Not held'}</dd>
    </div>
  );
}

export function ResultsList({ results, offset }: { results: readonly SearchResult[]; offset: number }) {
  return (
    <ol className="cct-results" start={offset + 1}>
      {results.map((r, i) => (
        <ResultCard key={r.locationId} result={r} position={offset + i + 1} />
      ))}
    </ol>
  );
}
