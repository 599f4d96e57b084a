import { cpus, loadavg } from 'node:os';
import { BatchWriteCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { startService } from '../local/service';
import { awsClients } from '../shared/infra/aws';
import { homeKeys } from '../shared/infra/keys';
import { suppliersRepository } from '../shared/infra/suppliers-repository';
import { cpuLine, cpuMeter, dynamoPid } from './cpu';

/**
 * bench:supplier — the supplier push through the whole local stack (HTTP host, supplier-key
 * authorizer, rate-limit counter, body parsing, one BatchGet, one DynamoDB transaction per home),
 * on its own in-memory service and ports.
 *
 * 10 concurrent clients (one API key each), each pushing batches of 100 of its own homes with changed
 * figures every round, so every home update is a real write (`applied`). Prints home updates per
 * second and batch latency p50/p95/max. Target: >= 200 home updates/s.
 */
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 10);
const HOMES_PER_BATCH = 100;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WARMUP_ROUNDS = 1;
const VACANCY_TYPES = ['general-residential', 'dementia-nursing'] as const;

function tableFor(seed: number) {
  const accepting = seed % 4;
  return {
    rows: VACANCY_TYPES.map((vacancyType, i) => ({
      vacancyType,
      weeklyPriceFrom: 900 + ((seed + i) % 400),
      maximumCapacity: 12,
      occupied: 12 - accepting,
      vacantReserved: 0,
      vacantAccepting: accepting,
      vacantNotAvailable: 0,
      notAvailableReason: null,
      flexible: seed % 2 === 0,
    })),
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

async function main() {
  // Full JIT for DynamoDB Local (slower to start, much faster once warm), as the other benchmarks use.
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
    const { ddb, config } = awsClients();
    const providerId = '1-9000000001';
    const homes = Array.from(
      { length: CLIENTS * HOMES_PER_BATCH },
      (_, i) => `1-6${String(i).padStart(9, '0')}`,
    );
    const setupStarted = performance.now();
    // Seeded as the registry and a saved services page leave them (no history needed for a push).
    for (let i = 0; i < homes.length; i += 25) {
      await ddb.send(
        new BatchWriteCommand({
          RequestItems: {
            [config.TABLE_NAME]: homes.slice(i, i + 25).map((locationId) => {
              const name = `Bench Home ${locationId}`;
              return {
                PutRequest: {
                  Item: {
                    pk: homeKeys.pk(locationId),
                    sk: homeKeys.sk,
                    entity: 'home',
                    locationId,
                    providerId,
                    name,
                    registeredBeds: 30,
                    region: 'London',
                    gsi6pk: homeKeys.providerPk(providerId),
                    gsi6sk: homeKeys.areaSk(name, locationId),
                    services: {
                      shortStayNone: true,
                      shortStayServices: [],
                      vacancyTypes: [...VACANCY_TYPES],
                      languages: ['English'],
                      notes: '',
                      fundingSources: ['private'],
                      contracts: { localAuthority: false, subIcb: false },
                    },
                    servicesVersion: 1,
                    servicesUpdatedAt: new Date().toISOString(),
                    servicesUpdatedBy: { sub: 'bench', email: 'bench@example.org' },
                    outOfHoursAdmissions: true,
                  },
                },
              };
            }),
          },
        }),
      );
    }
    const repo = suppliersRepository();
    const created = await repo.createSupplier({
      supplierId: 'bench-platform',
      name: 'Bench Platform',
      status: 'active',
      providerIds: [providerId],
      locationIds: [],
    });
    if (created === 'exists') throw new Error('supplier exists');
    const keys: string[] = [];
    for (let c = 0; c < CLIENTS; c += 1) {
      const issued = await repo.createKey('bench-platform', `client ${c}`);
      if (issued === 'not-found') throw new Error('supplier missing');
      keys.push(issued.key);
    }
    console.log(
      `setup: ${homes.length} homes with services, ${CLIENTS} keys in ${Math.round(performance.now() - setupStarted)} ms`,
    );

    // The engine's own ceiling on this machine now: bare two-item transactions (the shape of one
    // home update) at the same total concurrency, with no HTTP, validation or reads.
    const floorStarted = performance.now();
    const FLOOR_TX = 400;
    let floorNext = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (floorNext < FLOOR_TX) {
          const n = floorNext++;
          await ddb.send(
            new TransactWriteCommand({
              TransactItems: [
                { Put: { TableName: config.TABLE_NAME, Item: { pk: `BENCHFLOOR#${n % 100}`, sk: 'A', n } } },
                {
                  Put: {
                    TableName: config.TABLE_NAME,
                    Item: { pk: `BENCHFLOOR#${n % 100}`, sk: `H#${n}`, n },
                  },
                },
              ],
            }),
          );
        }
      }),
    );
    const floorRate = FLOOR_TX / ((performance.now() - floorStarted) / 1000);
    console.log(
      `engine floor: ${FLOOR_TX} bare 2-item transactions at 32 concurrent: ${floorRate.toFixed(1)} tx/s`,
    );

    const counts: Record<string, number> = {};
    const failures: string[] = [];
    const latencies: number[] = [];
    let clock = Date.now() - 60 * 60_000;
    const push = async (client: number, round: number) => {
      const mine = homes.slice(client * HOMES_PER_BATCH, (client + 1) * HOMES_PER_BATCH);
      clock += 1000;
      const asOf = new Date(clock).toISOString();
      const body = JSON.stringify({
        homes: mine.map((locationId, i) => ({ locationId, asOf, vacancies: tableFor(round * 7 + i + 1) })),
      });
      const started = performance.now();
      const res = await fetch(`${svc.url}/api/supplier/v1/bed-states`, {
        method: 'PUT',
        headers: {
          'content-type': 'application/json',
          'x-api-key': keys[client] ?? '',
          'idempotency-key': `bench-${client}-${round}`,
        },
        body,
      });
      const text = await res.text();
      const ms = performance.now() - started;
      if (res.status !== 200) {
        failures.push(`batch ${client}/${round}: ${res.status} ${text.slice(0, 120)}`);
        return { ms, body: { counts: {} as Record<string, number> } };
      }
      return { ms, body: JSON.parse(text) as { counts: Record<string, number> } };
    };

    for (let round = 0; round < WARMUP_ROUNDS; round += 1) {
      await Promise.all(Array.from({ length: CLIENTS }, (_, c) => push(c, round)));
    }
    // A cold JIT can push warm-up batches past the 29 s function timeout; they are not measured.
    if (failures.length > 0)
      console.log(`warm-up: ${failures.length} of ${CLIENTS} batches failed (not measured)`);
    failures.length = 0;
    for (const key of Object.keys(counts)) delete counts[key];
    // The clients run in this process too; their CPU (fetch, JSON) is small next to the service's.
    const meter = cpuMeter(dynamoPid(svc.ports.dynamo));
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        for (let round = WARMUP_ROUNDS; round < WARMUP_ROUNDS + ROUNDS; round += 1) {
          const { ms, body } = await push(c, round);
          latencies.push(ms);
          for (const [kind, n] of Object.entries(body.counts)) counts[kind] = (counts[kind] ?? 0) + n;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const used = meter.read();
    const total = CLIENTS * ROUNDS * HOMES_PER_BATCH;
    latencies.sort((a, b) => a - b);
    // Only homes whose batch was answered 200 and reported applied count: a timed-out batch proves nothing.
    const perSecond = (counts.applied ?? 0) / seconds;
    console.log(
      `supplier push: ${CLIENTS} clients x ${ROUNDS} batches x ${HOMES_PER_BATCH} homes = ${total} home updates in ${seconds.toFixed(2)} s`,
    );
    console.log(`  results: ${JSON.stringify(counts)}`);
    console.log(`  load average (1 min) at the end: ${loadavg()[0]?.toFixed(1)} on ${cpus().length} CPUs`);
    console.log(`  home updates per second (applied, answered): ${perSecond.toFixed(1)} (target >= 200)`);
    console.log(
      `  batch latency ms: p50 ${percentile(latencies, 50).toFixed(0)}, p95 ${percentile(latencies, 95).toFixed(0)}, max ${percentile(latencies, 100).toFixed(0)}`,
    );
    console.log(`  ${cpuLine(used, counts.applied ?? 1, { cpuMs: 0, inNodeMs: true }, cpus().length)}`);
    if (failures.length > 0)
      console.log(`  FAILED BATCHES: ${failures.length}: ${failures.slice(0, 3).join('; ')}`);
    if ((counts.applied ?? 0) !== total) {
      console.log(`  WARNING: ${total - (counts.applied ?? 0)} home updates were not applied`);
      process.exitCode = 1;
    }
    console.log(perSecond >= 200 ? '  target met' : '  TARGET MISSED');
  } finally {
    await svc.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
