import { beforeAll, describe, expect, it } from 'vitest';
import { buildZip, type ZipInput } from '../../../scripts/hostile-corpus';
import { inspectXlsx, largestRangeCells, readZipParts } from '../../../shared/infra/xlsx/guard';
import { writeBulkTemplate } from '../../../shared/infra/xlsx/template';
import { buildStoredZip } from '../../../shared/infra/xlsx/zip';
import { sampleTemplateInput } from './helpers';

let template: Buffer;
let parts: Map<string, Buffer>;
beforeAll(async () => {
  template = await writeBulkTemplate(sampleTemplateInput(2, 2));
  parts = readZipParts(template);
});

const entries = (): ZipInput[] => [...parts].map(([name, data]) => ({ name, data }));

function reasonOf(buf: Buffer, limits = {}): string {
  const result = inspectXlsx(buf, limits);
  if (result.ok) throw new Error('expected a rejection');
  return result.reason;
}

function withSheetXml(edit: (xml: string) => string): Buffer {
  return buildZip(
    entries().map((e) =>
      e.name === 'xl/worksheets/sheet2.xml' ? { ...e, data: Buffer.from(edit(e.data.toString('utf8'))) } : e,
    ),
  );
}

describe('largestRangeCells', () => {
  it.each([
    ['A1:XFD1048576', 17_179_869_184],
    ['$A$1:$XFD$1048576', 17_179_869_184],
    ['Capacities!$A:$C', 3 * 1_048_576],
    ['$1:$2', 2 * 16_384],
    ["'My Sheet 2'!B2:C3", 4],
    ['G2:G7 H2:H7', 6],
    ['Sheet1!$A$1', 1],
    ['LOG10(5)', 0],
    ['L2:L1048576', 1_048_575],
  ])('%s -> %d cells', (text, cells) => {
    expect(largestRangeCells(text).cells).toBe(cells);
  });
});

describe('inspectXlsx', () => {
  it('accepts our template (data descriptors, directory entries) and returns the parts to read', () => {
    const result = inspectXlsx(template);
    if (!result.ok) throw new Error(result.reason);
    expect(result.sheetNames).toEqual(['Instructions', 'Capacities', 'Care Homes', 'cct_meta']);
    expect([...result.parts.keys()].sort()).toEqual([
      'xl/_rels/workbook.xml.rels',
      'xl/sharedStrings.xml',
      'xl/workbook.xml',
      'xl/worksheets/sheet1.xml',
      'xl/worksheets/sheet2.xml',
      'xl/worksheets/sheet3.xml',
      'xl/worksheets/sheet4.xml',
    ]);
  });

  it('accepts a re-zipped copy and a stored (uncompressed) copy', () => {
    expect(inspectXlsx(buildZip(entries())).ok).toBe(true);
    expect(inspectXlsx(buildStoredZip([...parts])).ok).toBe(true);
  });

  it('refuses a part whose data does not match its CRC', () => {
    const bad = buildZip(entries().map((e) => (e.name === 'xl/workbook.xml' ? { ...e, crc: 1234 } : e)));
    expect(reasonOf(bad)).toContain('damaged');
  });

  it('refuses data hidden between parts, and trailing bytes', () => {
    const zip = buildZip(entries());
    const cdOffset = zip.readUInt32LE(zip.length - 6);
    const gap = Buffer.alloc(16, 0x41);
    const hidden = Buffer.concat([zip.subarray(0, cdOffset), gap, zip.subarray(cdOffset)]);
    // Shift the central directory offset past the gap; local offsets stay as they were.
    hidden.writeUInt32LE(cdOffset + gap.length, hidden.length - 6);
    expect(reasonOf(hidden)).toMatch(/hidden data|damaged/);
    expect(reasonOf(Buffer.concat([zip, Buffer.from('junk')]))).toContain('incomplete or damaged');
  });

  it('refuses ZIP64, unknown compression, encryption and duplicate names', () => {
    const zip = buildZip(entries());
    const eocd = zip.length - 22;
    const zip64 = Buffer.from(zip);
    zip64.writeUInt16LE(0xffff, eocd + 10);
    zip64.writeUInt16LE(0xffff, eocd + 8);
    expect(reasonOf(zip64)).toContain('ZIP64');

    const cd = zip.readUInt32LE(eocd + 16);
    const bzip = Buffer.from(zip);
    bzip.writeUInt16LE(12, cd + 10);
    expect(reasonOf(bzip)).toContain('unsupported compression');

    const encrypted = Buffer.from(zip);
    encrypted.writeUInt16LE(encrypted.readUInt16LE(cd + 8) | 1, cd + 8);
    expect(reasonOf(encrypted)).toContain('encrypted');

    const dup = buildZip([...entries(), { name: 'XL/Workbook.xml', data: Buffer.from('<x/>') }]);
    expect(reasonOf(dup)).toContain('twice');
  });

  it('refuses a zip that is not a workbook', () => {
    const notWorkbook = buildZip([{ name: 'word/document.xml', data: Buffer.from('<w/>') }]);
    expect(reasonOf(notWorkbook)).toContain('not an Excel workbook');
  });

  it('does not mind a whole-sheet selection (Ctrl+A then save) or a whole-column validation', () => {
    const selected = withSheetXml((xml) =>
      xml.replace(/<sheetView([^>]*)>/, '<sheetView$1><selection activeCell="A1" sqref="A1:XFD1048576"/>'),
    );
    expect(inspectXlsx(selected).ok).toBe(true);
    const wholeColumn = withSheetXml((xml) => xml.replace(/sqref="H2:H\d+"/, 'sqref="H2:H1048576"'));
    expect(inspectXlsx(wholeColumn).ok).toBe(true);
  });

  it('finds huge ranges in extension lists (<xm:sqref>) too', () => {
    const ext = withSheetXml((xml) =>
      xml.replace(
        '</worksheet>',
        '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:dataValidation type="list"><x14:formula1><xm:f>cct_meta!$D$1:$D$5</xm:f></x14:formula1><xm:sqref>A1:XFD1048576</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst></worksheet>',
      ),
    );
    expect(reasonOf(ext)).toContain('covers 17,179,869,184 cells');
  });

  it('caps the number of merges, validations and conditional formats per sheet', () => {
    const merges = Array.from({ length: 50 }, (_, i) => `<mergeCell ref="P${i + 1}:Q${i + 1}"/>`).join('');
    const many = withSheetXml((xml) =>
      xml.replace(/<sheetProtection[^>]*\/>/, (m) => `${m}<mergeCells count="50">${merges}</mergeCells>`),
    );
    expect(inspectXlsx(many).ok).toBe(true);
    expect(reasonOf(many, { maxRangeElementsPerSheet: 40 })).toContain('has more than 40 merged cells');
  });

  it('never throws, whatever the bytes', () => {
    const zip = buildZip(entries());
    for (let cut = 0; cut < zip.length; cut += 97) {
      const mangled = Buffer.from(zip);
      mangled.fill(0xff, cut, cut + 8);
      expect(() => inspectXlsx(mangled)).not.toThrow();
      expect(() => inspectXlsx(zip.subarray(0, cut))).not.toThrow();
    }
  });
});
