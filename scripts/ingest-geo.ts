/**
 * `npm run ingest:geo -- <csv>...`: loads outward-code centroids (e.g. ../shared/data/geo/outcode-centroids.csv)
 * so homes whose full postcode is unknown are still located. Writes where `ingest:cqc` writes.
 * Run `ingest:cqc` again afterwards to locate homes ingested before the centroids were there.
 */
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatReport } from '../shared/app/registry/report';
import { runOutcodeIngestion } from '../shared/app/registry/runs';
import { registryDeps } from '../shared/infra/registry-container';
import { connectTable } from './ingest-cqc';

async function main(): Promise<number> {
  const paths = process.argv.slice(2);
  if (paths.length === 0 || paths.some((p) => p.startsWith('--'))) {
    throw new Error('usage: npm run ingest:geo -- <outcode centroid csv>...');
  }
  const inputs: Array<{ name: string; text: string }> = [];
  for (const p of paths) {
    try {
      inputs.push({ name: basename(p), text: await readFile(resolve(p), 'utf8') });
    } catch (error) {
      throw new Error(`${p} cannot be read: ${(error as Error).message}`);
    }
  }
  const connection = await connectTable((m) => console.error(m));
  let failed = false;
  try {
    for (const input of inputs) {
      const report = await runOutcodeIngestion(input, registryDeps(), { trigger: 'cli' });
      console.log(formatReport(report));
      failed ||= report.status === 'failed';
    }
  } finally {
    await connection.stop();
  }
  return failed ? 1 : 0;
}

const invokedPath = process.argv[1];
if (invokedPath && import.meta.url === pathToFileURL(resolve(invokedPath)).href) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
