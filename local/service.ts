import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { resetAwsClients } from '../shared/infra/aws';
import { resetConfigCache } from '../shared/infra/config';
import { ensureTable } from '../shared/infra/table-admin';
import { type buckets, functions, triggers } from '../shared/wiring/definitions';
import { createApiHost, send } from './api-host';
import { ensureUserPool } from './cognito-setup';
import { startCognito } from './engines/cognito';
import { startDynamo } from './engines/dynamodb';
import { startS3 } from './engines/s3';
import { invoke } from './lambda';
import { outboxPage, readOutbox } from './outbox';
import { runJob, startScheduler } from './scheduler';
import { type DemoUser, resumeSeed, seedDemoData } from './seed';

// The machine runs Node 20 by design (Lambda runs the newest runtime); the SDK's notice about future
// Node 22 requirements is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface ServiceOptions {
  /** Keep nothing: DynamoDB in memory, S3/Cognito/outbox in a temp dir removed on stop. */
  inMemory?: boolean;
  /** 0 picks a free port. Defaults come from PORT, DYNAMODB_PORT, S3_PORT, COGNITO_PORT. */
  port?: number;
  dynamoPort?: number;
  s3Port?: number;
  cognitoPort?: number;
  dataDir?: string;
  /** Seed demo data on first start (default true). */
  seed?: boolean;
  /** Run scheduled jobs on their schedules (default true; tests turn it off and run jobs explicitly). */
  scheduler?: boolean;
  quiet?: boolean;
  /** Table name; tests isolate themselves with their own. */
  tableName?: string;
  /** Use an already running DynamoDB Local (tests start one per run) instead of starting one. */
  dynamoEndpoint?: string;
}

export interface RunningService {
  url: string;
  dataDir: string;
  outboxDir: string;
  env: Record<string, string>;
  demoUsers: DemoUser[];
  ports: { http: number; dynamo: number; s3: number; cognito: number };
  runJob(name: string, time?: Date): Promise<unknown>;
  /** Resolves when every S3-triggered handler started so far has finished. */
  triggersIdle(): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createNetServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

async function portOf(explicit: number | undefined, envName: string, fallback: number): Promise<number> {
  const fromEnv = process.env[envName];
  const wanted = explicit ?? (fromEnv ? Number(fromEnv) : fallback);
  if (!Number.isInteger(wanted) || wanted < 0 || wanted > 65535)
    throw new Error(`${envName} must be a port number`);
  return wanted === 0 ? freePort() : wanted;
}

export async function startService(opts: ServiceOptions = {}): Promise<RunningService> {
  const log = (m: string) => {
    if (!opts.quiet) console.log(m);
  };
  const inMemory = opts.inMemory ?? false;
  const dataDir = inMemory
    ? mkdtempSync(join(tmpdir(), 'cct-'))
    : resolve(opts.dataDir ?? join(ROOT, '.data'));
  await mkdir(dataDir, { recursive: true });
  const outboxDir = join(dataDir, 'outbox');
  const [httpPort, dynamoPort, s3Port, cognitoPort] = await Promise.all([
    portOf(opts.port, 'PORT', 3000),
    opts.dynamoEndpoint
      ? Promise.resolve(Number(new URL(opts.dynamoEndpoint).port))
      : portOf(opts.dynamoPort, 'DYNAMODB_PORT', 8000),
    portOf(opts.s3Port, 'S3_PORT', 4569),
    portOf(opts.cognitoPort, 'COGNITO_PORT', 9229),
  ]);

  const bucketNames = { uploads: 'cct-uploads', data: 'cct-data', web: 'cct-web' } satisfies Record<
    keyof typeof buckets,
    string
  >;
  const stops: Array<() => Promise<void> | void> = [];
  const stopAll = async () => {
    for (const s of stops.reverse()) await Promise.resolve(s()).catch(() => undefined);
    if (inMemory) await rm(dataDir, { recursive: true, force: true });
  };

  try {
    const [dynamo, s3, cognito] = await Promise.all([
      opts.dynamoEndpoint
        ? Promise.resolve({ endpoint: opts.dynamoEndpoint })
        : startDynamo({ port: dynamoPort, dataDir: inMemory ? undefined : join(dataDir, 'dynamodb') }).then(
            (e) => {
              stops.push(() => e.stop());
              return e;
            },
          ),
      startS3({ port: s3Port, dir: join(dataDir, 's3'), buckets: Object.values(bucketNames) }).then((e) => {
        stops.push(() => e.stop());
        return e;
      }),
      startCognito({ port: cognitoPort, dataDir: join(dataDir, 'cognito'), outboxDir }).then((e) => {
        stops.push(() => e.stop());
        return e;
      }),
    ]);

    const cognitoClient = new CognitoIdentityProviderClient({
      endpoint: cognito.endpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const { userPoolId, clientId } = await ensureUserPool(cognitoClient, 'care-capacity-tracker');
    const tableName = opts.tableName ?? 'care-capacity-tracker';
    const url = `http://localhost:${httpPort}`;
    const env: Record<string, string> = {
      STAGE: 'local',
      AWS_REGION: 'eu-west-2',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      TABLE_NAME: tableName,
      UPLOADS_BUCKET: bucketNames.uploads,
      DATA_BUCKET: bucketNames.data,
      USER_POOL_ID: userPoolId,
      USER_POOL_CLIENT_ID: clientId,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      S3_ENDPOINT: s3.endpoint,
      COGNITO_ENDPOINT: cognito.endpoint,
      EMAIL_MODE: 'outbox',
      OUTBOX_DIR: outboxDir,
      APP_BASE_URL: url,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'WARN',
      POWERTOOLS_LOG_LEVEL: process.env.LOG_LEVEL ?? 'WARN',
    };
    // Handlers run in this process and read their configuration from the environment, as in Lambda.
    Object.assign(process.env, env);
    resetConfigCache();
    resetAwsClients();

    const ddb = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await ensureTable(ddb, tableName);
    ddb.destroy();

    let demoUsers: DemoUser[] = [];
    const demoFile = join(dataDir, 'demo-users.json');
    if (opts.seed !== false) {
      if (existsSync(demoFile)) {
        demoUsers = JSON.parse(await readFile(demoFile, 'utf8')) as DemoUser[];
        resumeSeed({ root: ROOT, log });
      } else {
        demoUsers = await seedDemoData({ root: ROOT, cognito: cognitoClient, userPoolId, log });
        await writeFile(demoFile, JSON.stringify(demoUsers, null, 2));
      }
    }

    // S3 notifications -> the same trigger handlers as the cloud.
    const inFlight = new Set<Promise<unknown>>();
    s3.onObjectCreated((event) => {
      const record = event.Records[0];
      if (!record) return;
      const bucketKey = (Object.keys(bucketNames) as Array<keyof typeof bucketNames>).find(
        (k) => bucketNames[k] === record.s3.bucket.name,
      );
      const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
      for (const t of triggers) {
        if (t.bucket !== bucketKey || !key.startsWith(t.prefix)) continue;
        const p = invoke(ROOT, functions[t.fn], t.fn, event)
          .catch((e) => console.error(`trigger ${t.name} failed: ${(e as Error).message}`))
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
    });

    const apiHost = createApiHost({ root: ROOT, cognitoEndpoint: cognito.endpoint, userPoolId, clientId });
    const webDir = join(ROOT, 'web', 'dist');
    const runtimeConfig = {
      apiBase: '/api',
      stage: 'local',
      localMode: true,
      cognito: { endpoint: cognito.endpoint, region: 'eu-west-2', userPoolId, clientId },
    };
    const csp = [
      "default-src 'self'",
      `connect-src 'self' ${cognito.endpoint} ${s3.endpoint}`,
      "img-src 'self' data: blob:",
      "style-src 'self' 'unsafe-inline'",
      "script-src 'self'",
      "font-src 'self' data:",
      "frame-ancestors 'none'",
      "base-uri 'self'",
      "form-action 'self'",
    ].join('; ');
    const securityHeaders = {
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'strict-origin-when-cross-origin',
    };

    const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const u = new URL(req.url ?? '/', url);
      const route = async () => {
        if (u.pathname.startsWith('/api/') || u.pathname === '/api') return apiHost(req, res, u);
        if (u.pathname === '/config.json') {
          return send(
            res,
            200,
            { 'content-type': 'application/json', 'cache-control': 'no-store' },
            JSON.stringify(runtimeConfig),
          );
        }
        if (u.pathname === '/dev/outbox.json') {
          return send(
            res,
            200,
            { 'content-type': 'application/json' },
            JSON.stringify(await readOutbox(outboxDir)),
          );
        }
        if (u.pathname === '/dev/outbox') {
          return send(
            res,
            200,
            { 'content-type': 'text/html; charset=utf-8', ...securityHeaders },
            outboxPage(await readOutbox(outboxDir)),
          );
        }
        const job = /^\/dev\/jobs\/([\w-]+)$/.exec(u.pathname);
        if (job?.[1] && req.method === 'POST') {
          try {
            const result = await runJob(ROOT, job[1]);
            return send(
              res,
              200,
              { 'content-type': 'application/json' },
              JSON.stringify({ job: job[1], result }),
            );
          } catch (e) {
            return send(
              res,
              400,
              { 'content-type': 'application/json' },
              JSON.stringify({ error: (e as Error).message }),
            );
          }
        }
        return serveStatic(webDir, u.pathname, res, securityHeaders);
      };
      route().catch((e) => {
        console.error(e);
        send(res, 500, { 'content-type': 'text/plain' }, 'Internal error');
      });
    });
    server.keepAliveTimeout = 5000;
    await new Promise<void>((res, rej) => {
      server.once('error', rej);
      server.listen(httpPort, '127.0.0.1', () => res());
    });
    stops.push(
      () =>
        new Promise<void>((res) => {
          server.closeAllConnections();
          server.close(() => res());
        }),
    );
    if (opts.scheduler !== false) {
      const sched = startScheduler(ROOT, log);
      stops.push(() => sched.stop());
    }
    stops.push(() => cognitoClient.destroy());

    return {
      url,
      dataDir,
      outboxDir,
      env,
      demoUsers,
      ports: { http: httpPort, dynamo: dynamoPort, s3: s3Port, cognito: cognitoPort },
      runJob: (name, time) => runJob(ROOT, name, time),
      async triggersIdle() {
        while (inFlight.size) await Promise.allSettled([...inFlight]);
      },
      stop: stopAll,
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.geojson': 'application/geo+json',
  '.webmanifest': 'application/manifest+json',
};

async function serveStatic(
  webDir: string,
  pathname: string,
  res: ServerResponse,
  headers: Record<string, string>,
): Promise<void> {
  const rel = normalize(decodeURIComponent(pathname)).replace(/^(\.\.[/\\])+/, '');
  let file = join(webDir, rel);
  if (!file.startsWith(webDir)) return send(res, 400, { 'content-type': 'text/plain' }, 'Bad path');
  if (!existsSync(file) || statSync(file).isDirectory()) {
    // Single-page app: unknown paths get index.html and the client router decides.
    file = join(webDir, 'index.html');
  }
  if (!existsSync(file)) {
    return send(
      res,
      503,
      { 'content-type': 'text/plain; charset=utf-8' },
      'The web frontend is not built yet: run npm run build:web',
    );
  }
  const type = MIME[extname(file)] ?? 'application/octet-stream';
  const immutable = file.includes(`${join(webDir, 'assets')}`);
  send(
    res,
    200,
    {
      'content-type': type,
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...headers,
    },
    readFileSync(file),
  );
}
