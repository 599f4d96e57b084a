import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../../local/service';
import { CAPACITIES_SHEET, CAPACITY_COLUMNS, CAPACITY_HEADERS } from '../../shared/infra/xlsx/columns';
import { bedUpdate, servicesInput } from '../support/fixtures-homes';
import { api, signIn as apiSignIn, startTestService } from '../support/service';
import {
  browserUnavailableReason,
  buildWeb,
  checkA11y,
  horizontalOverflow,
  launchBrowser,
  recordPageErrors,
  signIn,
  type TestBrowser,
} from './harness';

/**
 * The bulk update page in a real browser, as a provider approver uses it: download the template,
 * fill it in (with exceljs, as a spreadsheet program would), upload it with the declaration, and
 * watch the status until applied; the error summary when the declaration is not ticked; the
 * error table with links to the homes; axe on every state at phone and desktop widths.
 */

const unavailable = browserUnavailableReason();
if (unavailable) console.warn(`[e2e/bulk] skipped: ${unavailable}`);

const col = (header: string) => CAPACITY_HEADERS.indexOf(header as (typeof CAPACITY_HEADERS)[number]) + 1;

describe.skipIf(unavailable !== undefined)('bulk update (real browser, local service)', () => {
  let svc: RunningService;
  let browser: TestBrowser;
  let approver: { email: string; password: string };
  let token: string;
  let locationId: string;
  const files: string[] = [];

  beforeAll(async () => {
    await buildWeb();
    svc = await startTestService();
    browser = await launchBrowser();
    const demo = svc.demoUsers.find((u) => u.role === 'provider-approver');
    const staff = svc.demoUsers.find((u) => u.role === 'care-home-staff');
    if (!demo || !staff) throw new Error('the seed has no provider approver or care home staff');
    approver = demo;
    locationId = staff.organisation.id.replace(/^care-home:/, '');
    token = await apiSignIn(svc, demo.email, demo.password);
    // The demo home offers two vacancy types and has figures, as after its first provider update.
    const s = await api(svc, `/api/homes/${locationId}/services`, { token });
    if (s.body.services === null) {
      const saved = await api(svc, `/api/homes/${locationId}/services`, {
        method: 'PUT',
        token,
        body: servicesInput(),
        headers: { 'if-match': s.headers.get('etag') ?? '' },
      });
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    }
    const v = await api(svc, `/api/homes/${locationId}/vacancies`, { token });
    const put = await api(svc, `/api/homes/${locationId}/vacancies`, {
      method: 'PUT',
      token,
      body: bedUpdate(),
      headers: { 'if-match': v.headers.get('etag') ?? '' },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
    for (const f of files) await rm(f, { force: true });
  }, 120_000);

  it('is accessible and fits a 320 px screen', async () => {
    for (const width of [320, 1280]) {
      const page = await browser.newPage({ width, height: 900 });
      await signIn(page, svc.url, approver.email, approver.password);
      await page.goto(`${svc.url}/bulk-update`);
      await page.getByRole('heading', { level: 1, name: 'Bulk update' }).waitFor();
      expect(
        await horizontalOverflow(page),
        `bulk update at ${width}px scrolls sideways`,
      ).toBeLessThanOrEqual(0);
      await checkA11y(page, `bulk update at ${width}px`);
      await page.close();
    }
  }, 120_000);

  it('downloads the template, refuses an upload without the declaration, shows row errors, then applies a filled file', async () => {
    const page = await browser.newPage({ width: 1280, height: 900 });
    const pageErrors = recordPageErrors(page);
    await signIn(page, svc.url, approver.email, approver.password);
    await page.goto(`${svc.url}/bulk-update`);

    // Download.
    const downloading = page.waitForEvent('download', { timeout: 30_000 });
    await page.getByRole('button', { name: 'Download the bulk update template' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^bulk-update-template-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const downloaded = join(tmpdir(), `cct-bulk-template-${process.pid}.xlsx`);
    files.push(downloaded);
    await download.saveAs(downloaded);
    await page.getByText(/Template downloaded for \d+ care home/).waitFor();

    // Fill it in as a person would: the home's General Residential row, and a broken copy.
    const fill = async (occupied: number, accepting: number, name: string) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await readFile(downloaded)) as unknown as ArrayBuffer);
      const ws = wb.getWorksheet(CAPACITIES_SHEET);
      ws?.eachRow((row, n) => {
        if (n === 1 || row.getCell(col(CAPACITY_COLUMNS.locationId)).value !== locationId) return;
        if (row.getCell(col(CAPACITY_COLUMNS.vacancyTypeCode)).value !== 'general-residential') return;
        row.getCell(col(CAPACITY_COLUMNS.occupied)).value = occupied;
        row.getCell(col(CAPACITY_COLUMNS.vacantAccepting)).value = accepting;
      });
      const out = join(tmpdir(), `cct-bulk-${name}-${process.pid}.xlsx`);
      files.push(out);
      await writeFile(out, Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer));
      return out;
    };
    const broken = await fill(2, 1, 'broken'); // 6 beds, 3 accounted for
    const good = await fill(4, 2, 'good');

    // No declaration: NHS error summary linking to the tick-box, nothing uploaded.
    await page.getByLabel('Completed template (.xlsx, up to 10 MB)').setInputFiles(good);
    await page.getByRole('button', { name: 'Upload and apply' }).click();
    const summary = page.locator('.nhsuk-error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain(
      'Confirm that the information in the file has been reviewed',
    );
    await checkA11y(page, 'bulk update: declaration not ticked');
    await summary.getByRole('link').first().click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('bulk-declaration');

    // A file with an invalid row: rejected, with the row, column and a link to the home.
    await page.getByLabel('Completed template (.xlsx, up to 10 MB)').setInputFiles(broken);
    await page.getByLabel(/I confirm that the information in this file/).check();
    await page.getByRole('button', { name: 'Upload and apply' }).click();
    const status = page.getByTestId('bulk-status');
    await status.getByText('Rejected').waitFor({ timeout: 60_000 });
    const table = page.getByTestId('bulk-errors');
    await table.waitFor();
    expect(await table.textContent()).toContain('Maximum capacity');
    const link = table.getByRole('link', { name: new RegExp(`Update ${locationId}`) });
    expect(await link.getAttribute('href')).toBe(`/care-homes/${locationId}/vacancies`);
    await checkA11y(page, 'bulk update: rejected with row errors');

    // The corrected file: applied, live.
    await page.getByLabel('Completed template (.xlsx, up to 10 MB)').setInputFiles(good);
    await page.getByLabel(/I confirm that the information in this file/).check();
    await page.getByRole('button', { name: 'Upload and apply' }).click();
    await status.getByText('Applied', { exact: true }).waitFor({ timeout: 60_000 });
    expect(page.url()).toMatch(/\/bulk-update\?job=[0-9a-f-]{36}$/);
    await checkA11y(page, 'bulk update: applied');

    const state = await api(svc, `/api/homes/${locationId}/vacancies`, { token });
    expect(
      state.body.rows.find((r: { vacancyType: string }) => r.vacancyType === 'general-residential'),
    ).toMatchObject({
      occupied: 4,
      vacantAccepting: 2,
    });
    expect(state.body.source).toBe('bulk');
    expect(pageErrors()).toEqual([]);
    await page.close();
  }, 300_000);
});
