import { BED_STATE_ROW_FIELDS, type BedState, type BedStateRow, type BedStateRowField } from './bed-state';
import type { ServicesOffered } from './services-offered';
import { type AdmissionStatus, VACANCY_TYPE_CODES, type VacancyTypeCode } from './vocabulary';

/** "Accepting admissions" exactly when some vacancy type has a bed that can be admitted to today. */
export function admissionStatus(state: Pick<BedState, 'rows'>): AdmissionStatus {
  return state.rows.some((row) => row.vacantAccepting > 0) ? 'accepting' : 'not-accepting';
}

export type BedStateTotals = {
  capacity: number;
  /** Sum of occupied. */
  residents: number;
  accepting: number;
  reserved: number;
  notAvailable: number;
};

export function bedStateTotals(state: Pick<BedState, 'rows'>): BedStateTotals {
  const totals: BedStateTotals = { capacity: 0, residents: 0, accepting: 0, reserved: 0, notAvailable: 0 };
  for (const row of state.rows) {
    totals.capacity += row.maximumCapacity;
    totals.residents += row.occupied;
    totals.accepting += row.vacantAccepting;
    totals.reserved += row.vacantReserved;
    totals.notAvailable += row.vacantNotAvailable;
  }
  return totals;
}

/** The row of a vacancy type the home offers but has not filled in yet. */
export function blankRow(vacancyType: VacancyTypeCode): BedStateRow {
  return {
    vacancyType,
    weeklyPriceFrom: null,
    maximumCapacity: 0,
    occupied: 0,
    vacantReserved: 0,
    vacantAccepting: 0,
    vacantNotAvailable: 0,
    notAvailableReason: null,
    flexible: false,
  };
}

/** A blank table for the vacancy types a home offers: what the form and bulk template start from. */
export function emptyBedState(
  services: Pick<ServicesOffered, 'vacancyTypes' | 'outOfHoursAdmissions'>,
): BedState {
  const rows = VACANCY_TYPE_CODES.filter((code) => services.vacancyTypes.includes(code)).map(blankRow);
  return { rows, outOfHoursAdmissions: services.outOfHoursAdmissions };
}

export type ChangedField = Exclude<BedStateRowField, 'vacancyType'>;
export type FieldValue = BedStateRow[ChangedField];

export type FieldChange = {
  field: ChangedField;
  /** null when the vacancy type was added (and for a price that was not set). */
  before: FieldValue;
  /** null when the vacancy type was removed (and for a price that is not set). */
  after: FieldValue;
};

export type VacancyTypeChange = {
  vacancyType: VacancyTypeCode;
  kind: 'added' | 'removed' | 'changed';
  fields: FieldChange[];
};

export type BedStateDiff = {
  changed: boolean;
  /** Only vacancy types with a change, in VACANCY_TYPES order. */
  vacancyTypes: VacancyTypeChange[];
  /** null when unchanged; before is null when there was no previous state. */
  outOfHoursAdmissions: { before: boolean | null; after: boolean } | null;
};

const CHANGED_FIELDS = BED_STATE_ROW_FIELDS.filter((field): field is ChangedField => field !== 'vacancyType');

/** What an update changed, per vacancy type and field, for the history. before null: first update. */
export function diffBedState(before: BedState | null, after: BedState): BedStateDiff {
  const beforeRows = byVacancyType(before?.rows ?? []);
  const afterRows = byVacancyType(after.rows);
  const vacancyTypes: VacancyTypeChange[] = [];
  for (const vacancyType of VACANCY_TYPE_CODES) {
    const old = beforeRows.get(vacancyType);
    const current = afterRows.get(vacancyType);
    if (old && current) {
      const fields = CHANGED_FIELDS.filter((field) => old[field] !== current[field]).map((field) => ({
        field,
        before: old[field],
        after: current[field],
      }));
      if (fields.length > 0) vacancyTypes.push({ vacancyType, kind: 'changed', fields });
    } else if (current) {
      const fields = CHANGED_FIELDS.map((field) => ({ field, before: null, after: current[field] }));
      vacancyTypes.push({ vacancyType, kind: 'added', fields });
    } else if (old) {
      const fields = CHANGED_FIELDS.map((field) => ({ field, before: old[field], after: null }));
      vacancyTypes.push({ vacancyType, kind: 'removed', fields });
    }
  }
  const previousOutOfHours = before ? before.outOfHoursAdmissions : null;
  const outOfHoursAdmissions =
    previousOutOfHours === after.outOfHoursAdmissions
      ? null
      : { before: previousOutOfHours, after: after.outOfHoursAdmissions };
  return {
    changed: vacancyTypes.length > 0 || outOfHoursAdmissions !== null,
    vacancyTypes,
    outOfHoursAdmissions,
  };
}

/** True when an update would change nothing (row order does not matter). */
export function isSameBedState(a: BedState, b: BedState): boolean {
  return !diffBedState(a, b).changed;
}

export type SearchSummary = {
  admissionStatus: AdmissionStatus;
  outOfHoursAdmissions: boolean;
  totals: BedStateTotals;
  /** Every vacancy type in the table (the ones the home offers). */
  vacancyTypes: VacancyTypeCode[];
  /** Vacancy types with at least one bed accepting admissions today. */
  acceptingVacancyTypes: VacancyTypeCode[];
  /** Lowest weekly price among vacancy types with capacity, for "approx. price per week". */
  lowestWeeklyPrice: number | null;
  /** Lowest weekly price among vacancy types accepting admissions today. */
  lowestAcceptingWeeklyPrice: number | null;
  /** Some vacancy type's price is flexible. */
  flexiblePrice: boolean;
};

/** The flat figures the search index stores per home, so filters need no arithmetic at query time. */
export function summariseForSearch(state: BedState): SearchSummary {
  const rows = [...state.rows].sort(
    (a, b) => VACANCY_TYPE_CODES.indexOf(a.vacancyType) - VACANCY_TYPE_CODES.indexOf(b.vacancyType),
  );
  const accepting = rows.filter((row) => row.vacantAccepting > 0);
  return {
    admissionStatus: admissionStatus(state),
    outOfHoursAdmissions: state.outOfHoursAdmissions,
    totals: bedStateTotals(state),
    vacancyTypes: rows.map((row) => row.vacancyType),
    acceptingVacancyTypes: accepting.map((row) => row.vacancyType),
    lowestWeeklyPrice: lowestPrice(rows.filter((row) => row.maximumCapacity > 0)),
    lowestAcceptingWeeklyPrice: lowestPrice(accepting),
    flexiblePrice: rows.some((row) => row.flexible),
  };
}

function lowestPrice(rows: readonly BedStateRow[]): number | null {
  const prices = rows.flatMap((row) => (row.weeklyPriceFrom === null ? [] : [row.weeklyPriceFrom]));
  return prices.length > 0 ? Math.min(...prices) : null;
}

function byVacancyType(rows: readonly BedStateRow[]): Map<VacancyTypeCode, BedStateRow> {
  return new Map(rows.map((row) => [row.vacancyType, row]));
}
