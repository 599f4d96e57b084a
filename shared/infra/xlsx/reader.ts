import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  CAPACITIES_SHEET,
  CAPACITY_HEADERS,
  CARE_HOME_HEADERS,
  CARE_HOMES_SHEET,
  META_SHEET,
} from './columns';
import { DEFAULT_ZIP_GUARD_LIMITS, inspectXlsx, type ZipGuardLimits } from './guard';
import { READER_WORKER_SOURCE } from './reader-worker-source';
import { buildStoredZip } from './zip';

export type BulkCellValue = string | number | boolean | null;

export interface BulkSheetRow {
  /** 1-based row number as the user sees it in Excel. */
  sheetRow: number;
  /**
   * Every template column of the sheet, keyed by its header text (CAPACITY_COLUMNS /
   * CARE_HOME_COLUMNS); null where the cell is empty. Strings are trimmed.
   */
  cells: Map<string, BulkCellValue>;
}

export type BulkUploadReadResult =
  | { ok: true; capacities: BulkSheetRow[]; careHomes: BulkSheetRow[]; formatId?: string }
  | { ok: false; reason: string; detail?: string };

export interface BulkReaderLimits extends ZipGuardLimits {
  /** Non-blank data rows per sheet. */
  maxDataRows: number;
  /** Characters per text cell. */
  maxCellChars: number;
  /**
   * Parse time allowed once the worker has loaded exceljs: timeoutMs plus timeoutMsPerMb for each
   * MB of sheet and shared-string XML, at most maxTimeoutMs. exceljs reads roughly 2.5-7 MB of
   * sheet XML a second on one free core (a 5,000-row template has 2.7 MB); the budget allows for
   * a cold worker and a busy machine. Small hostile files are cut off quickly; a full-size
   * legitimate upload still gets time to be read.
   */
  timeoutMs: number;
  timeoutMsPerMb: number;
  maxTimeoutMs: number;
  /** Time allowed for the worker to start and load exceljs (not influenced by the file). */
  startupTimeoutMs: number;
  /** V8 old-generation heap of the worker. */
  maxWorkerHeapMb: number;
}

export const DEFAULT_BULK_READER_LIMITS: Readonly<BulkReaderLimits> = Object.freeze({
  ...DEFAULT_ZIP_GUARD_LIMITS,
  maxDataRows: 20_000,
  maxCellChars: 2_000,
  timeoutMs: 2_000,
  timeoutMsPerMb: 1_000,
  maxTimeoutMs: 10_000,
  startupTimeoutMs: 15_000,
  maxWorkerHeapMb: 256,
});

export interface ReadBulkUploadOptions {
  limits?: Partial<BulkReaderLimits>;
}

/** Thrown (not returned) when the reader itself cannot run, e.g. exceljs is missing: a deployment fault. */
export class BulkReaderUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BulkReaderUnavailableError';
  }
}

const READER_MODULE = 'exceljs/lib/stream/xlsx/workbook-reader.js';

let readerModulePath: string | undefined;

/**
 * Absolute path of exceljs's streaming reader for the worker to require(). Resolved from this
 * module (tsx, vitest, ESM bundles), from the bundle file (CommonJS bundles have no
 * import.meta.url), or from the working directory (Lambda's is the function root). The deep path
 * loads in about a third of the time of the whole of exceljs.
 */
export function resolveReaderModule(): string {
  if (readerModulePath) return readerModulePath;
  const bases: string[] = [];
  try {
    if (typeof import.meta.url === 'string' && import.meta.url !== '') bases.push(import.meta.url);
  } catch {
    // no import.meta in this build
  }
  // A CommonJS bundle has __filename (the bundle); ESM has neither, hence typeof.
  if (typeof __filename === 'string' && __filename !== '') bases.push(pathToFileURL(__filename).href);
  bases.push(pathToFileURL(path.join(process.cwd(), 'noop.js')).href);
  for (const base of bases) {
    try {
      readerModulePath = createRequire(base).resolve(READER_MODULE);
      return readerModulePath;
    } catch {
      // try the next base
    }
  }
  throw new BulkReaderUnavailableError(
    `Cannot find ${READER_MODULE}: exceljs must be installed in node_modules next to the code (in a Lambda bundle, mark it external and ship it as a node module).`,
  );
}

interface WorkerSheetSpec {
  key: 'capacities' | 'careHomes';
  name: string;
  headers: readonly string[];
}

const CAPACITIES_SPEC: WorkerSheetSpec = {
  key: 'capacities',
  name: CAPACITIES_SHEET,
  headers: CAPACITY_HEADERS,
};
const CARE_HOMES_SPEC: WorkerSheetSpec = {
  key: 'careHomes',
  name: CARE_HOMES_SHEET,
  headers: CARE_HOME_HEADERS,
};
const SHEETS: readonly WorkerSheetSpec[] = [CAPACITIES_SPEC, CARE_HOMES_SPEC];

/** [sheet row, then one value per header of the sheet's spec, in order]. */
type WorkerRow = [number, ...BulkCellValue[]];

function toRows(spec: WorkerSheetSpec, rows: WorkerRow[] | undefined): BulkSheetRow[] {
  return (rows ?? []).map(([sheetRow, ...values]) => {
    const cells = new Map<string, BulkCellValue>();
    spec.headers.forEach((header, i) => {
      cells.set(header, values[i] ?? null);
    });
    return { sheetRow, cells };
  });
}

type WorkerMessage =
  | { type: 'ready' }
  | {
      type: 'result';
      ok: true;
      sheets: Record<WorkerSheetSpec['key'], WorkerRow[] | undefined>;
      formatId?: string;
    }
  | { type: 'result'; ok: false; reason: string; detail?: string };

const duration = (ms: number) =>
  ms < 1000 ? `${ms} ms` : `${(ms / 1000).toLocaleString('en-GB', { maximumFractionDigits: 1 })} s`;

function parseInWorker(
  bytes: Uint8Array,
  limits: BulkReaderLimits,
  timeoutMs: number,
): Promise<BulkUploadReadResult> {
  const modulePath = resolveReaderModule();
  return new Promise((resolve, reject) => {
    let settled = false;
    let ready = false;
    let timer: NodeJS.Timeout | undefined;
    const worker = new Worker(READER_WORKER_SOURCE, {
      eval: true,
      // Do not inherit loaders such as tsx's: the worker is plain JavaScript.
      execArgv: [],
      workerData: {
        bytes,
        readerModulePath: modulePath,
        sheets: SHEETS,
        metaSheet: META_SHEET,
        limits: { maxDataRows: limits.maxDataRows, maxCellChars: limits.maxCellChars },
      },
      resourceLimits: { maxOldGenerationSizeMb: limits.maxWorkerHeapMb },
      stdout: true,
      stderr: true,
    });
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      // Whatever the worker is still doing (a stream mid-way), it is not needed any more.
      void worker.terminate();
      outcome();
    };
    timer = setTimeout(() => {
      finish(() =>
        reject(
          new BulkReaderUnavailableError(
            `The spreadsheet reader did not start within ${limits.startupTimeoutMs} ms`,
          ),
        ),
      );
    }, limits.startupTimeoutMs);

    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'ready') {
        ready = true;
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => {
          finish(() =>
            resolve({
              ok: false,
              reason: `The file took too long to read (over ${duration(timeoutMs)}). Upload the template as downloaded.`,
            }),
          );
        }, timeoutMs);
        return;
      }
      if (message.ok) {
        const { sheets, formatId } = message;
        finish(() =>
          resolve({
            ok: true,
            capacities: toRows(CAPACITIES_SPEC, sheets.capacities),
            careHomes: toRows(CARE_HOMES_SPEC, sheets.careHomes),
            ...(formatId === undefined ? {} : { formatId }),
          }),
        );
      } else {
        const { reason, detail } = message;
        finish(() => resolve(detail === undefined ? { ok: false, reason } : { ok: false, reason, detail }));
      }
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (!ready) {
        finish(() =>
          reject(
            new BulkReaderUnavailableError(`The spreadsheet reader failed to start: ${error.message}`, {
              cause: error,
            }),
          ),
        );
        return;
      }
      const reason =
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? 'The file needs too much memory to read. Upload the template as downloaded.'
          : 'The file could not be read as an Excel workbook. Save it again as "Excel Workbook (*.xlsx)" and upload it again.';
      finish(() => resolve({ ok: false, reason, detail: String(error.stack ?? error).slice(0, 2000) }));
    });
    worker.on('exit', (code) => {
      finish(() =>
        ready
          ? resolve({
              ok: false,
              reason: 'The file could not be read as an Excel workbook. Save it again and upload it again.',
              detail: `reader worker exited with code ${code}`,
            })
          : reject(
              new BulkReaderUnavailableError(
                `The spreadsheet reader exited with code ${code} before starting`,
              ),
            ),
      );
    });
  });
}

const SHEET_PART = /^xl\/worksheets\/sheet(\d+)\.xml$/;
const EMPTY_SHARED_STRINGS = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>',
);

/**
 * The worker never sees the upload itself, only a new, uncompressed zip of the parts the guard
 * verified: the unzipper inside exceljs cannot be steered by anything the guard did not check
 * (local headers, data descriptors, part order), and everything else (styles, images, macros)
 * is dropped. The order matters to exceljs's streaming reader: with the relationships, the
 * workbook and the shared strings first, it streams each sheet straight through; otherwise it
 * writes sheets to temporary files, and a sheet that comes before xl/workbook.xml crashes it.
 */
function repackForReader(parts: Map<string, Buffer>): Buffer {
  const entries: Array<[string, Buffer]> = [];
  const rels = parts.get('xl/_rels/workbook.xml.rels');
  if (rels) entries.push(['xl/_rels/workbook.xml.rels', rels]);
  entries.push(['xl/workbook.xml', parts.get('xl/workbook.xml') ?? Buffer.alloc(0)]);
  entries.push(['xl/sharedStrings.xml', parts.get('xl/sharedStrings.xml') ?? EMPTY_SHARED_STRINGS]);
  const sheets = [...parts.keys()]
    .map((name) => ({ name, n: Number(SHEET_PART.exec(name)?.[1] ?? Number.NaN) }))
    .filter((sheet) => Number.isInteger(sheet.n))
    .sort((a, b) => a.n - b.n);
  for (const { name } of sheets) {
    const data = parts.get(name);
    if (data) entries.push([name, data]);
  }
  return buildStoredZip(entries);
}

/**
 * Reads an uploaded bulk update workbook: the guard first (size, zip structure, zip bombs, huge
 * ranges), then exceljs's streaming reader in a worker thread with a heap cap and a timeout.
 * Returns the raw cells of the Capacities and Care Homes sheets keyed by header, for the caller
 * to validate; or a reason the whole file is refused. Never throws for a bad file; throws
 * BulkReaderUnavailableError only when the reader cannot run at all.
 */
export async function readBulkUpload(
  buf: Buffer,
  opts: ReadBulkUploadOptions = {},
): Promise<BulkUploadReadResult> {
  const limits: BulkReaderLimits = {
    ...DEFAULT_BULK_READER_LIMITS,
    // The guard's row count (header included) follows the data-row limit unless set explicitly.
    maxRowsPerSheet: (opts.limits?.maxDataRows ?? DEFAULT_BULK_READER_LIMITS.maxDataRows) + 1,
    ...opts.limits,
  };
  const inspected = inspectXlsx(buf, limits);
  if (!inspected.ok) return inspected;
  const repacked = repackForReader(inspected.parts);
  const timeoutMs = Math.min(
    limits.maxTimeoutMs,
    limits.timeoutMs + Math.round((limits.timeoutMsPerMb * repacked.length) / (1024 * 1024)),
  );
  return parseInWorker(repacked, limits, timeoutMs);
}
