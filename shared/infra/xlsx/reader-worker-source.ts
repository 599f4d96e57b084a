/**
 * Source of the worker thread that parses an upload with exceljs's streaming reader.
 *
 * It is a string run with `new Worker(source, { eval: true })` rather than a separate file so that
 * it works unchanged under tsx, under vitest and inside an esbuild bundle: a bundle cannot ship a
 * second entry file by itself, and a worker cannot load TypeScript source. The price is that this
 * code is plain CommonJS JavaScript, checked by the tests rather than by the compiler, and that
 * exceljs is loaded with require() from node_modules (see resolveReaderModule in reader.ts).
 *
 * Protocol: posts { type: 'ready' } once exceljs is loaded (the parse timeout starts then), then one
 * { type: 'result', ok: true, sheets, formatId } or { type: 'result', ok: false, reason, detail }.
 * Rows are arrays in the order of the expected headers (the main thread turns them into Maps);
 * header texts are only ever Map/Set keys here, so no header can reach an object prototype.
 *
 * No template literals below: the whole source is itself a template literal.
 */
export const READER_WORKER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { Readable } = require('node:stream');
const WorkbookReader = require(workerData.readerModulePath);

parentPort.postMessage({ type: 'ready' });

class Rejection extends Error {}
const reject = (reason) => {
  throw new Rejection(reason);
};

const limits = workerData.limits;
const formatNumber = (n) => n.toLocaleString('en-GB');

function columnLetter(n) {
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

function where(sheet, row, col, header) {
  return "'" + sheet + "' row " + row + ', column ' + columnLetter(col) + (header ? " ('" + header + "')" : '');
}

// Plain cell value (string, number, boolean or null) from what the streaming reader produced.
function plainValue(value, sheet, row, col, header) {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    if (value.length > limits.maxCellChars) {
      reject(where(sheet, row, col, header) + ': the text is longer than ' + formatNumber(limits.maxCellChars) + ' characters.');
    }
    const trimmed = value.trim();
    return trimmed === '' ? null : trimmed;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) reject(where(sheet, row, col, header) + ': the cell holds an unreadable number.');
    return value;
  }
  if (typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    if ('formula' in value || 'sharedFormula' in value) {
      reject(where(sheet, row, col, header) + ': formulas are not allowed; type the value instead.');
    }
    if (Array.isArray(value.richText)) {
      let text = '';
      for (const run of value.richText) {
        text += run && typeof run.text === 'string' ? run.text : '';
        if (text.length > limits.maxCellChars) break;
      }
      return plainValue(text, sheet, row, col, header);
    }
    if (typeof value.error === 'string') return plainValue(value.error, sheet, row, col, header);
    if (typeof value.text === 'string') return plainValue(value.text, sheet, row, col, header);
  }
  return reject(where(sheet, row, col, header) + ': the cell holds content that cannot be read.');
}

function headerText(value, sheet, col) {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object' && ('formula' in value || 'sharedFormula' in value)) {
    reject(where(sheet, 1, col, null) + ': formulas are not allowed; type the value instead.');
  }
  const text = plainValue(value, sheet, 1, col, null);
  return text === null ? null : String(text).replace(/\s+/g, ' ');
}

async function readDataSheet(worksheet, spec) {
  const sheet = spec.name;
  const expected = new Set(spec.headers);
  const headerIndex = new Map(spec.headers.map((h, i) => [h, i]));
  let headers = null; // Map<column number, header text>
  let lastRow = 0;
  let physicalRows = 0;
  const rows = [];
  for await (const row of worksheet) {
    const r = row.number;
    if (!(r > lastRow)) reject("The '" + sheet + "' sheet is damaged: row " + r + ' appears twice or out of order.');
    lastRow = r;
    if (headers === null) {
      if (r !== 1) reject("The '" + sheet + "' sheet must have the column headings in row 1. Download a fresh template.");
      headers = new Map();
      const seen = new Set();
      row.eachCell((cell, col) => {
        const text = headerText(cell.value, sheet, col);
        if (text === null) return;
        if (!expected.has(text)) {
          reject("The '" + sheet + "' sheet has an unexpected column '" + text.slice(0, 80) + "' (column " + columnLetter(col) + '). Remove it, or download a fresh template.');
        }
        if (seen.has(text)) reject("The '" + sheet + "' sheet has the column '" + text + "' twice.");
        seen.add(text);
        headers.set(col, text);
      });
      for (const h of spec.headers) {
        if (!seen.has(h)) reject("The '" + sheet + "' sheet is missing the column '" + h + "'. Download a fresh template.");
      }
      continue;
    }
    physicalRows += 1;
    if (physicalRows > limits.maxDataRows * 2) {
      reject("The '" + sheet + "' sheet has too many rows (more than " + formatNumber(limits.maxDataRows) + ').');
    }
    // [sheet row, value of spec.headers[0], value of spec.headers[1], ...]: arrays of primitives
    // cross to the main thread much faster than Maps.
    const values = new Array(spec.headers.length + 1).fill(null);
    values[0] = r;
    let blank = true;
    row.eachCell((cell, col) => {
      const header = headers.get(col);
      // Formulas are refused anywhere on a data sheet, not only under a heading.
      const value = plainValue(cell.value, sheet, r, col, header);
      if (header !== undefined && value !== null) {
        values[headerIndex.get(header) + 1] = value;
        blank = false;
      }
    });
    if (blank) continue;
    if (rows.length >= limits.maxDataRows) {
      reject("The '" + sheet + "' sheet has too many rows (more than " + formatNumber(limits.maxDataRows) + ').');
    }
    rows.push(values);
  }
  if (headers === null) reject("The '" + sheet + "' sheet is empty. Download a fresh template.");
  return rows;
}

async function readMetaSheet(worksheet) {
  let count = 0;
  for await (const row of worksheet) {
    count += 1;
    if (count > 100) break;
    const key = row.getCell(1).value;
    const value = row.getCell(2).value;
    if (key === 'formatId' && typeof value === 'string') return value.slice(0, 200);
  }
  return undefined;
}

async function run() {
  const specs = new Map();
  for (const spec of workerData.sheets) specs.set(spec.name, spec);
  const bytes = workerData.bytes;
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Small chunks keep each batch of parser events small: one multi-megabyte chunk makes the
  // parser build a huge event array, which is slow (garbage collection) and can exhaust the heap.
  function* chunks() {
    for (let at = 0; at < input.length; at += 16384) yield input.subarray(at, at + 16384);
  }
  const reader = new WorkbookReader(Readable.from(chunks()), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  const results = new Map();
  const seenNames = new Set();
  let formatId;
  for await (const worksheet of reader) {
    const name = String(worksheet.name);
    if (seenNames.has(name)) reject("The workbook has two sheets named '" + name.slice(0, 40) + "'.");
    seenNames.add(name);
    const spec = specs.get(name);
    if (spec) {
      results.set(spec.key, await readDataSheet(worksheet, spec));
    } else if (name === workerData.metaSheet) {
      formatId = await readMetaSheet(worksheet);
    }
  }
  const sheets = {};
  for (const spec of workerData.sheets) {
    const rows = results.get(spec.key);
    if (!rows) reject("The workbook has no '" + spec.name + "' sheet. Upload the template as downloaded, without renaming its sheets.");
    sheets[spec.key] = rows;
  }
  parentPort.postMessage({ type: 'result', ok: true, sheets, formatId });
}

run().catch((error) => {
  if (error instanceof Rejection) {
    parentPort.postMessage({ type: 'result', ok: false, reason: error.message });
  } else {
    parentPort.postMessage({
      type: 'result',
      ok: false,
      reason: 'The file could not be read as an Excel workbook. Save it again as "Excel Workbook (*.xlsx)" and upload it again.',
      detail: String((error && error.stack) || error).slice(0, 2000),
    });
  }
});
`;
