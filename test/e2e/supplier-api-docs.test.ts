import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../../local/service';
import { startTestService } from '../support/service';
import {
  browserUnavailableReason,
  checkA11y,
  horizontalOverflow,
  launchBrowser,
  recordForeignRequests,
  recordPageErrors,
  type TestBrowser,
} from './harness';

/**
 * The supplier API's documentation page in a real browser: it renders the OpenAPI document
 * (every operation, with its parameters and responses), fetches nothing else, works at 320 px and
 * by keyboard, and axe finds no serious or critical issue.
 */
const unavailable = browserUnavailableReason();
if (unavailable) console.warn(`[e2e/supplier-api-docs] skipped: ${unavailable}`);

describe.skipIf(unavailable !== undefined)('supplier API docs page (real browser)', () => {
  let svc: RunningService;
  let browser: TestBrowser;

  beforeAll(async () => {
    svc = await startTestService();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
  });

  for (const width of [1280, 320]) {
    it(`renders every operation, accessibly, at ${width} px`, async () => {
      const page = await browser.newPage({ width, height: 900 });
      const errors = recordPageErrors(page);
      const foreign = recordForeignRequests(page, [svc.url]);
      const res = await page.goto(`${svc.url}/api/supplier/v1/docs`);
      expect(res?.status()).toBe(200);
      await expect
        .poll(() => page.locator('h1').textContent(), { timeout: 15_000 })
        .toBe('Care Capacity Tracker supplier API');
      for (const id of ['putBedStates', 'listBedStates', 'getOpenApiDocument', 'getApiDocs']) {
        expect(await page.locator(`#op-${id}`).count()).toBe(1);
      }
      expect(
        await page.locator('#op-putBedStates ~ dl dt code', { hasText: 'Idempotency-Key' }).count(),
      ).toBe(1);
      expect(await page.getByRole('heading', { name: 'VacancyRow', exact: true }).count()).toBe(1);
      // Keyboard: the first Tab reaches the skip link, which moves focus to the content.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to main content');
      expect(await horizontalOverflow(page)).toBe(0);
      await checkA11y(page, `supplier API docs at ${width} px`);
      // The link to the machine-readable document resolves, from the page, to the JSON document.
      const href = await page.getByRole('link', { name: /OpenAPI 3.1 document/ }).getAttribute('href');
      const linked = await page.request.get(new URL(href ?? '', page.url()).toString());
      expect(linked.status()).toBe(200);
      expect(((await linked.json()) as { openapi?: string }).openapi).toBe('3.1.0');
      expect(errors()).toEqual([]);
      expect(foreign()).toEqual([]);
      await page.close();
    });
  }
});
