import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { startService } from '../local/service';
import { awsClients } from '../shared/infra/aws';
import { homeKeys } from '../shared/infra/keys';
import { cpuLine, cpuMeter, dynamoPid, loadAverage } from './cpu';
import { HTTP_REQUEST_SOURCE } from './http-client';

/**
 * bench:update — the provider update through the whole local stack (HTTP host, JWT check, principal
 * load, validation, one DynamoDB transaction per update), on its own in-memory service and ports.
 *
 * 1. 20 concurrent clients, each updating its own homes in turn: PUT latency p50/p95, updates/s.
 *    Target: p95 <= 50 ms.
 * 2. 50 concurrent updates of ONE home, all from the same version: exactly 1 must win, 49 get 409,
 *    and no update may be lost (checked against the history items and the final state).
 */
const CLIENTS = 20;
const HOMES_PER_CLIENT = 5;
const UPDATES_PER_CLIENT = 100;
const WARMUP_PER_CLIENT = 10;
const RACERS = 50;
const SEQUENTIAL = 100;

const VACANCY_TYPES = ['general-residential', 'learning-disability-residential'];

function tableFor(seed: number) {
  const accepting = seed % 4;
  const reserved = seed % 2;
  return {
    rows: [
      {
        vacancyType: 'general-residential',
        weeklyPriceFrom: 1000 + (seed % 500),
        maximumCapacity: 10,
        occupied: 10 - accepting - reserved,
        vacantReserved: reserved,
        vacantAccepting: accepting,
        vacantNotAvailable: 0,
        notAvailableReason: null,
        flexible: seed % 3 === 0,
      },
      {
        vacancyType: 'learning-disability-residential',
        weeklyPriceFrom: 1175,
        maximumCapacity: 4,
        occupied: 3,
        vacantReserved: 0,
        vacantAccepting: 0,
        vacantNotAvailable: 1,
        notAvailableReason: 'refurbishment',
        flexible: false,
      },
    ],
    outOfHoursAdmissions: true,
  };
}

/** JSON with object keys sorted: DynamoDB does not keep the order of a map's keys. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

/**
 * The clients run in a child process, so their request building and response handling share neither
 * the service's event loop nor its CPU account (in the cloud they are other machines). Each client
 * updates its own homes in turn, carrying each home's ETag forward; the child reports every latency
 * and its own CPU time.
 */
const CLIENT_CODE = `
${HTTP_REQUEST_SOURCE}
process.once('message', ({ url, token, plans, versions }) => {
const latencies = [];
const failures = [];
const cpu0 = process.cpuUsage();
const base = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: plans.length });
(async () => {
  const started = performance.now();
  await Promise.all(plans.map(async (plan) => {
    for (const step of plan) {
      const t = performance.now();
      const res = await request(agent, base, 'PUT', '/api/homes/' + step.locationId + '/vacancies', {
        authorization: 'Bearer ' + token, 'content-type': 'application/json', 'content-length': Buffer.byteLength(step.body), 'if-match': versions[step.locationId],
      }, step.body);
      const ms = performance.now() - t;
      if (res.status !== 200) failures.push(res.status + ' ' + res.text.slice(0, 200));
      else versions[step.locationId] = res.headers.etag;
      latencies.push(ms);
    }
  }));
  agent.destroy();
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  process.send({ latencies, failures, versions, wallMs, busyMs: (cpu.user + cpu.system) / 1000 }, () => process.exit(0));
})().catch((error) => process.send({ error: String((error && error.stack) || error) }, () => process.exit(1)));
});
`;

interface ClientRun {
  latencies: number[];
  failures: string[];
  versions: Record<string, string>;
  wallMs: number;
  busyMs: number;
}

function runClients(
  url: string,
  token: string,
  plans: { locationId: string; body: string }[][],
  versions: Map<string, string>,
): Promise<ClientRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['-e', CLIENT_CODE], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('message', (message: ClientRun & { error?: string }) => {
      if (message.error) reject(new Error(message.error));
      else {
        for (const [k, v] of Object.entries(message.versions)) versions.set(k, v);
        resolvePromise(message);
      }
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the client process exited with ${code}`));
    });
    child.send({ url, token, plans, versions: Object.fromEntries(versions) });
  });
}

async function main() {
  // Benchmarks run DynamoDB Local with full JIT (local/engines/dynamodb.ts); tests keep fast start-up.
  process.env.CCT_DYNAMODB_JVM ??= 'throughput';
  const svc = await startService({
    inMemory: true,
    port: 0,
    dynamoPort: 0,
    s3Port: 0,
    cognitoPort: 0,
    quiet: true,
    scheduler: false,
  });
  try {
    const approver = svc.demoUsers.find((u) => u.role === 'provider-approver');
    if (!approver) throw new Error('the seed has no provider approver');
    const providerId = approver.organisation.id.replace(/^provider:/, '');
    const token = await signIn(svc.env, approver.email, approver.password);
    const { ddb, config } = awsClients();

    const homeIds = Array.from(
      { length: CLIENTS * HOMES_PER_CLIENT + 1 },
      (_, i) => `1-5${String(i).padStart(9, '0')}`,
    );
    for (const locationId of homeIds) {
      const name = `Bench Home ${locationId}`;
      await ddb.send(
        new PutCommand({
          TableName: config.TABLE_NAME,
          Item: {
            pk: homeKeys.pk(locationId),
            sk: homeKeys.sk,
            entity: 'home',
            locationId,
            providerId,
            name,
            registeredBeds: 14,
            gsi6pk: homeKeys.providerPk(providerId),
            gsi6sk: homeKeys.areaSk(name, locationId),
          },
        }),
      );
    }
    const call = async (method: string, path: string, body?: unknown, etag?: string) => {
      const started = performance.now();
      const res = await fetch(`${svc.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(etag ? { 'if-match': etag } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return {
        status: res.status,
        etag: res.headers.get('etag') ?? '',
        text,
        ms: performance.now() - started,
      };
    };
    // Services first: the provider update table has a row per offered vacancy type.
    const versions = new Map<string, string>();
    for (const locationId of homeIds) {
      const res = await call(
        'PUT',
        `/api/homes/${locationId}/services`,
        {
          shortStayNone: true,
          vacancyTypes: VACANCY_TYPES,
          languages: ['English'],
          notes: '',
          fundingSources: ['private'],
          contracts: { localAuthority: false, subIcb: false },
          outOfHoursAdmissions: true,
        },
        '"0"',
      );
      if (res.status !== 200) throw new Error(`services for ${locationId}: ${res.status} ${res.text}`);
      versions.set(locationId, `"${JSON.parse(res.text).vacanciesVersion}"`);
    }

    // 0. The engine's own floor on this machine: one consistent GetItem per call, same concurrency.
    // An update costs three engine calls (principal, home, transaction), so it cannot beat ~3x this.
    const floor: number[] = [];
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        for (let i = 0; i < 50; i += 1) {
          const started = performance.now();
          await ddb.send(
            new GetCommand({
              TableName: config.TABLE_NAME,
              Key: { pk: homeKeys.pk(homeIds[c] ?? ''), sk: homeKeys.sk },
              ConsistentRead: true,
            }),
          );
          floor.push(performance.now() - started);
        }
      }),
    );
    floor.sort((a, b) => a - b);
    console.log(
      `engine floor: DynamoDB Local GetItem at ${CLIENTS} concurrent clients p50 ${percentile(floor, 50).toFixed(1)} ms, p95 ${percentile(floor, 95).toFixed(1)} ms`,
    );

    // 1. Throughput and latency.
    const plan = (c: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({
        locationId: homeIds[c * HOMES_PER_CLIENT + (i % HOMES_PER_CLIENT)] ?? '',
        body: JSON.stringify(tableFor(c * 1000 + i)),
      }));
    await runClients(
      svc.url,
      token,
      Array.from({ length: CLIENTS }, (_, c) => plan(c, WARMUP_PER_CLIENT)),
      versions,
    );
    const javaPid = dynamoPid(svc.ports.dynamo);
    const cores = availableParallelism();
    // One client alone: the cost of an update without queueing behind others.
    let meter = cpuMeter(javaPid);
    const aloneRun = await runClients(svc.url, token, [plan(0, SEQUENTIAL)], versions);
    const aloneCpu = meter.read();
    const alone = aloneRun.latencies.sort((a, b) => a - b);
    console.log(
      `provider updates, 1 client, ${alone.length} updates: p50 ${percentile(alone, 50).toFixed(1)} ms, p95 ${percentile(alone, 95).toFixed(1)} ms   (${loadAverage()})`,
    );
    console.log(`  ${cpuLine(aloneCpu, alone.length, { cpuMs: aloneRun.busyMs, inNodeMs: false }, cores)}`);
    meter = cpuMeter(javaPid);
    const run = await runClients(
      svc.url,
      token,
      Array.from({ length: CLIENTS }, (_, c) => plan(c, UPDATES_PER_CLIENT)),
      versions,
    );
    const used = meter.read();
    const seconds = run.wallMs / 1000;
    const latencies = run.latencies.sort((a, b) => a - b);
    const failures = [...aloneRun.failures, ...run.failures];
    const p50 = percentile(latencies, 50);
    const p95 = percentile(latencies, 95);
    console.log(
      `provider updates, ${CLIENTS} concurrent clients, ${latencies.length} updates (after ${CLIENTS * WARMUP_PER_CLIENT} warm-up)`,
    );
    console.log(
      `  latency p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${(latencies.at(-1) ?? 0).toFixed(1)} ms   (target p95 <= 50 ms; ${loadAverage()})`,
    );
    const throughput = latencies.length / seconds;
    console.log(`  throughput ${throughput.toFixed(0)} updates/s`);
    console.log(`  ${cpuLine(used, latencies.length, { cpuMs: run.busyMs, inNodeMs: false }, cores)}`);
    // Little's law: 20 clients that never pause keep 20 updates in the system, so the mean latency is
    // 20 / throughput whatever the code does; p95 <= 50 ms needs well over 20 / 0.05 = 400 updates/s.
    console.log(
      `  ${CLIENTS} closed-loop clients at ${throughput.toFixed(0)}/s => mean latency >= ${((CLIENTS / throughput) * 1000).toFixed(1)} ms (Little's law)`,
    );
    console.log(`  failed updates: ${failures.length}${failures[0] ? ` (first: ${failures[0]})` : ''}`);

    // 2. Fifty writers, one home, one version.
    const target = homeIds.at(-1) ?? '';
    const from = versions.get(target) ?? '"0"';
    const historyBefore = await updateEvents(target);
    const racers = await Promise.all(
      Array.from({ length: RACERS }, (_, i) =>
        call('PUT', `/api/homes/${target}/vacancies`, tableFor(i + 1), from),
      ),
    );
    const won = racers.filter((r) => r.status === 200);
    const conflicts = racers.filter((r) => r.status === 409);
    const other = racers.filter((r) => r.status !== 200 && r.status !== 409);
    const historyAfter = await updateEvents(target);
    const recorded = historyAfter - historyBefore;
    const stored = await ddb.send(
      new GetCommand({
        TableName: config.TABLE_NAME,
        Key: { pk: homeKeys.pk(target), sk: homeKeys.sk },
        ConsistentRead: true,
      }),
    );
    const held = canonical(stored.Item?.bedState);
    const finalMatchesWinner = won.length === 1 && canonical(JSON.parse(won[0]?.text ?? '{}').rows) === held;
    // A lost update: a 200 whose figures are not the ones held, or that left no history event.
    const lost =
      won.filter((w) => canonical(JSON.parse(w.text).rows) !== held).length +
      Math.max(0, won.length - recorded);
    const versionMoved = Number(stored.Item?.bedVersion) - Number(from.replaceAll('"', ''));
    console.log(`${RACERS} concurrent updates of one home from version ${from}`);
    console.log(
      `  won ${won.length}, got 409 ${conflicts.length}, other ${other.length}${other[0] ? ` (${other[0].status} ${other[0].text.slice(0, 120)})` : ''}`,
    );
    console.log(
      `  history update events written ${recorded}, version moved by ${versionMoved}, final state is the winner's: ${finalMatchesWinner}`,
    );
    console.log(`  lost updates: ${lost}   (target: exactly 1 winner, 0 lost)`);
    const sortedRace = racers.map((r) => r.ms).sort((a, b) => a - b);
    console.log(
      `  race latency p50 ${percentile(sortedRace, 50).toFixed(1)} ms, max ${(sortedRace.at(-1) ?? 0).toFixed(1)} ms`,
    );

    const ok =
      p95 <= 50 &&
      failures.length === 0 &&
      won.length === 1 &&
      conflicts.length === RACERS - 1 &&
      recorded === 1 &&
      versionMoved === 1 &&
      finalMatchesWinner &&
      lost === 0;
    if (!ok) process.exitCode = 1;
  } finally {
    await svc.stop();
  }

  async function updateEvents(locationId: string): Promise<number> {
    const { ddb, config } = awsClients();
    let count = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const res = await ddb.send(
        new QueryCommand({
          TableName: config.TABLE_NAME,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
          FilterExpression: 'kind = :k',
          ExpressionAttributeValues: {
            ':pk': homeKeys.pk(locationId),
            ':p': homeKeys.historyPrefix,
            ':k': 'bed-state-updated',
          },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      count += res.Count ?? 0;
      start = res.LastEvaluatedKey;
    } while (start);
    return count;
  }
}

async function signIn(env: Record<string, string>, email: string, password: string): Promise<string> {
  const res = await fetch(env.COGNITO_ENDPOINT ?? '', {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
    },
    body: JSON.stringify({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: env.USER_POOL_CLIENT_ID,
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  });
  const body = (await res.json()) as { AuthenticationResult?: { AccessToken?: string } };
  const token = body.AuthenticationResult?.AccessToken;
  if (!token) throw new Error(`sign-in failed for ${email}: ${res.status}`);
  return token;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
