import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildZip } from '../../../scripts/hostile-corpus';
import {
  BULK_TEMPLATE_FORMAT_ID,
  CAPACITY_COLUMNS as C,
  CAPACITIES_SHEET,
  CARE_HOMES_SHEET,
  CARE_HOME_COLUMNS as H,
} from '../../../shared/infra/xlsx/columns';
import { readZipParts } from '../../../shared/infra/xlsx/guard';
import { type BulkUploadReadResult, readBulkUpload } from '../../../shared/infra/xlsx/reader';
import { READER_WORKER_SOURCE } from '../../../shared/infra/xlsx/reader-worker-source';
import { writeBulkTemplate } from '../../../shared/infra/xlsx/template';
import { editTemplate, sampleTemplateInput, sheetOf } from './helpers';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const TMP = path.join(ROOT, 'test', '.tmp', 'xlsx-reader');

function ok(result: BulkUploadReadResult) {
  if (!result.ok) throw new Error(`expected ok, got: ${result.reason} ${result.detail ?? ''}`);
  return result;
}

function reasonOf(result: BulkUploadReadResult): string {
  if (result.ok) throw new Error('expected the file to be rejected');
  return result.reason;
}

const protoKeys = () => Object.getOwnPropertyNames(Object.prototype).sort();

describe('readBulkUpload on a template filled in like a user would', () => {
  let filled: Buffer;
  beforeAll(async () => {
    filled = await editTemplate(sampleTemplateInput(3, 2), (wb) => {
      const cap = sheetOf(wb, CAPACITIES_SHEET);
      // Row 2: a refurbishment takes one bed out; price up; flexible.
      cap.getCell('G2').value = 1250.5;
      cap.getCell('I2').value = 4;
      cap.getCell('K2').value = 1;
      cap.getCell('L2').value = 1;
      cap.getCell('M2').value = 'Refurbishment';
      cap.getCell('N2').value = 'Yes';
      // Row 3: typed text where a number belongs, stray spaces, an error value, a boolean.
      cap.getCell('H3').value = ' six ';
      cap.getCell('I3').value = { error: '#N/A' };
      cap.getCell('J3').value = '   ';
      cap.getCell('N3').value = true;
      // A row holding only spaces, after the data, counts as blank and is skipped.
      cap.getCell('G20').value = '   ';
      const homes = sheetOf(wb, CARE_HOMES_SHEET);
      homes.getCell('E2').value = 'No';
      homes.getCell('F2').value = { richText: [{ text: 'Hoist, ' }, { font: { bold: true }, text: 'lift' }] };
      // Text that looks like a formula stays text: only real formulas are refused.
      homes.getCell('F3').value = '=SUM(1,2)';
      homes.getCell('F4').value = null;
    });
  });

  it('returns the raw cells keyed by header, with sheet row numbers', async () => {
    const result = ok(await readBulkUpload(filled));
    expect(result.formatId).toBe(BULK_TEMPLATE_FORMAT_ID);
    expect(result.capacities.map((r) => r.sheetRow)).toEqual([2, 3, 4, 5, 6, 7]);
    const [first, second] = result.capacities;
    expect(Object.fromEntries(first?.cells ?? [])).toEqual({
      [C.locationId]: '1-1000000000',
      [C.vacancyTypeCode]: 'TYPE_0',
      [C.version]: 7,
      [C.careHomeName]: 'Sample Care Home 1',
      [C.postcode]: 'OX3 2RX',
      [C.vacancyType]: 'Vacancy type 0',
      [C.weeklyPriceFrom]: 1250.5,
      [C.maximumCapacity]: 6,
      [C.occupied]: 4,
      [C.vacantReserved]: 0,
      [C.vacantAccepting]: 1,
      [C.vacantNotAvailable]: 1,
      [C.notAvailableReason]: 'Refurbishment',
      [C.flexible]: 'Yes',
    });
    expect(second?.cells.get(C.maximumCapacity)).toBe('six');
    expect(second?.cells.get(C.occupied)).toBe('#N/A');
    expect(second?.cells.get(C.vacantReserved)).toBeNull();
    expect(second?.cells.get(C.flexible)).toBe(true);

    expect(result.careHomes.map((r) => r.sheetRow)).toEqual([2, 3, 4]);
    expect(result.careHomes[0]?.cells.get(H.outOfHoursAdmissions)).toBe('No');
    expect(result.careHomes[0]?.cells.get(H.notes)).toBe('Hoist, lift');
    expect(result.careHomes[1]?.cells.get(H.notes)).toBe('=SUM(1,2)');
    expect(result.careHomes[2]?.cells.get(H.notes)).toBeNull();
    expect(result.careHomes[2]?.cells.get(H.version)).toBe(7);
    for (const row of [...result.capacities, ...result.careHomes]) {
      expect(row.cells).toBeInstanceOf(Map);
    }
  });

  it('reads several uploads at once', async () => {
    const results = await Promise.all([
      readBulkUpload(filled),
      readBulkUpload(filled),
      readBulkUpload(filled),
    ]);
    for (const r of results) expect(ok(r).capacities).toHaveLength(6);
  });
});

describe('readBulkUpload structure checks', () => {
  const input = sampleTemplateInput(3, 2);

  it('refuses a renamed, missing or repeated column', async () => {
    const renamed = await editTemplate(input, (wb) => {
      sheetOf(wb, CAPACITIES_SHEET).getCell('I1').value = 'Occupied beds';
    });
    expect(reasonOf(await readBulkUpload(renamed))).toContain("unexpected column 'Occupied beds' (column I)");
    const missing = await editTemplate(input, (wb) => {
      sheetOf(wb, CARE_HOMES_SHEET).getCell('F1').value = null;
    });
    expect(reasonOf(await readBulkUpload(missing))).toContain(
      "'Care Homes' sheet is missing the column 'Notes'",
    );
    const twice = await editTemplate(input, (wb) => {
      sheetOf(wb, CAPACITIES_SHEET).getCell('O1').value = 'Occupied';
    });
    expect(reasonOf(await readBulkUpload(twice))).toContain("has the column 'Occupied' twice");
  });

  it('refuses a workbook without the data sheets', async () => {
    const renamed = await editTemplate(input, (wb) => {
      sheetOf(wb, CAPACITIES_SHEET).name = 'Capacity';
    });
    expect(reasonOf(await readBulkUpload(renamed))).toContain("no 'Capacities' sheet");
  });

  it('refuses a sheet whose rows repeat', async () => {
    const parts = readZipParts(await writeBulkTemplate(input));
    const xml = parts.get('xl/worksheets/sheet2.xml')?.toString('utf8') ?? '';
    parts.set('xl/worksheets/sheet2.xml', Buffer.from(xml.replace('<row r="3"', '<row r="2"')));
    const zip = buildZip([...parts].map(([name, data]) => ({ name, data })));
    expect(reasonOf(await readBulkUpload(zip))).toContain('row 2 appears twice or out of order');
  });

  it('applies the row cap in the reader too, counting only non-blank rows', async () => {
    const buf = await writeBulkTemplate(input);
    const limits = { maxDataRows: 5, maxRowsPerSheet: 1000 };
    expect(reasonOf(await readBulkUpload(buf, { limits }))).toBe(
      "The 'Capacities' sheet has too many rows (more than 5).",
    );
    expect(
      ok(await readBulkUpload(buf, { limits: { maxDataRows: 6, maxRowsPerSheet: 1000 } })).capacities,
    ).toHaveLength(6);
    // By default the guard counts <row> elements against the same limit (plus the header row).
    expect(reasonOf(await readBulkUpload(buf, { limits: { maxDataRows: 5 } }))).toMatch(
      /^The sheet '\w+' has too many rows \(more than 5\)\.$/,
    );
  });

  it('refuses over-long text', async () => {
    const long = sampleTemplateInput(2, 1);
    long.homes[1] = {
      locationId: '1-2',
      name: 'Long',
      postcode: 'OX3 2RX',
      notes: 'n'.repeat(61),
      rows: [],
      version: 1,
    };
    const buf = await writeBulkTemplate(long);
    expect(ok(await readBulkUpload(buf, { limits: { maxCellChars: 61 } })).careHomes).toHaveLength(2);
    expect(reasonOf(await readBulkUpload(buf, { limits: { maxCellChars: 60 } }))).toBe(
      "'Care Homes' row 3, column F ('Notes'): the text is longer than 60 characters.",
    );
  });

  it('gives up on a file that takes too long, and the process carries on', async () => {
    const buf = await writeBulkTemplate(sampleTemplateInput(400, 5));
    const started = performance.now();
    const result = await readBulkUpload(buf, { limits: { timeoutMs: 20, timeoutMsPerMb: 0 } });
    expect(reasonOf(result)).toContain('took too long to read (over 20 ms)');
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(ok(await readBulkUpload(await writeBulkTemplate(input))).capacities).toHaveLength(6);
  });

  it('reports a file that exhausts the worker heap, and the process carries on', async () => {
    const parts = readZipParts(await writeBulkTemplate(input));
    const sst = parts.get('xl/sharedStrings.xml')?.toString('utf8') ?? '';
    const extra = Array.from({ length: 200_000 }, (_, i) => `<si><t>${'x'.repeat(90)}${i}</t></si>`).join('');
    parts.set('xl/sharedStrings.xml', Buffer.from(sst.replace('</sst>', `${extra}</sst>`)));
    const zip = buildZip([...parts].map(([name, data]) => ({ name, data })));
    const result = await readBulkUpload(zip, { limits: { maxWorkerHeapMb: 16, maxTimeoutMs: 60_000 } });
    expect(reasonOf(result)).toContain('needs too much memory');
    expect(ok(await readBulkUpload(await writeBulkTemplate(input))).capacities).toHaveLength(6);
  });

  it('keeps __proto__ and constructor as plain names: extra sheets are ignored, prototypes untouched', async () => {
    const before = protoKeys();
    const buf = await editTemplate(input, (wb) => {
      wb.addWorksheet('__proto__').getCell('A1').value = 'polluted';
      wb.addWorksheet('constructor').getCell('A1').value = 'polluted';
      wb.addWorksheet('hasOwnProperty').getCell('A1').value = 'polluted';
    });
    const result = ok(await readBulkUpload(buf));
    expect(result.capacities).toHaveLength(6);
    expect(protoKeys()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('the reader worker', () => {
  it('is valid JavaScript with no template-literal holes', () => {
    expect(() => new Script(READER_WORKER_SOURCE)).not.toThrow();
    expect(READER_WORKER_SOURCE).not.toContain('`');
  });

  // The worker is a string evaluated with { eval: true } and exceljs is require()d from
  // node_modules, so it must work the same from TypeScript under tsx and from an esbuild bundle.
  describe('outside vitest', () => {
    let file: string;
    beforeAll(async () => {
      await mkdir(TMP, { recursive: true });
      file = path.join(TMP, 'template.xlsx');
      await writeFile(file, await writeBulkTemplate(sampleTemplateInput(3, 2)));
      await writeFile(
        path.join(TMP, 'read-cli.ts'),
        [
          "import { readFileSync } from 'node:fs';",
          "import { readBulkUpload } from '../../../shared/infra/xlsx/reader';",
          'void readBulkUpload(readFileSync(process.argv[2] ?? "")).then((r) => {',
          '  process.stdout.write(JSON.stringify(r.ok ? { ok: true, rows: r.capacities.length, formatId: r.formatId } : r));',
          '});',
          '',
        ].join('\n'),
      );
    });

    const expected = { ok: true, rows: 6, formatId: BULK_TEMPLATE_FORMAT_ID };

    it('runs under tsx', () => {
      const out = execFileSync(
        path.join(ROOT, 'node_modules', '.bin', 'tsx'),
        [path.join(TMP, 'read-cli.ts'), file],
        {
          cwd: ROOT,
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      expect(JSON.parse(out)).toEqual(expected);
    });

    it.each(['esm', 'cjs'] as const)(
      'runs from an esbuild %s bundle, from another working directory',
      (format) => {
        const outfile = path.join(TMP, `bundle-${format}.${format === 'esm' ? 'mjs' : 'cjs'}`);
        execFileSync(
          path.join(ROOT, 'node_modules', '.bin', 'esbuild'),
          [
            path.join(TMP, 'read-cli.ts'),
            '--bundle',
            '--platform=node',
            `--format=${format}`,
            '--target=node20',
            '--external:exceljs',
            '--log-level=error',
            `--outfile=${outfile}`,
          ],
          { cwd: ROOT, timeout: 60_000 },
        );
        const out = execFileSync(process.execPath, [outfile, file], {
          cwd: '/',
          encoding: 'utf8',
          timeout: 60_000,
        });
        expect(JSON.parse(out)).toEqual(expected);
      },
    );
  });
});
