import type { ReactNode } from 'react';
import type { BulkJob } from './model';

const TAG: Record<BulkJob['status'], string> = {
  queued: 'nhsuk-tag--grey',
  processing: 'nhsuk-tag--blue',
  applied: 'nhsuk-tag--green',
  'applied-with-errors': 'nhsuk-tag--orange',
  rejected: 'nhsuk-tag--red',
};

/** The status of an upload (announced as it changes) and, once final, its per-row errors. */
export function JobResult({ job, pollFailed }: { job: BulkJob | undefined; pollFailed: boolean }) {
  return (
    <section aria-labelledby="bulk-result-heading">
      <h2 className="nhsuk-heading-m" id="bulk-result-heading">
        3. Result
      </h2>
      <div role="status" aria-live="polite">
        {job ? (
          <p className="nhsuk-body" data-testid="bulk-status">
            Status: <strong className={`nhsuk-tag ${TAG[job.status]}`}>{job.statusLabel}</strong>
            {job.fileName ? ` (${job.fileName})` : ''}
          </p>
        ) : (
          <p className="nhsuk-body">Checking the upload…</p>
        )}
        {pollFailed ? <p className="nhsuk-body">The status could not be checked; trying again.</p> : null}
      </div>
      {job && !job.final ? (
        <p className="nhsuk-body">
          The file is being checked and applied. This page updates by itself; you will also get an email.
        </p>
      ) : null}
      {job?.reason ? <p className="nhsuk-body">{job.reason}</p> : null}
      {job?.summary ? (
        <dl className="nhsuk-summary-list">
          <SummaryRow label="Care homes in the file" value={job.summary.homesInFile} />
          <SummaryRow label="Updated" value={job.summary.homesApplied} />
          <SummaryRow label="Confirmed with no change" value={job.summary.homesUnchanged} />
          <SummaryRow label="Left unchanged because of errors" value={job.summary.homesWithErrors} />
        </dl>
      ) : null}
      {job?.final && job.errors.length > 0 ? (
        <>
          <p className="nhsuk-body">
            Correct these rows in your file and upload it again. Care homes with an error were not changed;
            the others were.
          </p>
          <table className="nhsuk-table-responsive" data-testid="bulk-errors">
            <caption className="nhsuk-table__caption">Rows to correct</caption>
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                <th className="nhsuk-table__header" scope="col">
                  Sheet
                </th>
                <th className="nhsuk-table__header" scope="col">
                  Row
                </th>
                <th className="nhsuk-table__header" scope="col">
                  Column
                </th>
                <th className="nhsuk-table__header" scope="col">
                  Problem
                </th>
                <th className="nhsuk-table__header" scope="col">
                  Care home
                </th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {job.errors.map((e, i) => (
                // Row errors have no id of their own; the position is stable for a finished job.
                // biome-ignore lint/suspicious/noArrayIndexKey: list never reorders
                <tr className="nhsuk-table__row" key={i}>
                  <Cell heading="Sheet">{e.sheet}</Cell>
                  <Cell heading="Row">{e.row ?? '–'}</Cell>
                  <Cell heading="Column">{e.column ?? '–'}</Cell>
                  <Cell heading="Problem">{e.message}</Cell>
                  <Cell heading="Care home">
                    {e.locationId ? (
                      <a href={`/care-homes/${encodeURIComponent(e.locationId)}/vacancies`}>
                        Update {e.locationId}
                        <span className="nhsuk-u-visually-hidden"> online</span>
                      </a>
                    ) : (
                      '–'
                    )}
                  </Cell>
                </tr>
              ))}
            </tbody>
          </table>
          {job.errorsTruncated ? (
            <p className="nhsuk-body">Only the first 1,000 problems are listed.</p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function SummaryRow({ label, value }: { label: string; value: number }) {
  return (
    <div className="nhsuk-summary-list__row">
      <dt className="nhsuk-summary-list__key">{label}</dt>
      <dd className="nhsuk-summary-list__value">{value}</dd>
    </div>
  );
}

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
