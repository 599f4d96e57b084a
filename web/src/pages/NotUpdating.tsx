import { type FormEvent, useEffect, useState } from 'react';
import { ENGLISH_REGIONS } from '../../../shared/domain/geo/regions';
import { ApiError } from '../api';
import { useApi } from '../auth/AuthContext';
import { Button, ErrorSummary, type FormError, TextInput } from '../components/forms';
import { usePageTitle } from '../components/page';
import { useNavigate, useSearchParams } from '../router';
import {
  AREA_KIND_LABELS,
  type AreaKind,
  type AreaRef,
  alertsApi,
  formatDateTime,
  type NotUpdatingPage,
} from './alerts/model';
import { homePath } from './homes/model';

const KINDS: readonly AreaKind[] = ['la', 'subIcb', 'icb', 'region'];

/** The area named in the address (?la=Leeds), if any. */
function areaQuery(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of KINDS) {
    const v = params.get(k)?.trim();
    if (v) out[k] = v;
  }
  return out;
}

const areaKey = (a: Pick<AreaRef, 'kind' | 'value'>) => `${a.kind}=${a.value}`;

function daysText(h: NotUpdatingPage['homes'][number]): string {
  if (h.neverUpdated || h.daysSinceUpdate === null) return 'Never updated';
  return `${h.daysSinceUpdate} ${h.daysSinceUpdate === 1 ? 'day' : 'days'}`;
}

/**
 * Care homes in the user's area (a local authority, sub-ICB, ICB or region they cover) that have not
 * updated or confirmed their vacancies in 48 hours, worst first, with how to contact them.
 */
export default function NotUpdating() {
  const api = useApi();
  const params = useSearchParams();
  const navigate = useNavigate();
  const key = params.toString();
  const [page, setPage] = useState<NotUpdatingPage | undefined>();
  const [errors, setErrors] = useState<FormError[]>([]);
  const [needArea, setNeedArea] = useState(false);
  const [forbidden, setForbidden] = useState(false);
  const [failed, setFailed] = useState(false);
  const [kind, setKind] = useState<AreaKind>('la');
  const [value, setValue] = useState('');
  usePageTitle(undefined, { error: errors.length > 0 });

  useEffect(() => {
    const query = new URLSearchParams(key);
    const controller = new AbortController();
    setPage(undefined);
    setErrors([]);
    setNeedArea(false);
    setForbidden(false);
    setFailed(false);
    const request: Record<string, string> = { ...areaQuery(query) };
    const cursor = query.get('cursor');
    if (cursor) request.cursor = cursor;
    alertsApi.notUpdating(api, request, controller.signal).then(setPage, (error: unknown) => {
      if (controller.signal.aborted) return;
      if (error instanceof ApiError && error.status === 403) setForbidden(true);
      else if (error instanceof ApiError && error.status === 400) {
        if (error.fieldErrors.some((e) => e.rule === 'area-required')) setNeedArea(true);
        else
          setErrors(
            error.fieldErrors.length > 0
              ? error.fieldErrors.map((e) => ({
                  field: 'area-value',
                  message: e.message.replace(/^\w+: /, ''),
                }))
              : [{ message: error.message }],
          );
      } else setFailed(true);
    });
    return () => controller.abort();
  }, [api, key]);

  const chooseArea = (event: FormEvent) => {
    event.preventDefault();
    if (value.trim() === '') {
      setErrors([{ field: 'area-value', message: `Enter the ${AREA_KIND_LABELS[kind].toLowerCase()}` }]);
      return;
    }
    navigate(`/not-updating?${new URLSearchParams({ [kind]: value.trim() }).toString()}`);
  };

  const showAreaForm = needArea || errors.length > 0 || forbidden;
  return (
    <>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} />
          <h1>Care homes not updating</h1>
          <p className="nhsuk-lede-text">
            Care homes in your area that have not updated or confirmed their vacancies in the last 48 hours.
          </p>
          <p>
            Homes that have not updated are sent a reminder email each night. Discharge teams see how old each
            home's figures are, so out-of-date homes are less likely to be offered a patient. A phone call
            often gets them updating again.
          </p>
          {page && page.areas.length > 1 ? <AreaPicker page={page} /> : null}
          {forbidden ? (
            <p className="nhsuk-body" role="alert">
              You can only see homes in an area your account covers. Choose one of your own areas.
            </p>
          ) : null}
          {showAreaForm ? (
            <form onSubmit={chooseArea} noValidate>
              <div className="nhsuk-form-group">
                <label className="nhsuk-label" htmlFor="area-kind">
                  Type of area
                </label>
                <select
                  className="nhsuk-select"
                  id="area-kind"
                  value={kind}
                  onChange={(e) => setKind(e.target.value as AreaKind)}
                >
                  {KINDS.map((k) => (
                    <option key={k} value={k}>
                      {AREA_KIND_LABELS[k]}
                    </option>
                  ))}
                </select>
              </div>
              {kind === 'region' ? (
                <div className="nhsuk-form-group">
                  <label className="nhsuk-label" htmlFor="area-value">
                    Region
                  </label>
                  <select
                    className="nhsuk-select"
                    id="area-value"
                    value={value}
                    onChange={(e) => setValue(e.target.value)}
                  >
                    <option value="">Choose a region</option>
                    {ENGLISH_REGIONS.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                </div>
              ) : (
                <TextInput
                  id="area-value"
                  label={AREA_KIND_LABELS[kind]}
                  hint={kind === 'la' ? 'For example Leeds' : 'For example E54000054'}
                  value={value}
                  onChange={setValue}
                  error={errors.find((e) => e.field === 'area-value')?.message}
                  width={20}
                />
              )}
              <Button>Show homes</Button>
            </form>
          ) : null}
        </div>
      </div>
      {failed ? <p className="nhsuk-body">The list could not be loaded. Try again later.</p> : null}
      {!page && !failed && !showAreaForm ? (
        <p className="nhsuk-body" role="status">
          Loading care homes…
        </p>
      ) : null}
      {page ? <Results page={page} hasCursor={params.has('cursor')} /> : null}
    </>
  );
}

function AreaPicker({ page }: { page: NotUpdatingPage }) {
  const navigate = useNavigate();
  const [selected, setSelected] = useState(areaKey(page.area));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const area = page.areas.find((a) => areaKey(a) === selected);
    if (area) navigate(`/not-updating?${new URLSearchParams({ [area.kind]: area.value }).toString()}`);
  };
  return (
    <form onSubmit={submit} className="nhsuk-u-margin-bottom-4" data-testid="area-picker">
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor="area">
          Area
        </label>
        <select
          className="nhsuk-select"
          id="area"
          value={selected}
          onChange={(e) => setSelected(e.target.value)}
        >
          {page.areas.map((a) => (
            <option key={areaKey(a)} value={areaKey(a)}>
              {a.label} ({AREA_KIND_LABELS[a.kind]})
            </option>
          ))}
        </select>
      </div>
      <Button variant="secondary">Show area</Button>
    </form>
  );
}

function Results({ page, hasCursor }: { page: NotUpdatingPage; hasCursor: boolean }) {
  const areaParams = { [page.area.kind]: page.area.value };
  return (
    <>
      <p className="nhsuk-body" role="status" data-testid="not-updating-summary">
        <strong>
          {page.total} of {page.homesInArea} care homes
        </strong>{' '}
        in {page.area.label} have not updated in the last {page.staleAfterHours} hours (as at{' '}
        {formatDateTime(page.asOf)}).
      </p>
      {page.homes.length === 0 ? (
        <p className="nhsuk-body">
          {hasCursor ? 'There are no more homes to show.' : 'Every care home in this area is up to date.'}
        </p>
      ) : (
        <table className="nhsuk-table-responsive" data-testid="not-updating-table">
          <caption className="nhsuk-table__caption nhsuk-table__caption--m">
            Not updating in {page.area.label}, longest first
          </caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              {['Care home', 'Since last update', 'Last updated', 'Contact'].map((h) => (
                <th className="nhsuk-table__header" scope="col" key={h}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {page.homes.map((h) => (
              <tr className="nhsuk-table__row" key={h.locationId}>
                <th className="nhsuk-table__header" scope="row">
                  <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                    Care home{' '}
                  </span>
                  <a href={homePath(h.locationId)}>{h.name}</a>
                  {h.localAuthority && page.area.kind !== 'la' ? (
                    <>
                      <br />
                      <span className="nhsuk-body-s">{h.localAuthority}</span>
                    </>
                  ) : null}
                </th>
                <td className="nhsuk-table__cell">
                  <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                    Since last update{' '}
                  </span>
                  <strong className={`nhsuk-tag ${h.neverUpdated ? 'nhsuk-tag--grey' : 'nhsuk-tag--red'}`}>
                    {daysText(h)}
                  </strong>
                </td>
                <td className="nhsuk-table__cell">
                  <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                    Last updated{' '}
                  </span>
                  {h.lastUpdated ? formatDateTime(h.lastUpdated) : 'Never'}
                </td>
                <td className="nhsuk-table__cell">
                  <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                    Contact{' '}
                  </span>
                  {h.phone ? (
                    <a href={`tel:${h.phone.replace(/\s+/g, '')}`}>{h.phone}</a>
                  ) : (
                    'No phone number held'
                  )}
                  <br />
                  <span className="nhsuk-body-s">
                    {[h.address, h.postcode].filter(Boolean).join(', ') || 'No address held'}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav className="nhsuk-pagination" aria-label="Pagination">
        <ul className="nhsuk-list nhsuk-pagination__list">
          {hasCursor ? (
            <li className="nhsuk-pagination-item--previous">
              <a
                className="nhsuk-pagination__link nhsuk-pagination__link--prev"
                href={`/not-updating?${new URLSearchParams(areaParams).toString()}`}
              >
                <span className="nhsuk-pagination__title">First page</span>
              </a>
            </li>
          ) : null}
          {page.nextCursor ? (
            <li className="nhsuk-pagination-item--next">
              <a
                className="nhsuk-pagination__link nhsuk-pagination__link--next"
                href={`/not-updating?${new URLSearchParams({ ...areaParams, cursor: page.nextCursor }).toString()}`}
              >
                <span className="nhsuk-pagination__title">Next page</span>
              </a>
            </li>
          ) : null}
        </ul>
      </nav>
    </>
  );
}
