import './search.css';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api';
import { useApi } from '../../auth/AuthContext';
import { ErrorSummary, type FormError } from '../../components/forms';
import { usePageTitle } from '../../components/page';
import {
  DEFAULT_FORM,
  inputFor,
  loadForm,
  loadLastSearch,
  type SearchForm,
  type SearchOptions,
  type SearchPage,
  saveForm,
  saveLastSearch,
  searchPaths,
  toQuery,
  withCursor,
} from './model';
import { ResultsList } from './ResultsList';
import { ResultsMap } from './ResultsMap';
import { SearchFormView } from './SearchFormView';

const PAGE_SIZE = '20';

function checkForm(form: SearchForm): FormError[] {
  const errors: FormError[] = [];
  if (form.by === 'postcode' && form.postcode.trim() === '') {
    errors.push({
      field: 'search-postcode',
      message: 'Enter a postcode or outward code, for example B97 9PT or B97',
    });
  }
  if (form.by !== 'postcode' && form[form.by] === '') {
    const name = { la: 'local authority', subIcb: 'sub-ICB', icb: 'ICB' }[form.by];
    errors.push({ field: `search-${form.by}`, message: `Choose a ${name}` });
  }
  if (form.maxWeeklyPrice.trim() !== '' && !(Number(form.maxWeeklyPrice) >= 0)) {
    errors.push({
      field: 'search-max-price',
      message: 'Approximate price per week must be a number of pounds, like 900',
    });
  }
  return errors;
}

function fromApi(error: unknown, form: SearchForm): FormError[] {
  if (error instanceof ApiError) {
    if (error.fieldErrors.length > 0) {
      return error.fieldErrors.map((e) => ({ field: inputFor(e.field, form), message: e.message }));
    }
    return [{ message: error.problem.detail ?? error.problem.title }];
  }
  return [{ message: 'The search could not be completed. Try again.' }];
}

/**
 * Find care home vacancies: the search form (every filter, remembered for this browser tab), the
 * results as a list (the primary view) and on a map, pages, and export to CSV or Excel.
 */
export default function FindVacanciesPage() {
  const api = useApi();
  const [form, setForm] = useState<SearchForm>(loadForm);
  const [options, setOptions] = useState<SearchOptions | undefined>();
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const [query, setQuery] = useState<Record<string, string> | undefined>();
  const [page, setPage] = useState<SearchPage | undefined>();
  /** The cursor of every page shown so far, the current one last (the first page's is null). */
  const [stack, setStack] = useState<Array<string | null>>([null]);
  const [exporting, setExporting] = useState<'csv' | 'xlsx' | undefined>();
  const resultsHeading = useRef<HTMLHeadingElement>(null);
  /** Set by a search the person asked for: their focus then moves to the results once they render. */
  const focusResults = useRef(false);
  usePageTitle(undefined, { error: errors.length > 0 });

  useEffect(() => {
    const controller = new AbortController();
    api
      .get<SearchOptions>(searchPaths.options, { signal: controller.signal })
      .then(setOptions)
      .catch(() => undefined);
    return () => controller.abort();
  }, [api]);

  const run = useCallback(
    async (q: Record<string, string>, pages: Array<string | null>, focus: boolean) => {
      setBusy(true);
      try {
        const result = await api.get<SearchPage>(searchPaths.vacancies, {
          query: withCursor({ ...q, pageSize: PAGE_SIZE }, pages[pages.length - 1] ?? null),
        });
        setErrors([]);
        setQuery(q);
        setPage(result);
        setStack(pages);
        saveLastSearch(q);
        focusResults.current = focus;
      } catch (error) {
        // Results of an earlier search beside an error about this one would read as its answer.
        setPage(undefined);
        setErrors(fromApi(error, form));
      } finally {
        setBusy(false);
      }
    },
    [api, form],
  );

  useEffect(() => {
    if (page && focusResults.current) {
      focusResults.current = false;
      resultsHeading.current?.focus();
    }
  }, [page]);

  // Coming back to the page shows the last search again.
  const restored = useRef(false);
  useEffect(() => {
    if (restored.current) return;
    restored.current = true;
    const last = loadLastSearch();
    if (last) void run(last, [null], false);
  }, [run]);

  const submit = () => {
    saveForm(form);
    const problems = checkForm(form);
    if (problems.length > 0) {
      setErrors(problems);
      return;
    }
    void run(toQuery(form), [null], true);
  };

  const reset = () => {
    const cleared = {
      ...DEFAULT_FORM,
      by: form.by,
      postcode: form.postcode,
      radiusMiles: form.radiusMiles,
      la: form.la,
      subIcb: form.subIcb,
      icb: form.icb,
    };
    setForm(cleared);
    saveForm(cleared);
  };

  const change = (next: SearchForm) => {
    setForm(next);
    saveForm(next);
  };

  const offset = (stack.length - 1) * Number(PAGE_SIZE);
  const next = () => {
    if (query && page?.nextCursor) void run(query, [...stack, page.nextCursor], true);
  };
  const previous = () => {
    if (query && stack.length > 1) void run(query, stack.slice(0, -1), true);
  };

  const download = async (format: 'csv' | 'xlsx') => {
    if (!query) return;
    setExporting(format);
    try {
      const response = await api.send<Blob>(searchPaths.vacancies, {
        query: { ...query, format },
        responseType: 'blob',
      });
      const disposition = response.headers.get('content-disposition') ?? '';
      const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `care-home-vacancies.${format}`;
      const url = URL.createObjectURL(response.data);
      const link = document.createElement('a');
      link.href = url;
      link.download = filename;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (error) {
      setErrors(fromApi(error, form));
    } finally {
      setExporting(undefined);
    }
  };

  const from = page?.searchedFrom;
  return (
    <>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} />
          <h1>Find care home vacancies</h1>
          <p className="nhsuk-lede-text">
            Search by postcode, local authority or sub-ICB for care homes with a bed available.
          </p>
        </div>
      </div>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-one-third cct-search-form">
          <SearchFormView
            form={form}
            options={options}
            errors={errors}
            busy={busy}
            onChange={change}
            onSubmit={submit}
            onReset={reset}
          />
        </div>
        <div className="nhsuk-grid-column-two-thirds">
          <div role="status" aria-live="polite" className="nhsuk-u-visually-hidden">
            {busy ? 'Searching…' : page ? `${page.total} care homes found` : ''}
          </div>
          {page ? (
            <section aria-labelledby="results-heading">
              <h2 id="results-heading" ref={resultsHeading} tabIndex={-1}>
                {page.total === 1 ? '1 care home found' : `${page.total} care homes found`}
              </h2>
              <p className="nhsuk-body-s">
                {from?.kind === 'postcode'
                  ? `Within ${from.radiusMiles} miles of ${from.postcode}${from.precision === 'outcode' ? ' (measured from the centre of its postcode district)' : ''}, nearest first.`
                  : `In ${from?.value ?? 'the area'}, most recently updated first.`}{' '}
                Each home shows when its figures were last updated.
              </p>
              {page.total > 0 ? (
                <div className="nhsuk-button-group">
                  <button
                    type="button"
                    className="nhsuk-button nhsuk-button--secondary"
                    onClick={() => download('csv')}
                    disabled={!!exporting}
                  >
                    {exporting === 'csv' ? 'Exporting…' : 'Export to CSV'}
                  </button>
                  <button
                    type="button"
                    className="nhsuk-button nhsuk-button--secondary"
                    onClick={() => download('xlsx')}
                    disabled={!!exporting}
                  >
                    {exporting === 'xlsx' ? 'Exporting…' : 'Export to Excel'}
                  </button>
                </div>
              ) : (
                <p>No care homes match. Try a larger radius, or fewer filters.</p>
              )}
              {page.results.length > 0 ? <ResultsMap api={api} page={page} /> : null}
              <ResultsList results={page.results} offset={offset} />
              {page.nextCursor || stack.length > 1 ? (
                <nav className="nhsuk-pagination" aria-label="Pages of results">
                  <ul className="nhsuk-list nhsuk-pagination__list">
                    {stack.length > 1 ? (
                      <li className="nhsuk-pagination-item--previous">
                        <button
                          type="button"
                          className="nhsuk-button nhsuk-button--secondary"
                          onClick={previous}
                          disabled={busy}
                        >
                          Previous page
                        </button>
                      </li>
                    ) : null}
                    {page.nextCursor ? (
                      <li className="nhsuk-pagination-item--next">
                        <button
                          type="button"
                          className="nhsuk-button nhsuk-button--secondary"
                          onClick={next}
                          disabled={busy}
                        >
                          Next page
                        </button>
                      </li>
                    ) : null}
                  </ul>
                  <p className="nhsuk-body-s">
                    Showing {offset + 1} to {offset + page.results.length} of {page.total}
                  </p>
                </nav>
              ) : null}
            </section>
          ) : null}
        </div>
      </div>
    </>
  );
}
