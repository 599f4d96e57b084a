import './provider.css';
import { useEffect, useState } from 'react';
import { useApi } from '../../auth/AuthContext';
import { usePageTitle } from '../../components/page';
import { type MyHome, providerApi, providerPaths } from './model';
import { AdmissionTag, FreshnessTag, useNow } from './parts';

/**
 * The care homes a person may update (from their stored memberships), with how fresh each one's
 * figures are, so the ones that need an update stand out. One tap opens a home's provider update.
 */
export default function MyCareHomes() {
  usePageTitle();
  const api = useApi();
  const now = useNow();
  const [homes, setHomes] = useState<MyHome[] | undefined>();
  const [truncated, setTruncated] = useState(false);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    providerApi.myHomes(api, controller.signal).then(
      (res) => {
        setHomes(res.homes);
        setTruncated(res.truncated);
      },
      () => {
        if (!controller.signal.aborted) setFailed(true);
      },
    );
    return () => controller.abort();
  }, [api]);

  return (
    <>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <h1>My care homes</h1>
          <p>
            Update each home's vacancies as soon as anything changes, and at least every 48 hours. Discharge
            teams rely on figures updated in the last 24 hours.
          </p>
        </div>
      </div>
      {failed ? <p className="nhsuk-body">Your care homes could not be loaded. Try again later.</p> : null}
      {!homes && !failed ? (
        <p className="nhsuk-body" role="status">
          Loading your care homes…
        </p>
      ) : null}
      {homes && homes.length === 0 ? (
        <>
          <p>You are not linked to any care home yet.</p>
          <p>
            <a href="/request-access">Ask to join your care home</a>
          </p>
        </>
      ) : null}
      {homes && homes.length > 0 ? (
        <table className="nhsuk-table-responsive">
          <caption className="nhsuk-table__caption nhsuk-table__caption--m">
            Care homes you can update
          </caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th className="nhsuk-table__header" scope="col">
                Care home
              </th>
              <th className="nhsuk-table__header" scope="col">
                Last updated
              </th>
              <th className="nhsuk-table__header" scope="col">
                Admission status
              </th>
              <th className="nhsuk-table__header" scope="col">
                Beds
              </th>
              <th className="nhsuk-table__header" scope="col">
                <span className="nhsuk-u-visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {homes.map((home) => {
              const name = home.name ?? home.locationId;
              return (
                <tr className="nhsuk-table__row" key={home.locationId}>
                  <th className="nhsuk-table__header" scope="row">
                    <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                      Care home{' '}
                    </span>
                    {name}
                  </th>
                  <td className="nhsuk-table__cell">
                    <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                      Last updated{' '}
                    </span>
                    <FreshnessTag updatedAt={home.updatedAt} now={now} />
                  </td>
                  <td className="nhsuk-table__cell">
                    <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                      Admission status{' '}
                    </span>
                    {home.updatedAt ? (
                      <AdmissionTag status={home.admissionStatus} label={home.admissionStatusLabel} />
                    ) : (
                      'Not known'
                    )}
                  </td>
                  <td className="nhsuk-table__cell">
                    <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                      Beds{' '}
                    </span>
                    {home.updatedAt
                      ? `${home.totals.accepting} accepting of ${home.totals.capacity}${home.registeredBeds !== null ? ` (CQC ${home.registeredBeds})` : ''}`
                      : home.registeredBeds !== null
                        ? `CQC ${home.registeredBeds}`
                        : ''}
                  </td>
                  <td className="nhsuk-table__cell">
                    <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                      Actions{' '}
                    </span>
                    <ul className="nhsuk-list nhsuk-u-margin-bottom-0">
                      {home.servicesSet ? (
                        <li className="nhsuk-u-margin-bottom-1">
                          <a href={providerPaths.vacancies(home.locationId)}>
                            Update vacancies<span className="nhsuk-u-visually-hidden"> for {name}</span>
                          </a>
                        </li>
                      ) : null}
                      <li className="nhsuk-u-margin-bottom-0">
                        <a href={providerPaths.services(home.locationId)}>
                          {home.servicesSet ? 'Services offered' : 'Choose services offered'}
                          <span className="nhsuk-u-visually-hidden"> for {name}</span>
                        </a>
                      </li>
                    </ul>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {truncated ? (
        <p className="nhsuk-body">Only the first 1,000 homes are listed. Use the bulk update for more.</p>
      ) : null}
    </>
  );
}
