import {
  isVacancyTypeCode,
  NOT_AVAILABLE_REASONS,
  NOTES_MAX_LENGTH,
  type NotAvailableReasonCode,
  type VacancyTypeCode,
} from '../../domain/vacancy';
import {
  CAPACITIES_SHEET,
  CAPACITY_COLUMNS,
  CARE_HOME_COLUMNS,
  CARE_HOMES_SHEET,
} from '../../infra/xlsx/columns';
import type { BulkRowError } from './ports';

/**
 * Turns the raw cells of an uploaded template into one bed-state input per home, or cell errors.
 * Only the shape of each cell is checked here (a number where a number goes, a known reason...);
 * the rules of the provider update (capacity arithmetic, minimum price...) are the bed-state
 * service's, applied to the whole home as the provider update page does.
 */

export type CellValue = string | number | boolean | null;
export interface SheetRow {
  sheetRow: number;
  cells: Map<string, CellValue>;
}

export interface ParsedCapacityRow {
  sheetRow: number;
  vacancyType: VacancyTypeCode;
  row: {
    vacancyType: VacancyTypeCode;
    weeklyPriceFrom: number | null;
    maximumCapacity: number;
    occupied: number;
    vacantReserved: number;
    vacantAccepting: number;
    vacantNotAvailable: number;
    notAvailableReason: NotAvailableReasonCode | null;
    flexible: boolean;
  };
}

export interface HomeInput {
  locationId: string;
  /** The bed-state version the template was made from (consistent over the home's rows). */
  version: number | null;
  capacityRows: ParsedCapacityRow[];
  /** Every Capacities row of the home, valid or not, for reporting home-wide problems. */
  capacitySheetRows: number[];
  careHomeRow: number | null;
  /** undefined: keep the current answer (blank cell or no Care Homes row). */
  outOfHoursAdmissions?: boolean;
  /** undefined: no Care Homes row. */
  notes?: string;
  /** Cell problems: the home is left unchanged when there is any. */
  errors: BulkRowError[];
}

export interface ParsedUpload {
  homes: Map<string, HomeInput>;
  /** Problems with rows that name no home (no location ID). */
  orphanErrors: BulkRowError[];
  rowsInFile: number;
}

const C = CAPACITY_COLUMNS;
const H = CARE_HOME_COLUMNS;

const REASON_BY_LABEL = new Map<string, NotAvailableReasonCode>(
  NOT_AVAILABLE_REASONS.flatMap((r) => [
    [r.label.toLowerCase(), r.code],
    [r.code, r.code],
  ]),
);

type Cell<T> = { ok: true; value: T } | { ok: false; message: string };

function text(value: CellValue): string | null {
  if (value === null) return null;
  return String(value).trim() || null;
}

function locationIdOf(value: CellValue): string | null {
  const id = text(value);
  return id && /^\d-\d{1,12}$/.test(id) ? id : null;
}

function number(
  value: CellValue,
  label: string,
  opts: { whole: boolean; allowBlank: boolean },
): Cell<number | null> {
  if (value === null) {
    return opts.allowBlank ? { ok: true, value: null } : { ok: false, message: `${label} is required` };
  }
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string') {
    const cleaned = value.replace(/[£,\s]/g, '');
    n = /^-?\d+(\.\d+)?$/.test(cleaned) ? Number(cleaned) : Number.NaN;
  } else n = Number.NaN;
  if (!Number.isFinite(n)) {
    return { ok: false, message: `${label} must be a number (got "${String(value).slice(0, 40)}")` };
  }
  if (opts.whole && !Number.isInteger(n))
    return { ok: false, message: `${label} must be a whole number (got ${n})` };
  if (n < 0) return { ok: false, message: `${label} must be 0 or more (got ${n})` };
  return { ok: true, value: n };
}

function yesNo(value: CellValue, label: string, allowBlank: boolean): Cell<boolean | null> {
  if (value === null)
    return allowBlank ? { ok: true, value: null } : { ok: false, message: `${label}: choose Yes or No` };
  if (typeof value === 'boolean') return { ok: true, value };
  const s = String(value).trim().toLowerCase();
  if (s === 'yes' || s === 'y' || s === 'true') return { ok: true, value: true };
  if (s === 'no' || s === 'n' || s === 'false') return { ok: true, value: false };
  return { ok: false, message: `${label} must be Yes or No (got "${String(value).slice(0, 40)}")` };
}

function reasonOf(value: CellValue): Cell<NotAvailableReasonCode | null> {
  const s = text(value);
  if (s === null) return { ok: true, value: null };
  const code = REASON_BY_LABEL.get(s.toLowerCase());
  if (code) return { ok: true, value: code };
  return {
    ok: false,
    message: `Reason not available "${s.slice(0, 60)}" is not one of: ${NOT_AVAILABLE_REASONS.map((r) => r.label).join('; ')}`,
  };
}

export function parseUpload(capacities: readonly SheetRow[], careHomes: readonly SheetRow[]): ParsedUpload {
  // No prototype: location ids are map keys, never object properties.
  const homes = new Map<string, HomeInput>();
  const orphanErrors: BulkRowError[] = [];
  const homeOf = (locationId: string): HomeInput => {
    let home = homes.get(locationId);
    if (!home) {
      home = {
        locationId,
        version: null,
        capacityRows: [],
        capacitySheetRows: [],
        careHomeRow: null,
        errors: [],
      };
      homes.set(locationId, home);
    }
    return home;
  };

  for (const { sheetRow, cells } of capacities) {
    const err = (column: string | null, message: string, locationId?: string): BulkRowError => ({
      sheet: CAPACITIES_SHEET,
      row: sheetRow,
      column,
      message,
      ...(locationId ? { locationId } : {}),
    });
    const locationId = locationIdOf(cells.get(C.locationId) ?? null);
    if (!locationId) {
      orphanErrors.push(
        err(
          C.locationId,
          'The Location ID is missing or not a CQC location ID: rows must not be added, moved between columns or have their grey key cells changed',
        ),
      );
      continue;
    }
    const home = homeOf(locationId);
    home.capacitySheetRows.push(sheetRow);
    const rowErrors: BulkRowError[] = [];
    const code = text(cells.get(C.vacancyTypeCode) ?? null);
    if (!code || !isVacancyTypeCode(code)) {
      rowErrors.push(
        err(
          C.vacancyTypeCode,
          'The hidden vacancy type code is missing or unknown: do not change the grey key cells',
          locationId,
        ),
      );
    }
    const version = number(cells.get(C.version) ?? null, 'Version', { whole: true, allowBlank: false });
    if (!version.ok || version.value === null) {
      rowErrors.push(
        err(
          C.version,
          'The hidden version is missing or not a whole number: download a fresh template',
          locationId,
        ),
      );
    } else if (home.version !== null && home.version !== version.value) {
      rowErrors.push(
        err(
          C.version,
          'The rows of this care home carry different versions: download a fresh template',
          locationId,
        ),
      );
    } else {
      home.version = version.value;
    }

    const price = number(cells.get(C.weeklyPriceFrom) ?? null, 'Weekly price from', {
      whole: false,
      allowBlank: true,
    });
    const counts = {
      maximumCapacity: number(cells.get(C.maximumCapacity) ?? null, 'Maximum capacity', {
        whole: true,
        allowBlank: false,
      }),
      occupied: number(cells.get(C.occupied) ?? null, 'Occupied', { whole: true, allowBlank: false }),
      vacantReserved: number(cells.get(C.vacantReserved) ?? null, 'Vacant reserved', {
        whole: true,
        allowBlank: false,
      }),
      vacantAccepting: number(cells.get(C.vacantAccepting) ?? null, 'Vacant accepting admissions', {
        whole: true,
        allowBlank: false,
      }),
      vacantNotAvailable: number(cells.get(C.vacantNotAvailable) ?? null, 'Vacant not available', {
        whole: true,
        allowBlank: false,
      }),
    };
    const reason = reasonOf(cells.get(C.notAvailableReason) ?? null);
    const flexible = yesNo(cells.get(C.flexible) ?? null, 'Flexible price', false);
    if (!price.ok) rowErrors.push(err(C.weeklyPriceFrom, price.message, locationId));
    const countColumns = {
      maximumCapacity: C.maximumCapacity,
      occupied: C.occupied,
      vacantReserved: C.vacantReserved,
      vacantAccepting: C.vacantAccepting,
      vacantNotAvailable: C.vacantNotAvailable,
    } as const;
    for (const [field, cell] of Object.entries(counts) as Array<[keyof typeof counts, Cell<number | null>]>) {
      if (!cell.ok) rowErrors.push(err(countColumns[field], cell.message, locationId));
    }
    if (!reason.ok) rowErrors.push(err(C.notAvailableReason, reason.message, locationId));
    if (!flexible.ok) rowErrors.push(err(C.flexible, flexible.message, locationId));

    if (rowErrors.length > 0 || !code || !isVacancyTypeCode(code)) {
      home.errors.push(...rowErrors);
      continue;
    }
    const value = (c: Cell<number | null>) => (c.ok ? (c.value ?? 0) : 0);
    home.capacityRows.push({
      sheetRow,
      vacancyType: code,
      row: {
        vacancyType: code,
        weeklyPriceFrom: price.ok ? price.value : null,
        maximumCapacity: value(counts.maximumCapacity),
        occupied: value(counts.occupied),
        vacantReserved: value(counts.vacantReserved),
        vacantAccepting: value(counts.vacantAccepting),
        vacantNotAvailable: value(counts.vacantNotAvailable),
        notAvailableReason: reason.ok ? reason.value : null,
        flexible: flexible.ok ? (flexible.value ?? false) : false,
      },
    });
  }

  for (const { sheetRow, cells } of careHomes) {
    const err = (column: string | null, message: string, locationId?: string): BulkRowError => ({
      sheet: CARE_HOMES_SHEET,
      row: sheetRow,
      column,
      message,
      ...(locationId ? { locationId } : {}),
    });
    const locationId = locationIdOf(cells.get(H.locationId) ?? null);
    if (!locationId) {
      orphanErrors.push(
        err(
          H.locationId,
          'The Location ID is missing or not a CQC location ID: rows must not be added or have their grey key cells changed',
        ),
      );
      continue;
    }
    const home = homeOf(locationId);
    if (home.careHomeRow !== null) {
      home.errors.push(
        err(
          H.locationId,
          `This care home is listed twice on the '${CARE_HOMES_SHEET}' sheet (also row ${home.careHomeRow})`,
          locationId,
        ),
      );
      continue;
    }
    home.careHomeRow = sheetRow;
    const outOfHours = yesNo(
      cells.get(H.outOfHoursAdmissions) ?? null,
      'Accepting out-of-hours admissions',
      true,
    );
    if (!outOfHours.ok) home.errors.push(err(H.outOfHoursAdmissions, outOfHours.message, locationId));
    else if (outOfHours.value !== null) home.outOfHoursAdmissions = outOfHours.value;
    const notes = cells.get(H.notes) ?? null;
    const notesText = notes === null ? '' : String(notes).trim();
    if (notesText.length > NOTES_MAX_LENGTH) {
      home.errors.push(
        err(
          H.notes,
          `Notes must be ${NOTES_MAX_LENGTH.toLocaleString('en-GB')} characters or fewer (got ${notesText.length.toLocaleString('en-GB')})`,
          locationId,
        ),
      );
    } else {
      home.notes = notesText;
    }
  }

  return { homes, orphanErrors, rowsInFile: capacities.length + careHomes.length };
}
