import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { CqcReadItem } from '../../domain/registry/types';
import { openCqcSource, openCqcStream, UnsupportedFileError } from '../cqc-parse';
import type { IngestSource } from './ingest';

type ByteStream = AsyncIterable<Uint8Array | string>;

/** A CQC file (or a folder of CQC API JSON files) on disk. */
export function fileSource(path: string, name = basename(path)): IngestSource {
  let layout: string | undefined;
  return {
    name,
    async *open() {
      const source = await openCqcSource(path);
      layout = source.layout;
      yield* source.items;
    },
    layout: () => layout,
  };
}

/** A CQC file that arrives as a stream (an S3 object); `openStream` is called once per pass. */
export function streamSource(name: string, openStream: () => Promise<ByteStream>): IngestSource {
  let layout: string | undefined;
  return {
    name,
    async *open() {
      const source = await openCqcStream(await openStream(), basename(name));
      layout = source.layout;
      yield* source.items;
    },
    layout: () => layout,
  };
}

/** Items already in memory (the CQC API delta sync). */
export function itemsSource(
  name: string,
  items: readonly CqcReadItem[],
  layout = 'cqc-api-json',
): IngestSource {
  return {
    name,
    async *open() {
      yield* items;
    },
    layout: () => layout,
  };
}

const CSV_EXTENSIONS = new Set(['.csv', '.tsv', '.txt']);
const JSON_EXTENSIONS = new Set(['.json', '.jsonl', '.ndjson']);

/**
 * The command line's files and folders as sources, in the order given. A folder contributes its CSV
 * files (by name) and then its JSON files as one source (a folder of API records), so within one
 * run the more detailed API records are applied last.
 */
export async function sourcesFromPaths(paths: readonly string[]): Promise<IngestSource[]> {
  const out: IngestSource[] = [];
  for (const path of paths) {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch {
      throw new UnsupportedFileError(
        basename(path),
        'unreadable',
        `${path} does not exist or cannot be read`,
      );
    }
    if (!info.isDirectory()) {
      out.push(fileSource(path));
      continue;
    }
    const entries = (await readdir(path, { withFileTypes: true }))
      .filter((e) => e.isFile() && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    const csv = entries.filter((n) => CSV_EXTENSIONS.has(extname(n).toLowerCase()));
    const json = entries.filter((n) => JSON_EXTENSIONS.has(extname(n).toLowerCase()));
    if (csv.length === 0 && json.length === 0) {
      throw new UnsupportedFileError(basename(path), 'not-cqc', `folder ${path} has no .csv or .json files`);
    }
    for (const name of csv) out.push(fileSource(join(path, name), `${basename(path)}/${name}`));
    if (json.length === 1 && json[0])
      out.push(fileSource(join(path, json[0]), `${basename(path)}/${json[0]}`));
    else if (json.length > 1) out.push(fileSource(path, `${basename(path)}/*.json`));
  }
  return out;
}
