import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import ExcelJS from 'exceljs';
import { startService } from '../local/service';
import { createBedStateService } from '../shared/app/bed-state/update-bed-state';
import { objectKeyFor } from '../shared/app/bulk/ports';
import { VACANCY_TYPE_CODES } from '../shared/domain/vacancy';
import { awsClients } from '../shared/infra/aws';
import { DynamoBedStateStore } from '../shared/infra/bed-state-repository';
import { bulkJobKeys, DynamoBulkJobRepository } from '../shared/infra/bulk-jobs-repository';
import { homeKeys } from '../shared/infra/keys';
import { CAPACITIES_SHEET, CAPACITY_COLUMNS, CAPACITY_HEADERS } from '../shared/infra/xlsx/columns';

/**
 * bench:bulk — a 500-home bulk update template (10 vacancy types each: 5,000 Capacities rows) from
 * the PUT to the presigned URL to the job's final status, on the local stack (s3rver's event ->
 * the trigger handler -> guard, reader worker, one transaction per home -> email).
 *
 * 1. End to end through the local service as `npm start` runs it: time from PUT to "applied"
 *    (polling the status API), and the peak RSS of the process hosting the processor (which also
 *    hosts the API and the S3 emulator).
 * 2. The processor alone, as a Lambda runs it: the same handler in a child process for a second
 *    upload; its own time and peak RSS (process.resourceUsage().maxRSS, worker thread included).
 * Targets: <= 10 s, <= 512 MB.
 */
const HOMES = 500;
const TARGET_MS = 10_000;
const TARGET_MB = 512;

const mb = (bytes: number) => (bytes / (1024 * 1024)).toFixed(0);

async function processorChild(jobId: string) {
  // Child mode: run the trigger handler once, as Lambda would, and report time and peak RSS.
  const { handler } = await import('../functions/triggers/bulk-upload');
  const started = performance.now();
  const result = await handler({
    Records: [
      {
        eventName: 'ObjectCreated:Put',
        s3: { bucket: { name: process.env.UPLOADS_BUCKET ?? '' }, object: { key: objectKeyFor(jobId) } },
      },
    ],
  });
  const ms = performance.now() - started;
  const outcome = result.results[0]?.result;
  process.stdout.write(
    `${JSON.stringify({
      ms,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      result: outcome?.kind,
      phases: outcome && 'phases' in outcome ? outcome.phases : undefined,
    })}\n`,
  );
}

async function main() {
  const childIndex = process.argv.indexOf('--processor');
  if (childIndex > 0) return processorChild(process.argv[childIndex + 1] ?? '');

  const load = () =>
    loadavg()
      .map((n) => n.toFixed(1))
      .join(' / ');
  console.log(`machine: ${cpus().length} cores, load average ${load()} (1/5/15 min)`);
  // As bench:update, bench:search and bench:supplier: DynamoDB Local with full JIT (slower to start).
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
    const { ddb, config } = awsClients();
    const service = createBedStateService({ store: new DynamoBedStateStore(ddb, config.TABLE_NAME) });
    const actor = { sub: 'bench', email: 'bench@bench.local' };

    // 500 homes of the approver's provider, each offering every long-term vacancy type.
    const setupStarted = performance.now();
    const ids = Array.from({ length: HOMES }, (_, i) => `1-6${String(i).padStart(9, '0')}`);
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < ids.length) {
          const locationId = ids[next++] ?? '';
          const name = `Bulk Bench Home ${locationId}`;
          await ddb.send(
            new PutCommand({
              TableName: config.TABLE_NAME,
              Item: {
                pk: homeKeys.pk(locationId),
                sk: homeKeys.sk,
                entity: 'home',
                registryStatus: 'active',
                locationId,
                providerId,
                name,
                postcode: 'LS1 4AP',
                registeredBeds: 60,
                gsi6pk: homeKeys.providerPk(providerId),
                gsi6sk: homeKeys.areaSk(name, locationId),
              },
            }),
          );
          const services = await service.updateServices({
            locationId,
            input: {
              shortStayNone: true,
              vacancyTypes: [...VACANCY_TYPE_CODES],
              languages: ['English'],
              notes: 'Lift to all floors',
              fundingSources: ['private'],
              contracts: { localAuthority: false, subIcb: false },
              outOfHoursAdmissions: true,
            },
            expectedVersion: 0,
            actor,
            source: 'web',
          });
          if (services.kind !== 'applied') throw new Error(`services for ${locationId}: ${services.kind}`);
          const beds = await service.updateBedState({
            locationId,
            input: {
              rows: VACANCY_TYPE_CODES.map((vacancyType) => ({
                vacancyType,
                weeklyPriceFrom: 1000,
                maximumCapacity: 6,
                occupied: 5,
                vacantReserved: 0,
                vacantAccepting: 1,
                vacantNotAvailable: 0,
                notAvailableReason: null,
                flexible: false,
              })),
            },
            expectedVersion: services.bedView.version,
            actor,
            source: 'web',
          });
          if (beds.kind !== 'applied') throw new Error(`bed state for ${locationId}: ${beds.kind}`);
        }
      }),
    );
    console.log(
      `set-up: ${HOMES} homes x ${VACANCY_TYPE_CODES.length} vacancy types in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`,
    );

    const token = await signIn(svc.env, approver.email, approver.password);
    const headers = { authorization: `Bearer ${token}` };

    const templateFilled = async (occupied: number): Promise<Buffer> => {
      const started = performance.now();
      const res = await fetch(`${svc.url}/api/bulk/template`, { headers });
      if (res.status !== 200) throw new Error(`template: ${res.status} ${await res.text()}`);
      const template = Buffer.from(await res.arrayBuffer());
      const downloadMs = performance.now() - started;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(template as unknown as ArrayBuffer);
      const ws = wb.getWorksheet(CAPACITIES_SHEET);
      const col = (h: string) => CAPACITY_HEADERS.indexOf(h as (typeof CAPACITY_HEADERS)[number]) + 1;
      let rows = 0;
      ws?.eachRow((row, n) => {
        if (n === 1) return;
        rows += 1;
        row.getCell(col(CAPACITY_COLUMNS.occupied)).value = occupied;
        row.getCell(col(CAPACITY_COLUMNS.vacantAccepting)).value = 6 - occupied;
      });
      const filled = Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
      console.log(
        `template: ${rows.toLocaleString('en-GB')} Capacities rows, ${(template.length / 1024).toFixed(0)} KB, downloaded in ${(downloadMs / 1000).toFixed(2)} s; filled file ${(filled.length / 1024).toFixed(0)} KB`,
      );
      return filled;
    };
    const ticketFor = async (file: Buffer) => {
      const res = await fetch(`${svc.url}/api/bulk/uploads`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ declarationConfirmed: true, sizeBytes: file.length, fileName: 'bench.xlsx' }),
      });
      if (res.status !== 201) throw new Error(`upload request: ${res.status} ${await res.text()}`);
      return (await res.json()) as { jobId: string; uploadUrl: string };
    };
    const put = async (url: string, file: Buffer) => {
      const res = await fetch(url, {
        method: 'PUT',
        headers: {
          'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        },
        body: new Uint8Array(file),
      });
      if (res.status !== 200) throw new Error(`PUT: ${res.status} ${await res.text()}`);
    };
    const waitFinal = async (jobId: string) => {
      for (;;) {
        const res = await fetch(`${svc.url}/api/bulk/uploads/${jobId}`, { headers });
        const job = (await res.json()) as {
          final: boolean;
          status: string;
          reason: string | null;
          summary: unknown;
          errors: unknown[];
        };
        if (job.final) return job;
        // The web page polls every 1.5 s; 250 ms keeps the reading close (at most 0.25 s late)
        // without the status reads competing with the processor for DynamoDB Local.
        await new Promise((r) => setTimeout(r, 250));
      }
    };

    // 1. End to end through the local service.
    const file1 = await templateFilled(4);
    const ticket1 = await ticketFor(file1);
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 10);
    const started = performance.now();
    await put(ticket1.uploadUrl, file1);
    const job1 = await waitFinal(ticket1.jobId);
    const e2eMs = performance.now() - started;
    clearInterval(sampler);
    await svc.triggersIdle();
    console.log(
      `end to end (PUT -> ${job1.status}): ${(e2eMs / 1000).toFixed(2)} s (target <= ${TARGET_MS / 1000} s)`,
    );
    console.log(
      `  summary: ${JSON.stringify(job1.summary)}, errors: ${job1.errors.length}${job1.reason ? `, reason: ${job1.reason}` : ''}`,
    );
    console.log(
      `  peak RSS of the local service process (API host + S3 emulator + processor): ${mb(peak)} MB (${mb(baseline)} MB before the PUT)`,
    );

    // 2. The processor alone, in its own process, as a Lambda runs it.
    const file2 = await templateFilled(3);
    const ticket2 = await ticketFor(file2);
    const jobs = new DynamoBulkJobRepository(ddb, config.TABLE_NAME);
    // Hold the job so the emulator's own delivery leaves it to the child process.
    await jobs.claim(ticket2.jobId, new Date(), 10 * 60_000);
    await put(ticket2.uploadUrl, file2);
    await svc.triggersIdle();
    await ddb.send(
      new UpdateCommand({
        TableName: config.TABLE_NAME,
        Key: { pk: bulkJobKeys.pk(ticket2.jobId), sk: bulkJobKeys.sk },
        UpdateExpression: 'SET leaseUntil = :past',
        ExpressionAttributeValues: { ':past': new Date(Date.now() - 1000).toISOString() },
      }),
    );
    const child = await new Promise<string>((resolve, reject) => {
      const p = spawn(
        process.execPath,
        ['--import', 'tsx', fileURLToPath(import.meta.url), '--processor', ticket2.jobId],
        { env: { ...process.env, ...svc.env, LOG_LEVEL: 'WARN' }, stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let out = '';
      p.stdout.on('data', (d) => {
        out += String(d);
      });
      p.on('error', reject);
      p.on('exit', (code) =>
        code === 0 ? resolve(out) : reject(new Error(`processor child exited ${code}`)),
      );
    });
    const line = child.trim().split('\n').pop() ?? '{}';
    const measured = JSON.parse(line) as {
      ms: number;
      maxRssMb: number;
      result: string;
      phases?: { readMs: number; applyMs: number; emailMs: number };
    };
    const job2 = await waitFinal(ticket2.jobId);
    console.log(
      `processor alone (own process, S3 read -> ${job2.status}): ${(measured.ms / 1000).toFixed(2)} s, peak RSS ${measured.maxRssMb.toFixed(0)} MB (target <= ${TARGET_MB} MB)`,
    );
    if (measured.phases) {
      console.log(
        `  phases: read (S3 + guard + exceljs worker) ${(measured.phases.readMs / 1000).toFixed(2)} s, apply (${HOMES} homes, grouped transactions of up to 25 homes) ${(measured.phases.applyMs / 1000).toFixed(2)} s, email ${measured.phases.emailMs} ms`,
      );
    }
    console.log(
      `  summary: ${JSON.stringify(job2.summary)}, errors: ${job2.errors.length}${job2.reason ? `, reason: ${job2.reason}` : ''}`,
    );
    const ok =
      e2eMs <= TARGET_MS &&
      measured.maxRssMb <= TARGET_MB &&
      job1.status === 'applied' &&
      job2.status === 'applied';
    console.log(`load average now ${load()}`);
    console.log(ok ? 'targets met' : 'TARGETS NOT MET');
  } finally {
    await svc.stop();
  }
}

async function signIn(
  env: Record<string, string | undefined>,
  email: string,
  password: string,
): Promise<string> {
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
  if (!token) throw new Error(`sign-in failed for ${email}`);
  return token;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
