import { z } from 'zod';
import {
  type FieldError,
  MAX_UNKNOWN_FIELDS_REPORTED,
  quote,
  type Validation,
  type ValidationRule,
  type Warning,
} from './errors';
import type { ServicesOffered } from './services-offered';
import {
  isNotAvailableReasonCode,
  isVacancyTypeCode,
  NOT_AVAILABLE_REASON_CODES,
  NOT_AVAILABLE_REASONS,
  type NotAvailableReasonCode,
  notAvailableReasonLabel,
  VACANCY_TYPE_CODES,
  type VacancyTypeCode,
  vacancyTypeLabel,
} from './vocabulary';

/** "Costs should be above £100 or the system will return an error message" (provider support pack). */
export const MIN_WEEKLY_PRICE = 100;
/** Sanity ceiling: catches prices typed in pence or with an extra digit. Bespoke placements stay well below. */
export const MAX_WEEKLY_PRICE = 25_000;
/** Sanity ceiling per vacancy type: the largest homes in England have a few hundred beds in total. */
export const MAX_BEDS_PER_VACANCY_TYPE = 1000;
/** More rows than vacancy types is allowed (so duplicates get a precise error) but bounded. */
export const MAX_BED_STATE_ROWS = 50;

export const BED_COUNT_FIELDS = [
  'maximumCapacity',
  'occupied',
  'vacantReserved',
  'vacantAccepting',
  'vacantNotAvailable',
] as const;
export type BedCountField = (typeof BED_COUNT_FIELDS)[number];

export const BED_STATE_ROW_FIELDS = [
  'vacancyType',
  'weeklyPriceFrom',
  ...BED_COUNT_FIELDS,
  'notAvailableReason',
  'flexible',
] as const;
export type BedStateRowField = (typeof BED_STATE_ROW_FIELDS)[number];

const BED_STATE_FIELDS = ['rows', 'outOfHoursAdmissions'] as const;

export const BED_STATE_FIELD_LABELS: Record<BedStateRowField | (typeof BED_STATE_FIELDS)[number], string> = {
  rows: 'Vacancy types',
  outOfHoursAdmissions: 'Accepting out-of-hours admissions',
  vacancyType: 'Vacancy type',
  weeklyPriceFrom: 'Weekly price from',
  maximumCapacity: 'Maximum capacity',
  occupied: 'Occupied',
  vacantReserved: 'Vacant reserved',
  vacantAccepting: 'Vacant accepting admissions',
  vacantNotAvailable: 'Vacant not available for admission',
  notAvailableReason: 'Reason not available',
  flexible: 'Flexible price',
};

export type BedStateRow = {
  vacancyType: VacancyTypeCode;
  /** Pounds per week, at most 2 decimals; null only where maximum capacity is 0. */
  weeklyPriceFrom: number | null;
  maximumCapacity: number;
  /** Residents, including one in hospital whose bed is held for their return. */
  occupied: number;
  /** Vacant, pending a new resident. */
  vacantReserved: number;
  /** Vacant and can be admitted to today, including block-booked / LA / NHS funded beds. */
  vacantAccepting: number;
  vacantNotAvailable: number;
  /** Set exactly when vacantNotAvailable > 0. */
  notAvailableReason: NotAvailableReasonCode | null;
  flexible: boolean;
};

export type BedState = {
  /** One row per vacancy type the home offers, in VACANCY_TYPES order. */
  rows: BedStateRow[];
  outOfHoursAdmissions: boolean;
};

type RowRuleFinding = { field: BedStateRowField; rule: ValidationRule; message: string };

/**
 * The arithmetic and consistency rules of one row, shared by bedStateInputSchema and validateBedState.
 * Works on a partial row: a rule whose inputs did not parse is skipped, so one malformed number does
 * not hide the other rules' findings, nor produce a second, confusing error about the same mistake.
 */
export function bedStateRowRules(row: Partial<BedStateRow>, label: string): RowRuleFinding[] {
  const findings: RowRuleFinding[] = [];
  const { weeklyPriceFrom: price, maximumCapacity: capacity, vacantNotAvailable: notAvailable } = row;
  const reason = row.notAvailableReason;

  if (capacity !== undefined && capacity > 0 && price !== undefined) {
    if (price === null) {
      findings.push({
        field: 'weeklyPriceFrom',
        rule: 'price-required',
        message: `${label}: Weekly price from is required when maximum capacity is more than 0`,
      });
    } else if (price < MIN_WEEKLY_PRICE) {
      findings.push({
        field: 'weeklyPriceFrom',
        rule: 'price-minimum',
        message: `${label}: Weekly price from must be at least ${pounds(MIN_WEEKLY_PRICE)} when maximum capacity is more than 0 (got ${pounds(price)})`,
      });
    }
  }

  const { occupied, vacantReserved, vacantAccepting } = row;
  if (
    capacity !== undefined &&
    occupied !== undefined &&
    vacantReserved !== undefined &&
    vacantAccepting !== undefined &&
    notAvailable !== undefined
  ) {
    const sum = occupied + vacantReserved + vacantAccepting + notAvailable;
    if (sum !== capacity) {
      findings.push({
        field: 'maximumCapacity',
        rule: 'capacity-mismatch',
        message: `${label}: Maximum capacity must equal occupied + vacant reserved + vacant accepting admissions + vacant not available, but ${occupied} + ${vacantReserved} + ${vacantAccepting} + ${notAvailable} = ${sum}, not ${capacity}`,
      });
    }
  }

  if (notAvailable !== undefined && reason !== undefined) {
    if (notAvailable > 0 && reason === null) {
      findings.push({
        field: 'notAvailableReason',
        rule: 'reason-required',
        message: `${label}: Reason not available is required when vacant not available for admission is more than 0 (choose one of: ${reasonList()})`,
      });
    } else if (notAvailable === 0 && reason !== null) {
      findings.push({
        field: 'notAvailableReason',
        rule: 'reason-without-beds',
        message: `${label}: Reason not available was given (${notAvailableReasonLabel(reason)}) but no beds are not available; clear the reason or enter the number of beds not available`,
      });
    }
  }
  return findings;
}

const countSchema = z.number().int().min(0).max(MAX_BEDS_PER_VACANCY_TYPE);
const priceSchema = z.number().min(0).max(MAX_WEEKLY_PRICE).refine(hasAtMostTwoDecimals);

export const bedStateRowInputSchema = z
  .strictObject({
    vacancyType: z.enum(VACANCY_TYPE_CODES),
    weeklyPriceFrom: priceSchema.nullable(),
    maximumCapacity: countSchema,
    occupied: countSchema,
    vacantReserved: countSchema,
    vacantAccepting: countSchema,
    vacantNotAvailable: countSchema,
    notAvailableReason: z.enum(NOT_AVAILABLE_REASON_CODES).nullable(),
    flexible: z.boolean(),
  })
  .superRefine((row, ctx) => {
    for (const finding of bedStateRowRules(row, vacancyTypeLabel(row.vacancyType))) {
      ctx.addIssue({
        code: 'custom',
        path: [finding.field],
        params: { rule: finding.rule },
        message: finding.message,
      });
    }
  });

/**
 * The shape of a provider update: the whole table in one request. It describes the input (types,
 * OpenAPI, documentation) and holds the context-free rules; validateBedState is the authority every
 * source goes through, because it also knows which vacancy types the home offers and words every
 * error for people. Pass raw input straight to validateBedState rather than parsing with this first.
 */
export const bedStateInputSchema = z.strictObject({
  rows: z.array(bedStateRowInputSchema).max(MAX_BED_STATE_ROWS),
  /** Omitted: keep the home's current answer (ServicesOffered.outOfHoursAdmissions). */
  outOfHoursAdmissions: z.boolean().optional(),
});
export type BedStateInput = z.input<typeof bedStateInputSchema>;

type HomeServices = Pick<ServicesOffered, 'vacancyTypes' | 'outOfHoursAdmissions'>;

/**
 * Validates a whole provider update against what the home offers, collecting every error.
 * On success the value is normalised: rows in VACANCY_TYPES order, prices rounded to pennies, and
 * outOfHoursAdmissions resolved (the input's answer, else the home's current one).
 * registeredBeds is CQC's registered bed count; a total capacity above it is a warning only, since
 * CQC's figure can lag behind the home.
 */
export function validateBedState(
  input: unknown,
  services: HomeServices,
  registeredBeds?: number | null,
): Validation<BedState> {
  const errors: FieldError[] = [];
  if (!isRecord(input)) {
    return {
      ok: false,
      errors: [
        {
          path: '',
          field: '',
          rule: 'not-an-object',
          message: 'The update must be an object with a list of rows, one per vacancy type',
        },
      ],
    };
  }
  errors.push(...unknownFields(input, BED_STATE_FIELDS, [], ''));

  let outOfHoursAdmissions = services.outOfHoursAdmissions;
  const outOfHours = own(input, 'outOfHoursAdmissions');
  if (typeof outOfHours === 'boolean') {
    outOfHoursAdmissions = outOfHours;
  } else if (outOfHours !== undefined) {
    errors.push({
      path: 'outOfHoursAdmissions',
      field: 'outOfHoursAdmissions',
      rule: 'invalid-type',
      message: `Accepting out-of-hours admissions must be true or false (got ${quote(outOfHours)})`,
    });
  }

  const rowsInput = own(input, 'rows');
  if (!Array.isArray(rowsInput)) {
    errors.push({
      path: 'rows',
      field: 'rows',
      rule: rowsInput === undefined ? 'required' : 'not-a-list',
      message:
        rowsInput === undefined
          ? 'Vacancy types are required: include a row for every vacancy type the home offers'
          : `Vacancy types must be a list of rows (got ${quote(rowsInput)})`,
    });
    return { ok: false, errors };
  }
  if (rowsInput.length > MAX_BED_STATE_ROWS) {
    errors.push({
      path: 'rows',
      field: 'rows',
      rule: 'too-many',
      message: `Vacancy types: at most ${MAX_BED_STATE_ROWS} rows are accepted (got ${rowsInput.length})`,
    });
    return { ok: false, errors };
  }

  const offered = new Set<VacancyTypeCode>(services.vacancyTypes);
  const firstRowOf = new Map<VacancyTypeCode, number>();
  const rows: BedStateRow[] = [];
  rowsInput.forEach((rawRow: unknown, index) => {
    const row = validateRow(rawRow, index, offered, firstRowOf, errors);
    if (row) rows.push(row);
  });

  for (const code of services.vacancyTypes) {
    if (!firstRowOf.has(code)) {
      errors.push({
        path: 'rows',
        field: 'rows',
        vacancyType: code,
        rule: 'vacancy-type-missing',
        message: `${vacancyTypeLabel(code)}: missing from the update; the home offers this vacancy type, so include its row (enter 0 where there are no beds)`,
      });
    }
  }

  if (errors.length > 0) return { ok: false, errors };

  rows.sort((a, b) => VACANCY_TYPE_CODES.indexOf(a.vacancyType) - VACANCY_TYPE_CODES.indexOf(b.vacancyType));
  const warnings: Warning[] = [];
  const totalCapacity = rows.reduce((total, row) => total + row.maximumCapacity, 0);
  if (
    typeof registeredBeds === 'number' &&
    Number.isFinite(registeredBeds) &&
    totalCapacity > registeredBeds
  ) {
    warnings.push({
      path: 'rows',
      field: 'maximumCapacity',
      rule: 'capacity-above-registered',
      message: `Total maximum capacity (${totalCapacity}) is more than the CQC registered bed capacity (${registeredBeds}); please check the figures`,
    });
  }
  return { ok: true, value: { rows, outOfHoursAdmissions }, warnings };
}

function validateRow(
  rawRow: unknown,
  index: number,
  offered: ReadonlySet<VacancyTypeCode>,
  firstRowOf: Map<VacancyTypeCode, number>,
  errors: FieldError[],
): BedStateRow | undefined {
  const base = `rows/${index}`;
  if (!isRecord(rawRow)) {
    errors.push({
      path: base,
      field: 'rows',
      rule: 'not-an-object',
      message: `Row ${index + 1} must be an object holding one vacancy type's figures (got ${quote(rawRow)})`,
    });
    return undefined;
  }

  const rawType = own(rawRow, 'vacancyType');
  const vacancyType = isVacancyTypeCode(rawType) ? rawType : undefined;
  const label = vacancyType ? vacancyTypeLabel(vacancyType) : `Row ${index + 1}`;
  const rowErrorCount = errors.length;
  const fail = (field: BedStateRowField, rule: ValidationRule, message: string): undefined => {
    errors.push({
      path: `${base}/${field}`,
      field,
      ...(vacancyType ? { vacancyType } : {}),
      rule,
      message,
    });
    return undefined;
  };

  if (rawType === undefined) {
    fail('vacancyType', 'required', `${label}: Vacancy type is required`);
  } else if (typeof rawType !== 'string') {
    fail(
      'vacancyType',
      'invalid-type',
      `${label}: Vacancy type must be a vacancy type code (got ${quote(rawType)})`,
    );
  } else if (!vacancyType) {
    fail('vacancyType', 'unknown-vacancy-type', `${label}: ${quote(rawType)} is an unknown vacancy type`);
  } else if (!offered.has(vacancyType)) {
    fail(
      'vacancyType',
      'vacancy-type-not-offered',
      `${label}: this vacancy type is not offered by this home; add it to the services offered first, or remove the row`,
    );
  } else {
    const first = firstRowOf.get(vacancyType);
    if (first === undefined) {
      firstRowOf.set(vacancyType, index);
    } else {
      fail(
        'vacancyType',
        'duplicate-vacancy-type',
        `${label}: appears more than once (rows ${first + 1} and ${index + 1}); each vacancy type must appear once`,
      );
    }
  }

  errors.push(
    ...unknownFields(
      rawRow,
      BED_STATE_ROW_FIELDS,
      vacancyType ? [vacancyType] : [],
      base,
      `${label}: unknown`,
    ),
  );

  const weeklyPriceFrom = parsePrice(own(rawRow, 'weeklyPriceFrom'), label, fail);
  const counts: Partial<Record<BedCountField, number>> = {};
  for (const field of BED_COUNT_FIELDS) {
    counts[field] = parseCount(own(rawRow, field), field, label, fail);
  }
  const notAvailableReason = parseReason(own(rawRow, 'notAvailableReason'), label, fail);
  const flexible = parseFlexible(own(rawRow, 'flexible'), label, fail);

  const partial: Partial<BedStateRow> = { weeklyPriceFrom, ...counts, notAvailableReason };
  for (const finding of bedStateRowRules(partial, label)) fail(finding.field, finding.rule, finding.message);

  const { maximumCapacity, occupied, vacantReserved, vacantAccepting, vacantNotAvailable } = counts;
  if (
    errors.length > rowErrorCount ||
    vacancyType === undefined ||
    weeklyPriceFrom === undefined ||
    maximumCapacity === undefined ||
    occupied === undefined ||
    vacantReserved === undefined ||
    vacantAccepting === undefined ||
    vacantNotAvailable === undefined ||
    notAvailableReason === undefined ||
    flexible === undefined
  ) {
    return undefined;
  }
  return {
    vacancyType,
    weeklyPriceFrom,
    maximumCapacity,
    occupied,
    vacantReserved,
    vacantAccepting,
    vacantNotAvailable,
    notAvailableReason,
    flexible,
  };
}

type Fail = (field: BedStateRowField, rule: ValidationRule, message: string) => undefined;

function parseCount(value: unknown, field: BedCountField, label: string, fail: Fail): number | undefined {
  const name = `${label}: ${BED_STATE_FIELD_LABELS[field]}`;
  if (value === undefined) return fail(field, 'required', `${name} is required`);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return fail(
      field,
      'malformed-number',
      `${name} must be a whole number of beds, not ${describeMalformed(value)}`,
    );
  }
  if (!Number.isInteger(value)) {
    return fail(field, 'not-whole-number', `${name} must be a whole number of beds (got ${value})`);
  }
  if (value < 0) return fail(field, 'negative', `${name} cannot be negative (got ${value})`);
  if (value > MAX_BEDS_PER_VACANCY_TYPE) {
    return fail(field, 'too-large', `${name} must be at most ${MAX_BEDS_PER_VACANCY_TYPE} (got ${value})`);
  }
  return value;
}

function parsePrice(value: unknown, label: string, fail: Fail): number | null | undefined {
  const name = `${label}: Weekly price from`;
  if (value === undefined) {
    return fail('weeklyPriceFrom', 'required', `${name} is required (use null when maximum capacity is 0)`);
  }
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return fail(
      'weeklyPriceFrom',
      'malformed-number',
      `${name} must be an amount in pounds such as 1175.00, not ${describeMalformed(value)}`,
    );
  }
  if (value < 0) return fail('weeklyPriceFrom', 'negative', `${name} cannot be negative (got ${value})`);
  if (value > MAX_WEEKLY_PRICE) {
    return fail(
      'weeklyPriceFrom',
      'too-large',
      `${name} must be at most ${pounds(MAX_WEEKLY_PRICE)} (got ${value})`,
    );
  }
  if (!hasAtMostTwoDecimals(value)) {
    return fail(
      'weeklyPriceFrom',
      'too-many-decimals',
      `${name} must be in pounds with at most 2 decimal places (got ${value})`,
    );
  }
  return Math.round(value * 100) / 100;
}

function parseReason(value: unknown, label: string, fail: Fail): NotAvailableReasonCode | null | undefined {
  const name = `${label}: Reason not available`;
  if (value === undefined) {
    return fail(
      'notAvailableReason',
      'required',
      `${name} is required (use null when no beds are not available)`,
    );
  }
  if (value === null) return null;
  if (isNotAvailableReasonCode(value)) return value;
  if (typeof value !== 'string') {
    return fail(
      'notAvailableReason',
      'invalid-type',
      `${name} must be a reason code or null (got ${quote(value)})`,
    );
  }
  return fail(
    'notAvailableReason',
    'unknown-reason',
    `${name}: ${quote(value)} is not a reason from the list (${reasonList()})`,
  );
}

function parseFlexible(value: unknown, label: string, fail: Fail): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === undefined)
    return fail('flexible', 'required', `${label}: Flexible price is required (true or false)`);
  return fail(
    'flexible',
    'invalid-type',
    `${label}: Flexible price must be true or false (got ${quote(value)})`,
  );
}

function unknownFields(
  object: Record<string, unknown>,
  known: readonly string[],
  vacancyType: readonly VacancyTypeCode[],
  base: string,
  prefix = 'Unknown',
): FieldError[] {
  const extras = Object.keys(object).filter((key) => !known.includes(key));
  const located = (key: string) => (base === '' ? key : `${base}/${key}`);
  const typed = vacancyType[0] ? { vacancyType: vacancyType[0] } : {};
  const errors: FieldError[] = extras.slice(0, MAX_UNKNOWN_FIELDS_REPORTED).map((key) => ({
    path: located(key),
    field: key,
    ...typed,
    rule: 'unknown-field',
    message: `${prefix} field ${quote(key)} is not allowed`,
  }));
  const more = extras.length - MAX_UNKNOWN_FIELDS_REPORTED;
  if (more > 0) {
    errors.push({
      path: base,
      field: '',
      ...typed,
      rule: 'unknown-field',
      message: `${prefix} fields: ${more} more are not allowed`,
    });
  }
  return errors;
}

function describeMalformed(value: unknown): string {
  if (typeof value === 'number') return String(value); // NaN, Infinity, -Infinity
  if (typeof value === 'string') return `text (${quote(value)})`;
  return quote(value);
}

/** Tolerates binary floating point: 1175.1 is stored as 1175.09999…, which still has 2 decimals. */
function hasAtMostTwoDecimals(value: number): boolean {
  const pennies = value * 100;
  return Math.abs(pennies - Math.round(pennies)) < 1e-6;
}

const wholePounds = new Intl.NumberFormat('en-GB', {
  style: 'currency',
  currency: 'GBP',
  maximumFractionDigits: 0,
});
const poundsAndPence = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });
/** £100, £99.99, £1,175.50 */
function pounds(value: number): string {
  return (Number.isInteger(value) ? wholePounds : poundsAndPence).format(value);
}

function reasonList(): string {
  return NOT_AVAILABLE_REASONS.map((reason) => reason.label).join(', ');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads only the object's own fields, so nothing can arrive through a (polluted) prototype. */
function own(object: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}
