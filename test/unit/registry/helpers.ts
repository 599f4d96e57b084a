import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import {
  type CqcReadOptions,
  openCqcSource,
  openCqcStream,
  UnsupportedFileError,
} from '../../../shared/app/cqc-parse';
import type { CareHomeRecord, CqcReadItem, ParseIssue } from '../../../shared/domain/registry';

/** The shared real data folder, `../shared/data` relative to the repository root. */
export const SHARED_DATA = resolve(
  fileURLToPath(new URL('.', import.meta.url)),
  '..',
  '..',
  '..',
  '..',
  'shared',
  'data',
);
export const CQC_DIR = join(SHARED_DATA, 'cqc');

/** Whether a shared data file is present; prints why the tests that need it are skipped if not. */
export function sharedFile(relative: string): { path: string; exists: boolean } {
  const path = join(SHARED_DATA, relative);
  const exists = existsSync(path);
  if (!exists) console.warn(`skipping tests that need ${path}: the shared data file is not present`);
  return { path, exists };
}

export interface Collected {
  items: CqcReadItem[];
  records: CareHomeRecord[];
  issues: ParseIssue[];
  warnings: { line: number; warnings: string[] }[];
  byId: Map<string, CareHomeRecord>;
}

export function collectItems(items: CqcReadItem[]): Collected {
  const records: CareHomeRecord[] = [];
  const issues: ParseIssue[] = [];
  const warnings: { line: number; warnings: string[] }[] = [];
  const byId = new Map<string, CareHomeRecord>();
  for (const item of items) {
    if (item.record) {
      records.push(item.record);
      if (!byId.has(item.record.locationId)) byId.set(item.record.locationId, item.record);
    }
    if (item.issue) issues.push(item.issue);
    if (item.warnings) warnings.push({ line: item.line, warnings: item.warnings });
  }
  return { items, records, issues, warnings, byId };
}

export async function readAll(
  path: string,
  options?: CqcReadOptions,
): Promise<Collected & { layout: string }> {
  const source = await openCqcSource(path, options);
  const items: CqcReadItem[] = [];
  for await (const item of source.items) items.push(item);
  return { ...collectItems(items), layout: source.layout };
}

export async function readBytes(
  content: string | Uint8Array,
  fileName = 'input.csv',
  options?: CqcReadOptions,
): Promise<Collected & { layout: string }> {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
  // Small chunks, so multi-byte characters and quoted fields straddle chunk boundaries.
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 7) chunks.push(bytes.subarray(i, i + 7));
  const source = await openCqcStream(Readable.from(chunks), fileName, options);
  const items: CqcReadItem[] = [];
  for await (const item of source.items) items.push(item);
  return { ...collectItems(items), layout: source.layout };
}

/** The UnsupportedFileError a promise rejects with (fails the test if it resolves or throws something else). */
export async function unsupported(promise: Promise<unknown>): Promise<UnsupportedFileError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UnsupportedFileError) return error;
    throw error;
  }
  throw new Error('expected an UnsupportedFileError');
}

export function record(collected: Collected, locationId: string): CareHomeRecord {
  const found = collected.byId.get(locationId);
  if (!found) throw new Error(`no record for ${locationId}`);
  return found;
}

/** A temporary folder removed after the test file. */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `${prefix}-`));
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return dir;
}

export async function writeTemp(dir: string, name: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

/** CSV text from rows of cells (quotes cells that need it). */
export function csv(rows: readonly (readonly string[])[], eol = '\n'): string {
  const cell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  return rows.map((row) => row.map(cell).join(',')).join(eol) + eol;
}

/** Deterministic pseudo-random numbers for property tests. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
