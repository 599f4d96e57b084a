import { crc32, inflateRawSync } from 'node:zlib';

/**
 * Checks an uploaded .xlsx before any spreadsheet library sees it. Everything here works on the
 * raw bytes with bounded cost: the zip structure is read from its central directory (never by
 * trusting the local headers a streaming unzipper would follow), every entry is inflated with a
 * hard output cap so declared sizes are proven, and the few XML parts that naive parsers expand
 * cell by cell (merges, validations, conditional formats, defined names) are scanned for
 * abnormally large ranges.
 */

export interface ZipGuardLimits {
  /** Upload size cap. */
  maxFileBytes: number;
  maxEntries: number;
  maxTotalUncompressedBytes: number;
  /** Uncompressed / compressed; applied to entries larger than ratioCheckMinBytes. */
  maxCompressionRatio: number;
  ratioCheckMinBytes: number;
  /** Largest single range allowed in a merge, validation, conditional format or defined name. */
  maxRangeCells: number;
  /** Merge, validation and conditional-format elements allowed per sheet. */
  maxRangeElementsPerSheet: number;
  /** <row> elements allowed per sheet, header included (counted in the XML, blank rows too). */
  maxRowsPerSheet: number;
  /** Entries in the shared-strings table (each distinct text in the workbook). */
  maxSharedStrings: number;
}

export const DEFAULT_ZIP_GUARD_LIMITS: Readonly<ZipGuardLimits> = Object.freeze({
  maxFileBytes: 10 * 1024 * 1024,
  maxEntries: 200,
  maxTotalUncompressedBytes: 100 * 1024 * 1024,
  maxCompressionRatio: 200,
  ratioCheckMinBytes: 1024 * 1024,
  // About 95 whole columns. A whole sheet is 17,179,869,184 cells.
  maxRangeCells: 100_000_000,
  maxRangeElementsPerSheet: 10_000,
  maxRowsPerSheet: 20_001,
  // 20,000 rows x 14 columns is 280,000 cells, so even all-distinct texts stay below this.
  maxSharedStrings: 300_000,
});

export interface ZipEntryInfo {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
}

export type ZipGuardResult =
  | {
      ok: true;
      entries: ZipEntryInfo[];
      sheetNames: string[];
      /**
       * The verified, inflated parts a spreadsheet reader needs: xl/workbook.xml, its rels,
       * xl/sharedStrings.xml and xl/worksheets/*.xml.
       */
      parts: Map<string, Buffer>;
    }
  | { ok: false; reason: string };

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_DESCRIPTOR = 0x08074b50;
const EOCD_SIZE = 22;
const CENTRAL_SIZE = 46;
const LOCAL_SIZE = 30;
const METHOD_STORED = 0;
const METHOD_DEFLATE = 8;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_DESCRIPTOR = 0x0008;
const FLAG_STRONG_ENCRYPTION = 0x0040;
const FLAG_UTF8 = 0x0800;

const MAX_COLS = 16_384;
const MAX_ROWS = 1_048_576;

const REQUIRED_PARTS = ['[Content_Types].xml', 'xl/workbook.xml'];

class Rejection extends Error {}
const reject = (reason: string): never => {
  throw new Rejection(reason);
};

const NOT_XLSX =
  'The file is not an Excel workbook (.xlsx). Save it from Excel as "Excel Workbook (*.xlsx)" and upload it again.';
const DAMAGED =
  'The file is damaged and cannot be read as an Excel workbook. Save it again from Excel and upload it again.';

const mb = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

interface CentralEntry extends ZipEntryInfo {
  flags: number;
  crc: number;
  localOffset: number;
}

function readU16(buf: Buffer, at: number): number {
  if (at + 2 > buf.length) reject(DAMAGED);
  return buf.readUInt16LE(at);
}

function readU32(buf: Buffer, at: number): number {
  if (at + 4 > buf.length) reject(DAMAGED);
  return buf.readUInt32LE(at);
}

function checkSignature(buf: Buffer, limits: ZipGuardLimits) {
  if (buf.length === 0) reject('The file is empty.');
  if (buf.length > limits.maxFileBytes) {
    reject(`The file is larger than ${mb(limits.maxFileBytes)}. Upload the template as downloaded.`);
  }
  if (buf.length >= 8 && buf.readUInt32BE(0) === 0xd0cf11e0 && buf.readUInt32BE(4) === 0xa1b11ae1) {
    // OLE compound file: a password-protected (encrypted) workbook or an old .xls.
    reject(
      'The file is password-protected or in the old .xls format. Remove the password and save it as "Excel Workbook (*.xlsx)".',
    );
  }
  if (buf.length < 4 || buf.readUInt32LE(0) !== SIG_LOCAL) reject(NOT_XLSX);
}

function findEndOfCentralDirectory(buf: Buffer): number {
  const lowest = Math.max(0, buf.length - EOCD_SIZE - 0xffff);
  for (let at = buf.length - EOCD_SIZE; at >= lowest; at--) {
    if (buf.readUInt32LE(at) === SIG_EOCD && at + EOCD_SIZE + buf.readUInt16LE(at + 20) === buf.length) {
      return at;
    }
  }
  return reject(
    'The file is incomplete or damaged: the end of the zip archive is missing (was the upload cut short?). Save it again and upload it again.',
  );
}

function isUnsafeName(name: string): boolean {
  if (name.length === 0 || name.length > 512) return true;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (/[\u0000-\u001f\\]/.test(name)) return true;
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return true;
  return name.split('/').some((segment) => segment === '..' || segment === '.');
}

function readCentralDirectory(buf: Buffer, limits: ZipGuardLimits): CentralEntry[] {
  const eocd = findEndOfCentralDirectory(buf);
  const disk = buf.readUInt16LE(eocd + 4);
  const cdDisk = buf.readUInt16LE(eocd + 6);
  const entriesOnDisk = buf.readUInt16LE(eocd + 8);
  const totalEntries = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (totalEntries === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    reject('The file uses ZIP64, which is not supported for uploads. Save it again from Excel.');
  }
  if (disk !== 0 || cdDisk !== 0 || entriesOnDisk !== totalEntries) reject(DAMAGED);
  if (totalEntries > limits.maxEntries) {
    reject(`The file contains too many parts (${totalEntries}; the limit is ${limits.maxEntries}).`);
  }
  if (cdOffset + cdSize !== eocd) reject(DAMAGED);

  const entries: CentralEntry[] = [];
  const seen = new Set<string>();
  let total = 0;
  let at = cdOffset;
  for (let i = 0; i < totalEntries; i++) {
    if (readU32(buf, at) !== SIG_CENTRAL || at + CENTRAL_SIZE > eocd) reject(DAMAGED);
    const flags = readU16(buf, at + 8);
    const method = readU16(buf, at + 10);
    const crc = readU32(buf, at + 16);
    const compressedSize = readU32(buf, at + 20);
    const uncompressedSize = readU32(buf, at + 24);
    const nameLength = readU16(buf, at + 28);
    const extraLength = readU16(buf, at + 30);
    const commentLength = readU16(buf, at + 32);
    const localOffset = readU32(buf, at + 42);
    const nameStart = at + CENTRAL_SIZE;
    const next = nameStart + nameLength + extraLength + commentLength;
    if (next > eocd) reject(DAMAGED);
    const name = buf.toString(flags & FLAG_UTF8 ? 'utf8' : 'latin1', nameStart, nameStart + nameLength);

    if (flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) {
      reject('The file contains encrypted parts. Remove any password and save it again.');
    }
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff || localOffset === 0xffffffff) {
      reject('The file uses ZIP64, which is not supported for uploads. Save it again from Excel.');
    }
    if (method !== METHOD_STORED && method !== METHOD_DEFLATE) {
      reject('The file uses an unsupported compression method. Save it again from Excel.');
    }
    if (isUnsafeName(name)) reject(`The file contains a part with an unsafe name (${JSON.stringify(name)}).`);
    // Part names in Office files are case-insensitive, so two spellings of one name are ambiguous.
    const key = name.toLowerCase();
    if (seen.has(key)) reject(`The file contains the part ${JSON.stringify(name)} twice.`);
    seen.add(key);

    total += uncompressedSize;
    if (total > limits.maxTotalUncompressedBytes) {
      reject(
        `The file expands to more than ${mb(limits.maxTotalUncompressedBytes)} when unzipped (a zip bomb?). Upload the template as downloaded.`,
      );
    }
    if (
      uncompressedSize > limits.ratioCheckMinBytes &&
      uncompressedSize / Math.max(compressedSize, 1) > limits.maxCompressionRatio
    ) {
      reject(
        `The file is compressed suspiciously well (more than ${limits.maxCompressionRatio}:1 in ${JSON.stringify(name)}; a zip bomb?).`,
      );
    }
    entries.push({ name, method, compressedSize, uncompressedSize, flags, crc, localOffset });
    at = next;
  }
  if (at !== eocd) reject(DAMAGED);
  for (const part of REQUIRED_PARTS) {
    if (!seen.has(part.toLowerCase())) reject(NOT_XLSX);
  }
  return entries;
}

/**
 * A streaming unzipper walks local headers, not the central directory, so the two must describe
 * exactly the same bytes: entries laid end to end from offset 0 up to the central directory, with
 * matching names and sizes. This rules out hidden entries, overlapping entries (the
 * "non-recursive" zip bomb), and data prepended to the archive.
 */
function checkLocalHeaders(
  buf: Buffer,
  entries: CentralEntry[],
  cdOffset: number,
): Map<CentralEntry, number> {
  const dataStart = new Map<CentralEntry, number>();
  const ordered = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  let expected = 0;
  for (const entry of ordered) {
    const at = entry.localOffset;
    if (at < expected)
      reject('The file has overlapping parts (a zip bomb?). Upload the template as downloaded.');
    if (at > expected)
      reject('The file has hidden data between its parts. Upload the template as downloaded.');
    if (readU32(buf, at) !== SIG_LOCAL) reject(DAMAGED);
    const flags = readU16(buf, at + 6);
    const method = readU16(buf, at + 8);
    const crc = readU32(buf, at + 14);
    const compressedSize = readU32(buf, at + 18);
    const uncompressedSize = readU32(buf, at + 22);
    const nameLength = readU16(buf, at + 26);
    const extraLength = readU16(buf, at + 28);
    const nameStart = at + LOCAL_SIZE;
    const name = buf.toString(flags & FLAG_UTF8 ? 'utf8' : 'latin1', nameStart, nameStart + nameLength);
    if (name !== entry.name || method !== entry.method) reject(DAMAGED);
    if (flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) {
      reject('The file contains encrypted parts. Remove any password and save it again.');
    }
    const start = nameStart + nameLength + extraLength;
    let end = start + entry.compressedSize;
    if (end > cdOffset) reject(DAMAGED);
    const sizesInHeader = compressedSize !== 0 || uncompressedSize !== 0 || crc !== 0;
    if (!(flags & FLAG_DESCRIPTOR) || sizesInHeader) {
      if (
        compressedSize !== entry.compressedSize ||
        uncompressedSize !== entry.uncompressedSize ||
        crc !== entry.crc
      ) {
        reject(DAMAGED);
      }
    }
    if (flags & FLAG_DESCRIPTOR) {
      // Data descriptor: optional signature, then crc, compressed and uncompressed sizes.
      const hasSignature = end + 4 <= cdOffset && buf.readUInt32LE(end) === SIG_DESCRIPTOR;
      const d = hasSignature ? end + 4 : end;
      if (d + 12 > cdOffset) reject(DAMAGED);
      if (
        buf.readUInt32LE(d) !== entry.crc ||
        buf.readUInt32LE(d + 4) !== entry.compressedSize ||
        buf.readUInt32LE(d + 8) !== entry.uncompressedSize
      ) {
        reject(DAMAGED);
      }
      end = d + 12;
    }
    dataStart.set(entry, start);
    expected = end;
  }
  if (expected !== cdOffset) reject(DAMAGED);
  return dataStart;
}

/** Inflates with the declared size as a hard cap: a part that lies about its size stops there. */
function inflateEntry(buf: Buffer, entry: CentralEntry, start: number): Buffer {
  const raw = buf.subarray(start, start + entry.compressedSize);
  let data: Buffer;
  if (entry.method === METHOD_STORED) {
    data = raw;
  } else {
    try {
      data = inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        return reject(
          `The file expands to more than it declares (${JSON.stringify(entry.name)}; a zip bomb?). Upload the template as downloaded.`,
        );
      }
      return reject(DAMAGED);
    }
  }
  if (data.length !== entry.uncompressedSize || crc32(data) !== entry.crc) reject(DAMAGED);
  return data;
}

// A cell or range reference: A1, $A$1, A1:B2, A:C (whole columns) or 1:5 (whole rows), not part of a
// longer name (Sheet1!, MyName) and not a sheet name itself (AB1!...).
const REF =
  /(?<![A-Za-z0-9_.])(?:\$?([A-Za-z]{1,3})\$?(\d{1,7})(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?|\$?([A-Za-z]{1,3}):\$?([A-Za-z]{1,3})|\$?(\d{1,7}):\$?(\d{1,7}))(?![A-Za-z0-9_(!])/g;

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** The largest range (in cells) referenced in a sqref list or a defined-name formula. */
export function largestRangeCells(text: string): { cells: number; ref: string } {
  let best = { cells: 0, ref: '' };
  for (const m of text.matchAll(REF)) {
    let cols = 1;
    let rows = 1;
    if (m[1] !== undefined && m[2] !== undefined) {
      if (m[3] !== undefined && m[4] !== undefined) {
        cols = Math.abs(columnNumber(m[3]) - columnNumber(m[1])) + 1;
        rows = Math.abs(Number(m[4]) - Number(m[2])) + 1;
      }
    } else if (m[5] !== undefined && m[6] !== undefined) {
      cols = Math.abs(columnNumber(m[6]) - columnNumber(m[5])) + 1;
      rows = MAX_ROWS;
    } else if (m[7] !== undefined && m[8] !== undefined) {
      cols = MAX_COLS;
      rows = Math.abs(Number(m[8]) - Number(m[7])) + 1;
    }
    const cells = Math.min(cols, MAX_COLS) * Math.min(rows, MAX_ROWS);
    if (cells > best.cells) best = { cells, ref: m[0] };
  }
  return best;
}

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

const ATTR = (name: string) => new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);

/** Positions of the start tags with the given local name (any namespace prefix). */
function* startTagPositions(xml: Buffer, localName: string): Generator<number> {
  const needle = Buffer.from(localName, 'latin1');
  let from = 0;
  while (true) {
    const at = xml.indexOf(needle, from);
    if (at < 0) return;
    from = at + needle.length;
    const before = xml[at - 1];
    const after = xml[at + needle.length];
    // '<' or a prefix colon before; whitespace, '>' or '/' after (so mergeCells is not mergeCell).
    if ((before !== 0x3c && before !== 0x3a) || after === undefined) continue;
    if (
      after !== 0x20 &&
      after !== 0x09 &&
      after !== 0x0a &&
      after !== 0x0d &&
      after !== 0x3e &&
      after !== 0x2f
    ) {
      continue;
    }
    if (before === 0x3a) {
      // Prefixed name: skip closing tags such as </xm:sqref>.
      const open = xml.lastIndexOf(0x3c, at);
      if (open < 0 || at - open > 64 || xml[open + 1] === 0x2f) continue;
    }
    yield at;
  }
}

/** Every start tag with the given local name, its text bounded. */
function* startTags(xml: Buffer, localName: string): Generator<{ tag: string; end: number }> {
  for (const at of startTagPositions(xml, localName)) {
    const close = xml.indexOf(0x3e, at);
    if (close < 0) return;
    yield { tag: xml.toString('utf8', at, Math.min(close + 1, at + 65_536)), end: close + 1 };
  }
}

interface SheetRef {
  name: string;
  part: string;
}

/** Sheet names by part, for messages that name the sheet the user sees. */
function sheetParts(workbookXml: string, relsXml: string | undefined): SheetRef[] {
  const targets = new Map<string, string>();
  if (relsXml) {
    for (const m of relsXml.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
      const id = ATTR('Id').exec(m[0]);
      const target = ATTR('Target').exec(m[0]);
      const idValue = id?.[1] ?? id?.[2];
      const targetValue = target?.[1] ?? target?.[2];
      if (idValue && targetValue) {
        const resolved = targetValue.startsWith('/') ? targetValue.slice(1) : `xl/${targetValue}`;
        targets.set(idValue, resolved);
      }
    }
  }
  const sheets: SheetRef[] = [];
  for (const m of workbookXml.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const name = ATTR('name').exec(m[0]);
    const rid = ATTR('r:id').exec(m[0]);
    const nameValue = name?.[1] ?? name?.[2];
    const ridValue = rid?.[1] ?? rid?.[2];
    if (nameValue !== undefined) {
      sheets.push({ name: decodeXml(nameValue), part: (ridValue && targets.get(ridValue)) ?? '' });
    }
  }
  return sheets;
}

const cellsText = (n: number) => n.toLocaleString('en-GB');

function checkRanges(parts: Map<string, Buffer>, limits: ZipGuardLimits): { sheetNames: string[] } {
  const workbook = parts.get('xl/workbook.xml') ?? Buffer.alloc(0);
  const workbookXml = workbook.toString('utf8');
  const sheets = sheetParts(workbookXml, parts.get('xl/_rels/workbook.xml.rels')?.toString('utf8'));
  const nameOfPart = new Map(sheets.map((s) => [s.part, s.name]));

  const tooLarge = (where: string, what: string, found: { cells: number; ref: string }) =>
    reject(
      `${where}: ${what} covers ${cellsText(found.cells)} cells (${found.ref}); the limit is ${cellsText(limits.maxRangeCells)}. Remove it, or download a fresh template.`,
    );

  for (const m of workbookXml.matchAll(
    /<(?:\w+:)?definedName\b([^>]*)>([\s\S]*?)<\/(?:\w+:)?definedName>/g,
  )) {
    const found = largestRangeCells(decodeXml(m[2] ?? ''));
    if (found.cells > limits.maxRangeCells) {
      const name = ATTR('name').exec(m[1] ?? '');
      const nameValue = decodeXml(name?.[1] ?? name?.[2] ?? '');
      tooLarge('The workbook', `the named range ${JSON.stringify(nameValue)}`, found);
    }
  }

  const sharedStrings = parts.get('xl/sharedStrings.xml');
  if (sharedStrings) {
    let count = 0;
    for (const _ of startTagPositions(sharedStrings, 'si')) {
      count += 1;
      if (count > limits.maxSharedStrings) {
        reject(
          `The workbook has too many distinct texts (more than ${cellsText(limits.maxSharedStrings)}). Upload the template as downloaded.`,
        );
      }
    }
  }

  const sqrefAttr = ATTR('sqref');
  const refAttr = ATTR('ref');
  for (const [part, xml] of parts) {
    if (!/^xl\/worksheets\/[^/]+\.xml$/i.test(part)) continue;
    const where = `The sheet '${nameOfPart.get(part) ?? part}'`;
    // Cheaper here than half-way through parsing: exceljs reads about 10,000 rows a second.
    let rows = 0;
    for (const _ of startTagPositions(xml, 'row')) {
      rows += 1;
      if (rows > limits.maxRowsPerSheet) {
        reject(`${where} has too many rows (more than ${cellsText(limits.maxRowsPerSheet - 1)}).`);
      }
    }
    let elements = 0;
    const count = () => {
      elements += 1;
      if (elements > limits.maxRangeElementsPerSheet) {
        reject(
          `${where} has more than ${cellsText(limits.maxRangeElementsPerSheet)} merged cells, validations and conditional formats. Download a fresh template.`,
        );
      }
    };
    for (const { tag } of startTags(xml, 'mergeCell')) {
      count();
      const m = refAttr.exec(tag);
      const found = largestRangeCells(m?.[1] ?? m?.[2] ?? '');
      if (found.cells > limits.maxRangeCells) tooLarge(where, 'a merged cell', found);
    }
    for (const [element, what] of [
      ['dataValidation', 'a data validation'],
      ['conditionalFormatting', 'a conditional format'],
    ] as const) {
      for (const { tag } of startTags(xml, element)) {
        count();
        const m = sqrefAttr.exec(tag);
        const found = largestRangeCells(m?.[1] ?? m?.[2] ?? '');
        if (found.cells > limits.maxRangeCells) tooLarge(where, what, found);
      }
    }
    // Excel 2010+ writes some validations and formats in extension lists as <xm:sqref>A1:B2</xm:sqref>.
    for (const { end } of startTags(xml, 'sqref')) {
      count();
      const close = xml.indexOf(0x3c, end);
      if (close < 0) break;
      const found = largestRangeCells(xml.toString('latin1', end, Math.min(close, end + 65_536)));
      if (found.cells > limits.maxRangeCells)
        tooLarge(where, 'a data validation or conditional format', found);
    }
  }
  return { sheetNames: sheets.map((s) => s.name) };
}

/**
 * Inspects an upload without parsing it as a spreadsheet. Returns a clear reason when the file is
 * not a plain, reasonably sized .xlsx; never throws for bad input.
 */
export function inspectXlsx(buf: Buffer, overrides: Partial<ZipGuardLimits> = {}): ZipGuardResult {
  const limits: ZipGuardLimits = { ...DEFAULT_ZIP_GUARD_LIMITS, ...overrides };
  try {
    checkSignature(buf, limits);
    const entries = readCentralDirectory(buf, limits);
    const eocd = findEndOfCentralDirectory(buf);
    const cdOffset = buf.readUInt32LE(eocd + 16);
    const starts = checkLocalHeaders(buf, entries, cdOffset);
    const scanned = new Map<string, Buffer>();
    for (const entry of entries) {
      const data = inflateEntry(buf, entry, starts.get(entry) ?? 0);
      if (
        entry.name === 'xl/workbook.xml' ||
        entry.name === 'xl/_rels/workbook.xml.rels' ||
        entry.name === 'xl/sharedStrings.xml' ||
        /^xl\/worksheets\/[^/]+\.xml$/i.test(entry.name)
      ) {
        scanned.set(entry.name, data);
      }
    }
    const { sheetNames } = checkRanges(scanned, limits);
    return {
      ok: true,
      sheetNames,
      parts: scanned,
      entries: entries.map(({ name, method, compressedSize, uncompressedSize }) => ({
        name,
        method,
        compressedSize,
        uncompressedSize,
      })),
    };
  } catch (error) {
    if (error instanceof Rejection) return { ok: false, reason: error.message };
    // A bounds slip in the checks above must still reject the file, not crash the caller.
    return { ok: false, reason: DAMAGED };
  }
}

/**
 * Reads the parts of a zip that passed inspectXlsx. Used by tooling (the hostile corpus) to edit
 * our own generated workbooks; never call it on an upload that has not been inspected.
 */
export function readZipParts(buf: Buffer): Map<string, Buffer> {
  const entries = readCentralDirectory(buf, {
    ...DEFAULT_ZIP_GUARD_LIMITS,
    maxFileBytes: Number.MAX_SAFE_INTEGER,
  });
  const eocd = findEndOfCentralDirectory(buf);
  const starts = checkLocalHeaders(buf, entries, buf.readUInt32LE(eocd + 16));
  const parts = new Map<string, Buffer>();
  for (const entry of entries) parts.set(entry.name, inflateEntry(buf, entry, starts.get(entry) ?? 0));
  return parts;
}
