import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import {
  buildCsvMapping,
  type CsvField,
  type CsvMapping,
  hasLocationIdHeader,
} from '../../domain/registry/columns';
import { mapCsvRow } from '../../domain/registry/rows';
import type { CqcLayout, CqcReadItem, ParseIssue } from '../../domain/registry/types';
import { UnsupportedFileError } from './errors';

interface RawRow {
  cells: string[];
  /** 1-based physical line the row starts on. */
  start: number;
}

/** A stretch csv-parse could not read (skipped), reported in its place among the rows. */
interface SkippedRow {
  skipped: ParseIssue;
}

/** Line breaks inside a row's cells: a CRLF is one break. */
function breaksIn(cells: readonly string[]): number {
  let breaks = 0;
  for (const cell of cells) {
    if (cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) continue;
    breaks += cell.match(/\r\n|\r|\n/g)?.length ?? 0;
  }
  return breaks;
}

export interface CsvOpenOptions {
  fileName: string;
  delimiter: string;
  headerScanRows: number;
  layout?: CqcLayout;
  /** Largest single record, in characters; guards against a runaway unclosed quote. */
  maxRecordChars?: number;
}

export interface OpenedCsv {
  mapping: CsvMapping;
  headerLine: number;
  columns: Partial<Record<CsvField, string>>;
  items: AsyncIterable<CqcReadItem>;
}

/**
 * Stream a CQC CSV (UTF-8 bytes, or text already decoded from another encoding): find the header row among the first rows, match its
 * columns by name, then turn each data row into a record or an issue. Only the header scan
 * buffers rows; the rest flows through one row at a time.
 */
export async function openCsv(
  text: AsyncIterable<string | Uint8Array>,
  options: CsvOpenOptions,
): Promise<OpenedCsv> {
  const { fileName } = options;
  // Skips are noted while csv-parse runs ahead of the reader, keyed by how many records came before.
  const skips: { afterRecords: number; errorLines?: number; reason: string }[] = [];
  const parser = parse({
    bom: true,
    delimiter: options.delimiter,
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    relax_quotes: true,
    // Blank lines come through as rows, so every physical line is accounted for.
    skip_empty_lines: false,
    skip_records_with_error: true,
    max_record_size: options.maxRecordChars ?? 1_000_000,
    on_skip: (error) => {
      const errorLines = (error as { lines?: unknown } | undefined)?.lines;
      skips.push({
        afterRecords: parser.info.records,
        errorLines: typeof errorLines === 'number' ? errorLines : undefined,
        reason: `row could not be read as CSV: ${error?.message ?? 'malformed row'}`,
      });
      return undefined;
    },
  });
  const source = Readable.from(text);
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  const close = (): void => {
    source.destroy();
    parser.destroy();
  };

  /*
   * Line numbers are counted here rather than taken from csv-parse: its per-record info costs
   * about a third of the parse time, and it counts a CRLF inside a quoted cell as two lines.
   */
  let recordsRead = 0;
  let nextLine = 1;
  let crlfInCells = 0;
  const nextRow = async (): Promise<RawRow | SkippedRow | undefined> => {
    const skip = skips[0];
    if (skip && skip.afterRecords <= recordsRead) {
      skips.shift();
      const line = nextLine;
      if (skip.errorLines !== undefined) nextLine = Math.max(nextLine, skip.errorLines - crlfInCells + 1);
      return { skipped: { line, reason: skip.reason } };
    }
    const result = await records.next();
    if (result.done) {
      const last = skips.shift();
      return last ? { skipped: { line: nextLine, reason: last.reason } } : undefined;
    }
    recordsRead++;
    const cells = result.value;
    const row = { cells, start: nextLine };
    const breaks = breaksIn(cells);
    if (breaks > 0) {
      for (const cell of cells) if (cell.includes('\r\n')) crlfInCells += cell.split('\r\n').length - 1;
    }
    nextLine += 1 + breaks;
    return row;
  };

  let header: RawRow | undefined;
  let nonBlank = 0;
  try {
    while (!header) {
      const row = await nextRow();
      if (!row) break;
      // Problems above the header row (title rows with stray quotes) are not data problems.
      if ('skipped' in row) continue;
      if (row.cells.every((cell) => cell.trim() === '')) continue;
      nonBlank++;
      if (hasLocationIdHeader(row.cells)) header = row;
      else if (nonBlank >= options.headerScanRows) break;
    }
  } catch (error) {
    close();
    throw new UnsupportedFileError(
      fileName,
      'unreadable',
      `file ${fileName} could not be read: ${String(error)}`,
      {
        cause: error,
      },
    );
  }
  if (!header) {
    close();
    if (nonBlank === 0) throw new UnsupportedFileError(fileName, 'empty', `file ${fileName} is empty`);
    throw new UnsupportedFileError(
      fileName,
      'not-cqc',
      `file ${fileName} is not a CQC data file: no Location ID column found in the first ${options.headerScanRows} rows`,
    );
  }
  const mapping = buildCsvMapping(header.cells, options.layout);
  if (!mapping) {
    close();
    throw new UnsupportedFileError(
      fileName,
      'not-cqc',
      `file ${fileName} is not a CQC data file: no Location ID column`,
    );
  }
  const headerLine = header.start;
  const columns: Partial<Record<CsvField, string>> = {};
  for (const [field, index] of Object.entries(mapping.columns) as [CsvField, number][]) {
    columns[field] = mapping.headers[index] ?? '';
  }

  async function* items(): AsyncGenerator<CqcReadItem> {
    let index = 0;
    let finished = false;
    try {
      for (;;) {
        const row = await nextRow();
        if (!row) break;
        if ('skipped' in row) {
          index++;
          yield { line: row.skipped.line, index, file: fileName, issue: row.skipped };
          continue;
        }
        const outcome = mapCsvRow(mapping as CsvMapping, row.cells);
        if (outcome.kind === 'skip') continue;
        index++;
        if (outcome.kind === 'issue') {
          const issue: ParseIssue = { line: row.start, reason: outcome.reason };
          if (outcome.locationId) issue.locationId = outcome.locationId;
          yield { line: row.start, index, file: fileName, issue };
        } else {
          const item: CqcReadItem = { line: row.start, index, file: fileName, record: outcome.record };
          if (outcome.warnings.length > 0) item.warnings = outcome.warnings;
          yield item;
        }
      }
      finished = true;
    } finally {
      if (!finished) close();
    }
  }

  return { mapping, headerLine, columns, items: items() };
}
