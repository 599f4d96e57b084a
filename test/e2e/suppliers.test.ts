import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../../local/service';
import { api, startTestService } from '../support/service';
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
 * The admin Suppliers page in a real browser: register a supplier (errors beside the fields when
 * its homes are not in the register), issue an API key that is shown once and works against the
 * supplier API, see when it was last used, revoke it after a confirmation (it then gets 401), by
 * mouse and by keyboard, with axe (WCAG 2.2 AA) at phone and desktop widths.
 */

const unavailable = browserUnavailableReason();
if (unavailable) console.warn(`[e2e/suppliers] skipped: ${unavailable}`);

/** Pages load slowly when the machine is busy: first loads get longer than the harness's 10 s default. */
const SLOW = 45_000;

async function signInPatiently(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  try {
    await page.locator('#email').waitFor({ timeout: SLOW });
  } catch (e) {
    const text = (
      await page
        .locator('body')
        .innerText()
        .catch(() => '')
    )
      .replace(/\s+/g, ' ')
      .slice(0, 600);
    throw new Error(`the sign-in page did not show its form; it shows: ${text}`, { cause: e });
  }
  await signIn(page, baseUrl, email, password);
}

describe.skipIf(unavailable !== undefined)('admin suppliers page (real browser, local service)', () => {
  let svc: RunningService;
  let browser: TestBrowser;
  let admin: { email: string; password: string };
  let staff: { email: string; password: string };
  let locationId: string;

  const pull = (key: string) =>
    api(
      svc,
      `/api/supplier/v1/bed-states?since=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}`,
      {
        headers: { 'x-api-key': key },
      },
    );

  beforeAll(async () => {
    await buildWeb();
    svc = await startTestService();
    browser = await launchBrowser();
    const find = (role: string) => {
      const u = svc.demoUsers.find((d) => d.role === role);
      if (!u) throw new Error(`the seed has no ${role}`);
      return u;
    };
    admin = find('admin');
    const demoStaff = find('care-home-staff');
    staff = demoStaff;
    locationId = demoStaff.organisation.id.replace(/^care-home:/, '');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
  }, 120_000);

  it('registers a supplier, issues a key shown once, and revokes it after confirming', async () => {
    const page = await browser.newPage({ width: 1280, height: 900 });
    try {
      const errors = recordPageErrors(page);
      await signInPatiently(page, svc.url, admin.email, admin.password);
      await page.goto(`${svc.url}/admin/suppliers`);
      await page.getByRole('heading', { level: 1, name: 'Suppliers' }).waitFor({ timeout: SLOW });
      await page.getByText('No supplier platforms are registered yet').waitFor({ timeout: SLOW });
      await checkA11y(page, 'suppliers, empty');

      // Nothing entered: errors beside the name and the id.
      await page.getByRole('button', { name: 'Register supplier' }).click();
      const summary = page.locator('.nhsuk-error-summary');
      await summary.waitFor({ timeout: SLOW });
      expect(await summary.textContent()).toContain('Enter the name of the supplier');
      expect(await summary.textContent()).toContain('Enter an ID for the supplier');

      // A home that is not in the register: the server's error, beside the homes box.
      await page.getByLabel('Name', { exact: true }).fill('Acme Bed Tracker');
      await page.getByLabel('Supplier ID').fill('acme-beds');
      await page
        .getByLabel('CQC location IDs of single care homes (optional)')
        .fill(`${locationId}\n1-999999999`);
      await page.getByRole('button', { name: 'Register supplier' }).click();
      await page.locator('#new-supplier-homes-error').waitFor({ timeout: SLOW });
      expect(await page.locator('#new-supplier-homes-error').textContent()).toContain(
        '1-999999999 is not a care home in the register',
      );
      await checkA11y(page, 'suppliers, register with errors');
      expect((await api(svc, '/api/health')).status).toBe(200);

      await page.getByLabel('CQC location IDs of single care homes (optional)').fill(locationId);
      await page.getByRole('button', { name: 'Register supplier' }).click();
      await page.getByRole('heading', { level: 1, name: 'Acme Bed Tracker' }).waitFor({ timeout: SLOW });
      await page.getByText('No keys have been issued.').waitFor({ timeout: SLOW });
      await checkA11y(page, 'supplier detail');

      // Issue a key by keyboard: type the label, press Enter.
      await page.getByLabel('Label').focus();
      await page.keyboard.type('Production servers');
      await page.keyboard.press('Enter');
      const callout = page.locator('.nhsuk-warning-callout', { hasText: 'Copy the new key now' });
      await callout.waitFor({ timeout: SLOW });
      expect(await callout.textContent()).toContain('only time');
      const key = await callout.getByLabel(/API key/).inputValue();
      expect(key).toMatch(/^cct_live_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
      await checkA11y(page, 'supplier detail, key shown');

      // The key works against the supplier API, and its use shows as "last used".
      expect((await pull(key)).status).toBe(200);
      await page.getByRole('button', { name: 'I have stored the key' }).click();
      await callout.waitFor({ state: 'detached' });
      expect(await page.content()).not.toContain(key);
      await page.getByRole('link', { name: 'Back to suppliers' }).click();
      await page.getByRole('heading', { level: 1, name: 'Suppliers' }).waitFor({ timeout: SLOW });
      const row = page.getByRole('row', { name: /Acme Bed Tracker/ });
      expect(await row.textContent()).toContain('1 care home');
      await row.getByRole('link', { name: 'Acme Bed Tracker' }).click();
      const keyRow = page.getByRole('row', { name: /Production servers/ });
      await keyRow.waitFor({ timeout: SLOW });
      expect(await keyRow.textContent()).not.toContain('Never');

      // Revoke: asks first; Cancel keeps the key.
      await keyRow.getByRole('button', { name: 'Revoke the key Production servers' }).click();
      const confirm = page.locator('.nhsuk-warning-callout', { hasText: 'Revoke the key' });
      await confirm.waitFor({ timeout: SLOW });
      await checkA11y(page, 'supplier detail, confirm revoke');
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      await confirm.waitFor({ state: 'detached' });
      expect((await pull(key)).status).toBe(200);

      await keyRow.getByRole('button', { name: 'Revoke the key Production servers' }).click();
      await page.getByRole('button', { name: 'Yes, revoke this key' }).click();
      await page.getByText('is revoked: requests that use it are refused').waitFor({ timeout: SLOW });
      await page
        .getByRole('row', { name: /Production servers/ })
        .getByText(/Revoked \d/)
        .waitFor({ timeout: SLOW });
      expect((await pull(key)).status).toBe(401);

      // Disable the supplier from the scope form.
      await page.getByLabel('Disabled').check();
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText('is saved and disabled').waitFor({ timeout: SLOW });
      const detail = await api(svc, '/api/admin/suppliers/acme-beds', {
        token: await (await import('../support/service')).signIn(svc, admin.email, admin.password),
      });
      expect(detail.body).toMatchObject({ status: 'disabled', locationIds: [locationId] });
      expect(errors()).toEqual([]);
    } finally {
      await page.close();
    }
  }, 240_000);

  it('fits a 320 px screen without sideways scrolling and passes axe', async () => {
    const page = await browser.newPage({ width: 320, height: 800 });
    try {
      await signInPatiently(page, svc.url, admin.email, admin.password);
      await page.goto(`${svc.url}/admin/suppliers`);
      await page.getByRole('heading', { level: 1, name: 'Suppliers' }).waitFor({ timeout: SLOW });
      await page.getByRole('link', { name: 'Acme Bed Tracker' }).waitFor({ timeout: SLOW });
      expect(await horizontalOverflow(page), 'suppliers list at 320px').toBeLessThanOrEqual(0);
      await checkA11y(page, 'suppliers at 320px');
      await page.getByRole('link', { name: 'Acme Bed Tracker' }).click();
      await page.getByRole('heading', { level: 1, name: 'Acme Bed Tracker' }).waitFor({ timeout: SLOW });
      await page.getByRole('row', { name: /Production servers/ }).waitFor({ timeout: SLOW });
      expect(await horizontalOverflow(page), 'supplier detail at 320px').toBeLessThanOrEqual(0);
      await checkA11y(page, 'supplier detail at 320px');
    } finally {
      await page.close();
    }
  }, 120_000);

  it('is not offered to other roles', async () => {
    const page = await browser.newPage({ width: 1280, height: 900 });
    try {
      await signInPatiently(page, svc.url, staff.email, staff.password);
      await page.goto(`${svc.url}/admin/suppliers`);
      await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: SLOW });
      expect(await page.getByRole('heading', { level: 1, name: 'Suppliers' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Register supplier' }).count()).toBe(0);
    } finally {
      await page.close();
    }
  }, 120_000);
});
