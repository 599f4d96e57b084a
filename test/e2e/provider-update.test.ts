import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../../local/service';
import { awsClients } from '../../shared/infra/aws';
import { homeKeys } from '../../shared/infra/keys';
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
 * The provider update in a real browser, as care home staff do it: from My care homes to a saved
 * table, counting every interaction it takes; errors beside the fields; the services page; and
 * axe (WCAG 2.2 AA) on every page at phone and desktop widths.
 */

const unavailable = browserUnavailableReason();
if (unavailable) console.warn(`[e2e/provider-update] skipped: ${unavailable}`);

/**
 * Counts what a person does. A tap or click is one interaction; changing a figure is one
 * interaction (tap the field, which selects its figure, then type the new one); keystrokes are
 * counted as well, so the figure can be judged either way.
 */
class Interactions {
  taps = 0;
  edits = 0;
  keys = 0;

  get total(): number {
    return this.taps + this.edits;
  }

  async tap(target: Locator): Promise<void> {
    this.taps += 1;
    await target.click();
  }

  async edit(page: Page, field: Locator, value: string): Promise<void> {
    this.edits += 1;
    this.keys += value.length;
    await field.click();
    await page.keyboard.type(value);
    // The tap must have selected the old figure, so typing replaced it rather than appending.
    expect(await field.inputValue()).toBe(value);
  }
}

describe.skipIf(unavailable !== undefined)('provider update (real browser, local service)', () => {
  let svc: RunningService;
  let browser: TestBrowser;
  let locationId: string;
  let staff: { email: string; password: string };

  beforeAll(async () => {
    await buildWeb();
    svc = await startTestService();
    browser = await launchBrowser();
    const demoStaff = svc.demoUsers.find((u) => u.role === 'care-home-staff');
    if (!demoStaff) throw new Error('the seed has no care home staff');
    staff = demoStaff;
    locationId = demoStaff.organisation.id.replace(/^care-home:/, '');
    const { ddb, config } = awsClients();
    // The demo home as a home CQC registers for 14 beds.
    await ddb.send(
      new UpdateCommand({
        TableName: config.TABLE_NAME,
        Key: { pk: homeKeys.pk(locationId), sk: homeKeys.sk },
        UpdateExpression: 'SET registeredBeds = :beds',
        ExpressionAttributeValues: { ':beds': 14 },
      }),
    );
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
  }, 120_000);

  it('sets the services offered, accessibly, at phone and desktop widths', async () => {
    for (const width of [320, 1280]) {
      const page = await browser.newPage({ width, height: 900 });
      await signIn(page, svc.url, staff.email, staff.password);
      await page.goto(`${svc.url}/care-homes/${locationId}/services`);
      await page.getByRole('heading', { level: 1, name: /Services offered/ }).waitFor();
      expect(
        await horizontalOverflow(page),
        `services page at ${width}px scrolls sideways`,
      ).toBeLessThanOrEqual(0);
      await checkA11y(page, `services offered at ${width}px`);
      await page.close();
    }

    const page = await browser.newPage({ width: 1280, height: 900 });
    const errors = recordPageErrors(page);
    await signIn(page, svc.url, staff.email, staff.password);
    await page.goto(`${svc.url}/care-homes/${locationId}/services`);
    // Saving with nothing chosen shows errors beside the questions.
    await page.getByRole('button', { name: 'Save services' }).click();
    const summary = page.locator('.nhsuk-error-summary');
    await summary.waitFor();
    await checkA11y(page, 'services offered with errors');

    // "None" and a short stay service exclude each other.
    await page.getByLabel('Respite Care').check();
    await page.getByLabel('Short stay services not provided').check();
    expect(await page.getByLabel('Respite Care').isChecked()).toBe(false);
    await page.getByLabel('General Residential').check();
    await page.getByLabel('Learning Disability Residential').check();
    await page.getByLabel('Language name').fill('British Sign Language');
    await page.getByRole('button', { name: 'Add language' }).click();
    await page.getByLabel('Language name').fill('Polish');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Remove Polish' }).click();
    await page.getByLabel('Notes').fill('Hoist and lift; pets allowed');
    await page.getByLabel('Local authority', { exact: true }).check();
    await page.getByLabel('Contract with the local authority').check();
    await page.getByLabel('Yes', { exact: true }).check();
    await page.getByRole('button', { name: 'Save services' }).click();
    // The first save goes on to the provider update, as the support pack describes.
    await page.getByRole('heading', { level: 1, name: /Update vacancies/ }).waitFor();
    const saved = await api(svc, `/api/homes/${locationId}/services`, {
      token: await apiSignIn(svc, staff.email, staff.password),
    });
    expect(saved.body.services).toMatchObject({
      shortStayNone: true,
      shortStayServices: [],
      vacancyTypes: ['general-residential', 'learning-disability-residential'],
      languages: ['British Sign Language'],
      notes: 'Hoist and lift; pets allowed',
      fundingSources: ['local-authority'],
      contracts: { localAuthority: true, subIcb: false },
      outOfHoursAdmissions: true,
    });
    expect(errors()).toEqual([]);
    await page.close();
  }, 240_000);

  it('updates two vacancy types from My care homes, confirms and shows the new freshness', async () => {
    // The home's figures, as entered three hours ago.
    const token = await apiSignIn(svc, staff.email, staff.password);
    const current = await api(svc, `/api/homes/${locationId}/vacancies`, { token });
    if (!current.body.servicesSet) {
      const s = await api(svc, `/api/homes/${locationId}/services`, { token });
      await api(svc, `/api/homes/${locationId}/services`, {
        method: 'PUT',
        token,
        body: servicesInput(),
        headers: { 'if-match': s.headers.get('etag') ?? '' },
      });
    }
    const before = await api(svc, `/api/homes/${locationId}/vacancies`, { token });
    const first = await api(svc, `/api/homes/${locationId}/vacancies`, {
      method: 'PUT',
      token,
      body: bedUpdate(),
      headers: { 'if-match': before.headers.get('etag') ?? '' },
    });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const threeHoursAgo = new Date(Date.now() - 3 * 3_600_000).toISOString();
    const { ddb, config } = awsClients();
    await ddb.send(
      new UpdateCommand({
        TableName: config.TABLE_NAME,
        Key: { pk: homeKeys.pk(locationId), sk: homeKeys.sk },
        UpdateExpression: 'SET bedUpdatedAt = :t, bedSourceTime = :t, bedChangedAt = :t',
        ExpressionAttributeValues: { ':t': threeHoursAgo },
      }),
    );

    const page = await browser.newPage({ width: 1280, height: 900 });
    const errors = recordPageErrors(page);
    await signIn(page, svc.url, staff.email, staff.password);
    await page.goto(`${svc.url}/care-homes`);
    const homeRow = page
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: /^Update vacancies for / }) });
    await homeRow.first().waitFor();
    expect(await homeRow.first().textContent()).toContain('Updated 3 hours ago');
    await checkA11y(page, 'my care homes');

    const count = new Interactions();
    await count.tap(page.getByRole('link', { name: /^Update vacancies for / }).first());
    await page.getByRole('heading', { level: 1, name: /Update vacancies/ }).waitFor();
    expect(await page.locator('main').textContent()).toContain('Updated 3 hours ago');
    await checkA11y(page, 'provider update');
    const registered = page.locator('.cct-totals');
    expect(await registered.textContent()).toMatch(/CQC registered bed capacity\s*14/);
    expect(await registered.textContent()).toMatch(/Total entered capacity\s*13/);
    expect(await registered.textContent()).toMatch(/Total number of residents\s*12/);

    // General Residential: a resident left and the bed can be admitted to today.
    await count.edit(page, page.getByLabel('Occupied, General Residential', { exact: true }), '5');
    await count.edit(
      page,
      page.getByLabel('Vacant: accepting admissions, General Residential', { exact: true }),
      '1',
    );
    const oneTypeEdits = count.total;
    // Learning Disability Residential: the free bed is now reserved for someone coming in.
    await count.edit(
      page,
      page.getByLabel('Vacant: accepting admissions, Learning Disability Residential', { exact: true }),
      '0',
    );
    await count.edit(
      page,
      page.getByLabel('Vacant: reserved, Learning Disability Residential', { exact: true }),
      '1',
    );
    expect(await registered.textContent()).toMatch(/Admission status\s*Accepting admissions/);
    await count.tap(page.getByRole('button', { name: 'Save', exact: true }));

    const banner = page.getByRole('alert').filter({ hasText: 'Vacancies saved' });
    await banner.waitFor();
    expect(await banner.textContent()).toContain('Updated just now');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-labelledby'))).toBe(
      'saved-title',
    );
    expect(await page.locator('main').textContent()).not.toContain('Updated 3 hours ago');
    await checkA11y(page, 'provider update saved');
    await page.getByText('General Residential: occupied 6 → 5; vacant accepting admissions 0 → 1').waitFor();

    const after = await api(svc, `/api/homes/${locationId}/vacancies`, { token });
    expect(after.body.rows).toEqual([
      expect.objectContaining({ vacancyType: 'general-residential', occupied: 5, vacantAccepting: 1 }),
      expect.objectContaining({
        vacancyType: 'learning-disability-residential',
        vacantAccepting: 0,
        vacantReserved: 1,
      }),
    ]);
    expect(after.body.freshness.label).toBe('updated just now');

    console.log(
      `[e2e/provider-update] two vacancy types updated in ${count.total} interactions (${count.taps} taps, ${count.edits} field edits, ${count.keys} keystrokes)`,
    );

    // One vacancy type, counted on its own from My care homes: open, two figures, save.
    const single = new Interactions();
    await page.goto(`${svc.url}/care-homes`);
    await single.tap(page.getByRole('link', { name: /^Update vacancies for / }).first());
    await page.getByRole('heading', { level: 1, name: /Update vacancies/ }).waitFor();
    await single.edit(page, page.getByLabel('Occupied, General Residential', { exact: true }), '4');
    await single.edit(
      page,
      page.getByLabel('Vacant: accepting admissions, General Residential', { exact: true }),
      '2',
    );
    await single.tap(page.getByRole('button', { name: 'Save', exact: true }));
    await page.getByRole('alert').filter({ hasText: 'Vacancies saved' }).waitFor();
    console.log(
      `[e2e/provider-update] INTERACTIONS to update one vacancy type: ${single.total} (open from My care homes 1, change occupied 1, change accepting 1, Save 1; ${single.keys} keystrokes) — target <= 5`,
    );
    expect(oneTypeEdits).toBe(3);
    expect(single.total).toBeLessThanOrEqual(5);

    // "Nothing has changed": one action.
    const confirm = new Interactions();
    await confirm.tap(page.getByRole('button', { name: 'Nothing has changed' }));
    await page.getByRole('alert').filter({ hasText: 'Confirmed: nothing has changed' }).waitFor();
    expect(confirm.total).toBe(1);
    expect(errors()).toEqual([]);
    await page.close();
  }, 240_000);

  it('shows errors beside the fields with a summary that links to them, and changes nothing', async () => {
    const token = await apiSignIn(svc, staff.email, staff.password);
    const before = await api(svc, `/api/homes/${locationId}/vacancies`, { token });
    const page = await browser.newPage({ width: 1280, height: 900 });
    await signIn(page, svc.url, staff.email, staff.password);
    await page.goto(`${svc.url}/care-homes/${locationId}/vacancies`);
    await page.getByRole('heading', { level: 1, name: /Update vacancies/ }).waitFor();
    await page.getByLabel('Weekly price from, General Residential, in pounds').fill('50');
    await page
      .getByLabel('Vacant: not available, Learning Disability Residential', { exact: true })
      .fill('1');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const summary = page.locator('.nhsuk-error-summary');
    await summary.waitFor();
    expect(await page.title()).toMatch(/^Error: /);
    const links = await summary.getByRole('link').allTextContents();
    expect(links.some((l) => l.includes('General Residential') && l.includes('at least £100'))).toBe(true);
    expect(links.some((l) => l.includes('Learning Disability Residential'))).toBe(true);
    const priceError = page.locator('#general-residential-weeklyPriceFrom-error');
    expect(await priceError.textContent()).toContain('at least £100');
    await checkA11y(page, 'provider update with errors');
    await summary.getByRole('link').filter({ hasText: 'at least £100' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('general-residential-weeklyPriceFrom');
    const after = await api(svc, `/api/homes/${locationId}/vacancies`, { token });
    expect(after.body.rows).toEqual(before.body.rows);
    expect(after.body.version).toBe(before.body.version);
    await page.close();
  }, 240_000);

  it('stacks the table as cards on a 320 px screen with no sideways scrolling', async () => {
    const page = await browser.newPage({ width: 320, height: 800 });
    await signIn(page, svc.url, staff.email, staff.password);
    for (const path of ['/care-homes', `/care-homes/${locationId}/vacancies`]) {
      await page.goto(`${svc.url}${path}`);
      await page.locator('main h1').first().waitFor();
      await page
        .locator('main')
        .getByText(/Updated|updated/)
        .first()
        .waitFor();
      expect(await horizontalOverflow(page), `${path} at 320px scrolls sideways`).toBeLessThanOrEqual(0);
      await checkA11y(page, `${path} at 320px`);
    }
    // Keyboard only: the first field of the table is reachable and labelled with its vacancy type.
    const price = page.getByLabel('Weekly price from, General Residential, in pounds');
    await price.focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('general-residential-maximumCapacity');
    await page.close();
  }, 240_000);
});
