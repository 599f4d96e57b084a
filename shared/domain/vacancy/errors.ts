import type { VacancyTypeCode } from './vocabulary';

/** Machine codes of every rule the provider update can break; callers may switch on these. */
export const VALIDATION_RULES = [
  'not-an-object',
  'not-a-list',
  'unknown-field',
  'required',
  'invalid-type',
  'malformed-number',
  'not-whole-number',
  'negative',
  'too-large',
  'too-many-decimals',
  'too-short',
  'invalid-characters',
  'too-long',
  'too-many',
  'price-required',
  'price-minimum',
  'capacity-mismatch',
  'reason-required',
  'reason-without-beds',
  'unknown-reason',
  'unknown-code',
  'unknown-vacancy-type',
  'vacancy-type-not-offered',
  'duplicate-vacancy-type',
  'vacancy-type-missing',
  'duplicate',
  'short-stay-choice-required',
  'short-stay-none-exclusive',
  'vacancy-type-required',
] as const;
export type ValidationRule = (typeof VALIDATION_RULES)[number];

export const WARNING_RULES = ['capacity-above-registered'] as const;
export type WarningRule = (typeof WARNING_RULES)[number];

export type FieldError = {
  /** Slash-separated location in the input, e.g. 'rows/2/weeklyPriceFrom'; '' for the input itself. */
  path: string;
  /** The field the error is about (last named segment of path), for pinning it to a form control. */
  field: string;
  /** Set when the error is about one vacancy type's row (or a missing one). */
  vacancyType?: VacancyTypeCode;
  rule: ValidationRule;
  /** Complete sentence for people: names the vacancy type, the field and the rule. */
  message: string;
};

export type Warning = {
  path: string;
  field: string;
  rule: WarningRule;
  message: string;
};

export type Validation<T> = { ok: true; value: T; warnings: Warning[] } | { ok: false; errors: FieldError[] };

const QUOTE_MAX_LENGTH = 40;
/** Unknown fields named one by one per object before the rest are summarised in one error. */
export const MAX_UNKNOWN_FIELDS_REPORTED = 20;

/** Shows an offending input value inside a message, shortened so a huge value cannot flood the response. */
export function quote(value: unknown): string {
  if (typeof value === 'string') {
    const shown = value.length > QUOTE_MAX_LENGTH ? `${value.slice(0, QUOTE_MAX_LENGTH)}…` : value;
    return `'${shown}'`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}
