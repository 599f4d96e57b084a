import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { ALERT_CATEGORIES, ALERT_CATEGORY_LABELS, ALERT_TEXT_MAX } from '../../../../shared/domain/alerts';
import { ApiError } from '../../api';
import { useApi } from '../../auth/AuthContext';
import { Button, ErrorSummary, errorFor, type FormError, Radios, Textarea } from '../../components/forms';
import type { HomeDetail } from '../homes/model';
import { type AlertsView, type AlertView, alertsApi, formatDateTime, formatDay } from './model';

/** Server field -> the id of the input the error belongs to. */
const FIELD_IDS: Record<string, string> = {
  text: 'alert-text',
  category: 'alert-category',
  expiresAt: 'alert-expiry-day',
};

const stripField = (message: string) => message.replace(/^\w+: /, '');
/** The last day an alert shows (it expires at the start of the next day). */
const lastDay = (expiresAt: string) => formatDay(new Date(Date.parse(expiresAt) - 1).toISOString());

function AlertCallout({
  alert,
  canManage,
  busy,
  onRemove,
}: {
  alert: AlertView;
  canManage: boolean;
  busy: boolean;
  onRemove(alert: AlertView): void;
}) {
  return (
    <div className="nhsuk-warning-callout" data-testid="home-alert">
      <h3 className="nhsuk-warning-callout__label">
        <span>
          <span className="nhsuk-u-visually-hidden">Important: </span>
          {alert.categoryLabel}
        </span>
      </h3>
      <p>{alert.text}</p>
      <p className="nhsuk-body-s">
        Added {formatDateTime(alert.createdAt)}
        {alert.createdBy ? ` by ${alert.createdBy}` : ''}.{' '}
        {alert.expiresAt ? `Shown until the end of ${lastDay(alert.expiresAt)}.` : 'Shown until removed.'}
      </p>
      {canManage ? (
        <button
          className="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0"
          type="button"
          disabled={busy}
          onClick={() => onRemove(alert)}
        >
          Remove alert<span className="nhsuk-u-visually-hidden">: {alert.text.slice(0, 60)}</span>
        </button>
      ) : null}
    </div>
  );
}

function AddAlertForm({ locationId, onAdded }: { locationId: string; onAdded(view: AlertsView): void }) {
  const api = useApi();
  const [text, setText] = useState('');
  const [category, setCategory] = useState('');
  const [day, setDay] = useState('');
  const [month, setMonth] = useState('');
  const [year, setYear] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const local: FormError[] = [];
    if (text.trim() === '') local.push({ field: 'alert-text', message: 'Enter the alert text' });
    else if ([...text.trim()].length > ALERT_TEXT_MAX)
      local.push({
        field: 'alert-text',
        message: `Alert text must be ${ALERT_TEXT_MAX} characters or fewer`,
      });
    if (!category) local.push({ field: 'alert-category', message: 'Choose a category' });
    const anyDate = day || month || year;
    if (anyDate && !(day && month && year))
      local.push({ field: 'alert-expiry-day', message: 'Expiry date must include a day, month and year' });
    if (local.length > 0) {
      setErrors(local);
      return;
    }
    const expiresAt = anyDate
      ? `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`
      : undefined;
    setBusy(true);
    try {
      const res = await alertsApi.add(api, locationId, {
        text,
        category,
        ...(expiresAt ? { expiresAt } : {}),
      });
      setErrors([]);
      setText('');
      setCategory('');
      setDay('');
      setMonth('');
      setYear('');
      onAdded(res);
    } catch (error) {
      if (error instanceof ApiError && error.fieldErrors.length > 0) {
        setErrors(
          error.fieldErrors.map((e) => ({ field: FIELD_IDS[e.field], message: stripField(e.message) })),
        );
      } else {
        setErrors([{ message: error instanceof Error ? error.message : 'The alert could not be added' }]);
      }
    } finally {
      setBusy(false);
    }
  };

  const expiryError = errorFor(errors, 'alert-expiry-day');
  const remaining = ALERT_TEXT_MAX - [...text.trim()].length;
  return (
    <form onSubmit={submit} noValidate data-testid="add-alert-form">
      <ErrorSummary errors={errors} />
      <h3 className="nhsuk-heading-s">Add an alert</h3>
      <Textarea
        id="alert-text"
        label="Alert text"
        hint={`What discharge teams and everyone who finds this home should know. Up to ${ALERT_TEXT_MAX} characters, one paragraph.`}
        value={text}
        onChange={setText}
        error={errorFor(errors, 'alert-text')}
        rows={4}
      />
      <p className="nhsuk-body-s" aria-live="polite">
        {remaining >= 0
          ? `You have ${remaining} characters remaining`
          : `You have ${-remaining} characters too many`}
      </p>
      <Radios
        id="alert-category"
        legend="Category"
        options={ALERT_CATEGORIES.map((c) => ({ value: c, label: ALERT_CATEGORY_LABELS[c] }))}
        value={category}
        onChange={setCategory}
        error={errorFor(errors, 'alert-category')}
      />
      <div className={`nhsuk-form-group${expiryError ? ' nhsuk-form-group--error' : ''}`}>
        <fieldset
          className="nhsuk-fieldset"
          aria-describedby={`alert-expiry-hint${expiryError ? ' alert-expiry-error' : ''}`}
        >
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Expiry date (optional)</legend>
          <div className="nhsuk-hint" id="alert-expiry-hint">
            The alert shows until the end of this day. Leave blank to show it until it is removed. For
            example, 31 1 2027
          </div>
          {expiryError ? (
            <span className="nhsuk-error-message" id="alert-expiry-error">
              <span className="nhsuk-u-visually-hidden">Error: </span>
              {expiryError}
            </span>
          ) : null}
          <div className="nhsuk-date-input">
            {(
              [
                ['day', 'Day', day, setDay, 2],
                ['month', 'Month', month, setMonth, 2],
                ['year', 'Year', year, setYear, 4],
              ] as const
            ).map(([part, label, value, set, width]) => (
              <div className="nhsuk-date-input__item" key={part}>
                <div className="nhsuk-form-group">
                  <label className="nhsuk-label nhsuk-date-input__label" htmlFor={`alert-expiry-${part}`}>
                    {label}
                  </label>
                  <input
                    className={`nhsuk-input nhsuk-date-input__input nhsuk-input--width-${width}${expiryError ? ' nhsuk-input--error' : ''}`}
                    id={`alert-expiry-${part}`}
                    name={`alert-expiry-${part}`}
                    type="text"
                    inputMode="numeric"
                    value={value}
                    onChange={(e) => set(e.target.value.trim())}
                  />
                </div>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
      <Button disabled={busy}>Add alert</Button>
    </form>
  );
}

/**
 * Local authority alerts on the home page: the alerts in force for everyone; for officers of the
 * home's own authority (and admins), forms to add and remove them. The server decides who may.
 */
export function AlertsSection({ home }: { home: HomeDetail }) {
  const api = useApi();
  const [view, setView] = useState<AlertsView | undefined>();
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | undefined>();
  const [removeError, setRemoveError] = useState<string | undefined>();

  useEffect(() => {
    const controller = new AbortController();
    setView(undefined);
    setFailed(false);
    alertsApi.list(api, home.locationId, controller.signal).then(setView, () => {
      if (!controller.signal.aborted) setFailed(true);
    });
    return () => controller.abort();
  }, [api, home.locationId]);

  const remove = useCallback(
    async (alert: AlertView) => {
      setBusy(true);
      setRemoveError(undefined);
      try {
        setView(await alertsApi.remove(api, home.locationId, alert.id));
        setNotice('Alert removed');
      } catch (error) {
        setRemoveError(error instanceof Error ? error.message : 'The alert could not be removed');
      } finally {
        setBusy(false);
      }
    },
    [api, home.locationId],
  );

  return (
    <>
      <h2 className="nhsuk-heading-m" id="alerts-heading">
        Local authority alerts
      </h2>
      <div aria-live="polite">
        {notice ? (
          <p className="nhsuk-body" data-testid="alerts-notice">
            <strong>{notice}</strong>
          </p>
        ) : null}
      </div>
      {removeError ? (
        <p className="nhsuk-error-message" role="alert">
          {removeError}
        </p>
      ) : null}
      {failed ? <p className="nhsuk-body">Alerts could not be loaded. Try again later.</p> : null}
      {!view && !failed ? (
        <p className="nhsuk-body" role="status">
          Loading alerts…
        </p>
      ) : null}
      {view ? (
        <>
          {view.alerts.length === 0 ? (
            <p className="nhsuk-body">There are no alerts on this care home.</p>
          ) : (
            view.alerts.map((a) => (
              <AlertCallout key={a.id} alert={a} canManage={view.canManage} busy={busy} onRemove={remove} />
            ))
          )}
          {view.canManage ? (
            <AddAlertForm
              locationId={home.locationId}
              onAdded={(next) => {
                setView(next);
                setNotice('Alert added. Everyone who finds this home now sees it.');
              }}
            />
          ) : null}
          {view.recent.length > 0 ? (
            <details className="nhsuk-details">
              <summary className="nhsuk-details__summary">
                <span className="nhsuk-details__summary-text">Recent alert changes</span>
              </summary>
              <div className="nhsuk-details__text">
                <ul className="nhsuk-list nhsuk-list--bullet">
                  {view.recent.map((e) => (
                    <li key={e.id}>
                      {formatDateTime(e.at)}: {e.kind === 'alert-added' ? 'added' : 'removed'} "{e.alert.text}
                      " ({e.alert.categoryLabel}){e.actor ? ` by ${e.actor}` : ''}
                    </li>
                  ))}
                </ul>
              </div>
            </details>
          ) : null}
        </>
      ) : null}
    </>
  );
}

/** The home page section (registered in ../homes/sections.tsx). */
export const alertsHomeSection = {
  id: 'alerts',
  order: 30,
  render: (home: HomeDetail) => <AlertsSection home={home} />,
};
