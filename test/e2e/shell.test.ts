import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../../local/service';
import type { Role } from '../../shared/domain/roles';
import { startTestService } from '../support/service';
import {
  browserUnavailableReason,
  buildWeb,
  checkA11y,
  horizontalOverflow,
  launchBrowser,
  recordForeignRequests,
  recordPageErrors,
  signIn,
  signOut,
  type TestBrowser,
} from './harness';

/**
 * The web shell in a real browser against the whole local service: navigation by role, the
 * account pages and their error handling, token refresh, and WCAG 2.2 AA checks with axe at
 * phone and desktop widths.
 */

const unavailable = browserUnavailableReason();
if (unavailable) console.warn(`[e2e/shell] skipped: ${unavailable}`);

/** Header navigation each role must see (from the issue), in order. */
const EXPECTED_NAV: Record<Role, string[]> = {
  'care-home-staff': ['My care homes', 'Care homes', 'My account', 'Request access'],
  'provider-approver': [
    'My care homes',
    'Bulk update',
    'Care homes',
    'Approvals',
    'My account',
    'Request access',
  ],
  discharge: ['Find vacancies', 'Care homes', 'My account', 'Request access'],
  'la-officer': ['Find vacancies', 'Care homes', 'Not updating', 'My account', 'Request access'],
  commissioner: [
    'Find vacancies',
    'Care homes',
    'Not updating',
    'Capacity dashboard',
    'My account',
    'Request access',
  ],
  admin: [
    'Find vacancies',
    'Care homes',
    'Capacity dashboard',
    'Approvals',
    'Users',
    'Suppliers',
    'My account',
    'Request access',
  ],
  supplier: ['Care homes', 'My account', 'Request access'],
};

/** A page each role may not open (to check the refusal page), where one exists. */
const FORBIDDEN_FOR: Partial<Record<Role, string>> = {
  'care-home-staff': '/admin/users',
  discharge: '/care-homes',
  'la-officer': '/approvals',
  commissioner: '/bulk-update',
  admin: '/care-homes',
  'provider-approver': '/find-vacancies',
};

const TITLE = /^(Error: )?\S.* – Care Capacity Tracker$/;
const WIDTHS = [320, 1280] as const;
/** Cognito and the API answer within this, even on a busy machine. */
const POLL = { timeout: 15_000, interval: 200 };

async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('main h1').first().waitFor({ state: 'visible', timeout: 15_000 });
}

async function navLabels(page: Page): Promise<string[]> {
  const nav = page.getByRole('navigation', { name: 'Menu' });
  if ((await nav.count()) === 0) return [];
  return (await nav.getByRole('link').allInnerTexts()).map((t) => t.trim());
}

async function latestCode(svc: RunningService, email: string, after: string): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const res = await fetch(`${svc.url}/dev/outbox.json`);
    const messages = (await res.json()) as Array<{ to: string; code?: string; sentAt: string }>;
    const found = messages.find((m) => m.to === email && m.code && m.sentAt > after);
    if (found?.code) return found.code;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`No code was emailed to ${email}`);
}

describe.skipIf(unavailable !== undefined)('web shell (real browser, local service)', () => {
  let svc: RunningService;
  let browser: TestBrowser;
  let allowedOrigins: string[];

  beforeAll(async () => {
    // Always test the current source: build the frontend the service serves.
    await buildWeb();
    svc = await startTestService();
    browser = await launchBrowser();
    allowedOrigins = [svc.url, svc.env.COGNITO_ENDPOINT ?? svc.url];
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
  }, 300_000);

  it('serves the signed-out pages with NHS titles, no horizontal scrolling and no axe violations', async () => {
    const pages = [
      '/',
      '/sign-in',
      '/register',
      '/forgot-password',
      '/verify-email',
      '/accessibility',
      '/cookies',
    ];
    for (const width of WIDTHS) {
      const page = await browser.newPage({ width, height: 900 });
      const foreign = recordForeignRequests(page, allowedOrigins);
      const errors = recordPageErrors(page);
      for (const path of pages) {
        await open(page, `${svc.url}${path}`);
        expect(await page.title(), `${path} title`).toMatch(TITLE);
        expect(
          await page.locator('a.nhsuk-skip-link[href="#maincontent"]').count(),
          `${path} skip link`,
        ).toBe(1);
        expect(await page.locator('main#maincontent').count(), `${path} main landmark`).toBe(1);
        expect(await horizontalOverflow(page), `${path} at ${width}px scrolls sideways`).toBeLessThanOrEqual(
          0,
        );
        await checkA11y(page, `${path} at ${width}px`);
      }
      await open(page, `${svc.url}/no-such-page`);
      expect(await page.title()).toBe('Page not found – Care Capacity Tracker');
      expect(foreign(), 'requests to other origins').toEqual([]);
      expect(errors(), 'script errors and CSP violations').toEqual([]);
      await page.close();
    }
  }, 300_000);

  it('shows errors beside the fields and in a focused error summary', async () => {
    const page = await browser.newPage({ width: 1280, height: 900 });
    await open(page, `${svc.url}/sign-in`);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const summary = page.locator('.nhsuk-error-summary');
    await summary.waitFor();
    expect(await page.evaluate(() => document.activeElement?.classList.contains('nhsuk-error-summary'))).toBe(
      true,
    );
    expect(await page.title()).toBe('Error: Sign in – Care Capacity Tracker');
    expect(await summary.getByRole('link').allInnerTexts()).toEqual([
      'Enter your email address',
      'Enter your password',
    ]);
    expect(await page.locator('#email-error').textContent()).toContain('Enter your email address');
    expect(await page.locator('#email').getAttribute('aria-describedby')).toContain('email-error');
    await checkA11y(page, 'sign-in with errors');
    await summary.getByRole('link', { name: 'Enter your email address' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('email');

    const someone = svc.demoUsers[0];
    if (!someone) throw new Error('no demo users');
    await page.locator('#email').fill(someone.email);
    await page.locator('#password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect
      .poll(() => page.locator('#password-error').textContent(), POLL)
      .toContain('The email address or password is not correct');

    await open(page, `${svc.url}/register`);
    await page.locator('#name').fill('Test Person');
    await page.locator('#email').fill(`short-${randomUUID()}@example.org`);
    await page.locator('#password').fill('too short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect
      .poll(() => page.locator('#password-error').textContent(), POLL)
      .toContain('at least 12 characters');
    expect(await page.locator('#password-hint').textContent()).toContain('at least 12 characters');

    await page.locator('#email').fill(someone.email);
    await page.locator('#password').fill('a long enough password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect
      .poll(() => page.locator('#email-error').textContent(), POLL)
      .toContain('An account with this email address already exists');
    await checkA11y(page, 'register with errors');
    await page.close();
  }, 300_000);

  it('gives each demo user the navigation of their role, an accessible home and account page, and signs out', async () => {
    expect(svc.demoUsers.length).toBeGreaterThan(0);
    for (const user of svc.demoUsers) {
      const page = await browser.newPage({ width: 1280, height: 900 });
      const foreign = recordForeignRequests(page, allowedOrigins);
      const errors = recordPageErrors(page);
      await signIn(page, svc.url, user.email, user.password);
      await page.locator('main h1').first().waitFor();
      expect(await navLabels(page), `navigation for ${user.role}`).toEqual(EXPECTED_NAV[user.role]);
      await checkA11y(page, `home for ${user.role}`);

      await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'My account' }).click();
      await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
      expect(await page.title()).toBe('My account – Care Capacity Tracker');
      expect(await page.getByTestId('account-email').textContent()).toBe(user.email);
      await expect.poll(() => page.locator('main').textContent(), POLL).toContain(user.organisation.name);
      await checkA11y(page, `account for ${user.role}`);
      await page.setViewportSize({ width: 320, height: 800 });
      expect(await horizontalOverflow(page), `account at 320px for ${user.role}`).toBeLessThanOrEqual(0);
      await checkA11y(page, `account at 320px for ${user.role}`);
      await page.setViewportSize({ width: 1280, height: 900 });

      const forbidden = FORBIDDEN_FOR[user.role];
      if (forbidden) {
        await open(page, `${svc.url}${forbidden}`);
        expect(await page.locator('main h1').textContent()).toBe('You cannot use this page');
      }

      await signOut(page);
      await checkA11y(page, `signed out (${user.role})`);
      expect(await navLabels(page)).toEqual([]);
      await open(page, `${svc.url}/account`);
      expect(new URL(page.url()).pathname).toBe('/sign-in');
      expect(foreign(), `requests to other origins for ${user.role}`).toEqual([]);
      expect(errors(), `script errors and CSP violations for ${user.role}`).toEqual([]);
      await page.close();
    }
  }, 480_000);

  it('sends a signed-out visitor to sign in and back to the page they asked for', async () => {
    const user = svc.demoUsers[0];
    if (!user) throw new Error('no demo users');
    const page = await browser.newPage();
    await open(page, `${svc.url}/account`);
    expect(page.url()).toBe(`${svc.url}/sign-in?next=%2Faccount`);
    await page.locator('#email').fill(user.email);
    await page.locator('#password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/account');
    await page.close();
  }, 300_000);

  it('refreshes an access token that is about to expire, keeping the person signed in across a reload', async () => {
    const user = svc.demoUsers[0];
    if (!user) throw new Error('no demo users');
    const page = await browser.newPage();
    await signIn(page, svc.url, user.email, user.password);
    const before = await page.evaluate(() => {
      const raw = sessionStorage.getItem('cct.session.v1') ?? '{}';
      const session = JSON.parse(raw) as { accessToken: string; expiresAt: number };
      // Pretend the token expires in 5 seconds: the app must refresh it before using it.
      session.expiresAt = Date.now() + 5000;
      sessionStorage.setItem('cct.session.v1', JSON.stringify(session));
      return session.accessToken;
    });
    await new Promise((r) => setTimeout(r, 1100)); // Cognito token times have 1-second resolution.
    await page.reload();
    await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Sign out' }).waitFor();
    const stored = () =>
      page.evaluate(() => {
        const s = JSON.parse(sessionStorage.getItem('cct.session.v1') ?? '{}') as {
          accessToken?: string;
          expiresAt?: number;
        };
        return {
          accessToken: s.accessToken,
          minutesLeft: Math.round(((s.expiresAt ?? 0) - Date.now()) / 60000),
        };
      });
    await expect.poll(async () => (await stored()).minutesLeft, POLL).toBe(15);
    expect((await stored()).accessToken).not.toBe(before);
    await page.close();
  }, 300_000);

  it('creates an account, confirms the email, changes and resets the password', async () => {
    const page = await browser.newPage({ width: 320, height: 800 });
    const email = `new-${randomUUID().slice(0, 8)}@example.org`;
    const firstPassword = 'correct horse battery';
    const secondPassword = 'staple paper clip lamp';
    const thirdPassword = 'a completely new phrase';

    let since = new Date().toISOString();
    await open(page, `${svc.url}/register`);
    await page.locator('#name').fill('Ada Lovelace');
    await page.locator('#email').fill(email);
    await page.locator('#password').fill(firstPassword);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Confirm your email address' }).waitFor();
    expect(await page.locator('#email').inputValue()).toBe(email);
    await checkA11y(page, 'verify email');
    await page.locator('#code').fill('000000');
    await page.getByRole('button', { name: 'Confirm email address' }).click();
    await expect
      .poll(() => page.locator('#code-error').textContent(), POLL)
      .toContain('The code is not correct');
    await page.locator('#code').fill(await latestCode(svc, email, since));
    await page.getByRole('button', { name: 'Confirm email address' }).click();
    await page.getByText('Your email address is confirmed').waitFor();
    expect(await page.locator('#email').inputValue()).toBe(email);

    await page.locator('#password').fill(firstPassword);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Sign out' }).waitFor();
    // No memberships yet: only the links everyone signed in has.
    expect(await navLabels(page)).toEqual(['Care homes', 'My account', 'Request access']);

    await open(page, `${svc.url}/account/change-password`);
    await checkA11y(page, 'change password');
    await page.locator('#current-password').fill('wrong current password');
    await page.locator('#new-password').fill(secondPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect
      .poll(() => page.locator('#current-password-error').textContent(), POLL)
      .toContain('Your current password is not correct');
    await page.locator('#current-password').fill(firstPassword);
    await page.locator('#new-password').fill(secondPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Your password has been changed').waitFor();
    await signOut(page);

    since = new Date().toISOString();
    await open(page, `${svc.url}/forgot-password`);
    await page.locator('#email').fill(email);
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.getByRole('heading', { level: 1, name: 'Enter the code and a new password' }).waitFor();
    await checkA11y(page, 'reset password, second step');
    await page.locator('#code').fill(await latestCode(svc, email, since));
    await page.locator('#password').fill(thirdPassword);
    await page.getByRole('button', { name: 'Reset password' }).click();
    await page.getByText('Your password has been changed. Sign in with your new password.').waitFor();
    await page.locator('#password').fill(thirdPassword);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Sign out' }).waitFor();
    await signOut(page);
    await page.close();
  });
});
