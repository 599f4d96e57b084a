import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
} from '../../../shared/infra/xlsx/columns';
import { readZipParts } from '../../../shared/infra/xlsx/guard';
import { readBulkUpload } from '../../../shared/infra/xlsx/reader';
import { EDITABLE_FILL_ARGB, writeBulkTemplate } from '../../../shared/infra/xlsx/template';
import { loadOwn, sampleTemplateInput, sheetOf, which } from './helpers';

const input = sampleTemplateInput(3, 2);
input.homes[1] = {
  locationId: '1-1000000001',
  name: 'Ash House',
  postcode: 'OX3 2RX',
  registeredBeds: undefined,
  outOfHoursAdmissions: undefined,
  notes: undefined,
  version: 12,
  rows: [
    {
      vacancyType: 'DEMENTIA_NURSING',
      vacancyTypeLabel: 'Dementia Nursing',
      weeklyPriceFrom: null,
      maximumCapacity: 4,
      occupied: 1,
      vacantReserved: 1,
      vacantAccepting: 0,
      vacantNotAvailable: 2,
      notAvailableReasonLabel: 'Refurbishment',
      flexible: true,
    },
  ],
};
const dataRows = input.homes.reduce((n, h) => n + h.rows.length, 0);

let buf: Buffer;
beforeAll(async () => {
  buf = await writeBulkTemplate(input);
});

/** exceljs keeps sheet protection at runtime but leaves it out of its typings. */
const protectionOf = (ws: unknown) => (ws as { sheetProtection: unknown }).sheetProtection;
const fillOf = (cell: { fill?: unknown }) =>
  (cell.fill as { fgColor?: { argb?: string } } | undefined)?.fgColor?.argb;

describe('writeBulkTemplate', () => {
  it('has the Instructions, Capacities and Care Homes sheets, and a very hidden format sheet', async () => {
    const wb = await loadOwn(buf);
    expect(wb.worksheets.map((ws) => ws.name)).toEqual([
      INSTRUCTIONS_SHEET,
      CAPACITIES_SHEET,
      CARE_HOMES_SHEET,
      META_SHEET,
    ]);
    expect(sheetOf(wb, META_SHEET).state).toBe('veryHidden');
    expect(sheetOf(wb, META_SHEET).getCell('B1').value).toBe(BULK_TEMPLATE_FORMAT_ID);
    for (const name of [INSTRUCTIONS_SHEET, CAPACITIES_SHEET, CARE_HOMES_SHEET]) {
      expect(sheetOf(wb, name).state).toBe('visible');
    }
  });

  it('explains the rules and the declaration on the Instructions sheet', async () => {
    const wb = await loadOwn(buf);
    const text: string[] = [];
    sheetOf(wb, INSTRUCTIONS_SHEET).eachRow((row) => {
      text.push(String(row.getCell(1).value ?? ''));
    });
    const all = text.join('\n');
    expect(all).toContain('£100');
    expect(all).toContain(
      'Maximum capacity = Occupied + Vacant reserved + Vacant accepting admissions + Vacant not available',
    );
    expect(all).toContain('choose a reason');
    expect(all).toContain('Refurbishment');
    expect(all).toMatch(/Declaration/);
    expect(all).toContain('light yellow');
  });

  it('writes one Capacities row per home and vacancy type, keys first', async () => {
    const wb = await loadOwn(buf);
    const ws = sheetOf(wb, CAPACITIES_SHEET);
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([...CAPACITY_HEADERS]);
    expect(ws.actualRowCount).toBe(1 + dataRows);
    const col = (h: string) => CAPACITY_HEADERS.indexOf(h as never) + 1;
    const ash = ws.getRow(4);
    expect(ash.getCell(col(CAPACITY_COLUMNS.locationId)).value).toBe('1-1000000001');
    expect(ash.getCell(col(CAPACITY_COLUMNS.vacancyTypeCode)).value).toBe('DEMENTIA_NURSING');
    expect(ash.getCell(col(CAPACITY_COLUMNS.version)).value).toBe(12);
    expect(ash.getCell(col(CAPACITY_COLUMNS.vacancyType)).value).toBe('Dementia Nursing');
    expect(ash.getCell(col(CAPACITY_COLUMNS.weeklyPriceFrom)).value).toBeNull();
    expect(ash.getCell(col(CAPACITY_COLUMNS.vacantNotAvailable)).value).toBe(2);
    expect(ash.getCell(col(CAPACITY_COLUMNS.notAvailableReason)).value).toBe('Refurbishment');
    expect(ash.getCell(col(CAPACITY_COLUMNS.flexible)).value).toBe('Yes');
    // Machine keys are hidden but present; everything has a width.
    expect(ws.getColumn(col(CAPACITY_COLUMNS.vacancyTypeCode)).hidden).toBe(true);
    expect(ws.getColumn(col(CAPACITY_COLUMNS.version)).hidden).toBe(true);
    expect(ws.getColumn(col(CAPACITY_COLUMNS.locationId)).hidden).toBe(false);
    for (let c = 1; c <= CAPACITY_HEADERS.length; c++) expect(ws.getColumn(c).width).toBeGreaterThan(5);
  });

  it('writes one Care Homes row per home', async () => {
    const wb = await loadOwn(buf);
    const ws = sheetOf(wb, CARE_HOMES_SHEET);
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([...CARE_HOME_HEADERS]);
    expect(ws.actualRowCount).toBe(1 + input.homes.length);
    const col = (h: string) => CARE_HOME_HEADERS.indexOf(h as never) + 1;
    expect(ws.getRow(2).getCell(col(CARE_HOME_COLUMNS.outOfHoursAdmissions)).value).toBe('Yes');
    expect(ws.getRow(3).getCell(col(CARE_HOME_COLUMNS.outOfHoursAdmissions)).value).toBeNull();
    expect(ws.getRow(3).getCell(col(CARE_HOME_COLUMNS.registeredBeds)).value).toBeNull();
    expect(ws.getRow(4).getCell(col(CARE_HOME_COLUMNS.notes)).value).toBe('Hoist available');
    expect(ws.getRow(3).getCell(col(CARE_HOME_COLUMNS.version)).value).toBe(12);
    expect(ws.getColumn(col(CARE_HOME_COLUMNS.version)).hidden).toBe(true);
  });

  it('fills and unlocks exactly the editable cells, locks the rest, protects every sheet', async () => {
    const wb = await loadOwn(buf);
    const editable = {
      [CAPACITIES_SHEET]: new Set<string>([
        CAPACITY_COLUMNS.weeklyPriceFrom,
        CAPACITY_COLUMNS.maximumCapacity,
        CAPACITY_COLUMNS.occupied,
        CAPACITY_COLUMNS.vacantReserved,
        CAPACITY_COLUMNS.vacantAccepting,
        CAPACITY_COLUMNS.vacantNotAvailable,
        CAPACITY_COLUMNS.notAvailableReason,
        CAPACITY_COLUMNS.flexible,
      ]),
      [CARE_HOMES_SHEET]: new Set<string>([CARE_HOME_COLUMNS.outOfHoursAdmissions, CARE_HOME_COLUMNS.notes]),
    };
    for (const [name, headers] of [
      [CAPACITIES_SHEET, CAPACITY_HEADERS],
      [CARE_HOMES_SHEET, CARE_HOME_HEADERS],
    ] as const) {
      const ws = sheetOf(wb, name);
      expect(protectionOf(ws)).toMatchObject({ sheet: true });
      expect(protectionOf(ws)).not.toHaveProperty('hashValue');
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      for (let r = 1; r <= ws.actualRowCount; r++) {
        headers.forEach((header, i) => {
          const cell = ws.getRow(r).getCell(i + 1);
          const shouldEdit = r > 1 && editable[name].has(header);
          expect({ at: cell.address, locked: cell.protection?.locked !== false }).toEqual({
            at: cell.address,
            locked: !shouldEdit,
          });
          if (shouldEdit) expect(fillOf(cell)).toBe(EDITABLE_FILL_ARGB);
          else expect(fillOf(cell)).not.toBe(EDITABLE_FILL_ARGB);
        });
      }
    }
    expect(protectionOf(sheetOf(wb, INSTRUCTIONS_SHEET))).toMatchObject({ sheet: true });
  });

  it('adds data validations by column range, not per cell', async () => {
    const parts = readZipParts(buf);
    const capacities = parts.get('xl/worksheets/sheet2.xml')?.toString('utf8') ?? '';
    const careHomes = parts.get('xl/worksheets/sheet3.xml')?.toString('utf8') ?? '';
    const last = 1 + dataRows;
    const sqrefs = [...capacities.matchAll(/<dataValidation [^>]*sqref="([^"]+)"/g)].map((m) => m[1]);
    expect(sqrefs.sort()).toEqual(['G', 'H', 'I', 'J', 'K', 'L', 'M', 'N'].map((c) => `${c}2:${c}${last}`));
    expect(capacities).toMatch(
      /type="decimal" operator="greaterThanOrEqual"[^>]*sqref="G2:G\d+"><formula1>0</,
    );
    expect(capacities).toMatch(/type="whole" operator="greaterThanOrEqual"[^>]*sqref="H2:H\d+"><formula1>0</);
    expect(capacities).toContain(`<formula1>${META_SHEET}!$D$1:$D$5</formula1>`);
    expect(capacities).toContain('<formula1>&quot;Yes,No&quot;</formula1>');
    expect([...careHomes.matchAll(/<dataValidation /g)]).toHaveLength(1);
    expect(careHomes).toMatch(/type="list"[^>]*sqref="E2:E4"/);

    // And exceljs reads them back as the rules we meant.
    const wb = await loadOwn(buf);
    const model = (
      sheetOf(wb, CAPACITIES_SHEET) as unknown as { dataValidations: { model: Record<string, unknown> } }
    ).dataValidations.model;
    expect(model[`H${last}`]).toMatchObject({ type: 'whole', operator: 'greaterThanOrEqual', formulae: [0] });
    expect(model.G2).toMatchObject({ type: 'decimal', formulae: [0] });
    expect(model.N2).toMatchObject({ type: 'list', formulae: ['"Yes,No"'] });
    const meta = sheetOf(wb, META_SHEET);
    expect([1, 2, 3, 4, 5].map((r) => meta.getCell(r, 4).value)).toEqual(input.reasons);
  });

  it('writes a usable template for a provider with no homes', async () => {
    const empty = await writeBulkTemplate({ generatedAt: '2024-05-01T09:00:00Z', homes: [], reasons: [] });
    const result = await readBulkUpload(empty);
    expect(result).toEqual({ ok: true, capacities: [], careHomes: [], formatId: BULK_TEMPLATE_FORMAT_ID });
  });
});

describe('LibreOffice', () => {
  const soffice = which('soffice');
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cct-xlsx-lo-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const convert = (file: string, format: string, outDir: string) =>
    execFileSync(
      soffice ?? 'soffice',
      [
        `-env:UserInstallation=${new URL(`file://${path.join(dir, 'profile')}`).href}`,
        '--headless',
        '--norestore',
        '--convert-to',
        format,
        '--outdir',
        outDir,
        file,
      ],
      { timeout: 150_000, stdio: 'pipe' },
    );

  it.skipIf(!soffice)(
    'opens the template: converts it to PDF, and to .xlsx that readBulkUpload still reads',
    async () => {
      const file = path.join(dir, 'template.xlsx');
      await writeFile(file, buf);
      convert(file, 'pdf', path.join(dir, 'pdf'));
      const pdf = await readFile(path.join(dir, 'pdf', 'template.pdf'));
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');

      convert(file, 'xlsx:Calc MS Excel 2007 XML', path.join(dir, 'xlsx'));
      expect(await readdir(path.join(dir, 'xlsx'))).toEqual(['template.xlsx']);
      const resaved = await readBulkUpload(await readFile(path.join(dir, 'xlsx', 'template.xlsx')));
      const original = await readBulkUpload(buf);
      if (!resaved.ok || !original.ok) throw new Error(JSON.stringify([resaved, original]));
      expect(resaved.formatId).toBe(BULK_TEMPLATE_FORMAT_ID);
      expect(resaved.capacities).toEqual(original.capacities);
      expect(resaved.careHomes).toEqual(original.careHomes);
    },
    300_000,
  );

  if (!soffice) {
    it('is skipped', () => {
      console.warn('LibreOffice check skipped: soffice is not on the PATH.');
    });
  }
});
