import { Readable } from 'node:stream';
import { type Options, parse } from 'csv-parse';
import { buildCsvMapping, type CsvField, type CsvMapping, hasLocationIdHeader } from '../../domain/registry/columns';
import { mapCsvRow } from '../../domain/registry/rows';
import type { CqcLayout, CqcReadItem, ParseIssue } from '../../domain/registry/types';
import { UnsupportedFileError } from './errors';

interface RawRow {
  cells: string[];
  /** 1-based physical line the row starts on. */
  start: number;
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
  let lastEnd = 0;
  const skipped: ParseIssue[] = [];
  const parserOptions: Options<RawRow, string[]> = {
    bom: true,
    delimiter: options.delimiter,
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    skip_records_with_error: true,
    max_record_size: options.maxRecordChars ?? 1_000_000,
    on_record: (record: string[], context): RawRow => {
      const row = { cells: record, start: lastEnd + 1 };
      lastEnd = context.lines;
      return row;
    },
    on_skip: (error) => {
      const line = lastEnd + 1;
      const errorLines = (error as { lines?: unknown } | undefined)?.lines;
      if (typeof errorLines === 'number') lastEnd = errorLines;
      skipped.push({ line, reason: `row could not be read as CSV: ${error?.message ?? 'malformed row'}` });
      return undefined;
    },
  };
  // csv-parse only types on_record's return for `columns` mode; the rows are RawRow all the same.
  const parser = parse(parserOptions as unknown as Options);
  const source = Readable.from(text);
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  const rows = parser[Symbol.asyncIterator]() as AsyncIterator<RawRow>;
  const close = (): void => {
    source.destroy();
    parser.destroy();
  };

  let header: RawRow | undefined;
  let nonBlank = 0;
  try {
    while (!header) {
      const next = await rows.next();
      if (next.done) break;
      const row = next.value;
      if (row.cells.every((cell) => cell.trim() === '')) continue;
      nonBlank++;
      if (hasLocationIdHeader(row.cells)) header = row;
      else if (nonBlank >= options.headerScanRows) break;
    }
  } catch (error) {
    close();
    throw new UnsupportedFileError(fileName, 'unreadable', `file ${fileName} could not be read: ${String(error)}`, {
      cause: error,
    });
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
    throw new UnsupportedFileError(fileName, 'not-cqc', `file ${fileName} is not a CQC data file: no Location ID column`);
  }
  // Problems above the header row (title rows with stray quotes) are not data problems.
  const headerLine = header.start;
  for (let i = skipped.length - 1; i >= 0; i--) if ((skipped[i]?.line ?? 0) < headerLine) skipped.splice(i, 1);

  const columns: Partial<Record<CsvField, string>> = {};
  for (const [field, index] of Object.entries(mapping.columns) as [CsvField, number][]) {
    columns[field] = mapping.headers[index] ?? '';
  }

  async function* items(): AsyncGenerator<CqcReadItem> {
    let index = 0;
    let finished = false;
    const flushBefore = function* (line: number): Generator<CqcReadItem> {
      while (skipped.length > 0 && (skipped[0]?.line ?? Number.POSITIVE_INFINITY) < line) {
        const issue = skipped.shift();
        if (!issue) break;
        index++;
        yield { line: issue.line, index, file: fileName, issue: { ...issue } };
      }
    };
    try {
      for (;;) {
        const result = await rows.next();
        if (result.done) break;
        const next = result.value;
        yield* flushBefore(next.start);
        const outcome = mapCsvRow(mapping as CsvMapping, next.cells);
        if (outcome.kind === 'skip') continue;
        index++;
        if (outcome.kind === 'issue') {
          const issue: ParseIssue = { line: next.start, reason: outcome.reason };
          if (outcome.locationId) issue.locationId = outcome.locationId;
          yield { line: next.start, index, file: fileName, issue };
        } else {
          const item: CqcReadItem = { line: next.start, index, file: fileName, record: outcome.record };
          if (outcome.warnings.length > 0) item.warnings = outcome.warnings;
          yield item;
        }
      }
      yield* flushBefore(Number.POSITIVE_INFINITY);
      finished = true;
    } finally {
      if (!finished) close();
    }
  }

  return { mapping, headerLine, columns, items: items() };
}
