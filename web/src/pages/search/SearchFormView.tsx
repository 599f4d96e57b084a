import type { FormEvent, ReactNode } from 'react';
import { errorFor, type FormError, Radios, TextInput } from '../../components/forms';
import {
  FUNDING_OPTIONS,
  LONG_TERM_OPTIONS,
  RADII,
  RATING_OPTIONS,
  type SearchForm,
  type SearchOptions,
  SHORT_STAY_OPTIONS,
} from './model';

type Option = { code: string; label: string };

function toggle(list: readonly string[], value: string, on: boolean): string[] {
  return on ? (list.includes(value) ? [...list] : [...list, value]) : list.filter((v) => v !== value);
}

function Checkboxes({
  id,
  legend,
  hint,
  error,
  options,
  values,
  onChange,
  small = true,
}: {
  id: string;
  legend: string;
  hint?: string;
  error?: string;
  options: readonly Option[];
  values: readonly string[];
  onChange(values: string[]): void;
  small?: boolean;
}) {
  const describedBy = [hint ? `${id}-hint` : undefined, error ? `${id}-error` : undefined]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <fieldset className="nhsuk-fieldset" aria-describedby={describedBy || undefined}>
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
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
        <div className={`nhsuk-checkboxes${small ? ' nhsuk-checkboxes--small' : ''}`}>
          {options.map((option, index) => {
            const optionId = index === 0 ? id : `${id}-${option.code}`;
            return (
              <div className="nhsuk-checkboxes__item" key={option.code}>
                <input
                  className="nhsuk-checkboxes__input"
                  id={optionId}
                  name={id}
                  type="checkbox"
                  value={option.code}
                  checked={values.includes(option.code)}
                  onChange={(event) => onChange(toggle(values, option.code, event.target.checked))}
                />
                <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={optionId}>
                  {option.label}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

function Select({
  id,
  label,
  hint,
  error,
  value,
  options,
  onChange,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  value: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  onChange(value: string): void;
}) {
  const describedBy = [hint ? `${id}-hint` : undefined, error ? `${id}-error` : undefined]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
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
      <select
        className={`nhsuk-select${error ? ' nhsuk-select--error' : ''}`}
        id={id}
        name={id}
        value={value}
        aria-describedby={describedBy || undefined}
        onChange={(event) => onChange(event.target.value)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A collapsible group of filters: keeps the long form scannable; open when any of its filters is set. */
function FilterGroup({
  summary,
  active,
  children,
}: {
  summary: string;
  active: number;
  children: ReactNode;
}) {
  return (
    <details className="nhsuk-details cct-search-filters" open={active > 0 ? true : undefined}>
      <summary className="nhsuk-details__summary">
        <span className="nhsuk-details__summary-text">
          {summary}
          {active > 0 ? ` (${active} set)` : ''}
        </span>
      </summary>
      <div className="nhsuk-details__text">{children}</div>
    </details>
  );
}

const ANY_YES_NO = [
  { value: 'any', label: 'Any' },
  { value: 'true', label: 'Yes' },
  { value: 'false', label: 'No' },
];

export function SearchFormView({
  form,
  options,
  errors,
  busy,
  onChange,
  onSubmit,
  onReset,
}: {
  form: SearchForm;
  options: SearchOptions | undefined;
  errors: readonly FormError[];
  busy: boolean;
  onChange(form: SearchForm): void;
  onSubmit(): void;
  onReset(): void;
}) {
  const set =
    <K extends keyof SearchForm>(key: K) =>
    (value: SearchForm[K]) =>
      onChange({ ...form, [key]: value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  const typeOptions = form.stay === 'long-term' ? LONG_TERM_OPTIONS : SHORT_STAY_OPTIONS;
  const area = (list: Array<{ code: string | null; name: string | null }> | undefined) => [
    { value: '', label: 'Choose…' },
    ...(list ?? []).map((a) => ({
      value: a.code ?? a.name ?? '',
      label: a.name ? `${a.name}${a.code ? ` (${a.code})` : ''}` : (a.code ?? ''),
    })),
  ];
  const cqcActive =
    form.ratings.length + form.specialisms.length + form.serviceTypes.length + (form.brand ? 1 : 0);
  const placementActive =
    (form.maxWeeklyPrice ? 1 : 0) +
    (form.languages ? 1 : 0) +
    (form.notes ? 1 : 0) +
    form.fundingSources.length +
    (form.contractLa !== 'any' ? 1 : 0) +
    (form.contractSubIcb !== 'any' ? 1 : 0);

  return (
    <form onSubmit={submit} noValidate aria-label="Search for care home vacancies">
      <Radios
        id="search-by"
        legend="Search by"
        options={[
          { value: 'postcode', label: 'Postcode' },
          { value: 'la', label: 'Local authority' },
          { value: 'subIcb', label: 'Sub-ICB' },
          { value: 'icb', label: 'ICB' },
        ]}
        value={form.by}
        onChange={(v) => set('by')(v as SearchForm['by'])}
      />
      {form.by === 'postcode' ? (
        <div className="cct-search-row">
          <TextInput
            id="search-postcode"
            label="Postcode or outward code"
            hint="For example, B97 9PT or B97. Useful for placements out of your area."
            value={form.postcode}
            onChange={set('postcode')}
            error={errorFor(errors, 'search-postcode')}
            autoComplete="postal-code"
            width={10}
            spellCheck={false}
          />
          <Select
            id="search-radius"
            label="Within"
            value={form.radiusMiles}
            options={RADII.map((r) => ({ value: r, label: `${r} miles` }))}
            onChange={set('radiusMiles')}
            error={errorFor(errors, 'search-radius')}
          />
        </div>
      ) : null}
      {form.by === 'la' ? (
        <Select
          id="search-la"
          label="Local authority"
          value={form.la}
          options={[
            { value: '', label: 'Choose…' },
            ...(options?.localAuthorities ?? []).map((la) => ({ value: la, label: la })),
          ]}
          onChange={set('la')}
          error={errorFor(errors, 'search-la')}
        />
      ) : null}
      {form.by === 'subIcb' ? (
        <Select
          id="search-subIcb"
          label="Sub-ICB"
          value={form.subIcb}
          options={area(options?.subIcbs)}
          onChange={set('subIcb')}
          error={errorFor(errors, 'search-subIcb')}
        />
      ) : null}
      {form.by === 'icb' ? (
        <Select
          id="search-icb"
          label="ICB"
          value={form.icb}
          options={area(options?.icbs)}
          onChange={set('icb')}
          error={errorFor(errors, 'search-icb')}
        />
      ) : null}

      <Radios
        id="search-stay"
        legend="Long term or short stay"
        options={[
          { value: 'long-term', label: 'Long term' },
          { value: 'short-stay', label: 'Short stay' },
        ]}
        value={form.stay}
        // The vacancy type list depends on the stay; choices from the other list no longer apply.
        onChange={(v) => onChange({ ...form, stay: v as SearchForm['stay'], vacancyTypes: [] })}
      />
      <Radios
        id="search-accepting"
        legend="Accepting admission today"
        hint="Yes: only homes with a bed that can take an admission today, in the vacancy types you choose."
        options={[
          { value: 'true', label: 'Yes' },
          { value: 'false', label: 'No, show all homes' },
        ]}
        value={form.acceptingToday}
        onChange={(v) => set('acceptingToday')(v as SearchForm['acceptingToday'])}
      />
      <Checkboxes
        id="search-vacancy-types"
        legend={form.stay === 'long-term' ? 'Vacancy type' : 'Short stay service'}
        hint="Leave all unticked for all vacancy types."
        options={typeOptions}
        values={form.vacancyTypes}
        onChange={set('vacancyTypes')}
        error={errorFor(errors, 'search-vacancy-types')}
      />
      <Radios
        id="search-updated"
        legend="Vacancies last updated"
        hint="Discharge teams rely on homes updating at least every 24 hours."
        options={[
          { value: 'any', label: 'All results' },
          { value: '7d', label: 'Last 7 days' },
          { value: '24h', label: 'Last 24 hours' },
        ]}
        value={form.updatedWithin}
        onChange={(v) => set('updatedWithin')(v as SearchForm['updatedWithin'])}
      />
      <Radios
        id="search-out-of-hours"
        legend="Accepting out-of-hours admissions"
        options={ANY_YES_NO}
        value={form.outOfHours}
        onChange={(v) => set('outOfHours')(v as SearchForm['outOfHours'])}
      />

      <FilterGroup summary="CQC rating, brand, specialisms and service types" active={cqcActive}>
        <Checkboxes
          id="search-ratings"
          legend="CQC overall rating"
          hint="Leave all unticked for any rating."
          options={RATING_OPTIONS}
          values={form.ratings}
          onChange={set('ratings')}
        />
        <TextInput
          id="search-brand"
          label="Brand or provider"
          value={form.brand}
          onChange={set('brand')}
          error={errorFor(errors, 'search-brand')}
          width={20}
        />
        <Checkboxes
          id="search-specialisms"
          legend="CQC regulated activity, specialism or service user band"
          hint="Homes must have every one you tick."
          options={options?.specialisms ?? []}
          values={form.specialisms}
          onChange={set('specialisms')}
        />
        <Checkboxes
          id="search-service-types"
          legend="CQC service type"
          hint="Homes with any one you tick."
          options={options?.serviceTypes ?? []}
          values={form.serviceTypes}
          onChange={set('serviceTypes')}
        />
      </FilterGroup>

      <FilterGroup summary="Price, languages, notes, funding and contracts" active={placementActive}>
        <TextInput
          id="search-max-price"
          label="Approximate price per week, up to (£)"
          hint="Homes with a matching vacancy type priced from this or less."
          value={form.maxWeeklyPrice}
          onChange={set('maxWeeklyPrice')}
          inputMode="decimal"
          width={5}
          error={errorFor(errors, 'search-max-price')}
        />
        <TextInput
          id="search-languages"
          label="Required languages"
          hint="English is included by default. Separate languages with commas."
          value={form.languages}
          onChange={set('languages')}
          width={20}
          error={errorFor(errors, 'search-languages')}
        />
        <TextInput
          id="search-notes"
          label="Notes contain"
          hint="Words the home's notes must contain, for example hoist, bariatric, wheelchair, lift, pets allowed."
          value={form.notes}
          onChange={set('notes')}
          width={20}
          error={errorFor(errors, 'search-notes')}
        />
        <Checkboxes
          id="search-funding"
          legend="Funding sources accepted"
          hint="Homes accepting any one you tick."
          options={FUNDING_OPTIONS}
          values={form.fundingSources}
          onChange={set('fundingSources')}
        />
        <Radios
          id="search-contract-la"
          legend="Contract with the local authority"
          options={ANY_YES_NO}
          value={form.contractLa}
          onChange={(v) => set('contractLa')(v as SearchForm['contractLa'])}
        />
        <Radios
          id="search-contract-sub-icb"
          legend="Contract with the sub-ICB"
          options={ANY_YES_NO}
          value={form.contractSubIcb}
          onChange={(v) => set('contractSubIcb')(v as SearchForm['contractSubIcb'])}
        />
      </FilterGroup>

      <div className="nhsuk-button-group">
        <button className="nhsuk-button" type="submit" disabled={busy} data-module="nhsuk-button">
          Search
        </button>
        <button className="nhsuk-button nhsuk-button--secondary" type="button" onClick={onReset}>
          Clear filters
        </button>
      </div>
    </form>
  );
}
