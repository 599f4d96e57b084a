import { describe, expect, it } from 'vitest';
import { nextRuns } from '../../../local/cron';
import {
  linkExpiry,
  londonDay,
  parseReminderTime,
  REMINDER_TIME_ZONE,
  reminderCron,
  renderDigest,
  renderReminder,
  signLink,
  verifyLink,
} from '../../../shared/domain/reminders';
import { isStale } from '../../../shared/domain/vacancy';
import { schedules } from '../../../shared/wiring/definitions';

const SECRET = 'unit-test-secret-0123456789abcdef';
const NOW = new Date('2026-11-23T19:00:00.000Z');

describe('reminder schedule', () => {
  it('is in definitions.ts at 19:00 Europe/London by default', () => {
    const s = schedules.find((x) => x.name === 'reminders');
    expect(s).toMatchObject({ cron: 'cron(0 19 * * ? *)', timezone: 'Europe/London', fn: 'remindersJob' });
  });

  it('takes REMINDER_TIME as HH:MM or HH and refuses anything else, naming the setting', () => {
    expect(reminderCron(undefined)).toBe('cron(0 19 * * ? *)');
    expect(reminderCron('07:30')).toBe('cron(30 7 * * ? *)');
    expect(reminderCron('18')).toBe('cron(0 18 * * ? *)');
    expect(parseReminderTime(' ')).toEqual({ hour: 19, minute: 0 });
    for (const bad of ['24:00', '19:60', '7pm', '19:5', '-1']) {
      expect(() => reminderCron(bad)).toThrow(/REMINDER_TIME must be a 24-hour time/);
    }
  });

  it('runs at 19:00 London time across the March and October clock changes', () => {
    const cron = reminderCron('19:00');
    // Spring forward: Sunday 29 March 2026 01:00 GMT -> 02:00 BST.
    const spring = nextRuns(cron, REMINDER_TIME_ZONE, new Date('2026-03-27T12:00:00Z'), 4).map((d) =>
      d.toISOString(),
    );
    expect(spring).toEqual([
      '2026-03-27T19:00:00.000Z', // GMT
      '2026-03-28T19:00:00.000Z', // GMT
      '2026-03-29T18:00:00.000Z', // BST: 19:00 local
      '2026-03-30T18:00:00.000Z',
    ]);
    // Fall back: Sunday 25 October 2026 02:00 BST -> 01:00 GMT.
    const autumn = nextRuns(cron, REMINDER_TIME_ZONE, new Date('2026-10-23T12:00:00Z'), 4).map((d) =>
      d.toISOString(),
    );
    expect(autumn).toEqual([
      '2026-10-23T18:00:00.000Z', // BST
      '2026-10-24T18:00:00.000Z', // BST
      '2026-10-25T19:00:00.000Z', // GMT: 19:00 local
      '2026-10-26T19:00:00.000Z',
    ]);
  });

  it('a time inside the skipped or repeated hour runs once a day', () => {
    const cron = reminderCron('01:30');
    const spring = nextRuns(cron, REMINDER_TIME_ZONE, new Date('2026-03-28T00:00:00Z'), 2).map((d) =>
      d.toISOString(),
    );
    // 01:30 does not exist on 29 March: the next run is the day after, as EventBridge Scheduler skips it.
    expect(spring).toEqual(['2026-03-28T01:30:00.000Z', '2026-03-30T00:30:00.000Z']);
    const autumn = nextRuns(cron, REMINDER_TIME_ZONE, new Date('2026-10-24T12:00:00Z'), 2).map((d) =>
      d.toISOString(),
    );
    // 01:30 happens twice on 25 October: it runs at the first only.
    expect(autumn).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
  });

  it('counts days in London time, for the send log', () => {
    expect(londonDay(new Date('2026-11-23T23:59:59Z'))).toBe('2026-11-23');
    expect(londonDay(new Date('2026-11-24T00:00:00Z'))).toBe('2026-11-24');
    // BST: 23:30 UTC on 30 June is already 1 July in London.
    expect(londonDay(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
  });
});

describe('48-hour rule (the job uses isStale, the same rule as the badges)', () => {
  const at = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
  it('47:59 is not stale, 48:00 is, never updated is', () => {
    expect(isStale(at((47 * 60 + 59) * 60_000), NOW)).toBe(false);
    expect(isStale(at(48 * 3_600_000 - 1), NOW)).toBe(false);
    expect(isStale(at(48 * 3_600_000), NOW)).toBe(true);
    expect(isStale(null, NOW)).toBe(true);
  });
});

describe('one-click link token', () => {
  const claims = {
    nonce: 'abcDEF123_-',
    locationId: '1-123456789',
    sub: 'user-sub-1',
    expiresAt: linkExpiry(NOW),
  };

  it('round-trips and expires 72 hours after issue, to the second', () => {
    const token = signLink(claims, SECRET);
    expect(verifyLink(token, SECRET, NOW)).toEqual({ ok: true, claims });
    // The token is the last path segment of /confirm/<token>: no '.', or CloudFront would not serve the app.
    expect(token).toMatch(/^[A-Za-z0-9_~-]+$/);
    expect(claims.expiresAt - NOW.getTime() / 1000).toBe(72 * 3600);
    const justBefore = new Date((claims.expiresAt - 1) * 1000);
    expect(verifyLink(token, SECRET, justBefore).ok).toBe(true);
    expect(verifyLink(token, SECRET, new Date(claims.expiresAt * 1000))).toMatchObject({
      ok: false,
      reason: 'expired',
    });
  });

  it('refuses a signature spelt differently in the spare bits of its last character', () => {
    const token = signLink(claims, SECRET);
    const [payload, signature] = token.split('~') as [string, string];
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // 32 bytes in 43 characters: the last character's two lowest bits carry nothing.
    const last = alphabet.indexOf(signature.at(-1) ?? 'A');
    const respelt = `${signature.slice(0, -1)}${alphabet[last ^ 1]}`;
    expect(Buffer.from(respelt, 'base64url')).toEqual(Buffer.from(signature, 'base64url'));
    expect(verifyLink(`${payload}~${respelt}`, SECRET, NOW)).toMatchObject({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('refuses a changed payload, a changed signature, another secret and rubbish', () => {
    const token = signLink(claims, SECRET);
    const [payload, signature] = token.split('~') as [string, string];
    const otherHome = signLink({ ...claims, locationId: '1-999999999' }, SECRET).split('~')[0];
    expect(verifyLink(`${otherHome}~${signature}`, SECRET, NOW)).toMatchObject({
      ok: false,
      reason: 'bad-signature',
    });
    const flipped = `${payload}~${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(verifyLink(flipped, SECRET, NOW)).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(verifyLink(token, 'another-secret-0123456789abcdef', NOW)).toMatchObject({
      ok: false,
      reason: 'bad-signature',
    });
    for (const bad of ['', 'abc', 'a~b~c', `${payload}~`, '<script>.x', 'x'.repeat(2000)]) {
      expect(verifyLink(bad, SECRET, NOW)).toMatchObject({ ok: false, reason: 'malformed' });
    }
  });
});

describe('emails', () => {
  it('escape names, carry both links and the settings link, and load nothing remote', () => {
    const email = renderReminder({
      homeName: 'St <Mary> & "Joseph"',
      locationId: '1-1',
      freshnessLabel: 'updated 3 days ago',
      updateUrl: 'https://cct.example/care-homes/1-1/vacancies',
      confirmUrl: 'https://cct.example/confirm/abc.def',
      confirmExpires: 'at Thursday 26 November 19:00 (UK time)',
      settingsUrl: 'https://cct.example/account#notifications',
    });
    expect(email.subject).toBe('Please update the vacancies for St <Mary> & "Joseph"');
    expect(email.html).toContain('St &lt;Mary&gt; &amp; &quot;Joseph&quot;');
    expect(email.html).not.toContain('<Mary>');
    expect(email.html).not.toMatch(/<img|<script|<link|src=|url\(/i);
    for (const part of [email.text, email.html]) {
      expect(part).toContain('https://cct.example/care-homes/1-1/vacancies');
      expect(part).toContain('https://cct.example/confirm/abc.def');
      expect(part).toContain('https://cct.example/account#notifications');
    }
  });

  it('the digest lists at most the homes given and says how many more', () => {
    const email = renderDigest({
      areaNames: ['Leeds'],
      totalHomes: 60,
      homes: [
        { name: 'A', locationId: '1-1', daysSinceUpdate: 1 },
        { name: 'B', locationId: '1-2', daysSinceUpdate: null },
      ],
      notUpdatingUrl: 'https://cct.example/not-updating',
      settingsUrl: 'https://cct.example/account#notifications',
    });
    expect(email.subject).toBe('60 care homes in your area have not updated in 48 hours');
    expect(email.text).toContain('and 58 more.');
    expect(email.text).toContain('- B (1-2): never updated');
    expect(email.html).toContain('<th scope="col"');
  });
});
