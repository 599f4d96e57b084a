import { type ReactNode, useEffect, useState } from 'react';
import { NOT_AVAILABLE_REASONS } from '../../../../shared/domain/vacancy/vocabulary';
import { useApi } from '../../auth/AuthContext';
import { type BedRow, providerApi, providerPaths, type Vacancies } from '../provider/model';
import {
  AdmissionTag,
  FreshnessTag,
  HistoryList,
  sourceName,
  useNow,
  vacancyTypeName,
} from '../provider/parts';
import type { HomeDetail } from './model';

const pounds = new Intl.NumberFormat('en-GB', {
  style: 'currency',
  currency: 'GBP',
  maximumFractionDigits: 0,
});
const reasonLabels: Record<string, string> = Object.fromEntries(
  NOT_AVAILABLE_REASONS.map((r) => [r.code, r.label]),
);

const COLUMNS = [
  'Vacancy type',
  'Accepting admissions',
  'Reserved',
  'Not available',
  'Occupied',
  'Capacity',
  'Weekly price from',
];

function Cell({ heading, children }: { heading: string; children: ReactNode }) {
  return (
    <td className="nhsuk-table__cell">
      <span className="nhsuk-table-responsive__heading" aria-hidden="true">
        {heading}{' '}
      </span>
      {children}
    </td>
  );
}

function Row({ row }: { row: BedRow }) {
  const [, accepting, reserved, notAvailable, occupied, capacity, price] = COLUMNS as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return (
    <tr className="nhsuk-table__row">
      <th className="nhsuk-table__header" scope="row">
        <span className="nhsuk-table-responsive__heading" aria-hidden="true">
          Vacancy type{' '}
        </span>
        {vacancyTypeName(row.vacancyType)}
      </th>
      <Cell heading={accepting}>{row.vacantAccepting}</Cell>
      <Cell heading={reserved}>{row.vacantReserved}</Cell>
      <Cell heading={notAvailable}>
        {row.vacantNotAvailable}
        {row.vacantNotAvailable > 0 && row.notAvailableReason
          ? ` (${reasonLabels[row.notAvailableReason] ?? row.notAvailableReason})`
          : ''}
      </Cell>
      <Cell heading={occupied}>{row.occupied}</Cell>
      <Cell heading={capacity}>{row.maximumCapacity}</Cell>
      <Cell heading={price}>
        {row.weeklyPriceFrom === null ? 'Not given' : pounds.format(row.weeklyPriceFrom)}
        {row.flexible ? ' (flexible)' : ''}
      </Cell>
    </tr>
  );
}

/**
 * The home's current bed state, how fresh it is ("updated 3 hours ago"), and its history of changes
 * (the provider update page's HistoryList). Readable by every member; the home's staff, its
 * provider's approvers and admins also get links to update.
 */
export function BedStateSection({ home }: { home: HomeDetail }) {
  const api = useApi();
  const now = useNow();
  const [view, setView] = useState<Vacancies | undefined>();
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    setView(undefined);
    setFailed(false);
    providerApi.vacancies(api, home.locationId, controller.signal).then(setView, () => {
      if (!controller.signal.aborted) setFailed(true);
    });
    return () => controller.abort();
  }, [api, home.locationId]);

  return (
    <>
      <h2 className="nhsuk-heading-m" id="bed-state-heading">
        Vacancies
      </h2>
      {failed ? <p className="nhsuk-body">Vacancies could not be loaded. Try again later.</p> : null}
      {!view && !failed ? (
        <p className="nhsuk-body" role="status">
          Loading vacancies…
        </p>
      ) : null}
      {view ? (
        <div data-testid="home-bed-state">
          <p className="nhsuk-body">
            <FreshnessTag updatedAt={view.updatedAt} now={now} />{' '}
            <AdmissionTag status={view.admissionStatus} label={view.admissionStatusLabel} />
          </p>
          {view.updatedAt ? (
            <p className="nhsuk-body-s">
              Last updated {sourceName(view.source)}
              {view.updatedBy ? ` by ${view.updatedBy.email}` : ''}.
            </p>
          ) : (
            <p className="nhsuk-body">This care home has not entered its vacancies yet.</p>
          )}
          {view.rows.length > 0 ? (
            <table className="nhsuk-table-responsive">
              <caption className="nhsuk-table__caption nhsuk-table__caption--s">Beds by vacancy type</caption>
              <thead className="nhsuk-table__head">
                <tr className="nhsuk-table__row">
                  {COLUMNS.map((c) => (
                    <th className="nhsuk-table__header" scope="col" key={c}>
                      {c}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="nhsuk-table__body">
                {view.rows.map((row) => (
                  <Row key={row.vacancyType} row={row} />
                ))}
              </tbody>
            </table>
          ) : null}
          <dl className="nhsuk-summary-list">
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">Total capacity entered</dt>
              <dd className="nhsuk-summary-list__value">
                {view.totals.capacity}
                {view.registeredBeds !== null ? ` (CQC registered beds: ${view.registeredBeds})` : ''}
              </dd>
            </div>
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">Vacant, accepting admissions</dt>
              <dd className="nhsuk-summary-list__value">{view.totals.accepting}</dd>
            </div>
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">Out-of-hours admissions</dt>
              <dd className="nhsuk-summary-list__value">{view.outOfHoursAdmissions ? 'Yes' : 'No'}</dd>
            </div>
          </dl>
          {view.canWrite && home.status === 'active' ? (
            <p className="nhsuk-body">
              <a href={providerPaths.vacancies(home.locationId)}>
                Update vacancies<span className="nhsuk-u-visually-hidden"> for {home.name}</span>
              </a>{' '}
              or{' '}
              <a href={providerPaths.services(home.locationId)}>
                change services offered<span className="nhsuk-u-visually-hidden"> by {home.name}</span>
              </a>
            </p>
          ) : null}
        </div>
      ) : null}
      <HistoryList locationId={home.locationId} headingLevel={3} />
    </>
  );
}

/** The home page section (registered in ./sections.tsx). */
export const bedStateHomeSection = {
  id: 'bed-state',
  order: 20,
  render: (home: HomeDetail) => <BedStateSection home={home} />,
};
