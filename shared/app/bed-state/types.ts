import type { HomeScope } from '../../domain/authz';
import type {
  AdmissionStatus,
  BedState,
  BedStateDiff,
  BedStateRow,
  BedStateTotals,
  ServicesOffered,
  VacancyTypeCode,
  Warning,
} from '../../domain/vacancy';

/** Who made a change: the Cognito subject and the email it had then (kept, so history survives renames). */
export interface Actor {
  sub: string;
  email: string;
}

/**
 * Where a change came from. Suppliers are named so a home served by two platforms shows which one
 * sent a figure.
 */
export type UpdateSource = 'web' | 'bulk' | `supplier:${string}`;

export function isUpdateSource(value: string): value is UpdateSource {
  return value === 'web' || value === 'bulk' || /^supplier:[a-z0-9][a-z0-9-]{0,62}$/.test(value);
}

/**
 * Services offered as stored. outOfHoursAdmissions is kept once on the home (it belongs to both the
 * services page and the provider update), so it is not repeated here.
 */
export type StoredServices = Omit<ServicesOffered, 'outOfHoursAdmissions'>;

/** The home as the bed-state use cases see it: registry facts they need, plus the attributes they own. */
export interface StoredHome {
  locationId: string;
  providerId?: string;
  name?: string;
  postcode?: string;
  localAuthority?: string;
  subIcb?: string;
  icb?: string;
  region?: string;
  /** CQC registered beds; undefined when CQC's data has none. */
  registeredBeds?: number;
  /** Registry status: 'active', or 'archived' once CQC no longer lists it as a care home. */
  status?: string;

  /** null until the home first saves its services. */
  services: StoredServices | null;
  servicesVersion: number;
  servicesUpdatedAt: string | null;
  servicesUpdatedBy: Actor | null;

  /** null until the first provider update; otherwise one row per vacancy type, in vocabulary order. */
  bedRows: BedStateRow[] | null;
  /** 0 until the bed state (rows or out-of-hours answer) is first written. */
  bedVersion: number;
  /** Last update or confirmation: what freshness is measured from. null: never updated. */
  bedUpdatedAt: string | null;
  bedUpdatedBy: Actor | null;
  bedSource: UpdateSource | null;
  /** When the source observed the figures (suppliers send it); the server time for web and bulk. */
  bedSourceTime: string | null;
  /** Last time the figures actually changed (a confirmation does not move it). */
  bedChangedAt: string | null;
  /** null until services or a provider update first answer it. */
  outOfHoursAdmissions: boolean | null;
}

export function homeScope(home: StoredHome): HomeScope {
  return {
    locationId: home.locationId,
    providerId: home.providerId,
    localAuthority: home.localAuthority,
    subIcb: home.subIcb,
    icb: home.icb,
    region: home.region,
  };
}

/** The provider update table of a home as every reader sees it (API, bulk template, supplier pull). */
export interface BedStateView {
  locationId: string;
  name: string | null;
  providerId: string | null;
  registeredBeds: number | null;
  /** Optimistic-locking version of the bed state: send it back (If-Match) to update or confirm. */
  version: number;
  servicesVersion: number;
  /** False until the home has saved its services offered: there is no table to fill in yet. */
  servicesSet: boolean;
  offeredVacancyTypes: VacancyTypeCode[];
  /**
   * One row per offered vacancy type, in vocabulary order. A type offered since the last update
   * shows as a blank row (0 beds, no price) until the next update fills it in.
   */
  state: BedState;
  admissionStatus: AdmissionStatus;
  totals: BedStateTotals;
  /** Last update or confirmation; null: never updated. */
  updatedAt: string | null;
  updatedBy: Actor | null;
  source: UpdateSource | null;
  sourceTime: string | null;
  changedAt: string | null;
}

export interface ServicesView {
  locationId: string;
  name: string | null;
  providerId: string | null;
  registeredBeds: number | null;
  version: number;
  /** null until the home first saves its services. */
  services: ServicesOffered | null;
  updatedAt: string | null;
  updatedBy: Actor | null;
  /** Vacancy types whose current row has beds: they cannot be removed until capacity is 0. */
  vacancyTypesWithBeds: VacancyTypeCode[];
}

/** A field of the services offered, before and after a change. */
export interface ServicesFieldChange {
  field: keyof ServicesOffered;
  before: unknown;
  after: unknown;
}

export type HistoryKind = 'bed-state-updated' | 'bed-state-confirmed' | 'services-updated';

/** One entry of a home's history: who, when, from where, and what changed (before and after). */
export interface HistoryEvent {
  id: string;
  locationId: string;
  at: string;
  kind: HistoryKind;
  actor: Actor;
  source: UpdateSource;
  sourceTime: string | null;
  /** Versions after the change. */
  bedVersion: number;
  servicesVersion: number;
  /** bed-state-updated: the figures that changed. */
  bedChanges?: {
    vacancyTypes: BedStateDiff['vacancyTypes'];
    outOfHoursAdmissions: BedStateDiff['outOfHoursAdmissions'];
    admissionStatus: { before: AdmissionStatus | null; after: AdmissionStatus };
    totals: { before: BedStateTotals | null; after: BedStateTotals };
  };
  /** bed-state-confirmed: why ('confirmed' = "nothing has changed"; 'unchanged-update' = a save of the same figures). */
  confirmation?: 'confirmed' | 'unchanged-update';
  /** services-updated: the fields that changed, and rows dropped with their vacancy type. */
  servicesChanges?: {
    fields: ServicesFieldChange[];
    droppedVacancyTypes: VacancyTypeCode[];
  };
}

/** An app-level problem with an input, in the domain's field-error shape (rule codes may be the app's own). */
export interface UpdateError {
  path: string;
  field: string;
  vacancyType?: VacancyTypeCode;
  rule: string;
  message: string;
}

/** The outcome of every write: expected failures are values, not exceptions. */
export type UpdateBedStateResult =
  | { kind: 'applied'; view: BedStateView; warnings: Warning[]; event: HistoryEvent }
  /** The figures were the same as held: recorded as a confirmation (freshness refreshed, version kept). */
  | { kind: 'unchanged'; view: BedStateView; warnings: Warning[]; event: HistoryEvent }
  | { kind: 'rejected'; errors: UpdateError[] }
  /** expectedVersion was not the current version: nothing was written; here is what is held now. */
  | { kind: 'conflict'; current: BedStateView }
  | { kind: 'not-found' }
  /** The caller's canWrite refused the home. */
  | { kind: 'forbidden' }
  /** sourceTime is older than the figures held: nothing was written. */
  | { kind: 'stale'; current: BedStateView };

export type ConfirmResult =
  | { kind: 'confirmed'; view: BedStateView; event: HistoryEvent }
  | { kind: 'rejected'; errors: UpdateError[] }
  | { kind: 'conflict'; current: BedStateView }
  | { kind: 'not-found' }
  | { kind: 'forbidden' }
  | { kind: 'stale'; current: BedStateView };

export type UpdateServicesResult =
  | { kind: 'applied'; view: ServicesView; bedView: BedStateView; event: HistoryEvent }
  /** Same as held: nothing written. */
  | { kind: 'unchanged'; view: ServicesView }
  | { kind: 'rejected'; errors: UpdateError[] }
  | { kind: 'conflict'; current: ServicesView }
  | { kind: 'not-found' }
  | { kind: 'forbidden' };
