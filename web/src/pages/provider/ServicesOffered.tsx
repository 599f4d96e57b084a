import './provider.css';
import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import {
  FUNDING_SOURCES,
  type FundingSourceCode,
  SHORT_STAY_NONE_LABEL,
  SHORT_STAY_SERVICES,
  type ShortStayServiceCode,
  VACANCY_TYPES,
  type VacancyTypeCode,
} from '../../../../shared/domain/vacancy/vocabulary';
import { ApiError } from '../../api';
import { useApi } from '../../auth/AuthContext';
import { ErrorSummary, type FormError, Radios, Textarea } from '../../components/forms';
import { usePageTitle, useRouteParams } from '../../components/page';
import { useNavigate } from '../../router';
import { type ServicesOffered as Offered, providerApi, providerPaths, type Services } from './model';

/**
 * Services offered: short-stay services (or an explicit "none"), long-term vacancy types,
 * languages, notes, funding sources, contracts and out-of-hours admissions. Saving for the first
 * time goes on to the provider update, as the support pack describes.
 */

const EMPTY: Offered = {
  shortStayServices: [],
  shortStayNone: false,
  vacancyTypes: [],
  languages: [],
  notes: '',
  fundingSources: [],
  contracts: { localAuthority: false, subIcb: false },
  outOfHoursAdmissions: false,
};

const ID = {
  shortStay: 'short-stay-discharge-to-assess',
  shortStayNone: 'short-stay-none',
  vacancyTypes: 'vacancy-type-community-care',
  languages: 'new-language',
  notes: 'notes',
  fundingSources: 'funding-sub-icb',
  contracts: 'contract-local-authority',
  outOfHours: 'out-of-hours',
};

/** Where an error from the server belongs on this page. */
function inputFor(field: string): string | undefined {
  const top = field.split('/')[0] ?? field;
  switch (top) {
    case 'shortStayServices':
      return ID.shortStay;
    case 'shortStayNone':
      return ID.shortStayNone;
    case 'vacancyTypes':
      return ID.vacancyTypes;
    case 'languages':
      return ID.languages;
    case 'notes':
      return ID.notes;
    case 'fundingSources':
      return ID.fundingSources;
    case 'contracts':
      return ID.contracts;
    case 'outOfHoursAdmissions':
      return ID.outOfHours;
    default:
      return undefined;
  }
}

function toggle<T>(list: readonly T[], value: T, on: boolean): T[] {
  return on ? (list.includes(value) ? [...list] : [...list, value]) : list.filter((v) => v !== value);
}

function Checkbox({
  id,
  label,
  hint,
  checked,
  onChange,
}: {
  id: string;
  label: string;
  hint?: string;
  checked: boolean;
  onChange(checked: boolean): void;
}) {
  return (
    <div className="nhsuk-checkboxes__item">
      <input
        className="nhsuk-checkboxes__input"
        id={id}
        name={id}
        type="checkbox"
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
        aria-describedby={hint ? `${id}-item-hint` : undefined}
      />
      <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div className="nhsuk-hint nhsuk-checkboxes__hint" id={`${id}-item-hint`}>
          {hint}
        </div>
      ) : null}
    </div>
  );
}

function Group({
  id,
  legend,
  hint,
  error,
  children,
}: {
  id: string;
  legend: string;
  hint?: string;
  error?: string;
  children: ReactNode;
}) {
  const describedBy = [hint ? `${id}-hint` : undefined, error ? `${id}-error` : undefined]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <fieldset className="nhsuk-fieldset" aria-describedby={describedBy || undefined}>
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">
          <h2 className="nhsuk-fieldset__heading">{legend}</h2>
        </legend>
        {hint ? (
          <div className="nhsuk-hint" id={`${id}-hint`}>
            {hint}
          </div>
        ) : null}
        {error ? (
          <span className="nhsuk-error-message" id={`${id}-error`}>
            <span className="nhsuk-u-visually-hidden">Error: </span>
            {error}
          </span>
        ) : null}
        {children}
      </fieldset>
    </div>
  );
}

export default function ServicesOfferedPage() {
  const { locationId = '' } = useRouteParams();
  const api = useApi();
  const navigate = useNavigate();
  const [data, setData] = useState<Services | undefined>();
  const [form, setForm] = useState<Offered>(EMPTY);
  const [newLanguage, setNewLanguage] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [loadError, setLoadError] = useState<ApiError | Error | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  usePageTitle(data?.name ? `Services offered: ${data.name}` : 'Services offered', {
    error: errors.length > 0,
  });

  useEffect(() => {
    const controller = new AbortController();
    providerApi.services(api, locationId, controller.signal).then(
      (s) => {
        setData(s);
        setForm(s.services ?? EMPTY);
      },
      (error: unknown) => {
        if (!controller.signal.aborted)
          setLoadError(error instanceof Error ? error : new Error(String(error)));
      },
    );
    return () => controller.abort();
  }, [api, locationId]);

  const errorFor = (id: string) => errors.find((e) => e.field === id)?.message;

  const addLanguage = () => {
    const language = newLanguage.trim().replace(/\s+/g, ' ');
    if (language === '') {
      setErrors([{ field: ID.languages, message: 'Enter the name of the language to add' }]);
      return;
    }
    if (form.languages.some((l) => l.toLocaleLowerCase('en-GB') === language.toLocaleLowerCase('en-GB'))) {
      setErrors([{ field: ID.languages, message: `${language} is already in the list` }]);
      return;
    }
    setForm({ ...form, languages: [...form.languages, language] });
    setNewLanguage('');
    setErrors([]);
    setNotice(`${language} added`);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!data || busy) return;
    setBusy(true);
    setNotice(undefined);
    try {
      const first = data.services === null;
      const result = await providerApi.saveServices(api, locationId, data.version, form);
      setData(result);
      setForm(result.services ?? EMPTY);
      setErrors([]);
      if (first && result.outcome === 'applied') {
        navigate(`${providerPaths.vacancies(locationId)}?saved=services`);
        return;
      }
      setNotice(result.outcome === 'applied' ? 'Services offered saved' : 'Nothing had changed');
      window.scrollTo(0, 0);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && error.problem.current) {
        const current = error.problem.current as Services;
        setData(current);
        setErrors([
          {
            message:
              'Someone else changed the services offered while you were editing. The page now shows their changes; make yours again and save.',
          },
        ]);
        setForm(current.services ?? EMPTY);
      } else if (error instanceof ApiError) {
        const list = error.fieldErrors.map((e) => ({ field: inputFor(e.field), message: e.message }));
        setErrors(list.length > 0 ? list : [{ message: error.problem.detail ?? error.problem.title }]);
      } else {
        setErrors([{ message: 'The services could not be saved. Check your connection and try again.' }]);
      }
    } finally {
      setBusy(false);
    }
  };

  if (loadError) {
    const status = loadError instanceof ApiError ? loadError.status : 0;
    return (
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <h1>{status === 404 ? 'Care home not found' : 'Sorry, there is a problem'}</h1>
          <p>
            {status === 404
              ? 'There is no care home with this location ID.'
              : 'The services could not be loaded. Try again later.'}
          </p>
          <p>
            <a href="/care-homes">Go to my care homes</a>
          </p>
        </div>
      </div>
    );
  }
  if (!data) {
    return (
      <p className="nhsuk-body" role="status">
        Loading services…
      </p>
    );
  }

  const withBeds = new Set<VacancyTypeCode>(data.vacancyTypesWithBeds);

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        {notice && errors.length === 0 ? (
          <div className="nhsuk-inset-text" role="status">
            <p>{notice}</p>
          </div>
        ) : null}
        <h1>
          <span className="nhsuk-caption-l">{data.name ?? data.locationId}</span>
          Services offered
        </h1>
        <form onSubmit={save} noValidate>
          <Group
            id="short-stay"
            legend="Short stay services"
            hint="Choosing a short stay service says you will consider an admission to fill any of your long-term vacancies."
            error={errorFor(ID.shortStay) ?? errorFor(ID.shortStayNone)}
          >
            <div className="nhsuk-checkboxes">
              {SHORT_STAY_SERVICES.map((service, index) => (
                <Checkbox
                  key={service.code}
                  id={index === 0 ? ID.shortStay : `short-stay-${service.code}`}
                  label={service.label}
                  checked={form.shortStayServices.includes(service.code)}
                  onChange={(on) =>
                    setForm({
                      ...form,
                      shortStayServices: toggle<ShortStayServiceCode>(
                        form.shortStayServices,
                        service.code,
                        on,
                      ),
                      // "None" and a service exclude each other, as the NHS exclusive checkbox does.
                      shortStayNone: on ? false : form.shortStayNone,
                    })
                  }
                />
              ))}
              <div className="nhsuk-checkboxes__divider">or</div>
              <Checkbox
                id={ID.shortStayNone}
                label={SHORT_STAY_NONE_LABEL}
                checked={form.shortStayNone}
                onChange={(on) =>
                  setForm({ ...form, shortStayNone: on, shortStayServices: on ? [] : form.shortStayServices })
                }
              />
            </div>
          </Group>

          <Group
            id="vacancy-types"
            legend="Long term vacancy types"
            hint="Select every vacancy type your home offers: at least one. Each one gets a row in the provider update."
            error={errorFor(ID.vacancyTypes)}
          >
            <div className="nhsuk-checkboxes">
              {VACANCY_TYPES.map((type, index) => (
                <Checkbox
                  key={type.code}
                  id={index === 0 ? ID.vacancyTypes : `vacancy-type-${type.code}`}
                  label={type.label}
                  hint={
                    withBeds.has(type.code) && form.vacancyTypes.includes(type.code)
                      ? 'Has beds: set its maximum capacity to 0 in the provider update before removing it'
                      : undefined
                  }
                  checked={form.vacancyTypes.includes(type.code)}
                  onChange={(on) =>
                    setForm({ ...form, vacancyTypes: toggle(form.vacancyTypes, type.code, on) })
                  }
                />
              ))}
            </div>
          </Group>

          <Group id="languages" legend="Languages spoken" error={errorFor(ID.languages)}>
            {form.languages.length > 0 ? (
              <ul className="cct-languages">
                {form.languages.map((language) => (
                  <li key={language}>
                    <span>{language}</span>
                    <button
                      type="button"
                      className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
                      onClick={() => {
                        setForm({ ...form, languages: form.languages.filter((l) => l !== language) });
                        setNotice(`${language} removed`);
                      }}
                    >
                      Remove<span className="nhsuk-u-visually-hidden"> {language}</span>
                    </button>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="nhsuk-body">No languages added yet.</p>
            )}
            <div className="cct-add-language">
              <div className="nhsuk-form-group">
                <label className="nhsuk-label" htmlFor={ID.languages}>
                  Language name
                </label>
                <input
                  className="nhsuk-input nhsuk-input--width-20"
                  id={ID.languages}
                  name={ID.languages}
                  type="text"
                  value={newLanguage}
                  onChange={(event) => setNewLanguage(event.target.value)}
                  onKeyDown={(event) => {
                    // Enter adds the language rather than saving the whole page.
                    if (event.key === 'Enter') {
                      event.preventDefault();
                      addLanguage();
                    }
                  }}
                  maxLength={40}
                />
              </div>
              <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={addLanguage}>
                Add language
              </button>
            </div>
          </Group>

          <Textarea
            id={ID.notes}
            label="Notes"
            hint="Discharge teams can search these words, for example: hoist, bariatric, wheelchair, lift, pets allowed."
            error={errorFor(ID.notes)}
            value={form.notes}
            onChange={(notes) => setForm({ ...form, notes })}
          />

          <Group
            id="funding"
            legend="Funding sources accepted"
            hint="Select all that apply."
            error={errorFor(ID.fundingSources)}
          >
            <div className="nhsuk-checkboxes">
              {FUNDING_SOURCES.map((source, index) => (
                <Checkbox
                  key={source.code}
                  id={index === 0 ? ID.fundingSources : `funding-${source.code}`}
                  label={source.label}
                  checked={form.fundingSources.includes(source.code)}
                  onChange={(on) =>
                    setForm({
                      ...form,
                      fundingSources: toggle<FundingSourceCode>(form.fundingSources, source.code, on),
                    })
                  }
                />
              ))}
            </div>
          </Group>

          <Group
            id="contracts"
            legend="Contracts"
            hint="Select all that apply."
            error={errorFor(ID.contracts)}
          >
            <div className="nhsuk-checkboxes">
              <Checkbox
                id={ID.contracts}
                label="Contract with the local authority"
                checked={form.contracts.localAuthority}
                onChange={(on) => setForm({ ...form, contracts: { ...form.contracts, localAuthority: on } })}
              />
              <Checkbox
                id="contract-sub-icb"
                label="Contract with the sub-ICB"
                checked={form.contracts.subIcb}
                onChange={(on) => setForm({ ...form, contracts: { ...form.contracts, subIcb: on } })}
              />
            </div>
          </Group>

          <Radios
            id={ID.outOfHours}
            legend="Do you accept out-of-hours admissions?"
            hint="Evenings, nights and weekends"
            error={errorFor(ID.outOfHours)}
            options={[
              { value: 'yes', label: 'Yes' },
              { value: 'no', label: 'No' },
            ]}
            value={form.outOfHoursAdmissions ? 'yes' : 'no'}
            onChange={(value) => setForm({ ...form, outOfHoursAdmissions: value === 'yes' })}
          />

          {data.canWrite ? (
            <button className="nhsuk-button" type="submit" disabled={busy}>
              Save services
            </button>
          ) : (
            <p className="nhsuk-body">You can see these services but not change them.</p>
          )}
        </form>
        {data.services ? (
          <p className="nhsuk-body">
            <a href={providerPaths.vacancies(locationId)}>
              Update vacancies<span className="nhsuk-u-visually-hidden"> for {data.name}</span>
            </a>
          </p>
        ) : null}
      </div>
    </div>
  );
}
