import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import { sampleTemplateInput } from '../../../scripts/hostile-corpus';
import { inspectXlsx } from '../../../shared/infra/xlsx/guard';
import { readBulkUpload } from '../../../shared/infra/xlsx/reader';
import { type BulkTemplateInput, writeBulkTemplate } from '../../../shared/infra/xlsx/template';

export { sampleTemplateInput };

export const REASONS = sampleTemplateInput().reasons;

/** Loads one of OUR generated workbooks with the full exceljs reader: tests only, never uploads. */
export async function loadOwn(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

export async function saveOwn(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

export function sheetOf(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`missing sheet ${name}`);
  return ws;
}

/** Edits our template with exceljs, the way a user would in Excel. */
export async function editTemplate(
  input: BulkTemplateInput,
  edit: (wb: ExcelJS.Workbook) => void,
): Promise<Buffer> {
  const wb = await loadOwn(await writeBulkTemplate(input));
  edit(wb);
  return saveOwn(wb);
}

export function bigTemplateInput(rows: number): BulkTemplateInput {
  const typesPerHome = 5;
  return sampleTemplateInput(Math.ceil(rows / typesPerHome), typesPerHome);
}

export function which(command: string): string | null {
  try {
    return execFileSync('which', [command], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

export const ms = (start: number) => Math.round(performance.now() - start);

/**
 * Times writing and reading a template of `rows` capacity rows; prints and returns the figures.
 * The read timeout budget is lifted so a busy machine measures rather than fails.
 */
export async function benchTemplate(rows: number, runs = 3) {
  let started = performance.now();
  const buf = await writeBulkTemplate(bigTemplateInput(rows));
  const writeMs = ms(started);
  const guardMs: number[] = [];
  const readMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    started = performance.now();
    inspectXlsx(buf);
    guardMs.push(ms(started));
    started = performance.now();
    const result = await readBulkUpload(buf, { limits: { timeoutMsPerMb: 10_000, maxTimeoutMs: 60_000 } });
    readMs.push(ms(started));
    if (!result.ok) throw new Error(result.reason);
    if (result.capacities.length !== rows)
      throw new Error(`read ${result.capacities.length} rows, not ${rows}`);
  }
  console.log(
    `\nBench: ${rows} rows, ${Math.round(buf.length / 1024)} KB; write ${writeMs} ms; guard ${guardMs.join('/')} ms; readBulkUpload ${readMs.join('/')} ms`,
  );
  return { rows, bytes: buf.length, writeMs, guardMs, readMs };
}
