import type { SearchResult } from './result';

/**
 * The export of a search: one row per home, in the order of the results, with the same facts the
 * results page shows. Text cells that a spreadsheet would run as a formula (or that Excel's DDE
 * tricks start with) are neutralised by a leading apostrophe, which spreadsheets show as text.
 */

export type Cell = string | number | null;

export interface ExportColumn {
  header: string;
  /** Width in characters for the spreadsheet. */
  width: number;
  value(result: SearchResult): Cell;
}

const yesNo = (value: boolean | null): string => (value === null ? '' : value ? 'Yes' : 'No');

export const EXPORT_COLUMNS: readonly ExportColumn[] = [
  { header: 'CQC location ID', width: 14, value: (r) => r.locationId },
  { header: 'Care home', width: 36, value: (r) => r.name },
  { header: 'Provider', width: 30, value: (r) => r.providerName },
  { header: 'Brand', width: 20, value: (r) => r.brand },
  { header: 'Address', width: 40, value: (r) => r.address },
  { header: 'Postcode', width: 10, value: (r) => r.postcode },
  { header: 'Local authority', width: 20, value: (r) => r.localAuthority },
  { header: 'Sub-ICB', width: 24, value: (r) => r.subIcb?.name ?? r.subIcb?.code ?? null },
  { header: 'Distance (miles)', width: 10, value: (r) => r.distanceMiles },
  { header: 'Admission status', width: 22, value: (r) => r.admissionStatus.label },
  {
    header: 'Matching vacancy types',
    width: 60,
    value: (r) =>
      r.vacancies
        .map(
          (v) =>
            `${v.label}: ${v.accepting} accepting${v.weeklyPriceFrom === null ? '' : `, from £${v.weeklyPriceFrom.toFixed(2)} a week`}${v.flexible ? ' (flexible)' : ''}`,
        )
        .join('; '),
  },
  { header: 'Beds accepting admissions', width: 10, value: (r) => r.acceptingBeds },
  { header: 'Lowest weekly price (£)', width: 10, value: (r) => r.lowestWeeklyPrice },
  {
    header: 'Short stay services',
    width: 30,
    value: (r) => r.shortStayServices.map((s) => s.label).join('; '),
  },
  { header: 'Out-of-hours admissions', width: 10, value: (r) => yesNo(r.outOfHoursAdmissions) },
  { header: 'Last updated', width: 22, value: (r) => r.lastUpdated },
  { header: 'Freshness', width: 20, value: (r) => r.freshness.label },
  { header: 'CQC rating', width: 18, value: (r) => r.rating.overall },
  { header: 'CQC rating date', width: 12, value: (r) => r.rating.date },
  { header: 'Registered beds', width: 8, value: (r) => r.registeredBeds },
  { header: 'Alerts', width: 40, value: (r) => r.alerts.map((a) => a.text).join('; ') },
  { header: 'Phone', width: 16, value: (r) => r.contact.phone },
  { header: 'Website', width: 30, value: (r) => r.contact.website },
];

const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/** A leading apostrophe makes a spreadsheet treat the cell as text, never as a formula. */
export function neutraliseCell(value: string): string {
  const first = value.charAt(0);
  return FORMULA_TRIGGERS.has(first) ? `'${value}` : value;
}

export function exportRows(results: readonly SearchResult[]): Cell[][] {
  return results.map((result) =>
    EXPORT_COLUMNS.map((column) => {
      const value = column.value(result);
      return typeof value === 'string' ? neutraliseCell(value) : value;
    }),
  );
}

/** RFC 4180 CSV (CRLF line ends), with a BOM so Excel reads it as UTF-8 (£, accents). */
export function toCsv(results: readonly SearchResult[]): string {
  const lines = [EXPORT_COLUMNS.map((c) => csvField(c.header)).join(',')];
  for (const row of exportRows(results)) lines.push(row.map((cell) => csvField(cell)).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function csvField(cell: Cell): string {
  if (cell === null) return '';
  const text = typeof cell === 'number' ? String(cell) : cell;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
