/**
 * Generates hostile .xlsx uploads for the bulk update reader, each with the substring its
 * rejection reason must contain.
 *
 *   npx tsx scripts/hostile-corpus.ts [outDir]      (default test/.tmp/hostile)
 *
 * Most files start from a real template made by writeBulkTemplate and are edited at the XML or
 * zip level, so each one is hostile in exactly one way.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, createDeflateRaw, deflateRawSync, deflateSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { CAPACITY_HEADERS, CARE_HOME_HEADERS } from '../shared/infra/xlsx/columns';
import { readZipParts } from '../shared/infra/xlsx/guard';
import { type BulkTemplateInput, writeBulkTemplate } from '../shared/infra/xlsx/template';

export interface HostileFile {
  name: string;
  file: string;
  /** Substring of the reason readBulkUpload must give. */
  expect: string;
}

// ---------------------------------------------------------------------------------------------
// A minimal zip writer that can lie: declared sizes, shared local headers and unsafe names are
// all under the caller's control.

export interface ZipInput {
  name: string;
  data: Buffer;
  /** 0 stored, 8 deflate (default). */
  method?: 0 | 8;
  /** Precompressed bytes (with method 8), e.g. a streamed bomb. */
  compressed?: Buffer;
  /** Uncompressed size and CRC to declare; the real ones by default. */
  declaredSize?: number;
  crc?: number;
}

export function buildZip(inputs: ZipInput[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const input of inputs) {
    const method = input.method ?? 8;
    const name = Buffer.from(input.name, 'utf8');
    const body = input.compressed ?? (method === 8 ? deflateRawSync(input.data) : input.data);
    const size = input.declaredSize ?? input.data.length;
    const crc = input.crc ?? crc32(input.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  return finishZip(Buffer.concat(locals), Buffer.concat(centrals), inputs.length);
}

function finishZip(localPart: Buffer, centralPart: Buffer, count: number): Buffer {
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(count, 8);
  eocd.writeUInt16LE(count, 10);
  eocd.writeUInt32LE(centralPart.length, 12);
  eocd.writeUInt32LE(localPart.length, 16);
  return Buffer.concat([localPart, centralPart, eocd]);
}

/** Deflates `total` bytes of zeros without holding them in memory. */
async function deflatedZeros(total: number): Promise<{ compressed: Buffer; crc: number }> {
  const chunk = Buffer.alloc(1024 * 1024);
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (d: Buffer) => out.push(d));
  let crc = 0;
  for (let written = 0; written < total; written += chunk.length) {
    const piece = chunk.subarray(0, Math.min(chunk.length, total - written));
    crc = crc32(piece, crc);
    if (!deflate.write(piece)) await once(deflate, 'drain');
  }
  deflate.end();
  await once(deflate, 'end');
  return { compressed: Buffer.concat(out), crc };
}

// ---------------------------------------------------------------------------------------------

const REASONS = [
  'COVID outbreak',
  'Local Authority safeguarding',
  'Management decision',
  'Other health outbreak (e.g. norovirus)',
  'Refurbishment',
];

export function sampleTemplateInput(homeCount = 3, typesPerHome = 2): BulkTemplateInput {
  return {
    generatedAt: '2024-05-01T09:00:00.000Z',
    reasons: REASONS,
    homes: Array.from({ length: homeCount }, (_, i) => ({
      locationId: `1-${1000000000 + i}`,
      name: `Sample Care Home ${i + 1}`,
      postcode: 'OX3 2RX',
      registeredBeds: 20,
      outOfHoursAdmissions: i % 2 === 0,
      notes: 'Hoist available',
      version: 7,
      rows: Array.from({ length: typesPerHome }, (_, j) => ({
        vacancyType: `TYPE_${j}`,
        vacancyTypeLabel: `Vacancy type ${j}`,
        weeklyPriceFrom: 1175,
        maximumCapacity: 6,
        occupied: 5,
        vacantReserved: 0,
        vacantAccepting: 1,
        vacantNotAvailable: 0,
        notAvailableReasonLabel: null,
        flexible: false,
      })),
    })),
  };
}

const CAPACITIES_PART = 'xl/worksheets/sheet2.xml';
const CARE_HOMES_PART = 'xl/worksheets/sheet3.xml';

function rezip(parts: Map<string, Buffer>): Buffer {
  return buildZip([...parts].map(([name, data]) => ({ name, data, method: data.length === 0 ? 0 : 8 })));
}

function editPart(
  parts: Map<string, Buffer>,
  part: string,
  edit: (xml: string) => string,
): Map<string, Buffer> {
  const copy = new Map(parts);
  const xml = copy.get(part)?.toString('utf8');
  if (xml === undefined) throw new Error(`No part ${part}`);
  const edited = edit(xml);
  if (edited === xml) throw new Error(`Edit of ${part} changed nothing`);
  copy.set(part, Buffer.from(edited, 'utf8'));
  return copy;
}

const insertAfter = (xml: string, pattern: RegExp, text: string) =>
  xml.replace(pattern, (m) => `${m}${text}`);

function pngBytes(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typeAndData) >>> 0);
    return Buffer.concat([len, typeAndData, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr[8] = 8;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from([0, 0]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function columnLetter(n: number): string {
  let letters = '';
  let rest = n;
  while (rest > 0) {
    const rem = (rest - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    rest = Math.floor((rest - 1) / 26);
  }
  return letters;
}

/** Capacities sheet XML with `rows` data rows of inline strings and numbers. */
function bigCapacitiesSheet(rows: number): Buffer {
  const header = CAPACITY_HEADERS.map(
    (h, i) => `<c r="${columnLetter(i + 1)}1" t="inlineStr"><is><t>${xmlText(h)}</t></is></c>`,
  ).join('');
  const parts: string[] = [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
    `<row r="1">${header}</row>`,
  ];
  for (let r = 2; r <= rows + 1; r++) {
    parts.push(
      `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>1-${r}</t></is></c><c r="B${r}" t="inlineStr"><is><t>TYPE_0</t></is></c><c r="C${r}"><v>1</v></c><c r="D${r}" t="inlineStr"><is><t>Home ${r}</t></is></c><c r="E${r}" t="inlineStr"><is><t>OX3 2RX</t></is></c><c r="F${r}" t="inlineStr"><is><t>Type</t></is></c><c r="G${r}"><v>${1000 + (r % 500)}</v></c><c r="H${r}"><v>6</v></c><c r="I${r}"><v>5</v></c><c r="J${r}"><v>0</v></c><c r="K${r}"><v>1</v></c><c r="L${r}"><v>0</v></c><c r="N${r}" t="inlineStr"><is><t>No</t></is></c></row>`,
    );
  }
  parts.push('</sheetData></worksheet>');
  return Buffer.from(parts.join(''), 'utf8');
}

async function withExcelJs(template: Buffer, edit: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  // Loading is fine here: this is our own generated file, never an upload.
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(template as unknown as ArrayBuffer);
  edit(wb);
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`No sheet ${name}`);
  return ws;
}

export async function generateHostileCorpus(dir: string): Promise<HostileFile[]> {
  await mkdir(dir, { recursive: true });
  const template = await writeBulkTemplate(sampleTemplateInput());
  const parts = readZipParts(template);
  const files: Array<{ name: string; bytes: Buffer; expect: string }> = [];
  const add = (name: string, bytes: Buffer, expect: string) => files.push({ name, bytes, expect });

  // Zip bombs. The bomb part replaces the Capacities sheet so everything else is a real workbook.
  const bomb = await deflatedZeros(256 * 1024 * 1024);
  const withBomb = (declaredSize: number, compressed = bomb.compressed, crc = bomb.crc) =>
    buildZip(
      [...parts].map(([name, data]) =>
        name === CAPACITIES_PART
          ? { name, data: Buffer.alloc(0), compressed, declaredSize, crc }
          : { name, data, method: data.length === 0 ? (0 as const) : (8 as const) },
      ),
    );
  add('zip-bomb-declared', withBomb(256 * 1024 * 1024), 'expands to more than 100 MB when unzipped');
  add('zip-bomb-lying', withBomb(40 * 1024), 'expands to more than it declares');
  const ratioBomb = await deflatedZeros(20 * 1024 * 1024);
  add(
    'zip-bomb-ratio',
    withBomb(20 * 1024 * 1024, ratioBomb.compressed, ratioBomb.crc),
    'compressed suspiciously well',
  );
  {
    // Non-recursive bomb: many central entries share one local entry's data.
    // Each part stays under the ratio check's threshold, so only the overlap gives it away.
    const data = Buffer.alloc(512 * 1024);
    const single = buildZip([{ name: 'xl/worksheets/sheet1.xml', data }]);
    const cdStart = single.readUInt32LE(single.length - 6);
    const local = single.subarray(0, cdStart);
    const oneCentral = single.subarray(cdStart, single.length - 22);
    const centrals: Buffer[] = [];
    const names = [
      'xl/worksheets/sheet1.xml',
      '[Content_Types].xml',
      'xl/workbook.xml',
      ...Array.from({ length: 20 }, (_, i) => `xl/worksheets/s${i}.xml`),
    ];
    for (const name of names) {
      const header = Buffer.from(oneCentral.subarray(0, 46));
      const nameBytes = Buffer.from(name, 'utf8');
      header.writeUInt16LE(nameBytes.length, 28);
      centrals.push(header, nameBytes);
    }
    add('zip-bomb-overlapping', finishZip(local, Buffer.concat(centrals), names.length), 'overlapping');
  }

  // Ranges that naive parsers expand cell by cell.
  add(
    'whole-sheet-validation',
    rezip(
      editPart(parts, CAPACITIES_PART, (xml) =>
        insertAfter(
          xml.replace(
            /<dataValidations count="(\d+)">/,
            (_, n) => `<dataValidations count="${Number(n) + 1}">`,
          ),
          /<dataValidations count="\d+">/,
          '<dataValidation type="whole" operator="greaterThanOrEqual" allowBlank="1" sqref="A1:XFD1048576"><formula1>0</formula1></dataValidation>',
        ),
      ),
    ),
    'data validation covers',
  );
  add(
    'whole-sheet-merge',
    rezip(
      editPart(parts, CAPACITIES_PART, (xml) =>
        insertAfter(
          xml,
          /<sheetProtection[^>]*\/>/,
          '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>',
        ),
      ),
    ),
    'merged cell covers',
  );
  add(
    'whole-sheet-conditional-format',
    rezip(
      editPart(parts, CAPACITIES_PART, (xml) =>
        xml.replace(
          /<dataValidations /,
          '<conditionalFormatting sqref="A1:XFD1048576"><cfRule type="expression" dxfId="0" priority="1"><formula>TRUE</formula></cfRule></conditionalFormatting><dataValidations ',
        ),
      ),
    ),
    'conditional format covers',
  );
  add(
    'whole-sheet-named-range',
    rezip(
      editPart(parts, 'xl/workbook.xml', (xml) =>
        insertAfter(
          xml,
          /<\/sheets>/,
          '<definedNames><definedName name="everything">Capacities!$A$1:$XFD$1048576</definedName><definedName name="allColumns">Capacities!$A:$XFD</definedName></definedNames>',
        ),
      ),
    ),
    'named range',
  );

  // Prototype pollution attempts.
  add(
    'proto-sheet-name',
    await withExcelJs(template, (wb) => {
      sheet(wb, 'Care Homes').name = '__proto__';
      wb.addWorksheet('constructor').getCell('A1').value = 'x';
    }),
    "no 'Care Homes' sheet",
  );
  add(
    'proto-headers',
    await withExcelJs(template, (wb) => {
      const ws = sheet(wb, 'Capacities');
      const next = CAPACITY_HEADERS.length + 1;
      ws.getCell(1, next).value = '__proto__';
      ws.getCell(1, next + 1).value = 'constructor';
      ws.getCell(2, next).value = 'polluted';
      ws.getCell(2, next + 1).value = 'polluted';
    }),
    "unexpected column '__proto__'",
  );

  // Formulas in editable cells.
  add(
    'formula-plain',
    await withExcelJs(template, (wb) => {
      sheet(wb, 'Capacities').getCell('H2').value = { formula: 'I2+J2+K2+L2', result: 6 };
    }),
    'formulas are not allowed',
  );
  add(
    'formula-shared',
    await withExcelJs(template, (wb) => {
      const ws = sheet(wb, 'Capacities');
      // exceljs writes a master with shareType/ref as <f t="shared" ref=".." si="0">; not in its typings.
      const master: ExcelJS.CellFormulaValue & { shareType: 'shared'; ref: string } = {
        formula: 'H2-J2-K2-L2',
        result: 5,
        shareType: 'shared',
        ref: 'I2:I4',
      };
      ws.getCell('I2').value = master;
      ws.getCell('I3').value = { sharedFormula: 'I2', result: 5 };
      ws.getCell('I4').value = { sharedFormula: 'I2', result: 5 };
    }),
    'formulas are not allowed',
  );
  add(
    'formula-shared-child-only',
    // A shared-formula child is <f t="shared" si="0"/> with no text; the reader must still see it.
    rezip(
      editPart(parts, CAPACITIES_PART, (xml) =>
        xml.replace(
          /<c r="K3" s="(\d+)"><v>1<\/v><\/c>/,
          '<c r="K3" s="$1"><f t="shared" si="0"/><v>1</v></c>',
        ),
      ),
    ),
    'formulas are not allowed',
  );
  add(
    'formula-care-homes',
    await withExcelJs(template, (wb) => {
      sheet(wb, 'Care Homes').getCell('F2').value = {
        formula: 'HYPERLINK("http://example.com","x")',
        result: 'x',
      };
    }),
    'formulas are not allowed',
  );

  // Not a workbook at all, or a broken one.
  add('png-renamed', pngBytes(), 'not an Excel workbook');
  add('empty', Buffer.alloc(0), 'empty');
  add('truncated', template.subarray(0, Math.floor(template.length * 0.7)), 'incomplete');
  add(
    'encrypted-ole',
    Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(4096)]),
    'password-protected',
  );
  add(
    'path-traversal',
    buildZip([
      ...[...parts].map(([name, data]) => ({ name, data })),
      { name: '../../etc/evil.xml', data: Buffer.from('x') },
    ]),
    'unsafe name',
  );
  add(
    'too-many-parts',
    buildZip([
      ...[...parts].map(([name, data]) => ({ name, data })),
      ...Array.from({ length: 300 }, (_, i) => ({
        name: `xl/media/junk${i}.bin`,
        data: Buffer.from([i & 0xff]),
      })),
    ]),
    'too many parts',
  );
  add(
    'oversized',
    buildZip([
      ...[...parts].map(([name, data]) => ({ name, data })),
      // Random bytes do not compress: the upload itself is over the size cap.
      { name: 'xl/media/noise.bin', data: randomBytes(11 * 1024 * 1024), method: 0 },
    ]),
    'larger than 10 MB',
  );

  // Size: a workbook with far more rows than any provider has.
  {
    const big = new Map(parts);
    big.set(CAPACITIES_PART, bigCapacitiesSheet(100_000));
    add('rows-100k', rezip(big), 'too many rows');
  }
  {
    // Millions of tiny shared strings: cheap to send, expensive to hold.
    const strings: string[] = [
      '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
    ];
    for (let i = 0; i < 1_500_000; i++) strings.push(`<si><t>${i.toString(36)}</t></si>`);
    strings.push('</sst>');
    const flood = new Map(parts);
    flood.set('xl/sharedStrings.xml', Buffer.from(strings.join(''), 'utf8'));
    add('shared-strings-flood', rezip(flood), 'too many distinct texts');
  }

  const out: HostileFile[] = [];
  for (const f of files) {
    const file = path.join(dir, `${f.name}.xlsx`);
    await writeFile(file, f.bytes);
    out.push({ name: f.name, file, expect: f.expect });
  }
  return out;
}

/** Sheet names and headers, exported for tests that build their own variants. */
export const TEMPLATE_PARTS = { capacities: CAPACITIES_PART, careHomes: CARE_HOMES_PART } as const;
export const HEADERS = { capacities: CAPACITY_HEADERS, careHomes: CARE_HOME_HEADERS } as const;

const isMain =
  process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
// No top-level await, so the module can also be loaded from CommonJS (tsx -e, require).
if (isMain) {
  const dir = process.argv[2] ?? path.join('test', '.tmp', 'hostile');
  generateHostileCorpus(dir).then(
    (corpus) => {
      for (const f of corpus) console.log(`${f.name.padEnd(32)} ${f.file}  (expect: ${f.expect})`);
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
