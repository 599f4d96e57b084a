import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../../local/service';
import { fixtureId, writeSearchFixtures } from '../support/fixtures-search';
import { api, signIn as apiSignIn, startTestService } from '../support/service';
import {
  browserUnavailableReason,
  buildWeb,
  checkA11y,
  horizontalOverflow,
  launchBrowser,
  recordForeignRequests,
  recordPageErrors,
  signIn,
  type TestBrowser,
} from './harness';

/**
 * A discharge team member finds vacancies in a real browser: a postcode search with three filters,
 * a result opened, the results exported to CSV and the file checked against the API; the form is
 * remembered between visits; axe (WCAG 2.2 AA) on the page before and after searching, on a phone
 * and a desktop; nothing is fetched from anywhere but the service.
 */

const unavailable = browserUnavailableReason();
if (unavailable) console.warn(`[e2e/search] skipped: ${unavailable}`);

process.env.SEARCH_REFRESH_SECONDS = '0';

describe.skipIf(unavailable !== undefined)('find care home vacancies (real browser, local service)', () => {
  let svc: RunningService;
  let browser: TestBrowser;
  let discharge: { email: string; password: string };

  beforeAll(async () => {
    await buildWeb();
    svc = await startTestService();
    await writeSearchFixtures();
    browser = await launchBrowser();
    const user = svc.demoUsers.find((u) => u.role === 'discharge');
    if (!user) throw new Error('the seed has no discharge user');
    discharge = user;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
  }, 120_000);

  it('searches by postcode with three filters, opens a result and exports the rows the API returns', async () => {
    const page = await browser.newPage({ width: 1280, height: 900 });
    const errors = recordPageErrors(page);
    const foreign = recordForeignRequests(page, [svc.url, svc.env.COGNITO_ENDPOINT ?? svc.url]);
    await signIn(page, svc.url, discharge.email, discharge.password);
    await page.goto(`${svc.url}/find-vacancies`);
    await page.getByRole('heading', { level: 1, name: 'Find care home vacancies' }).waitFor();
    // The national service's defaults.
    expect(await page.getByLabel('Long term').isChecked()).toBe(true);
    expect(await page.getByLabel('Yes', { exact: true }).first().isChecked()).toBe(true);
    expect(await page.getByLabel('Last 7 days').isChecked()).toBe(true);
    await checkA11y(page, 'search form');

    // Searching with no postcode says what to do, beside the field.
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.locator('.nhsuk-error-summary').getByText('Enter a postcode or outward code').waitFor();
    await checkA11y(page, 'search form with an error');

    await page.getByLabel('Postcode or outward code').fill('B97');
    // Filter 1: vacancy types.
    await page.getByLabel('General Residential').check();
    await page.getByLabel('General Nursing', { exact: true }).check();
    // Filter 2: funding sources accepted (in the folded group of placement filters).
    await page.getByText('Price, languages, notes, funding and contracts').click();
    await page.getByRole('checkbox', { name: 'Local authority', exact: true }).check();
    await page.getByRole('checkbox', { name: 'Sub-ICB', exact: true }).check();
    // Filter 3: vacancies last updated, any time.
    await page.getByLabel('All results').check();
    await page.getByRole('button', { name: 'Search', exact: true }).click();

    const heading = page.getByRole('heading', { level: 2, name: '2 care homes found' });
    await heading.waitFor();
    // Focus moves to the results, so a keyboard or screen reader user lands on them.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('results-heading');
    const names = await page.locator('.cct-result__heading').allInnerTexts();
    expect(names.map((n) => n.replace(/^\d+\.\s*/, '').trim())).toEqual(['Alder House', 'Birch Lodge']);
    await expect.poll(() => page.locator('.cct-map path.leaflet-interactive').count()).toBe(2);
    await checkA11y(page, 'search results with map');

    // Open a result.
    const alder = page.locator(`#result-${fixtureId('alder')}`);
    await alder.getByText('More about').click();
    await alder.getByText(fixtureId('alder'), { exact: true }).waitFor();
    await alder.getByText('Respite Care').waitFor();
    expect(await alder.getByText('Visiting restricted until further notice').isVisible()).toBe(true);
    expect(await alder.getByText('Updated 2 hours ago').isVisible()).toBe(true);
    await checkA11y(page, 'search result opened');

    // Export, and check the file against the API.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export to CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^care-home-vacancies-\d+\.csv$/);
    const path = await download.path();
    const csv = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
    const rows = csv.trimEnd().split('\r\n');
    const token = await apiSignIn(svc, discharge.email, discharge.password);
    const fromApi = await api(
      svc,
      '/api/search/vacancies?postcode=B97&radiusMiles=10&stay=long-term&acceptingToday=true&updatedWithin=any&vacancyTypes=general-residential,general-nursing&fundingSources=local-authority,sub-icb&pageSize=100',
      { token },
    );
    expect(fromApi.status).toBe(200);
    expect(rows[0]).toMatch(/^CQC location ID,Care home,/);
    expect(rows.slice(1).map((r) => r.split(',').slice(0, 2))).toEqual(
      fromApi.body.results.map((r: any) => [r.locationId, r.name]),
    );
    expect(errors()).toEqual([]);
    expect(foreign()).toEqual([]);
    await page.close();
  });

  it('remembers the search between visits, and reflows on a phone', async () => {
    const page = await browser.newPage({ width: 320, height: 800 });
    await signIn(page, svc.url, discharge.email, discharge.password);
    await page.goto(`${svc.url}/find-vacancies`);
    await page.getByLabel('Postcode or outward code').fill('B97');
    await page.getByLabel('Dementia Nursing').check();
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: '1 care home found' }).waitFor();
    await page.goto(`${svc.url}/`);
    await page.goto(`${svc.url}/find-vacancies`);
    await page.getByRole('heading', { level: 2, name: '1 care home found' }).waitFor();
    expect(await page.getByLabel('Postcode or outward code').inputValue()).toBe('B97');
    expect(await page.getByLabel('Dementia Nursing').isChecked()).toBe(true);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await checkA11y(page, 'search results at 320px');
    await page.close();
  });
});
