import ExcelJS from 'exceljs';

/**
 * The search export as an Excel workbook: one sheet, a bold frozen header row, column widths, and
 * an autofilter. Values arrive neutralised (see shared/domain/search/export.ts); numbers stay numbers.
 */
export async function writeSearchXlsx(
  sheetName: string,
  headers: string[],
  widths: number[],
  rows: Array<Array<string | number | null>>,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Care Capacity Tracker';
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = headers.map((header, i) => ({ header, width: widths[i] ?? 14 }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(row.map((cell) => (cell === null ? '' : cell)));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: headers.length } };
  const buffer = await workbook.xlsx.writeBuffer();
  return Buffer.from(buffer as ArrayBuffer);
}
