import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOutbox } from '../../local/outbox';
import type { RunningService } from '../../local/service';
import { awsClients } from '../../shared/infra/aws';
import { addPerson, type PersonFixture, staffOf } from '../support/fixtures-homes';
import {
  confirmTokenIn,
  homeItem,
  type ReminderHomeFixture,
  writeItems,
} from '../support/reminders-fixtures';
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
 * The nightly reminder end to end: a home whose figures are three days old, the job run, the
 * "nothing has changed" link read from the outbox and opened in Chromium (not signed in), the
 * confirmation page, then the home shown as fresh to its staff. Reused and tampered links get
 * clear NHS-style pages. axe on every page.
 */
const unavailable = browserUnavailableReason();
if (unavailable) console.warn(`[e2e/reminders] skipped: ${unavailable}`);

describe.skipIf(unavailable !== undefined)('reminder email link (real browser, local service)', () => {
  let svc: RunningService;
  let browser: TestBrowser;
  let staff: PersonFixture;
  const home: ReminderHomeFixture = {
    locationId: '1-7100000001',
    name: 'Larkspur Lodge',
    providerId: '1-710001',
    localAuthority: 'Leeds',
    region: 'Yorkshire and the Humber',
    bedUpdatedAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
  };

  beforeAll(async () => {
    await buildWeb();
    svc = await startTestService();
    browser = await launchBrowser();
    const { ddb, config } = awsClients();
    await writeItems(ddb, config.TABLE_NAME, [homeItem(home)]);
    staff = await addPerson(svc, 'larkspur.staff@example.test', staffOf(home));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
  }, 120_000);

  it('confirms from the email link and the home shows as fresh', async () => {
    await svc.runJob('reminders');
    const mail = (await readOutbox(svc.outboxDir)).find((m) => m.to === staff.email && m.kind === 'reminder');
    expect(mail?.subject).toBe('Please update the vacancies for Larkspur Lodge');
    const token = confirmTokenIn(mail?.html ?? '');
    expect(token).toBeDefined();
    const link = `${svc.url}/confirm/${token}`;
    expect(mail?.text).toContain(link);

    const page = await browser.newPage({ width: 320, height: 800 });
    page.setDefaultTimeout(30_000);
    const errors = recordPageErrors(page);
    await page.goto(link);
    await page
      .getByRole('heading', { level: 1, name: 'Nothing has changed: confirmed' })
      .waitFor({ timeout: 30_000 })
      .catch(async (e: unknown) => {
        throw new Error(
          `${(e as Error).message}\npage said: ${(await page.locator('body').textContent())?.replace(/\s+/g, ' ')}`,
        );
      });
    expect(await page.getByTestId('confirm-freshness').textContent()).toBe('Updated just now');
    expect(await page.locator('main').textContent()).toContain('Larkspur Lodge');
    expect(await horizontalOverflow(page), 'confirmation page scrolls sideways at 320px').toBeLessThanOrEqual(
      0,
    );
    await checkA11y(page, 'confirmation page');

    // The same link again: refused, clearly.
    await page.goto(link);
    await page
      .getByRole('heading', { level: 1, name: 'This link has already been used' })
      .waitFor({ timeout: 30_000 });
    expect(await page.title()).toMatch(/^Error: This link has already been used/);
    await checkA11y(page, 'link already used');

    // A tampered link: refused, no stack trace.
    await page.goto(`${svc.url}/confirm/${token?.slice(0, -3)}xyz`);
    await page
      .getByRole('heading', { level: 1, name: 'This link does not work' })
      .waitFor({ timeout: 30_000 });
    expect(await page.locator('main').textContent()).not.toMatch(/Error:|at .*\.ts|stack/i);
    await checkA11y(page, 'tampered link');
    expect(errors()).toEqual([]);
    await page.close();

    // Staff see the home as fresh.
    const signedIn = await browser.newPage({ width: 1280, height: 900 });
    signedIn.setDefaultTimeout(30_000);
    await signIn(signedIn, svc.url, staff.email, staff.password);
    await signedIn.goto(`${svc.url}/care-homes/${home.locationId}/vacancies`);
    await signedIn
      .getByText(/Updated (just now|1 minute ago)/)
      .first()
      .waitFor({ timeout: 30_000 });
    await signedIn.close();
  }, 180_000);

  it('turns reminders off from the account page', async () => {
    const page = await browser.newPage({ width: 1280, height: 900 });
    page.setDefaultTimeout(30_000);
    await signIn(page, svc.url, staff.email, staff.password);
    await page.goto(`${svc.url}/account#notifications`);
    const reminders = page.getByLabel(/Reminders to update care home vacancies/);
    await reminders.waitFor({ timeout: 60_000 }).catch(async (e: unknown) => {
      throw new Error(
        `${(e as Error).message}\npage said: ${(await page.locator('body').textContent())?.replace(/\s+/g, ' ')}`,
      );
    });
    expect(await reminders.isChecked()).toBe(true);
    await reminders.uncheck();
    await page.getByRole('button', { name: 'Save email settings' }).click();
    await page.getByText('Your email settings have been saved').waitFor({ timeout: 30_000 });
    await checkA11y(page, 'account page email settings');
    // Stored server-side: the API now says reminders are off for this person.
    const stored = await api(svc, '/api/me/notifications', { token: staff.token });
    expect(stored.body).toMatchObject({ reminders: false, digests: true });
    await page.close();
  }, 120_000);
});
