import { existsSync, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { inject } from 'vitest';

/**
 * Real-browser helpers for end-to-end tests: the machine's Debian Chromium (Playwright's own
 * browser download needs the internet), axe-core WCAG checks, and signing in and out through the
 * web app the way a person does.
 */

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export const A11Y_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Builds the frontend the local service serves (web/dist) from the current source. The output
 * directory is not emptied first: test files run in parallel workers and may build at the same
 * time, and the content-hashed files they write are identical, so no test ever sees a missing file.
 */
export async function buildWeb(): Promise<void> {
  // The global setup builds it once per run; build here only when a file runs outside it.
  if (inject('webBuilt')) return;
  await build({
    configFile: fileURLToPath(new URL('../../web/vite.config.ts', import.meta.url)),
    logLevel: 'warn',
    build: { emptyOutDir: false },
  });
}

/** Why browser tests cannot run here, or undefined when they can. */
export function browserUnavailableReason(): string | undefined {
  return existsSync(CHROMIUM_PATH)
    ? undefined
    : `${CHROMIUM_PATH} not found (apt-get install -y chromium, or set CHROMIUM_PATH)`;
}

export interface TestBrowser {
  context: BrowserContext;
  /** A new tab; each tab has its own sessionStorage, so its own signed-in session. */
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

/** Chromium with a fresh, throw-away profile directory (removed by close()). */
export async function launchBrowser(): Promise<TestBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'cct-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  // Fail a step within seconds, naming the locator, rather than hitting the test's own timeout.
  context.setDefaultTimeout(10_000);
  return {
    context,
    async newPage(viewport) {
      const page = await context.newPage();
      if (viewport) await page.setViewportSize(viewport);
      return page;
    },
    async close() {
      await context.close().catch(() => undefined);
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs axe-core with the WCAG 2.0–2.2 A/AA rules and throws listing every serious or critical
 * violation (rule, impact, help, and the elements), so a failing test says what to fix.
 */
export async function checkA11y(page: Page, label = page.url()): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(A11Y_TAGS).analyze();
  const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (blocking.length === 0) return;
  const lines = blocking.map((v) => {
    const targets = v.nodes
      .slice(0, 5)
      .map(
        (n) =>
          `      ${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`,
      )
      .join('\n');
    return `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${targets}`;
  });
  throw new Error(`Accessibility violations on ${label}:\n${lines.join('\n')}`);
}

/** Signs in through the sign-in page and waits until the header shows the signed-in state. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  const account = page.getByRole('navigation', { name: 'Account' });
  const signedIn = account.getByRole('link', { name: 'Sign out' });
  const problem = page.locator('.nhsuk-error-summary');
  await signedIn.or(problem).first().waitFor({ state: 'visible', timeout: 15_000 });
  if (await problem.isVisible()) {
    throw new Error(
      `Sign-in failed for ${email}: ${((await problem.textContent()) ?? '').replace(/\s+/g, ' ')}`,
    );
  }
}

/** Signs out with the header link and waits for the signed-out confirmation. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Sign out' }).click();
  await page.getByRole('heading', { level: 1, name: 'You have signed out' }).waitFor({ timeout: 15_000 });
}

/**
 * Records every request the page makes to an origin not in `allowed`; the service must load
 * nothing from elsewhere (no fonts, CDNs or analytics). Returns a reader for the list.
 */
export function recordForeignRequests(page: Page, allowed: readonly string[]): () => string[] {
  const foreign: string[] = [];
  const origins = new Set(allowed.map((a) => new URL(a).origin));
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    if (!origins.has(new URL(url).origin)) foreign.push(url);
  });
  return () => [...foreign];
}

/** Width of the page's content beyond the viewport: 0 means no horizontal scrolling (WCAG 1.4.10 reflow). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/**
 * Records uncaught exceptions and console errors (which include Content-Security-Policy
 * violations). HTTP error statuses are left out: pages handle those and show them to people.
 */
export function recordPageErrors(page: Page): () => string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      errors.push(`console: ${message.text()}`);
    }
  });
  return () => [...errors];
}
