/**
 * `npm run bench:reminders [-- --homes 15500 --stale 0.4]`: the nightly reminders job over a
 * national-scale table in a fresh DynamoDB Local: every home has one member of staff, each local
 * authority an LA officer, each ICB and region a commissioner, plus one national commissioner.
 * 40% of the homes have not updated for 3 days (a tenth of those never). The job writes every email
 * to an outbox folder (the local SES stand-in), then runs again at once.
 *
 * Prints the job's duration, emails written, peak RSS of this process during the job (and of
 * DynamoDB Local's JVM), and the emails of the second run. Targets: <= 60 s, <= 512 MB, 0 emails.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startDynamo } from '../local/engines/dynamodb';
import { runReminderJob } from '../shared/app/reminders/job';
import { orgIdFor } from '../shared/domain/authz';
import { ENGLISH_REGIONS } from '../shared/domain/geo/regions';
import { OutboxEmailSender } from '../shared/infra/email';
import { DynamoRemindersStore } from '../shared/infra/reminders-repository';
import { ensureTable } from '../shared/infra/table-admin';
import { homeItem, personItems, staffMembership, writeItems } from '../test/support/reminders-fixtures';
import { cpuMeter, loadAverage } from './cpu';

/** Wraps an object so every async method call adds its duration to `timings` under `prefix.method`. */
function timed<T extends object>(
  target: T,
  prefix: string,
  timings: Map<string, { calls: number; ms: number }>,
): T {
  return new Proxy(target, {
    get(obj, key, receiver) {
      const value = Reflect.get(obj, key, receiver);
      if (typeof value !== 'function' || typeof key !== 'string') return value;
      return (...args: unknown[]) => {
        const started = performance.now();
        const result = value.apply(obj, args);
        const record = () => {
          const t = timings.get(`${prefix}.${key}`) ?? { calls: 0, ms: 0 };
          t.calls += 1;
          t.ms += performance.now() - started;
          timings.set(`${prefix}.${key}`, t);
        };
        if (result && typeof (result as Promise<unknown>).finally === 'function') {
          return (result as Promise<unknown>).finally(record);
        }
        record();
        return result;
      };
    },
  });
}

const TARGET_SECONDS = 60;
const TARGET_RSS_MB = 512;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const raw = i >= 0 ? process.argv[i + 1] : undefined;
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} needs a positive number`);
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

function peakRssMb(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m?.[1] ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Resets this process's peak RSS (Linux: writing 5 to clear_refs), so the peak measured is the job's. */
function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

const mb = (n: number | undefined) => (n === undefined ? 'n/a' : `${n.toFixed(0)} MB`);

async function main() {
  const homes = option('homes', 15_500);
  const staleShare = option('stale', 0.4);
  const dir = await mkdtemp(join(tmpdir(), 'cct-bench-reminders-'));
  const outbox = join(dir, 'outbox');
  const engine = await startDynamo({ port: await freePort(), heapMb: 1024 });
  try {
    const raw = new DynamoDBClient({
      endpoint: engine.endpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 5,
    });
    const ddb = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
    const table = 'bench-reminders';
    await ensureTable(raw, table);

    // National shape: 9 regions, 42 ICBs, ~150 local authorities, providers of 1-5 homes.
    const now = new Date();
    const stale = new Date(now.getTime() - 3 * 86_400_000).toISOString();
    const fresh = new Date(now.getTime() - 2 * 3_600_000).toISOString();
    const las = Array.from({ length: 152 }, (_, i) => ({
      name: `Bench Authority ${i + 1}`,
      region: ENGLISH_REGIONS[i % ENGLISH_REGIONS.length] ?? 'London',
      icb: `E540000${String(i % 42).padStart(2, '0')}`,
    }));
    const started = Date.now();
    let staleCount = 0;
    let items: Record<string, unknown>[] = [];
    const flush = async () => {
      await writeItems(ddb, table, items, 8);
      items = [];
    };
    for (let i = 0; i < homes; i++) {
      const la = las[i % las.length] ?? las[0];
      if (!la) throw new Error('no local authorities');
      // Deterministic 40%: every home whose index falls in the stale share of each block of 100.
      const isStale = i % 100 < staleShare * 100;
      if (isStale) staleCount += 1;
      const h = {
        locationId: `1-${String(100_000_000 + i)}`,
        name: `Bench Care Home ${i + 1}`,
        providerId: `1-${String(900_000 + Math.floor(i / 3))}`,
        localAuthority: la.name,
        region: la.region,
        icbCode: la.icb,
        bedUpdatedAt: isStale ? (i % 10 === 0 ? null : stale) : fresh,
      };
      items.push(
        homeItem(h),
        ...personItems({ sub: `bench-staff-${i}`, email: `staff${i}@bench.example` }, [staffMembership(h)]),
      );
      if (items.length >= 3000) await flush();
    }
    for (const [i, la] of las.entries()) {
      items.push(
        ...personItems({ sub: `bench-la-${i}`, email: `la${i}@bench.example` }, [
          {
            orgId: orgIdFor.localAuthority(la.name),
            orgType: 'local-authority',
            orgName: la.name,
            role: 'la-officer',
          },
        ]),
      );
    }
    for (let i = 0; i < 42; i++) {
      const code = `E540000${String(i).padStart(2, '0')}`;
      items.push(
        ...personItems({ sub: `bench-icb-${i}`, email: `icb${i}@bench.example` }, [
          { orgId: orgIdFor.icb(code), orgType: 'icb', orgName: `ICB ${code}`, role: 'commissioner' },
        ]),
      );
    }
    for (const [i, region] of ENGLISH_REGIONS.entries()) {
      items.push(
        ...personItems({ sub: `bench-region-${i}`, email: `region${i}@bench.example` }, [
          { orgId: orgIdFor.region(region), orgType: 'region', orgName: region, role: 'commissioner' },
        ]),
      );
    }
    items.push(
      ...personItems({ sub: 'bench-national', email: 'national@bench.example' }, [
        { orgId: orgIdFor.national(), orgType: 'national', orgName: 'England', role: 'commissioner' },
      ]),
    );
    await flush();
    console.log(
      `loaded ${homes} homes (${staleCount} stale, ${((staleCount / homes) * 100).toFixed(0)}%), ` +
        `${homes + las.length + 42 + ENGLISH_REGIONS.length + 1} people in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );

    const timings = new Map<string, { calls: number; ms: number }>();
    const store = timed(new DynamoRemindersStore(ddb, table), 'store', timings);
    const sender = timed(new OutboxEmailSender(outbox, 'no-reply@bench.example'), 'sender', timings);
    const run = () =>
      runReminderJob({
        store,
        sender,
        linkSecret: 'bench-link-signing-secret-0123456789',
        appBaseUrl: 'https://cct.example',
      });
    const emails = () => {
      try {
        return readdirSync(outbox).length;
      } catch {
        return 0;
      }
    };

    global.gc?.();
    const reset = resetPeakRss();
    const meter = cpuMeter(engine.process.pid);
    const t0 = performance.now();
    const first = await run();
    const seconds = (performance.now() - t0) / 1000;
    const used = meter.read();
    const firstTimings = new Map(timings);
    timings.clear();
    const peak = peakRssMb(process.pid);
    const written = emails();
    const t1 = performance.now();
    const second = await run();
    const secondSeconds = (performance.now() - t1) / 1000;
    const secondEmails = emails() - written;

    console.log('');
    console.log(
      `first run:  ${seconds.toFixed(1)} s (target <= ${TARGET_SECONDS} s) ${seconds <= TARGET_SECONDS ? 'OK' : 'MISSED'}`,
    );
    console.log(
      `            ${written} emails written (${first.remindersSent} reminders, ${first.digestsSent} digests); ` +
        `${first.staleHomes} stale homes, ${first.homesWithoutStaff} without staff, ${first.failed} failed`,
    );
    console.log(
      `            peak RSS of the job process ${mb(peak)}${reset ? '' : ' (whole process: peak reset unavailable)'} ` +
        `(target <= ${TARGET_RSS_MB} MB) ${peak !== undefined && peak <= TARGET_RSS_MB ? 'OK' : 'MISSED'}; ` +
        `DynamoDB Local JVM ${mb(peakRssMb(engine.process.pid))}`,
    );
    console.log(
      `second run: ${secondSeconds.toFixed(1)} s, ${secondEmails} emails written (target 0) ${secondEmails === 0 ? 'OK' : 'MISSED'}; ` +
        `${second.alreadySent} already sent`,
    );
    console.log(
      `first run CPU: job (Node) ${(used.nodeMs / 1000).toFixed(1)} s, DynamoDB Local ${(used.dynamoMs / 1000).toFixed(1)} s (${loadAverage()})`,
    );
    console.log('where the first run waited (calls, total ms of all concurrent calls):');
    for (const [name, t] of [...firstTimings].sort((a, b) => b[1].ms - a[1].ms)) {
      console.log(
        `  ${name.padEnd(28)} ${String(t.calls).padStart(6)} calls ${t.ms.toFixed(0).padStart(9)} ms`,
      );
    }
  } finally {
    await engine.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
