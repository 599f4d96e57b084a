import { type FormEvent, useEffect, useState } from 'react';
import { ENGLISH_REGIONS } from '../../../../shared/domain/geo/regions';
import { ApiError } from '../../api';
import { useApi } from '../../auth/AuthContext';
import { Button, ErrorSummary, errorFor, type FormError, TextInput } from '../../components/forms';
import { usePageTitle } from '../../components/page';
import { useNavigate, useSearchParams } from '../../router';
import {
  FILTER_FIELDS,
  type Filters,
  filtersFrom,
  type HomeListPage,
  hasFilter,
  homePath,
  homesApi,
  listQuery,
} from './model';

const LABELS: Record<string, string> = {
  name: 'Care home name',
  la: 'Local authority',
  subIcb: 'Sub-ICB location code',
  icb: 'ICB code',
  region: 'Region',
};

/**
 * The care home register: filter by name words, local authority, sub-ICB, ICB or region. The filters
 * live in the address (a GET form), so results can be bookmarked and the back button works; pages
 * follow the API's opaque cursor ("Next page"), and "First page" starts again.
 */
export default function HomesList() {
  const params = useSearchParams();
  const navigate = useNavigate();
  const api = useApi();
  const applied = filtersFrom(params);
  const cursor = params.get('cursor') ?? undefined;
  const [form, setForm] = useState<Filters>(applied);
  const [page, setPage] = useState<HomeListPage | undefined>();
  const [errors, setErrors] = useState<FormError[]>([]);
  const [failed, setFailed] = useState(false);
  const [loading, setLoading] = useState(false);
  usePageTitle('Care homes', { error: errors.length > 0 });

  const key = params.toString();
  useEffect(() => {
    const current = filtersFrom(new URLSearchParams(key));
    setForm(current);
    setPage(undefined);
    setErrors([]);
    setFailed(false);
    if (!hasFilter(current)) return;
    const controller = new AbortController();
    setLoading(true);
    homesApi
      .list(api, current, new URLSearchParams(key).get('cursor') ?? undefined, controller.signal)
      .then(setPage, (error: unknown) => {
        if (controller.signal.aborted) return;
        if (error instanceof ApiError && error.status === 400) {
          const fieldErrors = error.fieldErrors.map((e) => ({
            field: (FILTER_FIELDS as readonly string[]).includes(e.field) ? e.field : undefined,
            message: e.message.replace(/^\w+: /, ''),
          }));
          setErrors(fieldErrors.length ? fieldErrors : [{ message: error.message }]);
        } else {
          setFailed(true);
        }
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [api, key]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!hasFilter(form)) {
      setErrors([{ field: 'name', message: 'Enter a care home name or choose an area' }]);
      return;
    }
    navigate(`/homes?${new URLSearchParams(listQuery(form)).toString()}`);
  };

  const set = (field: keyof Filters) => (value: string) => setForm((f) => ({ ...f, [field]: value }));

  return (
    <>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} />
          <h1>Care homes</h1>
          <p>Every care home registered with the Care Quality Commission (CQC) in England.</p>
          <form method="get" action="/homes" onSubmit={submit} noValidate>
            <TextInput
              id="name"
              label={LABELS.name}
              hint="Words from the name, for example Willows or Abbey Court"
              value={form.name}
              onChange={set('name')}
              error={errorFor(errors, 'name')}
              type="search"
              spellCheck={false}
            />
            <details
              className="nhsuk-details"
              open={!!(applied.la || applied.subIcb || applied.icb || applied.region)}
            >
              <summary className="nhsuk-details__summary">
                <span className="nhsuk-details__summary-text">Filter by area</span>
              </summary>
              <div className="nhsuk-details__text">
                <TextInput
                  id="la"
                  label={LABELS.la}
                  hint="As CQC names it, for example Leeds or Kingston upon Hull, City of"
                  value={form.la}
                  onChange={set('la')}
                  error={errorFor(errors, 'la')}
                  width={20}
                />
                <TextInput
                  id="subIcb"
                  label={LABELS.subIcb}
                  hint="For example E38000225"
                  value={form.subIcb}
                  onChange={set('subIcb')}
                  error={errorFor(errors, 'subIcb')}
                  width={10}
                  code
                />
                <TextInput
                  id="icb"
                  label={LABELS.icb}
                  hint="For example E54000054"
                  value={form.icb}
                  onChange={set('icb')}
                  error={errorFor(errors, 'icb')}
                  width={10}
                  code
                />
                <div
                  className={`nhsuk-form-group${errorFor(errors, 'region') ? ' nhsuk-form-group--error' : ''}`}
                >
                  <label className="nhsuk-label" htmlFor="region">
                    {LABELS.region}
                  </label>
                  <select
                    className="nhsuk-select"
                    id="region"
                    name="region"
                    value={form.region}
                    onChange={(e) => set('region')(e.target.value)}
                  >
                    <option value="">Any region</option>
                    {ENGLISH_REGIONS.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                </div>
              </div>
            </details>
            <Button>Search</Button>
          </form>
        </div>
      </div>

      {failed ? <p className="nhsuk-body">Care homes could not be loaded. Try again later.</p> : null}
      {loading ? (
        <p className="nhsuk-body" role="status">
          Loading care homes…
        </p>
      ) : null}
      {page ? <Results page={page} filters={applied} hasCursor={!!cursor} /> : null}
    </>
  );
}

function Results({ page, filters, hasCursor }: { page: HomeListPage; filters: Filters; hasCursor: boolean }) {
  const base = new URLSearchParams(listQuery(filters)).toString();
  if (page.homes.length === 0) {
    return (
      <p className="nhsuk-body" role="status">
        {hasCursor
          ? 'No more care homes match.'
          : 'No care homes match. Check the spelling, or try fewer words.'}
      </p>
    );
  }
  return (
    <>
      <table className="nhsuk-table-responsive" data-testid="homes-results">
        <caption className="nhsuk-table__caption nhsuk-table__caption--m">Care homes found</caption>
        <thead className="nhsuk-table__head">
          <tr className="nhsuk-table__row">
            {['Care home', 'Local authority', 'Registered beds', 'CQC rating'].map((h) => (
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
                <br />
                <span className="nhsuk-body-s">{[h.address, h.postcode].filter(Boolean).join(', ')}</span>
              </th>
              <td className="nhsuk-table__cell">
                <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                  Local authority{' '}
                </span>
                {h.localAuthority ?? 'Not known'}
              </td>
              <td className="nhsuk-table__cell">
                <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                  Registered beds{' '}
                </span>
                {h.registeredBeds ?? 'Not known'}
              </td>
              <td className="nhsuk-table__cell">
                <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                  CQC rating{' '}
                </span>
                {h.overallRating ?? 'Not known'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav className="nhsuk-pagination" aria-label="Pagination">
        <ul className="nhsuk-list nhsuk-pagination__list">
          {hasCursor ? (
            <li className="nhsuk-pagination-item--previous">
              <a className="nhsuk-pagination__link nhsuk-pagination__link--prev" href={`/homes?${base}`}>
                <span className="nhsuk-pagination__title">First page</span>
              </a>
            </li>
          ) : null}
          {page.nextCursor ? (
            <li className="nhsuk-pagination-item--next">
              <a
                className="nhsuk-pagination__link nhsuk-pagination__link--next"
                href={`/homes?${new URLSearchParams({ ...listQuery(filters), cursor: page.nextCursor }).toString()}`}
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
