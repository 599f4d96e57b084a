/**
 * `npm run ingest:cqc -- <file or folder>... [--complete]`: loads CQC data into the care home
 * register through the same code path as the S3 trigger and the monthly job, and prints the report.
 *
 * Where it writes: with TABLE_NAME set, the configured table (the cloud, with AWS credentials, or a
 * DYNAMODB_ENDPOINT); otherwise the local service's DynamoDB Local (port DYNAMODB_PORT, default
 * 8000) when it is running, or the kept local data in .data/dynamodb started just for this run.
 *
 * --complete   the input is a complete national snapshot: active homes it does not list are archived
 *              (refused when that would archive more than 10% of them).
 */
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { startDynamo } from '../local/engines/dynamodb';
import type { IngestProgress } from '../shared/app/registry/ingest';
import { formatReport } from '../shared/app/registry/report';
import { runCqcIngestion } from '../shared/app/registry/runs';
import { sourcesFromPaths } from '../shared/app/registry/sources';
import { resetAwsClients } from '../shared/infra/aws';
import { resetConfigCache } from '../shared/infra/config';
import { registryDeps } from '../shared/infra/registry-container';
import { ensureTable } from '../shared/infra/table-admin';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const LOCAL_TABLE = 'care-capacity-tracker';
const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

async function reachable(endpoint: string): Promise<boolean> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-west-2',
    credentials: localCredentials,
    maxAttempts: 1,
  });
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }));
    return true;
  } catch {
    return false;
  } finally {
    client.destroy();
  }
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

/** Points the app's configuration at a table to write to; returns how to let go of it. */
export async function connectTable(log: (m: string) => void): Promise<{ stop(): Promise<void> }> {
  if (process.env.TABLE_NAME) return { stop: async () => undefined };
  const pointAt = (endpoint: string) => {
    Object.assign(process.env, {
      TABLE_NAME: LOCAL_TABLE,
      DYNAMODB_ENDPOINT: endpoint,
      AWS_REGION: 'eu-west-2',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    });
    resetConfigCache();
    resetAwsClients();
  };
  const running = `http://127.0.0.1:${process.env.DYNAMODB_PORT ?? '8000'}`;
  if (await reachable(running)) {
    log(`writing to the running local service's DynamoDB (${running}), table ${LOCAL_TABLE}`);
    pointAt(running);
    return { stop: async () => undefined };
  }
  const engine = await startDynamo({ port: await freePort(), dataDir: join(ROOT, '.data', 'dynamodb') });
  log(`writing to the kept local data (.data/dynamodb), table ${LOCAL_TABLE}`);
  const raw = new DynamoDBClient({
    endpoint: engine.endpoint,
    region: 'eu-west-2',
    credentials: localCredentials,
  });
  await ensureTable(raw, LOCAL_TABLE);
  raw.destroy();
  pointAt(engine.endpoint);
  return { stop: () => engine.stop() };
}

/** A progress bar on stderr when it is a terminal; a line per 10% otherwise (logs stay readable). */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): IngestProgress {
  const tty = stream.isTTY === true;
  let label = '';
  let total: number | undefined;
  let done = 0;
  let started = Date.now();
  let lastDraw = 0;
  let lastDecile = -1;
  const draw = (force = false) => {
    const now = Date.now();
    const rate = done / Math.max(0.001, (now - started) / 1000);
    if (tty) {
      if (!force && now - lastDraw < 100) return;
      lastDraw = now;
      const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - 50));
      let line: string;
      if (total) {
        const share = Math.min(1, done / total);
        const filled = Math.round(share * width);
        line = `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.floor(share * 100)}% ${done.toLocaleString('en-GB')}/${total.toLocaleString('en-GB')} rows ${Math.round(rate)}/s`;
      } else {
        line = `${label}: ${done.toLocaleString('en-GB')} rows`;
      }
      stream.write(`\r\x1b[2K${line}`);
    } else if (total) {
      const decile = Math.floor((done / total) * 10);
      if (decile > lastDecile) {
        lastDecile = decile;
        stream.write(`${label}: ${decile * 10}% (${done}/${total} rows, ${Math.round(rate)}/s)\n`);
      }
    }
  };
  return {
    phase(next, nextTotal) {
      if (tty && label) stream.write('\n');
      label = next;
      total = nextTotal;
      done = 0;
      started = Date.now();
      lastDecile = -1;
      if (!tty && !nextTotal) stream.write(`${label}…\n`);
      draw(true);
    },
    advance(rows) {
      done += rows;
      draw();
    },
    done() {
      draw(true);
      if (tty && label) stream.write('\n');
      label = '';
    },
  };
}

function parseArgs(argv: readonly string[]): { paths: string[]; complete: boolean } {
  const paths: string[] = [];
  let complete = false;
  for (const arg of argv) {
    if (arg === '--complete') complete = true;
    else if (arg.startsWith('--')) throw new Error(`unknown option '${arg}'`);
    else paths.push(arg);
  }
  if (paths.length === 0) throw new Error('usage: npm run ingest:cqc -- <file or folder>... [--complete]');
  return { paths, complete };
}

async function main(): Promise<number> {
  const { paths, complete } = parseArgs(process.argv.slice(2));
  // Checked before anything starts: a missing path is an error, not an empty run.
  const sources = await sourcesFromPaths(paths.map((p) => resolve(p)));
  const connection = await connectTable((m) => console.error(m));
  try {
    const report = await runCqcIngestion(sources, registryDeps(), {
      trigger: 'cli',
      complete,
      progress: progressBar(),
    });
    console.log(formatReport(report));
    return report.status === 'succeeded' ? 0 : 1;
  } finally {
    await connection.stop();
  }
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
