import ExcelJS from 'exceljs';
import {
  BULK_TEMPLATE_FORMAT_ID,
  CAPACITIES_SHEET,
  CAPACITY_COLUMNS,
  CAPACITY_HEADERS,
  CARE_HOME_COLUMNS,
  CARE_HOME_HEADERS,
  CARE_HOMES_SHEET,
  INSTRUCTIONS_SHEET,
  META_SHEET,
  NO,
  YES,
} from './columns';

export interface BulkTemplateRow {
  /** Vacancy type code, e.g. 'GENERAL_RESIDENTIAL'. */
  vacancyType: string;
  vacancyTypeLabel: string;
  weeklyPriceFrom: number | null;
  maximumCapacity: number;
  occupied: number;
  vacantReserved: number;
  vacantAccepting: number;
  vacantNotAvailable: number;
  notAvailableReasonLabel: string | null;
  flexible: boolean;
}

export interface BulkTemplateHome {
  locationId: string;
  name: string;
  postcode: string;
  registeredBeds?: number;
  outOfHoursAdmissions?: boolean;
  notes?: string;
  /** One row per vacancy type the home offers. */
  rows: BulkTemplateRow[];
  /** The home's bed-state version when the template was made; echoed back to detect stale uploads. */
  version: number;
}

export interface BulkTemplateInput {
  /** ISO timestamp shown on the Instructions sheet. */
  generatedAt: string;
  homes: BulkTemplateHome[];
  /** Labels of the reasons a vacant bed may be not available (drop-down values). */
  reasons: string[];
}

/** Light yellow, as in the service's published guidance: "review the cells highlighted in light yellow". */
export const EDITABLE_FILL_ARGB = 'FFFFF2CC';
const HEADER_FILL_ARGB = 'FFD9E1F2';
const KEY_FONT_ARGB = 'FF595959';

const editableFill: ExcelJS.Fill = {
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb: EDITABLE_FILL_ARGB },
};
const thinBorder: Partial<ExcelJS.Borders> = {
  top: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  bottom: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  left: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  right: { style: 'thin', color: { argb: 'FFBFBFBF' } },
};

// One shared style object per kind of cell keeps the workbook model small for thousands of rows;
// exceljs de-duplicates them into a handful of cell formats on write.
const editableNumber: Partial<ExcelJS.Style> = {
  fill: editableFill,
  border: thinBorder,
  numFmt: '0',
  protection: { locked: false },
};
const editablePrice: Partial<ExcelJS.Style> = { ...editableNumber, numFmt: '#,##0.00' };
const editableList: Partial<ExcelJS.Style> = {
  fill: editableFill,
  border: thinBorder,
  protection: { locked: false },
};
// Text format: whatever is typed (even '=...') stays text, so notes cannot turn into formulas.
const editableText: Partial<ExcelJS.Style> = {
  ...editableList,
  numFmt: '@',
  alignment: { wrapText: true, vertical: 'top' },
};
const lockedKey: Partial<ExcelJS.Style> = {
  font: { color: { argb: KEY_FONT_ARGB } },
  protection: { locked: true },
};
const lockedText: Partial<ExcelJS.Style> = { protection: { locked: true } };
const headerStyle: Partial<ExcelJS.Style> = {
  font: { bold: true },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL_ARGB } },
  alignment: { wrapText: true, vertical: 'middle' },
  border: thinBorder,
  protection: { locked: true },
};

/**
 * Sheet protection keeps people in the yellow cells; it is a guide, not security (the upload is
 * validated in full), so there is deliberately no password: anyone may unprotect a sheet.
 */
const protection: Partial<ExcelJS.WorksheetProtection> = {
  selectLockedCells: true,
  selectUnlockedCells: true,
  formatColumns: true,
  formatRows: true,
};

interface ColumnSpec {
  header: string;
  width: number;
  hidden?: boolean;
}

const CAPACITY_LAYOUT: Record<(typeof CAPACITY_HEADERS)[number], ColumnSpec> = {
  [CAPACITY_COLUMNS.locationId]: { header: CAPACITY_COLUMNS.locationId, width: 14 },
  [CAPACITY_COLUMNS.vacancyTypeCode]: { header: CAPACITY_COLUMNS.vacancyTypeCode, width: 24, hidden: true },
  [CAPACITY_COLUMNS.version]: { header: CAPACITY_COLUMNS.version, width: 9, hidden: true },
  [CAPACITY_COLUMNS.careHomeName]: { header: CAPACITY_COLUMNS.careHomeName, width: 34 },
  [CAPACITY_COLUMNS.postcode]: { header: CAPACITY_COLUMNS.postcode, width: 11 },
  [CAPACITY_COLUMNS.vacancyType]: { header: CAPACITY_COLUMNS.vacancyType, width: 30 },
  [CAPACITY_COLUMNS.weeklyPriceFrom]: { header: CAPACITY_COLUMNS.weeklyPriceFrom, width: 13 },
  [CAPACITY_COLUMNS.maximumCapacity]: { header: CAPACITY_COLUMNS.maximumCapacity, width: 11 },
  [CAPACITY_COLUMNS.occupied]: { header: CAPACITY_COLUMNS.occupied, width: 11 },
  [CAPACITY_COLUMNS.vacantReserved]: { header: CAPACITY_COLUMNS.vacantReserved, width: 11 },
  [CAPACITY_COLUMNS.vacantAccepting]: { header: CAPACITY_COLUMNS.vacantAccepting, width: 13 },
  [CAPACITY_COLUMNS.vacantNotAvailable]: { header: CAPACITY_COLUMNS.vacantNotAvailable, width: 12 },
  [CAPACITY_COLUMNS.notAvailableReason]: { header: CAPACITY_COLUMNS.notAvailableReason, width: 34 },
  [CAPACITY_COLUMNS.flexible]: { header: CAPACITY_COLUMNS.flexible, width: 11 },
};

const CARE_HOME_LAYOUT: Record<(typeof CARE_HOME_HEADERS)[number], ColumnSpec> = {
  [CARE_HOME_COLUMNS.locationId]: { header: CARE_HOME_COLUMNS.locationId, width: 14 },
  [CARE_HOME_COLUMNS.name]: { header: CARE_HOME_COLUMNS.name, width: 34 },
  [CARE_HOME_COLUMNS.postcode]: { header: CARE_HOME_COLUMNS.postcode, width: 11 },
  [CARE_HOME_COLUMNS.registeredBeds]: { header: CARE_HOME_COLUMNS.registeredBeds, width: 12 },
  [CARE_HOME_COLUMNS.outOfHoursAdmissions]: { header: CARE_HOME_COLUMNS.outOfHoursAdmissions, width: 18 },
  [CARE_HOME_COLUMNS.notes]: { header: CARE_HOME_COLUMNS.notes, width: 60 },
  [CARE_HOME_COLUMNS.version]: { header: CARE_HOME_COLUMNS.version, width: 9, hidden: true },
};

/** Spreadsheet column letter (1 -> A) of a header, from the shared column order. */
function letterOf(headers: readonly string[], header: string): string {
  const index = headers.indexOf(header);
  if (index < 0) throw new Error(`Unknown template column: ${header}`);
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

function setUpColumns(ws: ExcelJS.Worksheet, headers: readonly string[], layout: Record<string, ColumnSpec>) {
  headers.forEach((header, i) => {
    const spec = layout[header];
    const column = ws.getColumn(i + 1);
    column.width = spec?.width ?? 14;
    if (spec?.hidden) column.hidden = true;
  });
  const headerRow = ws.getRow(1);
  headerRow.values = [...headers];
  headerRow.height = 45;
  headerRow.eachCell((cell) => {
    cell.style = headerStyle;
  });
  ws.views = [{ state: 'frozen', ySplit: 1, xSplit: 0, topLeftCell: 'A2', activeCell: 'A2' }];
}

const yesNo = (value: boolean | undefined): string | null => (value === undefined ? null : value ? YES : NO);

interface RangeValidation {
  column: string;
  validation: ExcelJS.DataValidation;
}

/** Present at runtime (lib/doc/worksheet.js) but missing from exceljs's typings. */
interface RangeDataValidations {
  add(address: string, validation: ExcelJS.DataValidation): void;
}
const dataValidationsOf = (ws: ExcelJS.Worksheet): RangeDataValidations =>
  (ws as unknown as { dataValidations: RangeDataValidations }).dataValidations;

/**
 * One data-validation rule per column range ('H2:H5001'). exceljs keeps range keys as given and
 * writes them as a single sqref, so this costs one entry per column rather than one per cell.
 */
function addRangeValidations(
  ws: ExcelJS.Worksheet,
  headers: readonly string[],
  lastRow: number,
  rules: RangeValidation[],
) {
  if (lastRow < 2) return;
  for (const { column, validation } of rules) {
    const letter = letterOf(headers, column);
    dataValidationsOf(ws).add(`${letter}2:${letter}${lastRow}`, validation);
  }
}

const wholeNonNegative = (title: string): ExcelJS.DataValidation => ({
  type: 'whole',
  operator: 'greaterThanOrEqual',
  allowBlank: true,
  formulae: [0],
  showErrorMessage: true,
  errorStyle: 'stop',
  errorTitle: title,
  error: `${title} must be a whole number, 0 or more.`,
});

const yesNoList = (title: string): ExcelJS.DataValidation => ({
  type: 'list',
  allowBlank: true,
  formulae: [`"${YES},${NO}"`],
  showErrorMessage: true,
  errorStyle: 'stop',
  errorTitle: title,
  error: 'Choose Yes or No.',
});

function instructionLines(input: BulkTemplateInput): Array<{ text: string; bold?: boolean; size?: number }> {
  const reasons = input.reasons.length > 0 ? input.reasons.join('; ') : '(none)';
  return [
    { text: 'Care Capacity Tracker: bulk update template', bold: true, size: 14 },
    { text: `Generated ${input.generatedAt} for ${input.homes.length} care home(s).` },
    { text: '' },
    { text: 'How to fill it in', bold: true },
    {
      text: `1. On the '${CAPACITIES_SHEET}' sheet there is one row per care home and vacancy type. Review and update the cells highlighted in light yellow: weekly price from, maximum capacity, occupied, vacant reserved, vacant accepting admissions, vacant not available, the reason, and whether the price is flexible.`,
    },
    {
      text: `2. On the '${CARE_HOMES_SHEET}' sheet, make sure 'Accepting out-of-hours admissions' (Yes/No) is up to date for every home, and review the notes.`,
    },
    {
      text: '3. Save the workbook as .xlsx (Excel Workbook) and upload it on the Bulk update page, ticking the declaration. You will see the result on screen and receive it by email.',
    },
    { text: '' },
    { text: 'Rules (rows that break them are rejected and listed in the result)', bold: true },
    {
      text: '• Maximum capacity = Occupied + Vacant reserved + Vacant accepting admissions + Vacant not available.',
    },
    { text: '• Weekly price from must be at least £100 wherever the maximum capacity is more than 0.' },
    { text: '• All counts are whole numbers, 0 or more.' },
    { text: `• When Vacant not available is more than 0, choose a reason: ${reasons}.` },
    {
      text: '• Occupied includes a resident in hospital whose bed is being held for their return. Vacant reserved is beds pending a new resident (do NOT include block-booked, LA or NHS funded beds). Vacant accepting admissions includes block-booked, LA and NHS funded vacancies you can safely admit to today.',
    },
    {
      text: '• Admission status ("Accepting admissions" / "Not accepting admissions") is worked out from Vacant accepting admissions; you do not type it.',
    },
    {
      text: '• Type values, not formulas: a file containing formulas is rejected. Do not add, delete, reorder or rename rows, columns or sheets; the grey key columns identify each home and vacancy type.',
    },
    {
      text: '• If someone updates a home after this template was downloaded, that home is not overwritten: its rows are reported as changed since download. Download a fresh template and try again.',
    },
    {
      text: "• To offer a new vacancy type, change the home's services offered online first, then download a fresh template.",
    },
    { text: '' },
    { text: 'Declaration', bold: true },
    {
      text: 'When you upload, you confirm that the information in this workbook has been reviewed, is accurate and current for each care home listed, and reflects the declarations shown on the upload page.',
    },
    { text: '' },
    {
      text: 'The sheets are protected only to guide you to the yellow cells (there is no password). Every upload is fully checked whatever the protection.',
    },
  ];
}

function addInstructions(workbook: ExcelJS.Workbook, input: BulkTemplateInput) {
  const ws = workbook.addWorksheet(INSTRUCTIONS_SHEET, {
    // tabSelected is written by exceljs but missing from its typings.
    views: [{ showGridLines: false, tabSelected: true } as Partial<ExcelJS.WorksheetView>],
    properties: { tabColor: { argb: 'FF005EB8' } },
  });
  ws.getColumn(1).width = 120;
  instructionLines(input).forEach((line, i) => {
    const cell = ws.getCell(i + 1, 1);
    cell.value = line.text;
    cell.style = {
      font: { bold: line.bold ?? false, size: line.size ?? 11 },
      alignment: { wrapText: true, vertical: 'top' },
      protection: { locked: true },
    };
  });
  return ws;
}

function addCapacities(workbook: ExcelJS.Workbook, input: BulkTemplateInput, reasonsRef: string | null) {
  const ws = workbook.addWorksheet(CAPACITIES_SHEET);
  const headers = CAPACITY_HEADERS;
  setUpColumns(ws, headers, CAPACITY_LAYOUT);
  const C = CAPACITY_COLUMNS;
  const styleByHeader: Record<string, Partial<ExcelJS.Style>> = {
    [C.locationId]: lockedKey,
    [C.vacancyTypeCode]: lockedKey,
    [C.version]: lockedKey,
    [C.careHomeName]: lockedText,
    [C.postcode]: lockedText,
    [C.vacancyType]: lockedText,
    [C.weeklyPriceFrom]: editablePrice,
    [C.maximumCapacity]: editableNumber,
    [C.occupied]: editableNumber,
    [C.vacantReserved]: editableNumber,
    [C.vacantAccepting]: editableNumber,
    [C.vacantNotAvailable]: editableNumber,
    [C.notAvailableReason]: editableList,
    [C.flexible]: editableList,
  };
  const styles = headers.map((h) => styleByHeader[h] ?? lockedText);

  let rowNumber = 1;
  for (const home of input.homes) {
    for (const r of home.rows) {
      rowNumber += 1;
      const byHeader: Record<string, ExcelJS.CellValue> = {
        [C.locationId]: home.locationId,
        [C.vacancyTypeCode]: r.vacancyType,
        [C.version]: home.version,
        [C.careHomeName]: home.name,
        [C.postcode]: home.postcode,
        [C.vacancyType]: r.vacancyTypeLabel,
        [C.weeklyPriceFrom]: r.weeklyPriceFrom,
        [C.maximumCapacity]: r.maximumCapacity,
        [C.occupied]: r.occupied,
        [C.vacantReserved]: r.vacantReserved,
        [C.vacantAccepting]: r.vacantAccepting,
        [C.vacantNotAvailable]: r.vacantNotAvailable,
        [C.notAvailableReason]: r.notAvailableReasonLabel,
        [C.flexible]: r.flexible ? YES : NO,
      };
      const row = ws.getRow(rowNumber);
      headers.forEach((h, i) => {
        const cell = row.getCell(i + 1);
        cell.value = byHeader[h] ?? null;
        const style = styles[i];
        if (style) cell.style = style;
      });
    }
  }

  const rules: RangeValidation[] = [
    {
      column: C.weeklyPriceFrom,
      validation: {
        type: 'decimal',
        operator: 'greaterThanOrEqual',
        allowBlank: true,
        formulae: [0],
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: 'Weekly price from',
        error:
          'Enter a price in pounds, e.g. 1175. It must be at least £100 where the maximum capacity is more than 0.',
      },
    },
    { column: C.maximumCapacity, validation: wholeNonNegative('Maximum capacity') },
    { column: C.occupied, validation: wholeNonNegative('Occupied') },
    { column: C.vacantReserved, validation: wholeNonNegative('Vacant reserved') },
    { column: C.vacantAccepting, validation: wholeNonNegative('Vacant accepting admissions') },
    { column: C.vacantNotAvailable, validation: wholeNonNegative('Vacant not available') },
    { column: C.flexible, validation: yesNoList('Flexible price') },
  ];
  if (reasonsRef) {
    rules.push({
      column: C.notAvailableReason,
      validation: {
        type: 'list',
        allowBlank: true,
        formulae: [reasonsRef],
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: 'Reason not available',
        error: 'Choose a reason from the list.',
      },
    });
  }
  addRangeValidations(ws, headers, rowNumber, rules);
  return ws;
}

function addCareHomes(workbook: ExcelJS.Workbook, input: BulkTemplateInput) {
  const ws = workbook.addWorksheet(CARE_HOMES_SHEET);
  const headers = CARE_HOME_HEADERS;
  setUpColumns(ws, headers, CARE_HOME_LAYOUT);
  const C = CARE_HOME_COLUMNS;
  const styleByHeader: Record<string, Partial<ExcelJS.Style>> = {
    [C.locationId]: lockedKey,
    [C.name]: lockedText,
    [C.postcode]: lockedText,
    [C.registeredBeds]: lockedText,
    [C.outOfHoursAdmissions]: editableList,
    [C.notes]: editableText,
    [C.version]: lockedKey,
  };
  let rowNumber = 1;
  for (const home of input.homes) {
    rowNumber += 1;
    const byHeader: Record<string, ExcelJS.CellValue> = {
      [C.locationId]: home.locationId,
      [C.name]: home.name,
      [C.postcode]: home.postcode,
      [C.registeredBeds]: home.registeredBeds ?? null,
      [C.outOfHoursAdmissions]: yesNo(home.outOfHoursAdmissions),
      [C.notes]: home.notes ?? null,
      [C.version]: home.version,
    };
    const row = ws.getRow(rowNumber);
    headers.forEach((h, i) => {
      const cell = row.getCell(i + 1);
      cell.value = byHeader[h] ?? null;
      cell.style = styleByHeader[h] ?? lockedText;
    });
  }
  addRangeValidations(ws, headers, rowNumber, [
    { column: C.outOfHoursAdmissions, validation: yesNoList('Accepting out-of-hours admissions') },
  ]);
  return ws;
}

/**
 * Very hidden sheet (not listed by Excel's Unhide) holding the format id, so the reader can tell
 * our template from any other workbook, and the reasons list behind the drop-down: a range
 * reference has no 255-character limit and survives labels containing commas or quotes.
 */
function addMeta(workbook: ExcelJS.Workbook, input: BulkTemplateInput) {
  const ws = workbook.addWorksheet(META_SHEET, { state: 'veryHidden' });
  ws.getCell('A1').value = 'formatId';
  ws.getCell('B1').value = BULK_TEMPLATE_FORMAT_ID;
  ws.getCell('A2').value = 'generatedAt';
  ws.getCell('B2').value = input.generatedAt;
  input.reasons.forEach((reason, i) => {
    ws.getCell(i + 1, 4).value = reason;
  });
  return ws;
}

/** Builds the pre-filled bulk update workbook (.xlsx) for a provider's homes. */
export async function writeBulkTemplate(input: BulkTemplateInput): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Care Capacity Tracker';
  const generated = new Date(input.generatedAt);
  if (!Number.isNaN(generated.getTime())) {
    workbook.created = generated;
    workbook.modified = generated;
  }
  workbook.title = 'Bulk update template';

  const reasonsRef = input.reasons.length > 0 ? `${META_SHEET}!$D$1:$D$${input.reasons.length}` : null;
  const instructions = addInstructions(workbook, input);
  const capacities = addCapacities(workbook, input, reasonsRef);
  const careHomes = addCareHomes(workbook, input);
  const meta = addMeta(workbook, input);
  for (const ws of [instructions, capacities, careHomes, meta]) {
    await ws.protect('', { ...protection });
  }
  // Open on the Instructions, as the service's guidance walks people through them first.
  workbook.views = [
    {
      x: 0,
      y: 0,
      width: 20000,
      height: 12000,
      firstSheet: 0,
      activeTab: 0,
      visibility: 'visible',
    },
  ];
  const out = await workbook.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}
