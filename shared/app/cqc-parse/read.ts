import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { parse as parseSync } from 'csv-parse/sync';
import { type CsvField, detectCsvLayout, findHeaderRow } from '../../domain/registry/columns';
import type { CqcLayout, CqcReadItem } from '../../domain/registry/types';
import { openCsv } from './csv';
import { UnsupportedFileError } from './errors';
import { jsonItems, locateJsonRecords } from './json';
import { createDecoder, sniffDelimiter, sniffSample, type TextEncoding } from './sniff';

export const DEFAULT_MAX_JSON_BYTES = 200 * 1024 * 1024;
export const DEFAULT_HEADER_SCAN_ROWS = 20;
const SNIFF_BYTES = 64 * 1024;
const JSON_EXTENSIONS = new Set(['.json', '.jsonl', '.ndjson']);

export interface CqcReadOptions {
  /** JSON is read whole; refuse files bigger than this many bytes. Default 200 MiB. */
  maxJsonBytes?: number;
  /** How many non-blank rows to search for the CSV header row. Default 20. */
  headerScanRows?: number;
  /** Label CSV rows with this layout instead of the detected one (columns are still matched by name). */
  layout?: CqcLayout;
}

/** An opened CQC file (or folder of JSON files): what it is, and its items, to be read once. */
export interface CqcSource {
  /** File (or folder) name, for messages. */
  fileName: string;
  layout: CqcLayout;
  format: 'csv' | 'json';
  encoding: TextEncoding;
  /** CSV only: 1-based line of the header row. */
  headerLine?: number;
  /** CSV only: the header each recognised field was read from. */
  columns?: Partial<Record<CsvField, string>>;
  items: AsyncIterable<CqcReadItem>;
}

export interface LayoutDetection {
  layout: CqcLayout;
  format: 'csv' | 'json';
  encoding: TextEncoding;
  /** CSV only. */
  delimiter?: string;
  /** CSV only: 1-based line of the header row within the sample. */
  headerLine?: number;
}

type ByteSource = AsyncIterable<Uint8Array | string>;

function toBytes(chunk: Uint8Array | string): Uint8Array {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
}

/** Read the first bytes of a stream for sniffing, keeping the rest of the stream to follow. */
async function peek(
  source: ByteSource,
): Promise<{ head: Uint8Array; done: boolean; rest: AsyncIterator<Uint8Array | string> }> {
  const iterator = source[Symbol.asyncIterator]();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let done = false;
  while (size < SNIFF_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const bytes = toBytes(next.value);
    chunks.push(bytes);
    size += bytes.length;
  }
  return { head: Buffer.concat(chunks), done, rest: iterator };
}

async function* remaining(rest: AsyncIterator<Uint8Array | string>): AsyncGenerator<Uint8Array> {
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield toBytes(next.value);
  }
}

function tooLarge(fileName: string, limit: number): UnsupportedFileError {
  return new UnsupportedFileError(
    fileName,
    'too-large',
    `file ${fileName} is larger than ${Math.round(limit / (1024 * 1024))} MB, the limit for JSON files; ` +
      'split it into smaller files or a folder of one-record files',
  );
}

/**
 * Open a CQC file arriving as a stream (an S3 object body, an upload) whose name is `fileName`.
 * Throws UnsupportedFileError straight away if it is not CQC data; otherwise the returned
 * `items` stream the records (CSV row by row; JSON is read whole, up to `maxJsonBytes`).
 */
export async function openCqcStream(
  stream: ByteSource,
  fileName: string,
  options: CqcReadOptions = {},
): Promise<CqcSource> {
  return openStream(stream, fileName, options);
}

async function openStream(
  stream: ByteSource,
  fileName: string,
  options: CqcReadOptions,
  sizeHint?: number,
): Promise<CqcSource> {
  const maxJsonBytes = options.maxJsonBytes ?? DEFAULT_MAX_JSON_BYTES;
  const { head, done, rest } = await peek(stream);
  const sniffed = sniffSample(head, fileName, done);

  if (sniffed.format === 'json') {
    if ((sizeHint !== undefined && sizeHint > maxJsonBytes) || head.length > maxJsonBytes) {
      await rest.return?.();
      throw tooLarge(fileName, maxJsonBytes);
    }
    const chunks: Uint8Array[] = [head];
    let size = head.length;
    for await (const chunk of remaining(rest)) {
      size += chunk.length;
      if (size > maxJsonBytes) {
        await rest.return?.();
        throw tooLarge(fileName, maxJsonBytes);
      }
      chunks.push(chunk);
    }
    const decoder = createDecoder(sniffed.encoding);
    const text = decoder.decode(Buffer.concat(chunks)) + decoder.end();
    const located = locateJsonRecords(text, fileName);
    return {
      fileName,
      layout: 'cqc-api-json',
      format: 'json',
      encoding: sniffed.encoding,
      items: toAsync(jsonItems(located, fileName)),
    };
  }

  const decoder = createDecoder(sniffed.encoding);
  async function* text(): AsyncGenerator<string | Uint8Array> {
    // csv-parse works on UTF-8 bytes; decoding first would only make it encode them again.
    if (sniffed.encoding === 'utf-8') {
      yield head;
      yield* remaining(rest);
      return;
    }
    yield decoder.decode(head);
    for await (const chunk of remaining(rest)) yield decoder.decode(chunk);
    const tail = decoder.end();
    if (tail) yield tail;
  }
  const csv = await openCsv(text(), {
    fileName,
    delimiter: sniffDelimiter(sniffed.text),
    headerScanRows: options.headerScanRows ?? DEFAULT_HEADER_SCAN_ROWS,
    layout: options.layout,
  });
  return {
    fileName,
    layout: csv.mapping.layout,
    format: 'csv',
    encoding: sniffed.encoding,
    headerLine: csv.headerLine,
    columns: csv.columns,
    items: csv.items,
  };
}

async function* toAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}

function unreadable(path: string, error: unknown): UnsupportedFileError {
  const code = (error as { code?: string }).code;
  const why =
    code === 'ENOENT'
      ? 'does not exist'
      : code === 'EACCES'
        ? 'is not readable (permission denied)'
        : String(error);
  return new UnsupportedFileError(basename(path), 'unreadable', `file ${path} ${why}`, { cause: error });
}

/**
 * Open a CQC file, or a folder of CQC API JSON files (one or more records each), by path.
 * Throws UnsupportedFileError if it cannot be read as CQC data.
 */
export async function openCqcSource(path: string, options: CqcReadOptions = {}): Promise<CqcSource> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    throw unreadable(path, error);
  }
  if (info.isDirectory()) return openFolder(path, options);
  if (info.size === 0)
    throw new UnsupportedFileError(basename(path), 'empty', `file ${basename(path)} is empty`);
  const stream = createReadStream(path, { highWaterMark: 256 * 1024 });
  try {
    return await openStream(stream, basename(path), options, info.size);
  } catch (error) {
    stream.destroy();
    if (error instanceof UnsupportedFileError) throw error;
    throw unreadable(path, error);
  }
}

async function readJsonFile(path: string, fileName: string, maxJsonBytes: number): Promise<string> {
  const info = await stat(path);
  if (info.size > maxJsonBytes) throw tooLarge(fileName, maxJsonBytes);
  const bytes = await readFile(path);
  const sniffed = sniffSample(bytes, fileName, true);
  if (sniffed.format !== 'json') {
    throw new UnsupportedFileError(fileName, 'not-cqc', `file ${fileName} is not JSON`);
  }
  return sniffed.text;
}

async function openFolder(path: string, options: CqcReadOptions): Promise<CqcSource> {
  const maxJsonBytes = options.maxJsonBytes ?? DEFAULT_MAX_JSON_BYTES;
  const folderName = basename(path);
  let names: string[];
  try {
    const entries = await readdir(path, { withFileTypes: true });
    names = entries
      .filter((e) => e.isFile() && JSON_EXTENSIONS.has(extname(e.name).toLowerCase()))
      .map((e) => e.name)
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  } catch (error) {
    throw unreadable(path, error);
  }
  const first = names[0];
  if (first === undefined) {
    throw new UnsupportedFileError(folderName, 'not-cqc', `folder ${path} contains no .json files`);
  }
  // A folder pointed at by mistake is refused up front, from its first file; later bad files become issues.
  const firstLocated = locateJsonRecords(await readJsonFile(join(path, first), first, maxJsonBytes), first);

  async function* items(): AsyncGenerator<CqcReadItem> {
    yield* jsonItems(firstLocated, first as string);
    for (const name of names.slice(1)) {
      let located: ReturnType<typeof locateJsonRecords>;
      try {
        located = locateJsonRecords(await readJsonFile(join(path, name), name, maxJsonBytes), name);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        yield { line: 1, index: 1, file: name, issue: { line: 1, reason, file: name } };
        continue;
      }
      yield* jsonItems(located, name);
    }
  }
  return { fileName: folderName, layout: 'cqc-api-json', format: 'json', encoding: 'utf-8', items: items() };
}

/** Records and issues of a CQC file or folder; throws UnsupportedFileError on first iteration if it is not CQC data. */
export async function* readCqcSource(
  path: string,
  options: CqcReadOptions = {},
): AsyncGenerator<CqcReadItem> {
  const source = await openCqcSource(path, options);
  yield* source.items;
}

/** Records and issues of a CQC file arriving as a stream; throws UnsupportedFileError on first iteration if not CQC data. */
export async function* readCqcStream(
  stream: ByteSource,
  fileName: string,
  options: CqcReadOptions = {},
): AsyncGenerator<CqcReadItem> {
  const source = await openCqcStream(stream, fileName, options);
  yield* source.items;
}

/**
 * Which CQC layout a file is, from its first bytes (a 64 KB read is plenty) or from a CSV header
 * row. Throws UnsupportedFileError for anything that is not CQC location data.
 */
export function detectLayout(
  input: Uint8Array | string | readonly string[],
  fileName = 'input',
  options: Pick<CqcReadOptions, 'headerScanRows'> = {},
): LayoutDetection {
  if (Array.isArray(input)) {
    const layout = detectCsvLayout(input as readonly string[]);
    if (!layout) {
      throw new UnsupportedFileError(
        fileName,
        'not-cqc',
        `file ${fileName} is not a CQC data file: no Location ID column`,
      );
    }
    return { layout, format: 'csv', encoding: 'utf-8', delimiter: ',', headerLine: 1 };
  }
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : (input as Uint8Array);
  const sniffed = sniffSample(bytes, fileName, false);
  if (sniffed.format === 'json') {
    let complete = true;
    try {
      JSON.parse(sniffed.text.replace(/^\uFEFF/, ''));
    } catch {
      complete = false;
    }
    if (complete) locateJsonRecords(sniffed.text, fileName);
    else if (!/"locationId"\s*:/.test(sniffed.text)) {
      // Either a sample cut short or broken JSON: without a locationId it is not CQC data either way.
      throw new UnsupportedFileError(
        fileName,
        'not-cqc',
        `file ${fileName} is not CQC location data: no locationId in its first bytes`,
      );
    }
    return { layout: 'cqc-api-json', format: 'json', encoding: sniffed.encoding };
  }
  const delimiter = sniffDelimiter(sniffed.text);
  const scanRows = options.headerScanRows ?? DEFAULT_HEADER_SCAN_ROWS;
  const rows = parseSync(sniffed.text, {
    bom: true,
    delimiter,
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    relax_quotes: true,
    skip_records_with_error: true,
    skip_empty_lines: true,
    info: true,
    to: scanRows,
  }) as unknown as { record: string[]; info: { lines: number } }[];
  const headerIndex = findHeaderRow(rows.map((r) => r.record));
  const header = headerIndex === undefined ? undefined : rows[headerIndex];
  const layout = header ? detectCsvLayout(header.record) : undefined;
  if (!header || !layout) {
    throw new UnsupportedFileError(
      fileName,
      'not-cqc',
      `file ${fileName} is not a CQC data file: no Location ID column found in the first ${scanRows} rows`,
    );
  }
  // The header may itself span lines (line breaks inside quoted header cells).
  const breaksInside = header.record.reduce((n, cell) => n + (cell.match(/\r\n|\n|\r/g)?.length ?? 0), 0);
  return {
    layout,
    format: 'csv',
    encoding: sniffed.encoding,
    delimiter,
    headerLine: header.info.lines - breaksInside,
  };
}
