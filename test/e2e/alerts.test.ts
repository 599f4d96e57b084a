import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../../local/service';
import { putDemoHome } from '../../shared/infra/accounts-demo';
import type { HomeFacts } from '../../shared/infra/accounts-organisations';
import { awsClients } from '../../shared/infra/aws';
import { homeKeys } from '../../shared/infra/keys';
import { startTestService } from '../support/service';
import { createMember, orgOf, TEST_PASSWORD } from '../unit/accounts/fixtures';
import {
  browserUnavailableReason,
  buildWeb,
  checkA11y,
  horizontalOverflow,
  launchBrowser,
  recordPageErrors,
  signIn,
  signOut,
  type TestBrowser,
} from './harness';

/**
 * Local authority alerts and "Not updating" in a real browser: an LA officer adds an alert on a home
 * of their authority (errors beside the fields first), a discharge user finds the home in search
 * with the alert callout and the "Not updating" badge, and the officer opens the "Not updating" page
 * (phone and desktop widths). axe (WCAG 2.2 AA) on every page.
 */

const unavailable = browserUnavailableReason();
if (unavailable) console.warn(`[e2e/alerts] skipped: ${unavailable}`);

// Every search reads the changes feed first, so the alert added in the browser is found at once.
process.env.SEARCH_REFRESH_SECONDS = '0';

const tag = randomUUID().slice(0, 6);
const LA = `Alertborough ${tag}`;
const STALE: HomeFacts = {
  locationId: `1-84${Date.now() % 1e8}`,
  name: `Quiet Meadows ${tag}`,
  providerId: '1-8400000000',
  providerName: 'Quiet Care Ltd',
  localAuthority: LA,
  subIcb: 'E38000998',
  icb: 'E54000998',
  region: 'South West',
  status: 'active',
};
const FRESH: HomeFacts = { ...STALE, locationId: `1-83${Date.now() % 1e8}`, name: `Busy Gardens ${tag}` };
const ALERT_TEXT = `Safeguarding enquiry in progress: speak to the ${LA} duty team before placing.`;

async function setAttributes(locationId: string, attrs: Record<string, unknown>): Promise<void> {
  const { ddb, config } = awsClients();
  const names = Object.keys(attrs);
  await ddb.send(
    new UpdateCommand({
      TableName: config.TABLE_NAME,
      Key: { pk: homeKeys.pk(locationId), sk: homeKeys.sk },
      UpdateExpression: `SET ${names.map((_k, i) => `#a${i} = :v${i}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(names.map((k, i) => [`#a${i}`, k])),
      ExpressionAttributeValues: Object.fromEntries(names.map((k, i) => [`:v${i}`, attrs[k]])),
    }),
  );
}

async function signInPatiently(page: Page, url: string, email: string, password: string) {
  await page.goto(`${url}/sign-in`);
  // A session left by an earlier test (sessions outlive tabs) is ended first.
  const signOutLink = page
    .getByRole('navigation', { name: 'Account' })
    .getByRole('link', { name: 'Sign out' });
  await page.locator('#email').or(signOutLink).first().waitFor({ timeout: 60_000 });
  if (await signOutLink.isVisible()) {
    await signOut(page);
    await page.goto(`${url}/sign-in`);
    await page.locator('#email').waitFor({ timeout: 60_000 });
  }
  await signIn(page, url, email, password);
}

describe.skipIf(unavailable !== undefined)('local authority alerts and "Not updating" (real browser)', () => {
  let svc: RunningService;
  let browser: TestBrowser;
  let officerEmail: string;
  let discharge: { email: string; password: string };

  beforeAll(async () => {
    await buildWeb();
    svc = await startTestService();
    await putDemoHome(STALE);
    await putDemoHome(FRESH);
    // The registry facts the home page reads (as CQC ingestion writes them).
    for (const h of [STALE, FRESH]) {
      await setAttributes(h.locationId, {
        registryHash: 'e2e-alerts',
        registryStatus: 'active',
        registrationStatus: 'registered',
        isCareHome: true,
        registryUpdatedAt: '2026-11-01T00:00:00.000Z',
        serviceTypes: ['Care home service without nursing'],
        specialisms: [],
        regulatedActivities: [],
      });
    }
    await setAttributes(STALE.locationId, {
      phone: '01632 960123',
      address: '4 Meadow Lane, Alertborough',
      postcode: 'AB1 2CD',
    });
    await setAttributes(FRESH.locationId, { bedUpdatedAt: new Date().toISOString() });
    officerEmail = (
      await createMember(svc, 'e2e-la-officer', [
        { org: orgOf(STALE, 'local-authority'), role: 'la-officer' },
      ])
    ).email;
    const user = svc.demoUsers.find((u) => u.role === 'discharge');
    if (!user) throw new Error('the seed has no discharge user');
    discharge = user;
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
  }, 120_000);

  it('an LA officer adds an alert on a home of their authority, with errors beside the fields first', async () => {
    const page = await browser.newPage({ width: 1280, height: 900 });
    const errors = recordPageErrors(page);
    await signInPatiently(page, svc.url, officerEmail, TEST_PASSWORD);
    await page.goto(`${svc.url}/homes/${STALE.locationId}`);
    await page
      .getByRole('heading', { level: 2, name: 'Local authority alerts' })
      .waitFor({ timeout: 60_000 });
    await page.getByText('There are no alerts on this care home.').waitFor();

    // Nothing entered: the summary and each field say what to do.
    await page.getByRole('button', { name: 'Add alert', exact: true }).click();
    const summary = page.locator('.nhsuk-error-summary');
    await summary.getByText('Enter the alert text').waitFor();
    await summary.getByText('Choose a category').waitFor();
    await page.locator('#alert-text-error').getByText('Enter the alert text').waitFor();
    await checkA11y(page, 'home page, alert form with errors');

    // A date in the past is refused by the server, and its message lands beside the date.
    await page.getByLabel('Alert text').fill(ALERT_TEXT);
    await page.getByLabel('Safeguarding', { exact: true }).check();
    await page.getByLabel('Day').fill('1');
    await page.getByLabel('Month').fill('1');
    await page.getByLabel('Year').fill('2020');
    await page.getByRole('button', { name: 'Add alert', exact: true }).click();
    await page.locator('#alert-expiry-error').getByText('the expiry date must be in the future').waitFor();

    await page.getByLabel('Year').fill('');
    await page.getByLabel('Month').fill('');
    await page.getByLabel('Day').fill('');
    await page.getByRole('button', { name: 'Add alert', exact: true }).click();
    const callout = page.getByTestId('home-alert');
    await callout.getByText(ALERT_TEXT).waitFor();
    await callout.getByText('Safeguarding').first().waitFor();
    await page.getByTestId('alerts-notice').waitFor();
    expect(await page.locator('.nhsuk-error-summary').count()).toBe(0);
    await checkA11y(page, 'home page with an alert');
    expect(errors()).toEqual([]);
    // Sessions outlive a tab: sign out so the next test signs in as someone else.
    await signOut(page);
    await page.close();
  }, 180_000);

  it('a discharge user sees the alert and the "Not updating" badge in search results', async () => {
    const page = await browser.newPage({ width: 1280, height: 900 });
    const errors = recordPageErrors(page);
    await signInPatiently(page, svc.url, discharge.email, discharge.password);
    await page.goto(`${svc.url}/find-vacancies`);
    await page
      .getByRole('heading', { level: 1, name: 'Find care home vacancies' })
      .waitFor({ timeout: 60_000 });
    await page
      .getByRole('group', { name: 'Search by' })
      .getByLabel('Local authority', { exact: true })
      .check();
    await page.locator('#search-la').selectOption(LA);
    await page
      .getByRole('group', { name: 'Accepting admission today' })
      .getByLabel('No, show all homes')
      .check();
    await page.getByLabel('All results').check();
    await page.getByRole('button', { name: 'Search', exact: true }).click();

    const card = page.locator('li.cct-result', { hasText: STALE.name });
    await card.waitFor({ timeout: 60_000 });
    await card.getByText('Local authority alert').waitFor();
    await card.getByText(ALERT_TEXT).waitFor();
    await card.getByTestId('not-updating-badge').waitFor();
    const fresh = page.locator('li.cct-result', { hasText: FRESH.name });
    await fresh.waitFor();
    expect(await fresh.getByTestId('not-updating-badge').count()).toBe(0);
    await checkA11y(page, 'search results with an alert and a not-updating badge');
    expect(errors()).toEqual([]);
    // Sessions outlive a tab: sign out so the next test signs in as someone else.
    await signOut(page);
    await page.close();
  }, 180_000);

  it('the LA officer opens "Not updating": the stale home with contact details, at phone and desktop widths', async () => {
    for (const viewport of [
      { width: 320, height: 800 },
      { width: 1280, height: 900 },
    ]) {
      const page = await browser.newPage(viewport);
      const errors = recordPageErrors(page);
      await signInPatiently(page, svc.url, officerEmail, TEST_PASSWORD);
      await page.goto(`${svc.url}/not-updating`);
      await page
        .getByRole('heading', { level: 1, name: 'Care homes not updating' })
        .waitFor({ timeout: 60_000 });
      const table = page.getByTestId('not-updating-table');
      await table.waitFor({ timeout: 60_000 });
      const row = table.locator('tr', { hasText: STALE.name });
      await row.getByText('Never updated').waitFor();
      await row.getByRole('link', { name: '01632 960123' }).waitFor();
      await row.getByText('4 Meadow Lane, Alertborough, AB1 2CD').waitFor();
      expect(await table.locator('tr', { hasText: FRESH.name }).count()).toBe(0);
      await page.getByTestId('not-updating-summary').getByText('1 of 2 care homes').waitFor();
      expect(await horizontalOverflow(page), `overflow at ${viewport.width}px`).toBeLessThanOrEqual(0);
      await checkA11y(page, `not updating at ${viewport.width}px`);

      // The home's name links to its page, where the alert shows.
      await row.getByRole('link', { name: STALE.name }).click();
      await page.getByRole('heading', { level: 1, name: STALE.name }).waitFor({ timeout: 60_000 });
      await page.getByTestId('home-alert').getByText(ALERT_TEXT).waitFor({ timeout: 60_000 });
      expect(errors()).toEqual([]);
      await signOut(page);
      await page.close();
    }
  }, 300_000);
});
