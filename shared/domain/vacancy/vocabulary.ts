/**
 * The fixed vocabulary of the provider update. Codes are stable identifiers (stored, sent over the
 * API, used in the bulk template and search index); labels are what people read and may be reworded
 * without a data migration.
 */

export const SHORT_STAY_SERVICES = [
  { code: 'discharge-to-assess', label: 'Discharge to Assess' },
  { code: 'intermediate-care', label: 'Intermediate Care' },
  { code: 'reablement-support', label: 'Reablement Support' },
  { code: 'rehabilitation', label: 'Rehabilitation' },
  { code: 'respite-care', label: 'Respite Care' },
] as const;
export type ShortStayServiceCode = (typeof SHORT_STAY_SERVICES)[number]['code'];
export const SHORT_STAY_SERVICE_CODES = codesOf(SHORT_STAY_SERVICES);
/** Label of the explicit "none" choice for short-stay services. */
export const SHORT_STAY_NONE_LABEL = 'Short stay services not provided';

/** Long-term vacancy types, in the order the provider update table and the bulk template show them. */
export const VACANCY_TYPES = [
  { code: 'community-care', label: 'Community Care' },
  { code: 'dementia-nursing', label: 'Dementia Nursing' },
  { code: 'dementia-residential', label: 'Dementia Residential' },
  { code: 'general-nursing', label: 'General Nursing' },
  { code: 'general-residential', label: 'General Residential' },
  { code: 'learning-disability-nursing', label: 'Learning Disability Nursing' },
  { code: 'learning-disability-residential', label: 'Learning Disability Residential' },
  { code: 'mental-health-nursing', label: 'Mental Health Nursing' },
  { code: 'mental-health-residential', label: 'Mental Health Residential' },
  { code: 'ypd', label: 'YPD (Young Physically Disabled)' },
] as const;
export type VacancyTypeCode = (typeof VACANCY_TYPES)[number]['code'];
export const VACANCY_TYPE_CODES = codesOf(VACANCY_TYPES);

export const NOT_AVAILABLE_REASONS = [
  { code: 'covid-outbreak', label: 'COVID outbreak' },
  { code: 'local-authority-safeguarding', label: 'Local Authority safeguarding' },
  { code: 'management-decision', label: 'Management decision' },
  { code: 'other-health-outbreak', label: 'Other health outbreak (e.g. norovirus)' },
  { code: 'refurbishment', label: 'Refurbishment' },
] as const;
export type NotAvailableReasonCode = (typeof NOT_AVAILABLE_REASONS)[number]['code'];
export const NOT_AVAILABLE_REASON_CODES = codesOf(NOT_AVAILABLE_REASONS);

export const FUNDING_SOURCES = [
  { code: 'sub-icb', label: 'Sub-ICB' },
  { code: 'local-authority', label: 'Local authority' },
  { code: 'private', label: 'Private' },
  { code: 'personal-health-budget', label: 'Personal health budget' },
] as const;
export type FundingSourceCode = (typeof FUNDING_SOURCES)[number]['code'];
export const FUNDING_SOURCE_CODES = codesOf(FUNDING_SOURCES);

/** Derived from the bed state (see admissionStatus), never entered. */
export const ADMISSION_STATUSES = [
  { code: 'accepting', label: 'Accepting admissions' },
  { code: 'not-accepting', label: 'Not accepting admissions' },
] as const;
export type AdmissionStatus = (typeof ADMISSION_STATUSES)[number]['code'];
export const ADMISSION_STATUS_CODES = codesOf(ADMISSION_STATUSES);

export const shortStayServiceLabel = (code: ShortStayServiceCode): string =>
  labelOf(SHORT_STAY_SERVICES, code);
export const vacancyTypeLabel = (code: VacancyTypeCode): string => labelOf(VACANCY_TYPES, code);
export const notAvailableReasonLabel = (code: NotAvailableReasonCode): string =>
  labelOf(NOT_AVAILABLE_REASONS, code);
export const fundingSourceLabel = (code: FundingSourceCode): string => labelOf(FUNDING_SOURCES, code);
export const admissionStatusLabel = (code: AdmissionStatus): string => labelOf(ADMISSION_STATUSES, code);

export const isVacancyTypeCode = (value: unknown): value is VacancyTypeCode =>
  typeof value === 'string' && (VACANCY_TYPE_CODES as readonly string[]).includes(value);
export const isNotAvailableReasonCode = (value: unknown): value is NotAvailableReasonCode =>
  typeof value === 'string' && (NOT_AVAILABLE_REASON_CODES as readonly string[]).includes(value);

type Term = { readonly code: string; readonly label: string };

/** Non-empty tuple of codes, the shape z.enum needs. */
function codesOf<const T extends readonly [Term, ...Term[]]>(
  terms: T,
): [T[number]['code'], ...T[number]['code'][]] {
  const [first, ...rest] = terms;
  return [first.code, ...rest.map((term) => term.code)];
}

function labelOf<T extends Term>(terms: readonly T[], code: T['code']): string {
  const term = terms.find((candidate) => candidate.code === code);
  // Unreachable for a well-typed code; kept so a bad value from storage is visible, not blank.
  return term ? term.label : String(code);
}
