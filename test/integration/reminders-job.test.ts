import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { ReminderJobAborted, runReminderJob } from '../../shared/app/reminders/job';
import { orgIdFor } from '../../shared/domain/authz';
import { verifyLink } from '../../shared/domain/reminders';
import { DynamoRemindersStore } from '../../shared/infra/reminders-repository';
import {
  confirmTokenIn,
  homeItem,
  personItems,
  RecordingSender,
  type ReminderHomeFixture,
  staffMembership,
  writeItems,
} from '../support/reminders-fixtures';
import { useTestTable as freshTable } from '../support/service';

/**
 * The nightly job against DynamoDB Local with a controlled clock: which homes are stale (the 48-hour
 * boundary), who is written to, the send log (second run, resume after failure), digests by area.
 */
const SECRET = 'test-link-signing-secret-0123456789';
const NOW = new Date('2026-11-23T19:00:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const HOUR = 3_600_000;
const MINUTE = 60_000;

let seq = 0;
function home(over: Partial<ReminderHomeFixture> = {}): ReminderHomeFixture {
  seq += 1;
  return {
    locationId: `1-9${String(seq).padStart(9, '0')}`,
    name: `Fixture Home ${seq}`,
    providerId: `1-P${String(seq).padStart(6, '0')}`,
    localAuthority: 'Leeds',
    region: 'Yorkshire and the Humber',
    icbCode: 'E54000054',
    subIcbCode: 'E38000225',
    bedUpdatedAt: ago(72 * HOUR),
    ...over,
  };
}

async function setup() {
  // A fresh table per test, so each one's send log and homes stand alone.
  const { ddb, tableName } = await freshTable('rem');
  const store = new DynamoRemindersStore(ddb, tableName);
  const job = (sender: RecordingSender, extra: Partial<Parameters<typeof runReminderJob>[0]> = {}) =>
    runReminderJob({
      store,
      sender,
      linkSecret: SECRET,
      appBaseUrl: 'https://cct.example.test/',
      now: () => NOW,
      ...extra,
    });
  return { ddb, tableName, store, job };
}

describe('reminders job', () => {
  it('reminds at exactly 48:00 hours, not at 47:59, and never-updated homes get no confirm link', async () => {
    const { ddb, tableName, job } = await setup();
    const fresh = home({ bedUpdatedAt: ago(HOUR) });
    const almost = home({ bedUpdatedAt: ago(47 * HOUR + 59 * MINUTE) });
    const boundary = home({ bedUpdatedAt: ago(48 * HOUR) });
    const never = home({ bedUpdatedAt: null });
    const archived = home({ bedUpdatedAt: ago(96 * HOUR), registryStatus: 'archived' });
    const homes = [fresh, almost, boundary, never, archived];
    await writeItems(ddb, tableName, [
      ...homes.map(homeItem),
      ...homes.flatMap((h, i) =>
        personItems({ sub: `staff-${i}`, email: `staff${i}@example.test` }, [staffMembership(h)]),
      ),
    ]);

    const sender = new RecordingSender();
    const summary = await job(sender);
    expect(summary.staleHomes).toBe(2);
    expect(summary.remindersSent).toBe(2);
    expect(sender.sent.map((m) => m.to).sort()).toEqual(['staff2@example.test', 'staff3@example.test']);

    const atBoundary = sender.sent.find((m) => m.to === 'staff2@example.test');
    expect(atBoundary?.kind).toBe('reminder');
    expect(atBoundary?.text).toContain(
      `https://cct.example.test/care-homes/${boundary.locationId}/vacancies`,
    );
    expect(atBoundary?.text).toContain('updated 2 days ago');
    const token = confirmTokenIn(atBoundary?.text ?? '');
    expect(token).toBeDefined();
    const verified = verifyLink(token ?? '', SECRET, NOW);
    expect(verified.ok && verified.claims).toMatchObject({ locationId: boundary.locationId, sub: 'staff-2' });
    // 72 hours, to the second.
    expect(verified.ok && verified.claims.expiresAt).toBe(NOW.getTime() / 1000 + 72 * 3600);
    expect(atBoundary?.html).toContain('Nothing has changed');
    // No images, no remote resources, no tracking.
    expect(atBoundary?.html).not.toMatch(/<img|<link|<script|url\(/i);
    expect(atBoundary?.html).toContain('https://cct.example.test/account#notifications');

    const neverMail = sender.sent.find((m) => m.to === 'staff3@example.test');
    expect(neverMail?.text).toContain('never updated');
    expect(confirmTokenIn(neverMail?.text ?? '')).toBeUndefined();
  });

  it('a second run on the same London day sends nothing; the next day it reminds again', async () => {
    const { ddb, tableName, job } = await setup();
    const h = home();
    await writeItems(ddb, tableName, [
      homeItem(h),
      ...personItems({ sub: 'again-1', email: 'again1@example.test' }, [staffMembership(h)]),
      ...personItems({ sub: 'again-la', email: 'again-la@example.test' }, [
        {
          orgId: orgIdFor.localAuthority('Leeds'),
          orgType: 'local-authority',
          orgName: 'Leeds',
          role: 'la-officer',
        },
      ]),
    ]);
    const first = new RecordingSender();
    expect(await job(first)).toMatchObject({ remindersSent: 1, digestsSent: 1 });
    const second = new RecordingSender();
    // 23:59 in London (GMT in November) is still the same day.
    const late = new Date('2026-11-23T23:59:00.000Z');
    const again = await job(second, { now: () => late });
    expect(second.sent).toEqual([]);
    expect(again).toMatchObject({ remindersSent: 0, digestsSent: 0, alreadySent: 2 });
    const nextDay = new RecordingSender();
    await job(nextDay, { now: () => new Date('2026-11-24T00:01:00.000Z') });
    expect(nextDay.sent.map((m) => m.kind).sort()).toEqual(['digest', 'reminder']);
  });

  it('writes once to each person of the home and its provider, and skips disabled, opted-out and suppressed people', async () => {
    const { ddb, tableName, store, job } = await setup();
    const h = home();
    const providerStaff = {
      orgId: orgIdFor.provider(h.providerId),
      orgType: 'provider' as const,
      orgName: 'P',
      role: 'care-home-staff' as const,
    };
    const approver = { ...providerStaff, role: 'provider-approver' as const };
    await writeItems(ddb, tableName, [
      homeItem(h),
      // Staff of the home AND of its provider: one email.
      ...personItems({ sub: 'both', email: 'both@example.test' }, [staffMembership(h), providerStaff]),
      ...personItems({ sub: 'approver', email: 'approver@example.test' }, [approver]),
      ...personItems({ sub: 'disabled', email: 'disabled@example.test', disabled: true }, [
        staffMembership(h),
      ]),
      ...personItems({ sub: 'opted-out', email: 'opted-out@example.test' }, [staffMembership(h)]),
      ...personItems({ sub: 'bounced', email: 'Bounced@Example.test' }, [staffMembership(h)]),
      // Staff of another provider's home: nothing.
      ...personItems({ sub: 'elsewhere', email: 'elsewhere@example.test' }, [
        staffMembership(home({ bedUpdatedAt: ago(HOUR) })),
      ]),
    ]);
    await store.putPreferences('opted-out', {
      reminders: false,
      digests: true,
      updatedAt: NOW.toISOString(),
    });
    await store.recordEmailEvent({
      email: 'bounced@example.test',
      type: 'bounce',
      subType: 'Permanent',
      at: NOW.toISOString(),
      suppress: true,
    });

    const sender = new RecordingSender();
    const summary = await job(sender);
    expect(sender.sent.map((m) => m.to).sort()).toEqual(['approver@example.test', 'both@example.test']);
    expect(summary).toMatchObject({ remindersSent: 2, disabled: 1, optedOut: 1, suppressed: 1 });
  });

  it('a run that fails part-way resumes without duplicates', async () => {
    const { ddb, tableName, job } = await setup();
    const homes = Array.from({ length: 10 }, () => home());
    await writeItems(ddb, tableName, [
      ...homes.map(homeItem),
      ...homes.flatMap((h, i) =>
        personItems({ sub: `resume-${i}`, email: `resume${i}@example.test` }, [staffMembership(h)]),
      ),
    ]);
    const failing = new RecordingSender(3);
    const error = await job(failing, { maxConsecutiveFailures: 2, concurrency: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReminderJobAborted);
    expect(failing.sent).toHaveLength(3);
    expect((error as ReminderJobAborted).summary.failed).toBe(2);

    const healthy = new RecordingSender();
    const summary = await job(healthy);
    expect(healthy.sent).toHaveLength(7);
    expect(summary.alreadySent).toBe(3);
    const everyone = [...failing.sent, ...healthy.sent].map((m) => m.to);
    expect(new Set(everyone).size).toBe(10);
    expect(everyone).toHaveLength(10);

    const third = new RecordingSender();
    await job(third);
    expect(third.sent).toEqual([]);
  });

  it('a send claimed by a run that crashed before recording it is not sent again', async () => {
    const { ddb, tableName, store, job } = await setup();
    const h = home();
    await writeItems(ddb, tableName, [
      homeItem(h),
      ...personItems({ sub: 'crash', email: 'crash@example.test' }, [staffMembership(h)]),
    ]);
    expect(
      await store.claimSend(
        '2026-11-23',
        'reminder',
        `${h.locationId}#crash`,
        'crash@example.test',
        NOW.toISOString(),
      ),
    ).toBe('claimed');
    const sender = new RecordingSender();
    const summary = await job(sender);
    expect(sender.sent).toEqual([]);
    expect(summary.alreadySent).toBe(1);
  });

  it('sends one digest per commissioner or LA officer, covering the homes of their areas', async () => {
    const { ddb, tableName, store, job } = await setup();
    const leeds = home({ name: 'Aire View', localAuthority: 'Leeds' });
    const leedsNever = home({ name: 'Beck House', localAuthority: 'Leeds', bedUpdatedAt: null });
    const york = home({
      name: 'Minster Court',
      localAuthority: 'York',
      icbCode: 'E54000051',
      subIcbCode: 'E38000188',
    });
    const london = home({
      name: 'Thames Lodge',
      localAuthority: 'Camden',
      region: 'London',
      icbCode: 'E54000028',
    });
    const leedsFresh = home({ name: 'Fresh Fields', bedUpdatedAt: ago(HOUR) });
    const la = (name: string) => ({
      orgId: orgIdFor.localAuthority(name),
      orgType: 'local-authority' as const,
      orgName: name,
    });
    await writeItems(ddb, tableName, [
      ...[leeds, leedsNever, york, london, leedsFresh].map(homeItem),
      ...personItems({ sub: 'la-leeds', email: 'la-leeds@example.test' }, [
        { ...la('Leeds'), role: 'la-officer' },
      ]),
      // Two memberships: one digest covering both.
      ...personItems({ sub: 'comm-two', email: 'comm-two@example.test' }, [
        { ...la('Leeds'), role: 'commissioner' },
        { ...la('York'), role: 'commissioner' },
      ]),
      ...personItems({ sub: 'comm-icb', email: 'comm-icb@example.test' }, [
        {
          orgId: orgIdFor.icb('E54000054'),
          orgType: 'icb',
          orgName: 'West Yorkshire ICB',
          role: 'commissioner',
        },
      ]),
      ...personItems({ sub: 'comm-region', email: 'comm-region@example.test' }, [
        { orgId: orgIdFor.region('London'), orgType: 'region', orgName: 'London', role: 'commissioner' },
      ]),
      ...personItems({ sub: 'comm-national', email: 'national@example.test' }, [
        { orgId: orgIdFor.national(), orgType: 'national', orgName: 'England', role: 'commissioner' },
      ]),
      ...personItems({ sub: 'comm-quiet', email: 'quiet@example.test' }, [
        { orgId: orgIdFor.national(), orgType: 'national', orgName: 'England', role: 'commissioner' },
      ]),
      // A discharge team member of Leeds gets no digest.
      ...personItems({ sub: 'discharge', email: 'discharge@example.test' }, [
        { ...la('Leeds'), role: 'discharge' },
      ]),
    ]);
    await store.putPreferences('comm-quiet', { reminders: true, digests: false, updatedAt: null });
    const sender = new RecordingSender();
    const summary = await job(sender);
    const digests = new Map(sender.sent.filter((m) => m.kind === 'digest').map((m) => [m.to, m]));
    expect([...digests.keys()].sort()).toEqual([
      'comm-icb@example.test',
      'comm-region@example.test',
      'comm-two@example.test',
      'la-leeds@example.test',
      'national@example.test',
    ]);
    expect(summary.digestsSent).toBe(5);
    const listed = (to: string) =>
      ['Aire View', 'Beck House', 'Minster Court', 'Thames Lodge', 'Fresh Fields'].filter((n) =>
        digests.get(to)?.text.includes(n),
      );
    expect(listed('la-leeds@example.test')).toEqual(['Aire View', 'Beck House']);
    expect(listed('comm-two@example.test')).toEqual(['Aire View', 'Beck House', 'Minster Court']);
    expect(listed('comm-icb@example.test')).toEqual(['Aire View', 'Beck House']);
    expect(listed('comm-region@example.test')).toEqual(['Thames Lodge']);
    expect(listed('national@example.test')).toEqual([
      'Aire View',
      'Beck House',
      'Minster Court',
      'Thames Lodge',
    ]);
    expect(digests.get('la-leeds@example.test')?.subject).toBe(
      '2 care homes in your area have not updated in 48 hours',
    );
    // Never updated first (longest without an update), then by days.
    const text = digests.get('la-leeds@example.test')?.text ?? '';
    expect(text.indexOf('Beck House')).toBeLessThan(text.indexOf('Aire View'));
    expect(text).toContain('https://cct.example.test/not-updating');
  });

  it('reads homes a bounded page at a time', async () => {
    const { ddb, tableName, store } = await setup();
    const homes = Array.from({ length: 8 }, () => home());
    await writeItems(ddb, tableName, homes.map(homeItem));
    const pages: number[] = [];
    for await (const page of store.staleHomes(NOW.toISOString(), 3)) pages.push(page.length);
    expect(pages.every((n) => n <= 3)).toBe(true);
    expect(pages.reduce((a, b) => a + b, 0)).toBe(8);
  });

  it('records SES bounces and complaints; only permanent bounces and complaints suppress', async () => {
    const { ddb, tableName, store } = await setup();
    const { recordSesEvents } = await import('../../shared/app/reminders/ses-events');
    const sns = (message: unknown) => ({
      Records: [{ Sns: { Message: JSON.stringify(message), Timestamp: NOW.toISOString() } }],
    });
    const permanent = await recordSesEvents(
      sns({
        eventType: 'Bounce',
        mail: { messageId: 'm1' },
        bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'Gone@Example.test' }] },
      }),
      store,
    );
    await recordSesEvents(
      sns({
        eventType: 'Bounce',
        mail: { messageId: 'm2' },
        bounce: { bounceType: 'Transient', bouncedRecipients: [{ emailAddress: 'full@example.test' }] },
      }),
      store,
    );
    await recordSesEvents(
      sns({
        eventType: 'Complaint',
        mail: { messageId: 'm3' },
        complaint: { complainedRecipients: [{ emailAddress: 'angry@example.test' }] },
      }),
      store,
    );
    const junk = await recordSesEvents({ Records: [{ Sns: { Message: 'not json' } }] }, store);
    expect(permanent).toEqual({ recorded: 1, ignored: 0 });
    expect(junk).toEqual({ recorded: 0, ignored: 1 });
    expect(await store.isSuppressed('gone@example.test')).toBe(true);
    expect(await store.isSuppressed('full@example.test')).toBe(false);
    expect(await store.isSuppressed('angry@example.test')).toBe(true);
    void ddb;
    void tableName;
    void PutCommand;
  });
});
