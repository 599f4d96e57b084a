import {
  type ChangeEvent,
  type HTMLInputAutoCompleteAttribute,
  type MouseEvent,
  type ReactNode,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react';

/** One problem with what was entered. `field` is the id of the input it belongs to. */
export interface FormError {
  field?: string;
  message: string;
}

export function errorFor(errors: readonly FormError[], field: string): string | undefined {
  return errors.find((e) => e.field === field)?.message;
}

/**
 * The NHS error summary: shown at the top of the page, takes focus each time a new set of
 * errors arrives (so screen readers announce it), and each link moves focus to its field.
 */
export function ErrorSummary({
  errors,
  title = 'There is a problem',
  children,
}: {
  errors: readonly FormError[];
  title?: string;
  /** Extra explanation under the list, e.g. a link to another page. */
  children?: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (errors.length > 0) ref.current?.focus();
  }, [errors]);

  if (errors.length === 0) return null;

  const focusField = (event: MouseEvent<HTMLAnchorElement>, field: string) => {
    const input = document.getElementById(field);
    if (!input) return;
    event.preventDefault();
    // Bring the label into view with the input, as the NHS design system does.
    const label = document.querySelector(`label[for="${CSS.escape(field)}"]`) ?? input.closest('fieldset');
    (label ?? input).scrollIntoView();
    input.focus({ preventScroll: true });
  };

  return (
    <div className="nhsuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 className="nhsuk-error-summary__heading">{title}</h2>
        <div className="nhsuk-error-summary__body">
          <ul className="nhsuk-list nhsuk-error-summary__list">
            {errors.map((error) => (
              <li key={`${error.field ?? ''}:${error.message}`}>
                {error.field ? (
                  <a href={`#${error.field}`} onClick={(event) => focusField(event, error.field ?? '')}>
                    {error.message}
                  </a>
                ) : (
                  error.message
                )}
              </li>
            ))}
          </ul>
          {children}
        </div>
      </div>
    </div>
  );
}

function ErrorMessage({ id, message }: { id: string; message: string }) {
  return (
    <span className="nhsuk-error-message" id={id}>
      <span className="nhsuk-u-visually-hidden">Error: </span>
      {message}
    </span>
  );
}

export interface TextInputProps {
  id: string;
  name?: string;
  label: ReactNode;
  /** Render the label as the page's h1 (one question per page). */
  labelIsPageHeading?: boolean;
  labelSize?: 's' | 'm' | 'l' | 'xl';
  hint?: ReactNode;
  error?: string;
  value: string;
  onChange(value: string): void;
  type?: 'text' | 'email' | 'tel' | 'number' | 'search' | 'url';
  autoComplete?: HTMLInputAutoCompleteAttribute;
  inputMode?: 'text' | 'numeric' | 'decimal' | 'email' | 'tel' | 'search' | 'url' | 'none';
  spellCheck?: boolean;
  width?: 2 | 3 | 4 | 5 | 10 | 20 | 30;
  code?: boolean;
  disabled?: boolean;
}

function Label({
  id,
  label,
  size,
  asHeading,
}: {
  id: string;
  label: ReactNode;
  size: TextInputProps['labelSize'];
  asHeading: boolean | undefined;
}) {
  const className = `nhsuk-label${size ? ` nhsuk-label--${size}` : ''}`;
  const element = (
    <label className={className} htmlFor={id}>
      {label}
    </label>
  );
  return asHeading ? <h1 className="nhsuk-label-wrapper">{element}</h1> : element;
}

export function TextInput(props: TextInputProps) {
  const hintId = `${props.id}-hint`;
  const errorId = `${props.id}-error`;
  const describedBy = [props.hint ? hintId : undefined, props.error ? errorId : undefined]
    .filter(Boolean)
    .join(' ');
  const classes = ['nhsuk-input'];
  if (props.code) classes.push('nhsuk-input--code');
  if (props.error) classes.push('nhsuk-input--error');
  if (props.width) classes.push(`nhsuk-input--width-${props.width}`);
  return (
    <div className={`nhsuk-form-group${props.error ? ' nhsuk-form-group--error' : ''}`}>
      <Label id={props.id} label={props.label} size={props.labelSize} asHeading={props.labelIsPageHeading} />
      {props.hint ? (
        <div className="nhsuk-hint" id={hintId}>
          {props.hint}
        </div>
      ) : null}
      {props.error ? <ErrorMessage id={errorId} message={props.error} /> : null}
      <input
        className={classes.join(' ')}
        id={props.id}
        name={props.name ?? props.id}
        type={props.type ?? 'text'}
        value={props.value}
        onChange={(event: ChangeEvent<HTMLInputElement>) => props.onChange(event.target.value)}
        aria-describedby={describedBy || undefined}
        aria-invalid={props.error ? true : undefined}
        autoComplete={props.autoComplete}
        inputMode={props.inputMode}
        spellCheck={props.spellCheck}
        disabled={props.disabled}
      />
    </div>
  );
}

export interface PasswordInputProps {
  id: string;
  name?: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  value: string;
  onChange(value: string): void;
  autoComplete: 'current-password' | 'new-password';
}

/** The NHS password input, with its Show/Hide button (announced to screen readers). */
export function PasswordInput(props: PasswordInputProps) {
  const [visible, setVisible] = useState(false);
  const statusId = useId();
  const hintId = `${props.id}-hint`;
  const errorId = `${props.id}-error`;
  const describedBy = [props.hint ? hintId : undefined, props.error ? errorId : undefined]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={`nhsuk-form-group nhsuk-password-input${props.error ? ' nhsuk-form-group--error' : ''}`}>
      <Label id={props.id} label={props.label} size={undefined} asHeading={false} />
      {props.hint ? (
        <div className="nhsuk-hint" id={hintId}>
          {props.hint}
        </div>
      ) : null}
      {props.error ? <ErrorMessage id={errorId} message={props.error} /> : null}
      <div className="nhsuk-input-wrapper">
        <input
          className={`nhsuk-input nhsuk-password-input__input${props.error ? ' nhsuk-input--error' : ''}`}
          id={props.id}
          name={props.name ?? props.id}
          type={visible ? 'text' : 'password'}
          value={props.value}
          onChange={(event) => props.onChange(event.target.value)}
          spellCheck={false}
          autoCapitalize="none"
          autoComplete={props.autoComplete}
          aria-describedby={describedBy || undefined}
          aria-invalid={props.error ? true : undefined}
        />
        <button
          className="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-password-input__toggle"
          type="button"
          aria-controls={props.id}
          aria-label={visible ? 'Hide password' : 'Show password'}
          onClick={() => setVisible((v) => !v)}
        >
          {visible ? 'Hide' : 'Show'}
        </button>
      </div>
      <div className="nhsuk-u-visually-hidden" aria-live="polite" id={statusId}>
        {visible ? 'Your password is visible' : ''}
      </div>
    </div>
  );
}

export function Button({
  children,
  variant,
  type = 'submit',
  disabled,
  onClick,
}: {
  children: ReactNode;
  variant?: 'secondary' | 'warning' | 'reverse' | 'login';
  type?: 'submit' | 'button';
  disabled?: boolean;
  onClick?(): void;
}) {
  return (
    <button
      className={`nhsuk-button${variant ? ` nhsuk-button--${variant}` : ''}`}
      type={type}
      disabled={disabled}
      aria-disabled={disabled ? true : undefined}
      onClick={onClick}
    >
      {children}
    </button>
  );
}

/** An NHS inset or success notification, announced when it appears. */
export function SuccessBanner({ title = 'Success', children }: { title?: string; children: ReactNode }) {
  const id = useId();
  return (
    <div
      className="nhsuk-notification-banner nhsuk-notification-banner--success"
      role="alert"
      aria-labelledby={id}
    >
      <div className="nhsuk-notification-banner__header">
        <h2 className="nhsuk-notification-banner__title" id={id}>
          {title}
        </h2>
      </div>
      <div className="nhsuk-notification-banner__content">{children}</div>
    </div>
  );
}

export function ImportantBanner({ title = 'Important', children }: { title?: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="nhsuk-notification-banner" aria-labelledby={id}>
      <div className="nhsuk-notification-banner__header">
        <h2 className="nhsuk-notification-banner__title" id={id}>
          {title}
        </h2>
      </div>
      <div className="nhsuk-notification-banner__content">{children}</div>
    </section>
  );
}

export interface RadioOption {
  value: string;
  label: ReactNode;
  hint?: ReactNode;
}

export function Radios({
  id,
  name,
  legend,
  legendIsPageHeading,
  hint,
  error,
  options,
  value,
  onChange,
}: {
  /** Id of the first radio; the error summary links here. */
  id: string;
  name?: string;
  legend: ReactNode;
  legendIsPageHeading?: boolean;
  hint?: ReactNode;
  error?: string;
  options: readonly RadioOption[];
  value: string;
  onChange(value: string): void;
}) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : undefined, error ? errorId : undefined].filter(Boolean).join(' ');
  return (
    <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <fieldset className="nhsuk-fieldset" aria-describedby={describedBy || undefined}>
        <legend
          className={`nhsuk-fieldset__legend${legendIsPageHeading ? ' nhsuk-fieldset__legend--l' : ' nhsuk-fieldset__legend--s'}`}
        >
          {legendIsPageHeading ? <h1 className="nhsuk-fieldset__heading">{legend}</h1> : legend}
        </legend>
        {hint ? (
          <div className="nhsuk-hint" id={hintId}>
            {hint}
          </div>
        ) : null}
        {error ? <ErrorMessage id={errorId} message={error} /> : null}
        <div className="nhsuk-radios">
          {options.map((option, index) => {
            const optionId = index === 0 ? id : `${id}-${index + 1}`;
            return (
              <div className="nhsuk-radios__item" key={option.value}>
                <input
                  className="nhsuk-radios__input"
                  id={optionId}
                  name={name ?? id}
                  type="radio"
                  value={option.value}
                  checked={value === option.value}
                  onChange={() => onChange(option.value)}
                  aria-describedby={option.hint ? `${optionId}-item-hint` : undefined}
                />
                <label className="nhsuk-label nhsuk-radios__label" htmlFor={optionId}>
                  {option.label}
                </label>
                {option.hint ? (
                  <div className="nhsuk-hint nhsuk-radios__hint" id={`${optionId}-item-hint`}>
                    {option.hint}
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

export function Textarea({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  rows = 5,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  value: string;
  onChange(value: string): void;
  rows?: number;
}) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : undefined, error ? errorId : undefined].filter(Boolean).join(' ');
  return (
    <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div className="nhsuk-hint" id={hintId}>
          {hint}
        </div>
      ) : null}
      {error ? <ErrorMessage id={errorId} message={error} /> : null}
      <textarea
        className={`nhsuk-textarea${error ? ' nhsuk-textarea--error' : ''}`}
        id={id}
        name={id}
        rows={rows}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={describedBy || undefined}
      />
    </div>
  );
}

/** A link styled as a button, for calls to action that go to another page (it stays a link: it navigates). */
export function ButtonLink({
  href,
  children,
  variant,
}: {
  href: string;
  children: ReactNode;
  variant?: 'secondary' | 'reverse' | 'login';
}) {
  return (
    <a href={href} className={`nhsuk-button${variant ? ` nhsuk-button--${variant}` : ''}`} draggable={false}>
      {children}
    </a>
  );
}
