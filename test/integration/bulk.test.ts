import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as triggerHandler } from '../../functions/triggers/bulk-upload';
import { readOutbox } from '../../local/outbox';
import type { RunningService } from '../../local/service';
import { objectKeyFor } from '../../shared/app/bulk/ports';
import { awsClients } from '../../shared/infra/aws';
import { DynamoBulkJobRepository } from '../../shared/infra/bulk-jobs-repository';
import {
  CAPACITIES_SHEET,
  CAPACITY_COLUMNS,
  CAPACITY_HEADERS,
  CARE_HOME_COLUMNS,
  CARE_HOME_HEADERS,
  CARE_HOMES_SHEET,
} from '../../shared/infra/xlsx/columns';
import {
  downloadTemplate,
  jobStatus,
  putFile,
  requestUpload,
  uploadAndWait,
  waitForJob,
  XLSX,
} from '../support/bulk';
import {
  addPerson,
  approverOf,
  bedUpdate,
  type HomeFixture,
  historyItems,
  homeItem,
  newLocationId,
  type PersonFixture,
  putHome,
  servicesInput,
  staffOf,
} from '../support/fixtures-homes';
import { api, signIn, startTestService } from '../support/service';

/**
 * The bulk update end to end on the local stack: template download through the API, filled in with
 * exceljs as a person would, PUT to the presigned URL, processed by the S3 trigger (s3rver's event
 * -> the same handler as the cloud), result by API and by email.
 */
describe('bulk update', () => {
  let svc: RunningService;
  const providerA = `1-7${String(Date.now()).slice(-8)}`;
  const providerB = `${providerA}9`;
  let homes: HomeFixture[];
  let otherHome: HomeFixture;
  let approver: PersonFixture;
  let staff: PersonFixture;
  let otherApprover: PersonFixture;
  let admin: string;
  let discharge: string;
  /** Bed-state versions after set-up (services, then one provider update). */
  const baseVersion = new Map<string, number>();
  const base = (h: HomeFixture) => baseVersion.get(h.locationId) ?? Number.NaN;

  const vacancies = (id: string) => `/api/homes/${id}/vacancies`;

  async function setUp(home: HomeFixture, token: string) {
    const s = await api(svc, `/api/homes/${home.locationId}/services`, { token });
    const saved = await api(svc, `/api/homes/${home.locationId}/services`, {
      method: 'PUT',
      token,
      body: servicesInput(),
      headers: { 'if-match': s.headers.get('etag') ?? '' },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const v = await api(svc, vacancies(home.locationId), { token });
    const put = await api(svc, vacancies(home.locationId), {
      method: 'PUT',
      token,
      body: bedUpdate(),
      headers: { 'if-match': v.headers.get('etag') ?? '' },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
  }

  beforeAll(async () => {
    svc = await startTestService();
    homes = [
      await putHome({
        locationId: newLocationId(),
        name: 'Alder House',
        providerId: providerA,
        registeredBeds: 14,
        postcode: 'LS1 1AA',
      }),
      await putHome({
        locationId: newLocationId(),
        name: 'Beech Court',
        providerId: providerA,
        registeredBeds: 14,
        postcode: 'LS2 2BB',
      }),
      await putHome({
        locationId: newLocationId(),
        name: 'Cedar Lodge',
        providerId: providerA,
        registeredBeds: 14,
        postcode: 'LS3 3CC',
      }),
    ];
    otherHome = await putHome({
      locationId: newLocationId(),
      name: 'Other Provider Home',
      providerId: providerB,
      registeredBeds: 20,
    });
    approver = await addPerson(svc, 'bulk.approver@fixture.test', approverOf(providerA));
    otherApprover = await addPerson(svc, 'bulk.other@fixture.test', approverOf(providerB));
    staff = await addPerson(svc, 'bulk.staff@fixture.test', staffOf(homes[0] as HomeFixture));
    const demo = (role: string) => {
      const u = svc.demoUsers.find((d) => d.role === role);
      if (!u) throw new Error(`no demo ${role}`);
      return u;
    };
    admin = await signIn(svc, demo('admin').email, demo('admin').password);
    discharge = await signIn(svc, demo('discharge').email, demo('discharge').password);
    for (const home of homes) await setUp(home, approver.token);
    await setUp(otherHome, otherApprover.token);
    for (const h of [...homes, otherHome])
      baseVersion.set(h.locationId, Number((await homeItem(h.locationId))?.bedVersion));
  }, 120_000);

  afterAll(async () => {
    await svc?.stop();
  });

  async function workbookOf(buf: Buffer) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    return wb;
  }
  const col = (headers: readonly string[], header: string) => headers.indexOf(header) + 1;

  describe('template', () => {
    it('lists exactly the homes the caller may update, with keys that map back to each home and vacancy type', async () => {
      const wb = await workbookOf(await downloadTemplate(svc, approver.token));
      expect(wb.worksheets.map((w) => w.name).slice(0, 3)).toEqual([
        'Instructions',
        CAPACITIES_SHEET,
        CARE_HOMES_SHEET,
      ]);
      const cap = wb.getWorksheet(CAPACITIES_SHEET);
      if (!cap) throw new Error('no Capacities sheet');
      const keys: string[] = [];
      cap.eachRow((row, n) => {
        if (n === 1) return;
        const id = row.getCell(col(CAPACITY_HEADERS, CAPACITY_COLUMNS.locationId)).value;
        const code = row.getCell(col(CAPACITY_HEADERS, CAPACITY_COLUMNS.vacancyTypeCode)).value;
        const version = row.getCell(col(CAPACITY_HEADERS, CAPACITY_COLUMNS.version)).value;
        keys.push(`${id}|${code}|${version}`);
      });
      const expected = homes.flatMap((h) =>
        ['general-residential', 'learning-disability-residential'].map(
          (code) => `${h.locationId}|${code}|${base(h)}`,
        ),
      );
      expect(keys.sort()).toEqual(expected.sort());
      // Editable cells unlocked and yellow; keys locked.
      const row2 = cap.getRow(2);
      const price = row2.getCell(col(CAPACITY_HEADERS, CAPACITY_COLUMNS.weeklyPriceFrom));
      expect(price.protection?.locked).toBe(false);
      expect((price.fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFF2CC');
      expect(row2.getCell(col(CAPACITY_HEADERS, CAPACITY_COLUMNS.locationId)).protection?.locked).not.toBe(
        false,
      );
    });

    it('care home staff get their own home only; roles without bulk use get 403; anonymous 401', async () => {
      const wb = await workbookOf(await downloadTemplate(svc, staff.token));
      const ws = wb.getWorksheet(CARE_HOMES_SHEET);
      expect(ws?.rowCount).toBe(2);
      expect(ws?.getRow(2).getCell(1).value).toBe(homes[0]?.locationId);
      expect((await api(svc, '/api/bulk/template', { token: discharge })).status).toBe(403);
      expect((await api(svc, '/api/bulk/template')).status).toBe(401);
    });
  });

  describe('upload request', () => {
    it('refuses without the declaration, naming the field (400), and writes no job', async () => {
      const res = await api(svc, '/api/bulk/uploads', {
        method: 'POST',
        token: approver.token,
        body: { declarationConfirmed: false, sizeBytes: 1000 },
      });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.errors).toEqual([
        expect.objectContaining({ field: 'declarationConfirmed', rule: 'required' }),
      ]);
      const missing = await api(svc, '/api/bulk/uploads', {
        method: 'POST',
        token: approver.token,
        body: {},
      });
      expect(missing.status).toBe(400);
      expect(missing.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'declarationConfirmed',
        'sizeBytes',
      ]);
    });

    it('refuses a declared size over the limit (413) and unknown fields (400)', async () => {
      const big = await api(svc, '/api/bulk/uploads', {
        method: 'POST',
        token: approver.token,
        body: { declarationConfirmed: true, sizeBytes: 11 * 1024 * 1024 },
      });
      expect(big.status).toBe(413);
      expect(big.body.detail).toMatch(/sizeBytes/);
      const extra = await api(svc, '/api/bulk/uploads', {
        method: 'POST',
        token: approver.token,
        body: { declarationConfirmed: true, sizeBytes: 10, bucket: 'other' },
      });
      expect(extra.status).toBe(400);
      expect(JSON.stringify(extra.body)).toMatch(/bucket/);
      expect(
        (await api(svc, '/api/bulk/uploads', { method: 'POST', token: discharge, body: {} })).status,
      ).toBe(403);
    });

    it('returns a job id and a presigned PUT URL signed for exactly the declared size', async () => {
      const ticket = await requestUpload(svc, approver.token, 1234);
      expect(ticket.jobId).toMatch(/^[0-9a-f-]{36}$/);
      const url = new URL(ticket.uploadUrl);
      expect(url.pathname).toContain(objectKeyFor(ticket.jobId));
      expect(url.searchParams.get('X-Amz-SignedHeaders')).toContain('content-length');
      expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
      expect(Date.parse(ticket.expiresAt)).toBeGreaterThan(Date.now());
      const status = await jobStatus(svc, approver.token, ticket.jobId);
      expect(status.body).toMatchObject({ status: 'queued', final: false });
    });
  });

  describe('round trip', () => {
    let job: any;
    let before: Map<string, number>;

    beforeAll(async () => {
      before = new Map();
      for (const h of [...homes, otherHome])
        before.set(h.locationId, (await historyItems(h.locationId)).length);

      const wb = await workbookOf(await downloadTemplate(svc, approver.token));
      const cap = wb.getWorksheet(CAPACITIES_SHEET);
      const care = wb.getWorksheet(CARE_HOMES_SHEET);
      if (!cap || !care) throw new Error('sheets missing');
      const c = (h: string) => col(CAPACITY_HEADERS, h);
      const [alder, beech, cedar] = homes as [HomeFixture, HomeFixture, HomeFixture];
      cap.eachRow((row, n) => {
        if (n === 1) return;
        const id = row.getCell(c(CAPACITY_COLUMNS.locationId)).value;
        const code = row.getCell(c(CAPACITY_COLUMNS.vacancyTypeCode)).value;
        if (code !== 'general-residential') return;
        if (id === alder.locationId) {
          // 6 beds: 4 occupied, 1 accepting, 1 not available for refurbishment; new price.
          row.getCell(c(CAPACITY_COLUMNS.weeklyPriceFrom)).value = 1250;
          row.getCell(c(CAPACITY_COLUMNS.occupied)).value = 4;
          row.getCell(c(CAPACITY_COLUMNS.vacantAccepting)).value = 1;
          row.getCell(c(CAPACITY_COLUMNS.vacantNotAvailable)).value = 1;
          row.getCell(c(CAPACITY_COLUMNS.notAvailableReason)).value = 'Refurbishment';
        }
        if (id === beech.locationId) {
          // Invalid: 5 occupied of 6 beds with nothing vacant.
          row.getCell(c(CAPACITY_COLUMNS.occupied)).value = 5;
        }
        if (id === cedar.locationId) {
          row.getCell(c(CAPACITY_COLUMNS.occupied)).value = 5;
          row.getCell(c(CAPACITY_COLUMNS.vacantAccepting)).value = 1;
          row.getCell(c(CAPACITY_COLUMNS.flexible)).value = 'Yes';
        }
      });
      // A row for a home of another provider, copied in by hand.
      const last = cap.rowCount + 1;
      const foreign = cap.getRow(last);
      const values: Record<string, ExcelJS.CellValue> = {
        [CAPACITY_COLUMNS.locationId]: otherHome.locationId,
        [CAPACITY_COLUMNS.vacancyTypeCode]: 'general-residential',
        [CAPACITY_COLUMNS.version]: base(otherHome),
        [CAPACITY_COLUMNS.careHomeName]: otherHome.name,
        [CAPACITY_COLUMNS.vacancyType]: 'General Residential',
        [CAPACITY_COLUMNS.weeklyPriceFrom]: 900,
        [CAPACITY_COLUMNS.maximumCapacity]: 6,
        [CAPACITY_COLUMNS.occupied]: 0,
        [CAPACITY_COLUMNS.vacantReserved]: 0,
        [CAPACITY_COLUMNS.vacantAccepting]: 6,
        [CAPACITY_COLUMNS.vacantNotAvailable]: 0,
        [CAPACITY_COLUMNS.flexible]: 'No',
      };
      CAPACITY_HEADERS.forEach((h, i) => {
        foreign.getCell(i + 1).value = values[h] ?? null;
      });
      // Alder stops accepting out-of-hours admissions and gets new notes.
      care.eachRow((row, n) => {
        if (n === 1 || row.getCell(1).value !== alder.locationId) return;
        row.getCell(col(CARE_HOME_HEADERS, CARE_HOME_COLUMNS.outOfHoursAdmissions)).value = 'No';
        row.getCell(col(CARE_HOME_HEADERS, CARE_HOME_COLUMNS.notes)).value =
          'Hoist; bariatric bed; pets allowed';
      });
      const filled = Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
      job = (await uploadAndWait(svc, approver.token, filled, 'filled.xlsx')).job;
    }, 120_000);

    it('applies the valid homes and reports the others row by row', () => {
      expect(job.status).toBe('applied-with-errors');
      expect(job.summary).toMatchObject({ homesInFile: 4, homesApplied: 2, homesWithErrors: 2 });
      const [, beech] = homes as [HomeFixture, HomeFixture, HomeFixture];
      const beechError = job.errors.find((e: any) => e.locationId === beech.locationId);
      expect(beechError).toMatchObject({ sheet: CAPACITIES_SHEET, column: CAPACITY_COLUMNS.maximumCapacity });
      expect(beechError.row).toBeGreaterThan(1);
      expect(beechError.message).toMatch(/Maximum capacity must equal/);
      const foreign = job.errors.filter((e: any) => e.locationId === otherHome.locationId);
      expect(foreign.length).toBeGreaterThan(0);
      expect(foreign[0].message).toMatch(/may not update/);
      expect(job.errors.filter((e: any) => e.column === CARE_HOME_COLUMNS.notes)).toEqual([]);
      expect(job.errors.length).toBe(2);
    });

    it('writes the new bed state through the domain service with history source "bulk"', async () => {
      const [alder, , cedar] = homes as [HomeFixture, HomeFixture, HomeFixture];
      const res = await api(svc, vacancies(alder.locationId), { token: approver.token });
      expect(res.body.version).toBe(base(alder) + 1);
      const gr = res.body.rows.find((r: any) => r.vacancyType === 'general-residential');
      expect(gr).toMatchObject({
        weeklyPriceFrom: 1250,
        occupied: 4,
        vacantAccepting: 1,
        vacantNotAvailable: 1,
        notAvailableReason: 'refurbishment',
      });
      expect(res.body.outOfHoursAdmissions).toBe(false);
      const item = await homeItem(alder.locationId);
      expect(item?.bedSource).toBe('bulk');
      const history = await historyItems(alder.locationId);
      const bulkEvents = history.filter((h) => JSON.stringify(h).includes('"bulk"'));
      expect(bulkEvents.length).toBeGreaterThanOrEqual(1);
      const services = await api(svc, `/api/homes/${alder.locationId}/services`, { token: approver.token });
      expect(services.body.services.notes).toBe('Hoist; bariatric bed; pets allowed');
      const cedarRes = await api(svc, vacancies(cedar.locationId), { token: approver.token });
      expect(cedarRes.body.rows.find((r: any) => r.vacancyType === 'general-residential')).toMatchObject({
        occupied: 5,
        vacantAccepting: 1,
        flexible: true,
      });
    });

    it('leaves a home with an invalid row, and the home it may not update, exactly as they were', async () => {
      const [, beech] = homes as [HomeFixture, HomeFixture, HomeFixture];
      for (const h of [beech, otherHome]) {
        expect((await historyItems(h.locationId)).length).toBe(before.get(h.locationId));
        expect((await homeItem(h.locationId))?.bedVersion).toBe(base(h));
      }
    });

    it('emails the uploader a summary in text and HTML', async () => {
      const mail = (await readOutbox(svc.outboxDir)).filter(
        (m) => m.to === approver.email && m.kind === 'bulk-result',
      );
      expect(mail.length).toBe(1);
      const [m] = mail;
      expect(m?.subject).toMatch(/applied with errors: 2 of 4 care homes updated/);
      expect(m?.text).toMatch(/Maximum capacity must equal/);
      expect(m?.html).toMatch(/<table/);
      expect(m?.html).toContain(`/bulk-update?job=${job.jobId}`);
      await svc.triggersIdle();
      expect((await jobStatus(svc, approver.token, job.jobId)).body.emailed).toBe(true);
    });

    it('shows the job to the uploader, their provider approvers and admins only', async () => {
      expect((await jobStatus(svc, approver.token, job.jobId)).status).toBe(200);
      expect((await jobStatus(svc, admin, job.jobId)).status).toBe(200);
      expect((await jobStatus(svc, staff.token, job.jobId)).status).toBe(403);
      expect((await jobStatus(svc, otherApprover.token, job.jobId)).status).toBe(403);
      expect((await jobStatus(svc, discharge, job.jobId)).status).toBe(403);
      expect((await jobStatus(svc, approver.token, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await jobStatus(svc, approver.token, 'not-a-job')).status).toBe(400);
    });

    it('lets an approver of the provider see a job uploaded by one of its care home staff', async () => {
      const [alder] = homes as [HomeFixture];
      const wb = await workbookOf(await downloadTemplate(svc, staff.token));
      const buf = Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
      const { job: staffJob } = await uploadAndWait(svc, staff.token, buf);
      // Same figures as held: recorded as a confirmation, nothing changes.
      expect(staffJob.status).toBe('applied');
      expect(staffJob.summary).toMatchObject({ homesInFile: 1, homesUnchanged: 1 });
      expect((await jobStatus(svc, approver.token, staffJob.jobId)).status).toBe(200);
      expect((await homeItem(alder.locationId))?.bedVersion).toBe(base(alder) + 1);
    });
  });

  describe('at-least-once delivery', () => {
    const repo = () => {
      const { ddb, config } = awsClients();
      return new DynamoBulkJobRepository(ddb, config.TABLE_NAME);
    };
    const eventFor = (key: string) => ({
      Records: [
        {
          eventName: 'ObjectCreated:Put',
          s3: { bucket: { name: svc.env.UPLOADS_BUCKET ?? 'cct-uploads' }, object: { key } },
        },
      ],
    });

    async function changedTemplate(occupied: number): Promise<Buffer> {
      const wb = await workbookOf(await downloadTemplate(svc, approver.token));
      const cap = wb.getWorksheet(CAPACITIES_SHEET);
      cap?.eachRow((row, n) => {
        if (n === 1) return;
        if (
          row.getCell(col(CAPACITY_HEADERS, CAPACITY_COLUMNS.vacancyTypeCode)).value !==
          'learning-disability-residential'
        )
          return;
        // 7 beds: `occupied` occupied, the rest accepting.
        row.getCell(col(CAPACITY_HEADERS, CAPACITY_COLUMNS.occupied)).value = occupied;
        row.getCell(col(CAPACITY_HEADERS, CAPACITY_COLUMNS.vacantAccepting)).value = 7 - occupied;
      });
      return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    }

    const historyCounts = async () =>
      Promise.all(homes.map(async (h) => (await historyItems(h.locationId)).length));

    it('applies once when the same event arrives three times at once (and three more times later)', async () => {
      const file = await changedTemplate(3);
      const countsBefore = await historyCounts();
      const ticket = await requestUpload(svc, approver.token, file.length);
      expect(await putFile(ticket.uploadUrl, file)).toBe(200);
      // The emulator's own delivery is already on its way; three more race it.
      const event = eventFor(objectKeyFor(ticket.jobId));
      const raced = await Promise.all([triggerHandler(event), triggerHandler(event), triggerHandler(event)]);
      await svc.triggersIdle();
      const final = await waitForJob(svc, approver.token, ticket.jobId);
      const again = await Promise.all([triggerHandler(event), triggerHandler(event), triggerHandler(event)]);

      const stored = await repo().get(ticket.jobId);
      expect(stored?.attempts).toBe(1);
      expect(final.status).toBe('applied');
      // Every raced delivery that did not win saw the job in progress or finished.
      const kinds = raced.map((r) => r.results[0]?.result.kind);
      expect(kinds.filter((k) => k === 'processed').length).toBeLessThanOrEqual(1);
      for (const r of again)
        expect(r.results[0]?.result).toMatchObject({ kind: 'skipped', reason: 'finished' });
      const countsAfter = await historyCounts();
      expect(countsAfter).toEqual(countsBefore.map((n) => n + 1));
      const mails = (await readOutbox(svc.outboxDir)).filter(
        (m) => m.kind === 'bulk-result' && m.html.includes(ticket.jobId),
      );
      expect(mails.length).toBe(1);
    });

    it('retries a job whose processor crashed once its lease has expired, but not before', async () => {
      const file = await changedTemplate(4);
      const ticket = await requestUpload(svc, approver.token, file.length);
      // Another delivery claimed it and is still within its lease: this delivery must not run it.
      const held = await repo().claim(ticket.jobId, new Date(), 60_000);
      expect(held.claimed).toBe(true);
      const countsBefore = await historyCounts();
      expect(await putFile(ticket.uploadUrl, file)).toBe(200);
      await svc.triggersIdle();
      const event = eventFor(objectKeyFor(ticket.jobId));
      expect((await triggerHandler(event)).results[0]?.result).toMatchObject({
        kind: 'skipped',
        reason: 'in-progress',
      });
      expect(await historyCounts()).toEqual(countsBefore);

      // That delivery crashed: once its lease has run out, the next delivery takes over.
      const { ddb, config } = awsClients();
      const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
      await ddb.send(
        new UpdateCommand({
          TableName: config.TABLE_NAME,
          Key: { pk: `BULKJOB#${ticket.jobId}`, sk: 'BULKJOB' },
          UpdateExpression: 'SET leaseUntil = :past',
          ExpressionAttributeValues: { ':past': new Date(Date.now() - 1000).toISOString() },
        }),
      );
      const retried = await triggerHandler(event);
      expect(retried.results[0]?.result).toMatchObject({ kind: 'processed', status: 'applied' });
      expect((await repo().get(ticket.jobId))?.attempts).toBe(2);
      const countsAfter = await historyCounts();
      expect(countsAfter).toEqual(countsBefore.map((n) => n + 1));
    });

    it('sends the result email on a later delivery when the run that finished the job stopped before it', async () => {
      const file = await changedTemplate(5);
      const { ticket, job } = await uploadAndWait(svc, approver.token, file);
      expect(job.status).toBe('applied');
      await svc.triggersIdle(); // the email follows the final status
      const mailsFor = async () =>
        (await readOutbox(svc.outboxDir)).filter(
          (m) => m.kind === 'bulk-result' && m.html.includes(ticket.jobId),
        ).length;
      expect(await mailsFor()).toBe(1);
      const { ddb, config } = awsClients();
      const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
      const setEmailState = (claimedAt: string) =>
        ddb.send(
          new UpdateCommand({
            TableName: config.TABLE_NAME,
            Key: { pk: `BULKJOB#${ticket.jobId}`, sk: 'BULKJOB' },
            UpdateExpression: 'SET emailClaimedAt = :at REMOVE emailedAt',
            ExpressionAttributeValues: { ':at': claimedAt },
          }),
        );
      const event = eventFor(objectKeyFor(ticket.jobId));

      // A sender is still within its claim: a redelivery leaves the email to it.
      await setEmailState(new Date().toISOString());
      await triggerHandler(event);
      expect(await mailsFor()).toBe(1);

      // That sender crashed long ago: of three deliveries at once, exactly one sends the email.
      await setEmailState(new Date(Date.now() - 60 * 60_000).toISOString());
      const results = await Promise.all([
        triggerHandler(event),
        triggerHandler(event),
        triggerHandler(event),
      ]);
      for (const r of results)
        expect(r.results[0]?.result).toMatchObject({ kind: 'skipped', reason: 'finished' });
      expect(await mailsFor()).toBe(2);
      expect((await repo().get(ticket.jobId))?.emailedAt).toEqual(expect.any(String));
      await triggerHandler(event);
      expect(await mailsFor()).toBe(2);
    });

    it('ignores objects that are not bulk uploads and unknown jobs', async () => {
      const res = await triggerHandler(eventFor('bulk/not-a-job.xlsx'));
      expect(res.results[0]?.result).toMatchObject({ kind: 'ignored' });
      const unknown = await triggerHandler(eventFor(objectKeyFor('00000000-0000-4000-8000-000000000000')));
      expect(unknown.results[0]?.result).toMatchObject({ kind: 'skipped', reason: 'unknown-job' });
      expect(await triggerHandler({ not: 'an event' })).toEqual({ results: [] });
    });

    it('keeps the uploaded file where the trigger read it', async () => {
      const file = await changedTemplate(2);
      const { ticket } = await uploadAndWait(svc, approver.token, file);
      const { s3, config } = awsClients();
      const obj = await s3.send(
        new GetObjectCommand({ Bucket: config.UPLOADS_BUCKET, Key: objectKeyFor(ticket.jobId) }),
      );
      expect(obj.ContentLength).toBe(file.length);
      // A direct write to the prefix with no job behind it is ignored by the processor.
      await s3.send(
        new PutObjectCommand({
          Bucket: config.UPLOADS_BUCKET,
          Key: objectKeyFor('11111111-1111-4111-8111-111111111111'),
          Body: file,
          ContentType: XLSX,
        }),
      );
      await svc.triggersIdle();
    });
  });
});
