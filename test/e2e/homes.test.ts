import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../../local/service';
import { runCqcIngestion } from '../../shared/app/registry/runs';
import { sourcesFromPaths } from '../../shared/app/registry/sources';
import { registryDeps } from '../../shared/infra/registry-container';
import { bedUpdate, servicesInput } from '../support/fixtures-homes';
import { api, signIn as apiSignIn, startTestService } from '../support/service';
import { hscaCsv, LOCATIONS, writeFixture } from '../unit/registry-app/fixtures';
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
 * The care home pages in a real browser: the register list (filters in the address, a page of
 * results), a home's page with its CQC facts, current vacancies with their freshness and the
 * history of changes, and an archived home. axe (WCAG 2.2 AA) at phone and desktop widths.
 */

const unavailable = browserUnavailableReason();
if (unavailable) console.warn(`[e2e/homes] skipped: ${unavailable}`);

const WILLOWS = '1-8000000001';
const ABBEY = '1-8000000002';

/** Signs in, first waiting generously for the app to load (a busy machine can take a while on a cold page). */
async function signInPatiently(page: Page, url: string, user: { email: string; password: string }) {
  // Every step may wait up to 30 s: the machine running the suite is shared and busy.
  page.setDefaultTimeout(30_000);
  await page.goto(`${url}/sign-in`);
  await page.locator('#email').waitFor({ timeout: 60_000 });
  await signIn(page, url, user.email, user.password);
}

describe.skipIf(unavailable !== undefined)('care home pages (real browser, local service)', () => {
  let svc: RunningService;
  let browser: TestBrowser;
  let discharge: { email: string; password: string };

  beforeAll(async () => {
    await buildWeb();
    svc = await startTestService();
    browser = await launchBrowser();
    // The register through the one ingestion path: the Willows and Abbey Court active, then Abbey Court dormant.
    const deps = registryDeps();
    await runCqcIngestion(await sourcesFromPaths([await writeFixture('hsca.csv', hscaCsv())]), deps, {
      trigger: 'cli',
    });
    const dormant = LOCATIONS.map((l) => (l.id === ABBEY ? { ...l, dormant: true } : l));
    await runCqcIngestion(await sourcesFromPaths([await writeFixture('hsca.csv', hscaCsv(dormant))]), deps, {
      trigger: 'cli',
    });
    // An administrator sets the Willows' services and vacancies, so it has a bed state and a history.
    const admin = svc.demoUsers.find((u) => u.role === 'admin');
    const user = svc.demoUsers.find((u) => u.role === 'discharge');
    if (!admin || !user) throw new Error('the seed has no admin or discharge user');
    discharge = user;
    const token = await apiSignIn(svc, admin.email, admin.password);
    const services = await api(svc, `/api/homes/${WILLOWS}/services`, { token });
    const savedServices = await api(svc, `/api/homes/${WILLOWS}/services`, {
      method: 'PUT',
      token,
      body: servicesInput(),
      headers: { 'if-match': `"${services.body.version}"` },
    });
    expect(savedServices.status, JSON.stringify(savedServices.body)).toBe(200);
    const saved = await api(svc, `/api/homes/${WILLOWS}/vacancies`, {
      method: 'PUT',
      token,
      body: bedUpdate(),
      headers: { 'if-match': `"${savedServices.body.vacanciesVersion}"` },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
  }, 120_000);

  it('lists homes by local authority and opens a home with its facts, vacancies and history', {
    timeout: 240_000,
  }, async () => {
    for (const width of [320, 1280]) {
      const page = await browser.newPage({ width, height: 900 });
      const errors = recordPageErrors(page);
      await signInPatiently(page, svc.url, discharge);
      await page.goto(`${svc.url}/homes`);
      await page.getByRole('heading', { level: 1, name: 'Care homes' }).waitFor();
      await page.getByText('Filter by area').click();
      await page.getByLabel('Local authority').fill('Leeds');
      await page.getByRole('button', { name: 'Search' }).click();
      const results = page.getByTestId('homes-results');
      await results.waitFor({ timeout: 15_000 });
      // Abbey Court is archived (dormant): only the Willows is listed in Leeds.
      expect(await results.getByRole('link').allTextContents()).toEqual(['The Willows Care Home']);
      expect(page.url()).toContain('la=Leeds');
      expect(await horizontalOverflow(page), `list at ${width}px scrolls sideways`).toBeLessThanOrEqual(0);
      await checkA11y(page, `care homes list at ${width}px`);

      await results.getByRole('link', { name: 'The Willows Care Home' }).click();
      await page.getByRole('heading', { level: 1, name: 'The Willows Care Home' }).waitFor();
      const registry = page.getByTestId('home-registry');
      await expect.poll(() => registry.textContent()).toContain('Good (published 14 March 2024)');
      const facts = (await registry.textContent()) ?? '';
      expect(facts).toContain('40');
      expect(facts).toContain('Willow Homes');
      expect(facts).toContain('Care home service with nursing');
      expect(facts).toContain('Accommodation for persons who require nursing or personal care');
      const geography = (await page.getByTestId('home-geography').textContent()) ?? '';
      expect(geography).toContain('LS1 4AP');
      expect(geography).toContain('Yorkshire and the Humber');
      expect(geography).toContain('E54000054');

      const bedState = page.getByTestId('home-bed-state');
      await bedState.waitFor({ timeout: 15_000 });
      const beds = (await bedState.textContent()) ?? '';
      expect(beds).toMatch(/Updated (just now|1 minute ago)/);
      expect(beds).toContain('Learning Disability Residential');
      expect(beds).toContain('CQC registered beds: 40');
      // A discharge coordinator reads; only the home's people (and admins) get the update links.
      expect(await bedState.getByRole('link', { name: /Update vacancies/ }).count()).toBe(0);

      const history = page.locator('.cct-history');
      await history.waitFor({ timeout: 15_000 });
      const changes = (await history.textContent()) ?? '';
      expect(changes).toContain('Learning Disability Residential: figures entered');
      expect(changes).toContain('Services offered');
      expect(await horizontalOverflow(page), `home page at ${width}px scrolls sideways`).toBeLessThanOrEqual(
        0,
      );
      await checkA11y(page, `home page at ${width}px`);
      expect(errors()).toEqual([]);
      await page.close();
    }
  });

  it('shows an archived home as archived, with its history kept', async () => {
    const page = await browser.newPage({ width: 1280, height: 900 });
    await signInPatiently(page, svc.url, discharge);
    await page.goto(`${svc.url}/homes/${ABBEY}`);
    await page.getByRole('heading', { level: 1, name: 'Abbey Court Nursing Home' }).waitFor();
    const callout = page.locator('.nhsuk-warning-callout').first();
    await expect.poll(() => callout.textContent()).toContain('Dormant');
    expect(await callout.textContent()).toContain('Its history is kept');
    await page.getByTestId('home-bed-state').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('home-bed-state').textContent()).toContain('has not entered its vacancies');
    await checkA11y(page, 'archived home page');
    await page.close();
  });

  it('says when a home does not exist', async () => {
    const page = await browser.newPage({ width: 1280, height: 900 });
    await signInPatiently(page, svc.url, discharge);
    await page.goto(`${svc.url}/homes/1-8999999999`);
    await page
      .getByRole('heading', { level: 1 })
      .filter({ hasText: /not found/i })
      .waitFor({ timeout: 15_000 });
    await checkA11y(page, 'unknown home');
    await page.close();
  });
});
