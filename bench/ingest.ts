/**
 * `npm run bench:ingest [-- --homes 15500 --locations 50000]`: national-scale CQC ingestion into a
 * fresh DynamoDB Local table, then an immediate second run of the same file.
 *
 * Prints duration, homes per second, peak RSS of this process and of DynamoDB Local's JVM, and the
 * writes of the second run (counted by a wrapper around the repositories, not by the ingester).
 * Targets: first run <= 120 s, peak RSS <= 1 GB, second run 0 writes.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startDynamo } from '../local/engines/dynamodb';
import { generateNational } from '../scripts/generate';
import { countingRepositories } from '../shared/app/registry/counting';
import { type IngestProgress, ingestCqc } from '../shared/app/registry/ingest';
import { newRunId } from '../shared/app/registry/report';
import { fileSource } from '../shared/app/registry/sources';
import { DynamoGeoRepository } from '../shared/infra/geo-repository';
import { DynamoHomesRepository } from '../shared/infra/homes-repository';
import { ensureTable } from '../shared/infra/table-admin';

const TARGET_SECONDS = 120;
const TARGET_RSS_MB = 1024;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const raw = i >= 0 ? process.argv[i + 1] : undefined;
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} needs a positive whole number`);
  return n;
}

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

/** Peak resident set (VmHWM) of a process, in MB, from /proc (Linux only). */
function peakRssMb(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m?.[1] ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Time spent inside each repository method (summed over concurrent calls): where a run waits. */
function timed<T extends object>(target: T, times: Map<string, number>, prefix: string): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver);
      if (typeof value !== 'function' || prop === 'activeLocationIds' || prop === 'archivedLocationIds')
        return value;
      return async (...args: unknown[]) => {
        const t = performance.now();
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(obj, args);
        } finally {
          const key = `${prefix}.${String(prop)}`;
          times.set(key, (times.get(key) ?? 0) + performance.now() - t);
        }
      };
    },
  });
}

/** Wall-clock time of each ingestion phase, from the progress callbacks. */
function phaseClock(): { progress: IngestProgress; phases: Array<[string, number]> } {
  const phases: Array<[string, number]> = [];
  let current: [string, number] | undefined;
  const close = () => {
    if (current) phases.push([current[0], performance.now() - current[1]]);
    current = undefined;
  };
  return {
    phases,
    progress: {
      phase(label) {
        close();
        current = [label, performance.now()];
      },
      advance() {},
      done: close,
    },
  };
}

const mb = (n: number | undefined) => (n === undefined ? 'n/a' : `${n.toFixed(0)} MB`);

async function main() {
  const homes = option('homes', 15_500);
  const locations = option('locations', 50_000);
  const dir = await mkdtemp(join(tmpdir(), 'cct-bench-ingest-'));
  const engine = await startDynamo({ port: await freePort(), heapMb: 1024 });
  try {
    const generated = await generateNational({ homes, locations, seed: 7, outDir: dir, directoryRows: 0 });
    console.log(
      `generated ${generated.counts.locations} locations (${generated.counts.careHomes} care homes) in ${generated.millis} ms (${generated.geography} geography)`,
    );

    const raw = new DynamoDBClient({
      endpoint: engine.endpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 5,
    });
    const ddb = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
    const table = 'bench-ingest';
    await ensureTable(raw, table);
    const times = new Map<string, number>();
    const repos = () =>
      countingRepositories(
        timed(new DynamoHomesRepository(ddb, table), times, 'homes'),
        timed(new DynamoGeoRepository(ddb, table), times, 'geo'),
      );
    const source = fileSource(generated.hscaFile);

    const first = repos();
    const clock1 = phaseClock();
    const t0 = performance.now();
    const r1 = await ingestCqc(
      [source],
      { ...first, progress: clock1.progress },
      {
        runId: newRunId(new Date()),
        trigger: 'cli',
        complete: true,
      },
    );
    const seconds = (performance.now() - t0) / 1000;
    if (r1.status !== 'succeeded') throw new Error(`first run failed: ${r1.error}`);
    const times1 = new Map(times);
    times.clear();

    const second = repos();
    const clock2 = phaseClock();
    const t1 = performance.now();
    const r2 = await ingestCqc(
      [source],
      { ...second, progress: clock2.progress },
      {
        runId: newRunId(new Date()),
        trigger: 'cli',
        complete: true,
      },
    );
    const seconds2 = (performance.now() - t1) / 1000;
    if (r2.status !== 'succeeded') throw new Error(`second run failed: ${r2.error}`);

    const nodePeak = process.resourceUsage().maxRSS / 1024;
    const javaPeak = peakRssMb(engine.process.pid);
    const lines = [
      '',
      `CQC ingestion benchmark: ${r1.rowsRead} rows, ${generated.counts.careHomes} care homes`,
      `  first run:    ${seconds.toFixed(1)} s, ${Math.round(r1.created / seconds)} homes/s, ${Math.round(r1.rowsRead / seconds)} rows/s`,
      `                created ${r1.created}, ignored ${r1.ignored}, not located ${r1.notLocated}, skipped ${r1.skipped}, postcodes ${r1.geoWritten}; ${first.counts.total()} writes`,
      `  second run:   ${seconds2.toFixed(1)} s, ${second.counts.total()} writes (report: ${r2.writes}), unchanged ${r2.unchanged}`,
      `  peak RSS:     node ${mb(nodePeak)}, DynamoDB Local JVM ${mb(javaPeak)}`,
      `  targets:      <= ${TARGET_SECONDS} s ${seconds <= TARGET_SECONDS ? 'met' : 'MISSED'}; <= ${TARGET_RSS_MB} MB node ${nodePeak <= TARGET_RSS_MB ? 'met' : 'MISSED'}; 0 writes ${second.counts.total() === 0 ? 'met' : 'MISSED'}`,
    ];
    const breakdown = (phases: Array<[string, number]>, t: Map<string, number>) =>
      `phases ${phases.map(([p, ms]) => `${p} ${(ms / 1000).toFixed(1)} s`).join(', ')}; waits ${[...t]
        .sort((a, b) => b[1] - a[1])
        .map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)} s`)
        .join(', ')}`;
    lines.push(
      `  run 1:        ${breakdown(clock1.phases, times1)}`,
      `  run 2:        ${breakdown(clock2.phases, times)}`,
    );
    console.log(lines.join('\n'));
    raw.destroy();
    if (seconds > TARGET_SECONDS || nodePeak > TARGET_RSS_MB || second.counts.total() !== 0)
      process.exitCode = 1;
  } finally {
    await engine.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
