import { randomBytes } from 'node:crypto';
import { orgCoversArea, orgIdFor } from '../../domain/authz';
import {
  DIGEST_LIST_LIMIT,
  type DigestHome,
  LINK_TTL_HOURS,
  linkExpiry,
  londonDay,
  renderDigest,
  renderReminder,
  signLink,
} from '../../domain/reminders';
import { freshness, isStale, STALE_AFTER_HOURS } from '../../domain/vacancy';
import type { EmailMessage, EmailSender } from '../../infra/email';
import { mapLimit, TaskPool } from '../concurrency';
import type {
  OrgMember,
  Recipient,
  ReminderHome,
  RemindersStore,
  SendKind,
  SentRecord,
  StoredLink,
} from './ports';

/**
 * The nightly reminders job. Homes not updated or confirmed for STALE_AFTER_HOURS get one reminder
 * per member of staff (a link to update and, when there are figures, a signed single-use "nothing
 * has changed" link); commissioners and local authority officers get one digest of the homes in
 * their area. Each email is claimed in the send log (a conditional put) before it is sent, so a
 * second run on the same London day sends nothing new and a run that failed part-way resumes
 * without duplicates.
 */

export interface ReminderJobDeps {
  store: RemindersStore;
  sender: EmailSender;
  /** Resolved once per run (Secrets Manager in the cloud). */
  linkSecret: string;
  appBaseUrl: string;
  now?: () => Date;
  newNonce?: () => string;
  /** Homes worked on at once (each needs a few reads and writes). */
  concurrency?: number;
  /** Give up (throw, so the scheduler retries later) after this many failed sends in a row. */
  maxConsecutiveFailures?: number;
  log?: (message: string, detail?: Record<string, unknown>) => void;
}

export interface ReminderJobSummary {
  day: string;
  cutoff: string;
  staleHomes: number;
  remindersSent: number;
  digestsSent: number;
  /** Already sent today (or claimed by a run still in flight). */
  alreadySent: number;
  homesWithoutStaff: number;
  optedOut: number;
  suppressed: number;
  disabled: number;
  failed: number;
  durationMs: number;
}

export class ReminderJobAborted extends Error {
  constructor(
    message: string,
    readonly summary: ReminderJobSummary,
  ) {
    super(message);
    this.name = 'ReminderJobAborted';
  }
}

const CHUNK = 100;
const CHUNKS_IN_FLIGHT = 3;
const HOUR_MS = 3_600_000;

interface DigestEntry {
  home: DigestHome;
  scope: { localAuthority?: string; subIcb?: string; icb?: string; region?: string };
}

export async function runReminderJob(deps: ReminderJobDeps): Promise<ReminderJobSummary> {
  const now = deps.now ?? (() => new Date());
  const started = now();
  const startedMs = Date.now();
  const newNonce = deps.newNonce ?? (() => randomBytes(16).toString('base64url'));
  const concurrency = deps.concurrency ?? 16;
  const maxConsecutiveFailures = deps.maxConsecutiveFailures ?? 10;
  const log = deps.log ?? (() => {});
  const base = deps.appBaseUrl.replace(/\/+$/, '');
  const settingsUrl = `${base}/account#notifications`;
  const day = londonDay(started);
  const cutoff = new Date(started.getTime() - STALE_AFTER_HOURS * HOUR_MS).toISOString();
  const summary: ReminderJobSummary = {
    day,
    cutoff,
    staleHomes: 0,
    remindersSent: 0,
    digestsSent: 0,
    alreadySent: 0,
    homesWithoutStaff: 0,
    optedOut: 0,
    suppressed: 0,
    disabled: 0,
    failed: 0,
    durationMs: 0,
  };
  let consecutiveFailures = 0;
  let abort: string | undefined;

  // Members of providers are shared by many homes: read each provider once per run.
  const providerMembers = new Map<string, Promise<OrgMember[]>>();
  const recipients = new Map<string, Recipient | null>();

  async function recipientsFor(people: Array<{ sub: string; email: string }>): Promise<void> {
    const unknown = people.filter((p) => !recipients.has(p.sub));
    if (unknown.length === 0) return;
    const found = await deps.store.recipients(unknown);
    for (const p of unknown) recipients.set(p.sub, found.get(p.sub) ?? null);
  }

  let sentBuffer: SentRecord[] = [];
  async function flushSent(): Promise<void> {
    const batch = sentBuffer;
    sentBuffer = [];
    if (batch.length > 0) await deps.store.markSentMany(day, batch);
  }

  /** Keys already in today's send log (sent, or claimed by another run): skipped without a write. */
  async function alreadyLogged(kind: SendKind, keys: string[]): Promise<Set<string>> {
    const statuses = await deps.store.sendStatuses(day, kind, keys);
    return new Set([...statuses].filter(([, status]) => status !== 'failed').map(([k]) => k));
  }

  /** Claims, sends and records one email; false when it was not sent by this call. */
  async function sendOnce(
    kind: SendKind,
    key: string,
    to: string,
    build: () => Promise<EmailMessage>,
  ): Promise<boolean> {
    if (abort) return false;
    const claimedAt = now().toISOString();
    const claim = await deps.store.claimSend(day, kind, key, to, claimedAt);
    if (claim !== 'claimed') {
      summary.alreadySent += 1;
      return false;
    }
    try {
      const message = await build();
      const { messageId } = await deps.sender.send(message);
      // Recorded in batches (flushSent); until then the item says "claimed", which no run resends.
      sentBuffer.push({ kind, key, to, claimedAt, sentAt: now().toISOString(), messageId });
      if (sentBuffer.length >= 25) await flushSent();
      consecutiveFailures = 0;
      return true;
    } catch (error) {
      summary.failed += 1;
      consecutiveFailures += 1;
      const text = (error as Error).message ?? String(error);
      log('send failed', { kind, key, error: text });
      await deps.store.markFailed(day, kind, key, now().toISOString(), text.slice(0, 500)).catch(() => {});
      if (consecutiveFailures >= maxConsecutiveFailures) {
        abort = `${consecutiveFailures} sends failed in a row (last: ${text})`;
      }
      return false;
    }
  }

  /** May this person get this kind of email? Counts why not. */
  function deliverable(r: Recipient | null | undefined, kind: SendKind): r is Recipient {
    if (!r) return false;
    if (r.disabled) {
      summary.disabled += 1;
      return false;
    }
    if (kind === 'reminder' ? !r.preferences.reminders : !r.preferences.digests) {
      summary.optedOut += 1;
      return false;
    }
    if (r.suppressed) {
      summary.suppressed += 1;
      return false;
    }
    return true;
  }

  async function staffOf(home: ReminderHome): Promise<OrgMember[]> {
    const own = deps.store.membersOf(orgIdFor.careHome(home.locationId));
    let provider: Promise<OrgMember[]> = Promise.resolve([]);
    if (home.providerId) {
      const cached = providerMembers.get(home.providerId);
      provider = cached ?? deps.store.membersOf(orgIdFor.provider(home.providerId));
      if (!cached) providerMembers.set(home.providerId, provider);
    }
    const all = [...(await own), ...(await provider)].filter(
      (m) => m.role === 'care-home-staff' || m.role === 'provider-approver',
    );
    const bySub = new Map<string, OrgMember>();
    for (const m of all) if (!bySub.has(m.sub)) bySub.set(m.sub, m);
    return [...bySub.values()];
  }

  /** A chunk of stale homes: their staff, then everyone's details in a few batch reads, then the sends. */
  async function remindHomes(homes: ReminderHome[]): Promise<void> {
    const staffByHome = new Map<string, OrgMember[]>();
    await mapLimit(homes, concurrency, async (home) => {
      staffByHome.set(home.locationId, await staffOf(home));
    });
    await recipientsFor([...staffByHome.values()].flat());
    const sends: Array<{ home: ReminderHome; member: OrgMember }> = [];
    for (const home of homes) {
      const staff = staffByHome.get(home.locationId) ?? [];
      if (staff.length === 0) summary.homesWithoutStaff += 1;
      for (const member of staff) sends.push({ home, member });
    }
    const logged = await alreadyLogged(
      'reminder',
      sends.map(({ home, member }) => `${home.locationId}#${member.sub}`),
    );
    const todo = sends.filter(({ home, member }) => {
      if (!logged.has(`${home.locationId}#${member.sub}`)) return true;
      summary.alreadySent += 1;
      return false;
    });
    const reminders: Array<{ home: ReminderHome; r: Recipient; link?: StoredLink }> = [];
    for (const { home, member } of todo) {
      const r = recipients.get(member.sub);
      if (!deliverable(r, 'reminder')) continue;
      reminders.push({ home, r, link: home.hasFigures ? newLink(home, r) : undefined });
    }
    // The chunk's one-click links in a few batch writes, before any of its emails goes out. A link
    // whose email is then not sent (another run claimed it) is never seen, and expires.
    if (!abort) {
      await deps.store.putLinks(reminders.flatMap(({ link }) => (link ? [link] : [])));
    }
    await mapLimit(reminders, concurrency, (reminder) => remind(reminder));
    await flushSent();
  }

  function newLink(home: ReminderHome, r: Recipient): StoredLink {
    const issuedAt = now();
    return {
      nonce: newNonce(),
      locationId: home.locationId,
      sub: r.sub,
      email: r.email,
      day,
      issuedAt: issuedAt.toISOString(),
      expiresAt: linkExpiry(issuedAt, LINK_TTL_HOURS),
    };
  }

  async function remind({ home, r, link }: { home: ReminderHome; r: Recipient; link?: StoredLink }) {
    const label = freshness(home.bedUpdatedAt, started).label;
    const sent = await sendOnce('reminder', `${home.locationId}#${r.sub}`, r.email, async () => {
      let confirmUrl: string | undefined;
      let confirmExpires: string | undefined;
      if (link) {
        const { nonce, expiresAt } = link;
        confirmUrl = `${base}/confirm/${signLink({ nonce, locationId: home.locationId, sub: r.sub, expiresAt }, deps.linkSecret)}`;
        confirmExpires = formatLondon(new Date(expiresAt * 1000));
      }
      const email = renderReminder({
        homeName: home.name ?? home.locationId,
        locationId: home.locationId,
        freshnessLabel: label,
        updateUrl: `${base}/care-homes/${encodeURIComponent(home.locationId)}/vacancies`,
        confirmUrl,
        confirmExpires,
        settingsUrl,
      });
      return { to: r.email, kind: 'reminder', ...email };
    });
    if (sent) summary.remindersSent += 1;
  }

  // Reminders, a page of homes at a time; what the digests need is kept small.
  const digestHomes: DigestEntry[] = [];
  const homesByArea = new Map<string, number[]>();
  const addArea = (orgId: string | undefined, index: number) => {
    if (!orgId) return;
    const list = homesByArea.get(orgId);
    if (list) list.push(index);
    else homesByArea.set(orgId, [index]);
  };
  // A few chunks at once, so one chunk's reads overlap another's sends.
  const chunks = new TaskPool(CHUNKS_IN_FLIGHT);
  let chunk: ReminderHome[] = [];
  const flush = async () => {
    const work = chunk;
    chunk = [];
    if (abort) throw new ReminderJobAborted(abort, finish());
    if (work.length > 0) await chunks.run(() => remindHomes(work));
  };
  const finish = () => {
    summary.durationMs = Date.now() - startedMs;
    return summary;
  };

  try {
    for await (const page of deps.store.staleHomes(cutoff)) {
      for (const home of page) {
        // The store filters by the cutoff; the domain rule decides, so the boundary is the same everywhere.
        if (home.status !== undefined && home.status !== 'active') continue;
        if (!isStale(home.bedUpdatedAt, started)) continue;
        summary.staleHomes += 1;
        const index = digestHomes.length;
        digestHomes.push({
          home: {
            name: home.name ?? home.locationId,
            locationId: home.locationId,
            localAuthority: home.localAuthority,
            daysSinceUpdate:
              home.bedUpdatedAt === null
                ? null
                : Math.floor((started.getTime() - Date.parse(home.bedUpdatedAt)) / (24 * HOUR_MS)),
          },
          scope: {
            localAuthority: home.localAuthority,
            subIcb: home.subIcb,
            icb: home.icb,
            region: home.region,
          },
        });
        addArea(home.localAuthority ? orgIdFor.localAuthority(home.localAuthority) : undefined, index);
        addArea(home.subIcb ? orgIdFor.subIcb(home.subIcb) : undefined, index);
        addArea(home.icb ? orgIdFor.icb(home.icb) : undefined, index);
        addArea(home.region ? orgIdFor.region(home.region) : undefined, index);
        addArea(orgIdFor.national(), index);
        chunk.push(home);
        if (chunk.length >= CHUNK) await flush();
      }
    }
    await flush();
  } finally {
    // Whatever happens, nothing is still sending once the job returns or throws.
    await chunks.settle();
  }
  await chunks.drain();
  if (abort) throw new ReminderJobAborted(abort, finish());

  // Digests: one per commissioner / LA officer, covering every area they are a member of.
  const readers = new Map<string, { member: OrgMember; homes: Set<number>; areas: Set<string> }>();
  await mapLimit([...homesByArea.keys()], concurrency, async (orgId) => {
    const members = await deps.store.membersOf(orgId);
    for (const m of members) {
      if (m.role !== 'commissioner' && m.role !== 'la-officer') continue;
      const indexes = (homesByArea.get(orgId) ?? []).filter((i) => {
        const entry = digestHomes[i];
        return entry !== undefined && orgCoversArea(m, entry.scope);
      });
      if (indexes.length === 0) continue;
      let reader = readers.get(m.sub);
      if (!reader) {
        reader = { member: m, homes: new Set(), areas: new Set() };
        readers.set(m.sub, reader);
      }
      reader.areas.add(m.orgName);
      for (const i of indexes) reader.homes.add(i);
    }
  });
  await recipientsFor([...readers.values()].map((r) => r.member));
  const digestsLogged = await alreadyLogged('digest', [...readers.keys()]);
  const digestReaders = [...readers.values()].filter((reader) => {
    if (!digestsLogged.has(reader.member.sub)) return true;
    summary.alreadySent += 1;
    return false;
  });
  await mapLimit(digestReaders, concurrency, async (reader) => {
    const r = recipients.get(reader.member.sub);
    if (!deliverable(r, 'digest')) return;
    const sent = await sendOnce('digest', r.sub, r.email, async () => {
      const homes = [...reader.homes]
        .map((i) => digestHomes[i]?.home)
        .filter((h): h is DigestHome => h !== undefined)
        .sort(
          (a, b) =>
            (b.daysSinceUpdate ?? Number.MAX_SAFE_INTEGER) - (a.daysSinceUpdate ?? Number.MAX_SAFE_INTEGER) ||
            a.name.localeCompare(b.name),
        );
      const email = renderDigest({
        areaNames: [...reader.areas].sort(),
        totalHomes: homes.length,
        homes: homes.slice(0, DIGEST_LIST_LIMIT),
        notUpdatingUrl: `${base}/not-updating`,
        settingsUrl,
      });
      return { to: r.email, kind: 'digest', ...email };
    });
    if (sent) summary.digestsSent += 1;
  });
  await flushSent();
  if (abort) throw new ReminderJobAborted(abort, finish());
  return finish();
}

/** Runs `fn` over items with at most `limit` in flight. */
const londonTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h23',
});

function formatLondon(at: Date): string {
  return `at ${londonTime.format(at)} (UK time)`;
}
