import './provider.css';
import { type FormEvent, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import {
  NOT_AVAILABLE_REASONS,
  type NotAvailableReasonCode,
  type VacancyTypeCode,
} from '../../../../shared/domain/vacancy/vocabulary';
import { ApiError } from '../../api';
import { useApi } from '../../auth/AuthContext';
import { ErrorSummary, type FormError } from '../../components/forms';
import { usePageTitle, useRouteParams } from '../../components/page';
import { useSearchParams } from '../../router';
import { type BedRow, providerApi, providerPaths, type SavedVacancies, type Vacancies } from './model';
import { AdmissionTag, FreshnessTag, HistoryList, sourceName, useNow, vacancyTypeName } from './parts';

/**
 * Provider update: the whole table of a home in one form, saved in one request. "Nothing has
 * changed" refreshes the last-updated time in one action. Figures are checked by the server (the
 * same rules for every source); its errors are shown beside the fields and in the summary.
 */

const COUNT_FIELDS = [
  'maximumCapacity',
  'occupied',
  'vacantReserved',
  'vacantAccepting',
  'vacantNotAvailable',
] as const;
type CountField = (typeof COUNT_FIELDS)[number];

interface RowForm {
  vacancyType: VacancyTypeCode;
  weeklyPriceFrom: string;
  maximumCapacity: string;
  occupied: string;
  vacantReserved: string;
  vacantAccepting: string;
  vacantNotAvailable: string;
  notAvailableReason: string;
  flexible: boolean;
}

interface FormState {
  rows: RowForm[];
  outOfHours: 'yes' | 'no';
}

const LABELS: Record<CountField | 'weeklyPriceFrom' | 'notAvailableReason' | 'flexible', string> = {
  weeklyPriceFrom: 'Weekly price from',
  maximumCapacity: 'Maximum capacity',
  occupied: 'Occupied',
  vacantReserved: 'Vacant: reserved',
  vacantAccepting: 'Vacant: accepting admissions',
  vacantNotAvailable: 'Vacant: not available',
  notAvailableReason: 'Reason not available',
  flexible: 'Flexible price',
};

const fieldId = (vacancyType: string, field: string) => `${vacancyType}-${field}`;
const OUT_OF_HOURS_ID = 'out-of-hours';

function toForm(v: Vacancies): FormState {
  return {
    rows: v.rows.map((r) => ({
      vacancyType: r.vacancyType,
      weeklyPriceFrom: r.weeklyPriceFrom === null ? '' : r.weeklyPriceFrom.toFixed(2),
      maximumCapacity: String(r.maximumCapacity),
      occupied: String(r.occupied),
      vacantReserved: String(r.vacantReserved),
      vacantAccepting: String(r.vacantAccepting),
      vacantNotAvailable: String(r.vacantNotAvailable),
      notAvailableReason: r.notAvailableReason ?? '',
      flexible: r.flexible,
    })),
    outOfHours: v.outOfHoursAdmissions ? 'yes' : 'no',
  };
}

/** A number when the text is one; otherwise the text itself, so the server can say what is wrong with it. */
function numberOrText(text: string): number | string | undefined {
  const cleaned = text.replace(/[£,\s]/g, '');
  if (cleaned === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(cleaned) ? Number(cleaned) : text;
}

function toBody(form: FormState) {
  return {
    rows: form.rows.map((r) => {
      const price = numberOrText(r.weeklyPriceFrom);
      return {
        vacancyType: r.vacancyType,
        weeklyPriceFrom: price === undefined ? null : price,
        maximumCapacity: numberOrText(r.maximumCapacity),
        occupied: numberOrText(r.occupied),
        vacantReserved: numberOrText(r.vacantReserved),
        vacantAccepting: numberOrText(r.vacantAccepting),
        vacantNotAvailable: numberOrText(r.vacantNotAvailable),
        notAvailableReason:
          r.notAvailableReason === '' ? null : (r.notAvailableReason as NotAvailableReasonCode),
        flexible: r.flexible,
      };
    }),
    outOfHoursAdmissions: form.outOfHours === 'yes',
  };
}

const countOf = (text: string) => {
  const n = numberOrText(text);
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : 0;
};

function sameForm(a: FormState, b: FormState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

interface ShownErrors {
  summary: FormError[];
  /** Input id → message beside it. */
  byField: Map<string, string>;
  /** Vacancy type → messages about the row as a whole. */
  byRow: Map<string, string[]>;
}

const NO_ERRORS: ShownErrors = { summary: [], byField: new Map(), byRow: new Map() };

function toShownErrors(error: ApiError): ShownErrors {
  const shown: ShownErrors = { summary: [], byField: new Map(), byRow: new Map() };
  for (const e of error.fieldErrors) {
    const vacancyType = typeof e.vacancyType === 'string' ? e.vacancyType : undefined;
    const fieldName = typeof e.fieldName === 'string' ? e.fieldName : e.field;
    let id: string | undefined;
    if (fieldName === 'outOfHoursAdmissions') {
      id = OUT_OF_HOURS_ID;
      if (!shown.byField.has(id)) shown.byField.set(id, e.message);
    } else if (vacancyType && fieldName in LABELS) {
      id = fieldId(vacancyType, fieldName);
      if (!shown.byField.has(id)) shown.byField.set(id, e.message);
    } else if (vacancyType) {
      id = fieldId(vacancyType, 'weeklyPriceFrom');
      shown.byRow.set(vacancyType, [...(shown.byRow.get(vacancyType) ?? []), e.message]);
    }
    shown.summary.push({ field: id, message: e.message });
  }
  if (shown.summary.length === 0)
    shown.summary.push({ message: error.problem.detail ?? error.problem.title });
  return shown;
}

function ErrorText({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <span className="nhsuk-error-message" id={id}>
      <span className="nhsuk-u-visually-hidden">Error: </span>
      {message}
    </span>
  );
}

function CountInput({
  row,
  field,
  error,
  onChange,
}: {
  row: RowForm;
  field: CountField;
  error: string | undefined;
  onChange(value: string): void;
}) {
  const id = fieldId(row.vacancyType, field);
  return (
    <div className="nhsuk-form-group cct-vacancy__field">
      <label className="nhsuk-label" htmlFor={id}>
        {LABELS[field]}
        <span className="nhsuk-u-visually-hidden">, {vacancyTypeName(row.vacancyType)}</span>
      </label>
      <input
        className={`nhsuk-input${error ? ' nhsuk-input--error' : ''}`}
        id={id}
        name={id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        value={row[field]}
        // A tap selects the figure, so typing replaces it: one tap and one key per change.
        onFocus={(event) => event.currentTarget.select()}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={error ? `${id}-error` : undefined}
        aria-invalid={error ? true : undefined}
      />
    </div>
  );
}

function VacancyRow({
  row,
  errors,
  onChange,
}: {
  row: RowForm;
  errors: ShownErrors;
  onChange(patch: Partial<RowForm>): void;
}) {
  const name = vacancyTypeName(row.vacancyType);
  const rowErrors = errors.byRow.get(row.vacancyType) ?? [];
  const priceId = fieldId(row.vacancyType, 'weeklyPriceFrom');
  const reasonId = fieldId(row.vacancyType, 'notAvailableReason');
  const flexibleId = fieldId(row.vacancyType, 'flexible');
  const priceError = errors.byField.get(priceId);
  const reasonError = errors.byField.get(reasonId);
  const flexibleError = errors.byField.get(flexibleId);
  // Messages sit above the row's fields, each linked to its field by aria-describedby: in a row of
  // eight narrow fields a message beside each one would be a tall column of words.
  const messages: Array<{ id: string; message: string }> = [
    ...rowErrors.map((message, index) => ({ id: `${row.vacancyType}-row-error-${index}`, message })),
    ...(['weeklyPriceFrom', ...COUNT_FIELDS, 'notAvailableReason', 'flexible'] as const).flatMap((field) => {
      const id = fieldId(row.vacancyType, field);
      const message = errors.byField.get(id);
      return message ? [{ id: `${id}-error`, message }] : [];
    }),
  ];
  const hasError = messages.length > 0;
  return (
    <fieldset className={`nhsuk-fieldset cct-vacancy${hasError ? ' cct-vacancy--error' : ''}`}>
      <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s cct-vacancy__legend">{name}</legend>
      <div className="cct-vacancy__fields">
        {hasError ? (
          <div className="cct-vacancy__row-error">
            {messages.map(({ id, message }) => (
              <ErrorText key={id} id={id} message={message} />
            ))}
          </div>
        ) : null}
        <div className="nhsuk-form-group cct-vacancy__field">
          <label className="nhsuk-label" htmlFor={priceId}>
            {LABELS.weeklyPriceFrom}
            <span className="nhsuk-u-visually-hidden">, {name}, in pounds</span>
          </label>
          <div className="nhsuk-input-wrapper">
            <div className="nhsuk-input__prefix" aria-hidden="true">
              £
            </div>
            <input
              className={`nhsuk-input${priceError ? ' nhsuk-input--error' : ''}`}
              id={priceId}
              name={priceId}
              type="text"
              inputMode="decimal"
              autoComplete="off"
              spellCheck={false}
              value={row.weeklyPriceFrom}
              onFocus={(event) => event.currentTarget.select()}
              onChange={(event) => onChange({ weeklyPriceFrom: event.target.value })}
              aria-describedby={priceError ? `${priceId}-error` : undefined}
              aria-invalid={priceError ? true : undefined}
            />
          </div>
        </div>
        {COUNT_FIELDS.map((field) => (
          <CountInput
            key={field}
            row={row}
            field={field}
            error={errors.byField.get(fieldId(row.vacancyType, field))}
            onChange={(value) => onChange({ [field]: value })}
          />
        ))}
        <div className="nhsuk-form-group cct-vacancy__field cct-vacancy__field--reason">
          <label className="nhsuk-label" htmlFor={reasonId}>
            {LABELS.notAvailableReason}
            <span className="nhsuk-u-visually-hidden">, {name}</span>
          </label>
          <select
            className={`nhsuk-select${reasonError ? ' nhsuk-select--error' : ''}`}
            id={reasonId}
            name={reasonId}
            value={row.notAvailableReason}
            onChange={(event) => onChange({ notAvailableReason: event.target.value })}
            aria-describedby={reasonError ? `${reasonId}-error` : undefined}
            aria-invalid={reasonError ? true : undefined}
          >
            <option value="">None</option>
            {NOT_AVAILABLE_REASONS.map((reason) => (
              <option key={reason.code} value={reason.code}>
                {reason.label}
              </option>
            ))}
          </select>
        </div>
        <div className="nhsuk-form-group cct-vacancy__field">
          <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
            <div className="nhsuk-checkboxes__item">
              <input
                className="nhsuk-checkboxes__input"
                id={flexibleId}
                name={flexibleId}
                type="checkbox"
                checked={row.flexible}
                onChange={(event) => onChange({ flexible: event.target.checked })}
                aria-describedby={flexibleError ? `${flexibleId}-error` : undefined}
              />
              <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={flexibleId}>
                {LABELS.flexible}
                <span className="nhsuk-u-visually-hidden">, {name}</span>
              </label>
            </div>
          </div>
        </div>
      </div>
    </fieldset>
  );
}

type Saved = { kind: 'saved' | 'confirmed' | 'unchanged'; at: string | null; warnings: string[] };

export default function ProviderUpdate() {
  const { locationId = '' } = useRouteParams();
  const api = useApi();
  const now = useNow();
  const params = useSearchParams();
  const [data, setData] = useState<Vacancies | undefined>();
  const [loadError, setLoadError] = useState<ApiError | Error | undefined>();
  const [form, setForm] = useState<FormState | undefined>();
  const [errors, setErrors] = useState<ShownErrors>(NO_ERRORS);
  const [saved, setSaved] = useState<Saved | undefined>();
  const [conflict, setConflict] = useState<Vacancies | undefined>();
  const [busy, setBusy] = useState(false);
  const [historyKey, setHistoryKey] = useState(0);
  const bannerRef = useRef<HTMLDivElement>(null);
  const outOfHoursHint = useId();

  usePageTitle(data?.name ? `Update vacancies: ${data.name}` : 'Update vacancies', {
    error: errors.summary.length > 0,
  });

  useEffect(() => {
    const controller = new AbortController();
    providerApi.vacancies(api, locationId, controller.signal).then(
      (v) => {
        setData(v);
        setForm(toForm(v));
      },
      (error: unknown) => {
        if (!controller.signal.aborted)
          setLoadError(error instanceof Error ? error : new Error(String(error)));
      },
    );
    return () => controller.abort();
  }, [api, locationId]);

  useEffect(() => {
    if (saved) bannerRef.current?.focus();
  }, [saved]);

  const dirty = useMemo(() => (data && form ? !sameForm(toForm(data), form) : false), [data, form]);

  const updateRow = useCallback((index: number, patch: Partial<RowForm>) => {
    setForm((current) =>
      current
        ? { ...current, rows: current.rows.map((r, i) => (i === index ? { ...r, ...patch } : r)) }
        : current,
    );
  }, []);

  const afterWrite = (result: SavedVacancies, kind: Saved['kind']) => {
    setData(result);
    setForm(toForm(result));
    setErrors(NO_ERRORS);
    setConflict(undefined);
    setSaved({ kind, at: result.updatedAt, warnings: (result.warnings ?? []).map((w) => w.message) });
    setHistoryKey((k) => k + 1);
  };

  const onFailure = (error: unknown) => {
    setSaved(undefined);
    if (error instanceof ApiError && error.status === 409 && error.problem.current) {
      const current = error.problem.current as Vacancies;
      setConflict(current);
      // Their figures are now the base: saving again replaces them knowingly, never by accident.
      setData((previous) => (previous ? { ...previous, version: current.version } : previous));
      setErrors(NO_ERRORS);
      window.scrollTo(0, 0);
      return;
    }
    if (error instanceof ApiError) {
      setErrors(toShownErrors(error));
      return;
    }
    setErrors({
      ...NO_ERRORS,
      summary: [{ message: 'The vacancies could not be saved. Check your connection and try again.' }],
    });
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!data || !form || busy) return;
    setBusy(true);
    try {
      const result = await providerApi.saveVacancies(api, locationId, data.version, toBody(form));
      afterWrite(result, result.outcome === 'unchanged' ? 'unchanged' : 'saved');
    } catch (error) {
      onFailure(error);
    } finally {
      setBusy(false);
    }
  };

  const confirmNoChange = async () => {
    if (!data || busy) return;
    if (dirty) {
      setSaved(undefined);
      setErrors({
        ...NO_ERRORS,
        summary: [
          {
            message:
              'You have changed some figures. Select Save to save them, or Undo my changes to confirm the figures as they were',
          },
        ],
      });
      return;
    }
    setBusy(true);
    try {
      afterWrite(await providerApi.confirm(api, locationId, data.version), 'confirmed');
    } catch (error) {
      onFailure(error);
    } finally {
      setBusy(false);
    }
  };

  if (loadError) {
    const status = loadError instanceof ApiError ? loadError.status : 0;
    return (
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <h1>
            {status === 404
              ? 'Care home not found'
              : status === 403
                ? 'You cannot update this care home'
                : 'Sorry, there is a problem'}
          </h1>
          <p>
            {status === 404
              ? 'There is no care home with this location ID.'
              : status === 403
                ? 'Only staff of the care home, its provider approvers and administrators can see this page.'
                : 'The vacancies could not be loaded. Try again later.'}
          </p>
          <p>
            <a href="/care-homes">Go to my care homes</a>
          </p>
        </div>
      </div>
    );
  }
  if (!data || !form) {
    return (
      <p className="nhsuk-body" role="status">
        Loading vacancies…
      </p>
    );
  }

  const totals = form.rows.reduce(
    (t, r) => ({
      capacity: t.capacity + countOf(r.maximumCapacity),
      residents: t.residents + countOf(r.occupied),
      accepting: t.accepting + countOf(r.vacantAccepting),
    }),
    { capacity: 0, residents: 0, accepting: 0 },
  );
  const accepting = totals.accepting > 0;
  const aboveRegistered = data.registeredBeds !== null && totals.capacity > data.registeredBeds;
  const oohError = errors.byField.get(OUT_OF_HOURS_ID);

  return (
    <>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          {saved ? (
            <div
              className="nhsuk-notification-banner nhsuk-notification-banner--success"
              role="alert"
              aria-labelledby="saved-title"
              tabIndex={-1}
              ref={bannerRef}
            >
              <div className="nhsuk-notification-banner__header">
                <h2 className="nhsuk-notification-banner__title" id="saved-title">
                  Success
                </h2>
              </div>
              <div className="nhsuk-notification-banner__content">
                <p className="nhsuk-notification-banner__heading">
                  {saved.kind === 'saved'
                    ? 'Vacancies saved'
                    : saved.kind === 'confirmed'
                      ? 'Confirmed: nothing has changed'
                      : 'Nothing had changed: the figures are confirmed'}
                </p>
                <p className="nhsuk-body">
                  <FreshnessTag updatedAt={saved.at} now={now} /> · {data.admissionStatusLabel}
                </p>
                {saved.warnings.map((w) => (
                  <p className="nhsuk-body" key={w}>
                    {w}
                  </p>
                ))}
              </div>
            </div>
          ) : null}
          {params.get('saved') === 'services' && !saved ? (
            <div className="nhsuk-inset-text">
              <span className="nhsuk-u-visually-hidden">Information: </span>
              <p>Services offered saved. Now enter the vacancies for each vacancy type.</p>
            </div>
          ) : null}
          <ErrorSummary errors={errors.summary} />
          {conflict ? (
            <div className="nhsuk-warning-callout" role="alert">
              <h2 className="nhsuk-warning-callout__label">
                <span className="nhsuk-u-visually-hidden">Important: </span>
                Someone else has updated these vacancies
              </h2>
              <p>
                They were updated {conflict.freshness.label.replace(/^updated /, '')}
                {conflict.updatedBy ? ` by ${conflict.updatedBy.email}` : ''} {sourceName(conflict.source)}{' '}
                while you were editing. Your figures below have not been saved.
              </p>
              <p>Their figures:</p>
              <ul>
                {conflict.rows.map((r: BedRow) => (
                  <li key={r.vacancyType}>
                    {vacancyTypeName(r.vacancyType)}: capacity {r.maximumCapacity}, occupied {r.occupied},
                    reserved {r.vacantReserved}, accepting {r.vacantAccepting}, not available{' '}
                    {r.vacantNotAvailable}
                  </li>
                ))}
              </ul>
              <p>Check your figures, then select Save to replace theirs, or use their figures instead.</p>
              <button
                type="button"
                className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0"
                onClick={() => {
                  setData(conflict);
                  setForm(toForm(conflict));
                  setConflict(undefined);
                  setHistoryKey((k) => k + 1);
                }}
              >
                Use their figures
              </button>
            </div>
          ) : null}
          <h1>
            <span className="nhsuk-caption-l">{data.name ?? data.locationId}</span>
            Update vacancies
          </h1>
          <p className="nhsuk-body">
            <FreshnessTag updatedAt={data.updatedAt} now={now} />
            {data.updatedBy ? ` by ${data.updatedBy.email}` : ''} {sourceName(data.source)}
          </p>
          {!data.servicesSet ? (
            <p className="nhsuk-body">
              Choose the services this home offers first:{' '}
              <a href={providerPaths.services(locationId)}>services offered</a>.
            </p>
          ) : null}
          <details className="nhsuk-details">
            <summary className="nhsuk-details__summary">
              <span className="nhsuk-details__summary-text">What to enter for each vacancy type</span>
            </summary>
            <div className="nhsuk-details__text">
              <ul>
                <li>
                  Weekly price from: an indicative price per week in pounds, at least £100 where there are
                  beds.
                </li>
                <li>Maximum capacity: occupied + reserved + accepting admissions + not available.</li>
                <li>
                  Occupied: residents, including a resident in hospital whose bed is held for their return.
                </li>
                <li>
                  Vacant, reserved: beds waiting for a new resident. Do not include block-booked or funded
                  beds.
                </li>
                <li>
                  Vacant, accepting admissions: every bed you could safely admit to today, including
                  block-booked, local authority and NHS funded beds.
                </li>
                <li>Vacant, not available: beds you cannot admit to, with the reason.</li>
              </ul>
            </div>
          </details>
        </div>
      </div>
      <form onSubmit={save} noValidate>
        {form.rows.map((row, index) => (
          <VacancyRow
            key={row.vacancyType}
            row={row}
            errors={errors}
            onChange={(patch) => updateRow(index, patch)}
          />
        ))}
        <div className="nhsuk-grid-row">
          <div className="nhsuk-grid-column-two-thirds">
            <div className={`nhsuk-form-group${oohError ? ' nhsuk-form-group--error' : ''}`}>
              <fieldset
                className="nhsuk-fieldset"
                aria-describedby={oohError ? `${OUT_OF_HOURS_ID}-error` : outOfHoursHint}
              >
                <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
                  Do you accept out-of-hours admissions?
                </legend>
                <div className="nhsuk-hint" id={outOfHoursHint}>
                  Evenings, nights and weekends
                </div>
                <ErrorText id={`${OUT_OF_HOURS_ID}-error`} message={oohError} />
                <div className="nhsuk-radios nhsuk-radios--inline">
                  {(['yes', 'no'] as const).map((value) => (
                    <div className="nhsuk-radios__item" key={value}>
                      <input
                        className="nhsuk-radios__input"
                        id={value === 'yes' ? OUT_OF_HOURS_ID : `${OUT_OF_HOURS_ID}-no`}
                        name="out-of-hours"
                        type="radio"
                        value={value}
                        checked={form.outOfHours === value}
                        onChange={() => setForm({ ...form, outOfHours: value })}
                      />
                      <label
                        className="nhsuk-label nhsuk-radios__label"
                        htmlFor={value === 'yes' ? OUT_OF_HOURS_ID : `${OUT_OF_HOURS_ID}-no`}
                      >
                        {value === 'yes' ? 'Yes' : 'No'}
                      </label>
                    </div>
                  ))}
                </div>
              </fieldset>
            </div>
            <h2 className="nhsuk-heading-m">Summary</h2>
            <dl className="nhsuk-summary-list cct-totals">
              <div className="nhsuk-summary-list__row">
                <dt className="nhsuk-summary-list__key">CQC registered bed capacity</dt>
                <dd className="nhsuk-summary-list__value">{data.registeredBeds ?? 'Not known'}</dd>
              </div>
              <div className="nhsuk-summary-list__row">
                <dt className="nhsuk-summary-list__key">Total entered capacity</dt>
                <dd className="nhsuk-summary-list__value" data-testid="total-capacity">
                  {totals.capacity}
                </dd>
              </div>
              <div className="nhsuk-summary-list__row">
                <dt className="nhsuk-summary-list__key">Total number of residents</dt>
                <dd className="nhsuk-summary-list__value">{totals.residents}</dd>
              </div>
              <div className="nhsuk-summary-list__row">
                <dt className="nhsuk-summary-list__key">Admission status</dt>
                <dd className="nhsuk-summary-list__value" aria-live="polite">
                  <AdmissionTag
                    status={accepting ? 'accepting' : 'not-accepting'}
                    label={accepting ? 'Accepting admissions' : 'Not accepting admissions'}
                  />
                </dd>
              </div>
              <div className="nhsuk-summary-list__row">
                <dt className="nhsuk-summary-list__key">Accepting out-of-hours admissions</dt>
                <dd className="nhsuk-summary-list__value">{form.outOfHours === 'yes' ? 'Yes' : 'No'}</dd>
              </div>
            </dl>
            {aboveRegistered ? (
              <div className="nhsuk-inset-text">
                <span className="nhsuk-u-visually-hidden">Information: </span>
                <p>
                  The total entered capacity ({totals.capacity}) is more than the CQC registered bed capacity
                  ({data.registeredBeds}). You can still save; please check the figures.
                </p>
              </div>
            ) : null}
            {data.canWrite ? (
              <div className="cct-button-group">
                <button
                  className="nhsuk-button"
                  type="submit"
                  disabled={busy}
                  aria-disabled={busy || undefined}
                >
                  Save
                </button>
                {data.updatedAt ? (
                  <button
                    className="nhsuk-button nhsuk-button--secondary"
                    type="button"
                    onClick={confirmNoChange}
                    disabled={busy}
                  >
                    Nothing has changed
                  </button>
                ) : null}
                {dirty ? (
                  <button
                    className="nhsuk-button nhsuk-button--secondary"
                    type="button"
                    onClick={() => {
                      setForm(toForm(data));
                      setErrors(NO_ERRORS);
                    }}
                  >
                    Undo my changes
                  </button>
                ) : null}
              </div>
            ) : (
              <p className="nhsuk-body">You can see these vacancies but not change them.</p>
            )}
            <p className="nhsuk-body">
              <a href={providerPaths.services(locationId)}>
                Change the services offered<span className="nhsuk-u-visually-hidden"> by {data.name}</span>
              </a>
            </p>
          </div>
        </div>
      </form>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <HistoryList locationId={locationId} refreshKey={historyKey} />
        </div>
      </div>
    </>
  );
}
