import type { OrgType, Role } from '../../domain/roles';

/**
 * What the reminders need from the outside world; shared/infra/reminders-repository.ts implements
 * it over the table. Nothing here sends email: that is the EmailSender port (shared/infra/email.ts).
 */

/** A home the job may remind: the few attributes it reads (a projection of the HOME item). */
export interface ReminderHome {
  locationId: string;
  name?: string;
  providerId?: string;
  /** Last update or confirmation; null: never updated. */
  bedUpdatedAt: string | null;
  /** The home has figures, so "nothing has changed" can be confirmed. */
  hasFigures: boolean;
  localAuthority?: string;
  subIcb?: string;
  icb?: string;
  region?: string;
  /** Registry status ('active' | 'archived'). */
  status?: string;
}

export interface OrgMember {
  sub: string;
  email: string;
  role: Role;
  orgId: string;
  orgType: OrgType;
  orgName: string;
}

export interface NotificationPreferences {
  /** Nightly reminders to update a care home's vacancies (care home staff, provider approvers). */
  reminders: boolean;
  /** The daily digest of homes not updating (commissioners, local authority officers). */
  digests: boolean;
  updatedAt: string | null;
}

export const DEFAULT_PREFERENCES: NotificationPreferences = {
  reminders: true,
  digests: true,
  updatedAt: null,
};

/** What the job needs to know about a person before emailing them. */
export interface Recipient {
  sub: string;
  /** The profile's address (else the membership's). */
  email: string;
  disabled: boolean;
  preferences: NotificationPreferences;
  /** The address bounced permanently or complained: SES events recorded it. */
  suppressed: boolean;
}

export type SendKind = 'reminder' | 'digest';

export interface SentRecord {
  kind: SendKind;
  key: string;
  to: string;
  claimedAt: string;
  sentAt: string;
  messageId: string;
}

/**
 * claimed: this run owns the send. done: it was sent already. pending: another run claimed it and
 * has not said how it went (crashed mid-send?), so it is left alone rather than risk a duplicate.
 */
export type ClaimOutcome = 'claimed' | 'done' | 'pending';

export interface StoredLink {
  nonce: string;
  locationId: string;
  sub: string;
  email: string;
  day: string;
  issuedAt: string;
  /** Epoch seconds. */
  expiresAt: number;
  consumedAt?: string;
}

export type EmailEventType = 'bounce' | 'complaint' | 'reject';

export interface EmailEventRecord {
  email: string;
  type: EmailEventType;
  /** Permanent / Transient / Undetermined for bounces; the complaint feedback type for complaints. */
  subType?: string;
  at: string;
  messageId?: string;
  /** Permanent bounces and complaints suppress the address. */
  suppress: boolean;
}

export interface RemindersStore {
  /**
   * Active homes not updated since `cutoff` (ISO; bedUpdatedAt <= cutoff or absent), a page at a
   * time, so memory stays bounded whatever the number of homes.
   */
  staleHomes(cutoff: string, pageSize?: number): AsyncIterable<ReminderHome[]>;
  /** Members of an organisation (any role). */
  membersOf(orgId: string): Promise<OrgMember[]>;
  /** Profiles, preferences and suppression of these people, in few round trips; unknown subs are left out. */
  recipients(people: ReadonlyArray<{ sub: string; email: string }>): Promise<Map<string, Recipient>>;
  /** Conditional put of the send-log item BEFORE sending: claimed when absent, or present but failed. */
  claimSend(day: string, kind: SendKind, key: string, to: string, at: string): Promise<ClaimOutcome>;
  markSent(day: string, kind: SendKind, key: string, at: string, messageId: string): Promise<void>;
  /** markSent for many (BatchWriteItem of the whole send-log item): one call per 25 sends. */
  markSentMany(day: string, sent: ReadonlyArray<SentRecord>): Promise<void>;
  /** Status of send-log items (absent keys are left out): lets a repeat run skip without writing. */
  sendStatuses(day: string, kind: SendKind, keys: readonly string[]): Promise<Map<string, string>>;
  markFailed(day: string, kind: SendKind, key: string, at: string, error: string): Promise<void>;
  /** Stores the links of a chunk of reminders at once, before their emails go out. */
  putLinks(links: readonly StoredLink[]): Promise<void>;
  getLink(nonce: string): Promise<StoredLink | undefined>;
  /** Marks the link used, only if it was not: false when it was used already (or is unknown). */
  consumeLink(nonce: string, at: string): Promise<boolean>;
  /** Undoes consumeLink when the confirmation itself failed for a reason the user could retry. */
  releaseLink(nonce: string): Promise<void>;
  getPreferences(sub: string): Promise<NotificationPreferences>;
  putPreferences(sub: string, prefs: NotificationPreferences): Promise<void>;
  recordEmailEvent(event: EmailEventRecord): Promise<void>;
  isSuppressed(email: string): Promise<boolean>;
}
