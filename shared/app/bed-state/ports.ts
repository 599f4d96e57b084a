import type { AdmissionStatus, BedStateRow, BedStateTotals } from '../../domain/vacancy';
import type { Actor, HistoryEvent, StoredHome, StoredServices, UpdateSource } from './types';

/**
 * One atomic write to a home: its current state (bed state and/or services), the history event and
 * the counters, all or nothing, and only if both versions are still the ones read. The store never
 * decides anything; the use cases do.
 */
export interface HomeWrite {
  locationId: string;
  /** Version read (0 = never written). The write fails if either version moved since. */
  expectedBedVersion: number;
  expectedServicesVersion: number;
  bed?: {
    nextVersion: number;
    /** New figures; absent for a confirmation, or when only out-of-hours changed before any update. */
    rows?: BedStateRow[];
    admissionStatus?: AdmissionStatus;
    totals?: BedStateTotals;
    outOfHoursAdmissions?: boolean;
    /** A provider's update or confirmation: moves freshness (absent when services changed the table). */
    touch?: {
      at: string;
      by: Actor;
      source: UpdateSource;
      sourceTime: string;
      /** Figures changed (moves bedChangedAt) or were confirmed. */
      counter: 'update' | 'confirm';
    };
    /** When this write enters the changes feed (suppliers pull by it); absent: the feed entry stays. */
    feedAt?: string;
  };
  services?: {
    nextVersion: number;
    services?: StoredServices;
    at?: string;
    by?: Actor;
    outOfHoursAdmissions?: boolean;
  };
  history: HistoryEvent;
}

/** transaction-conflict: another transaction held the item; condition-failed: a version moved or the home went. */
export type WriteOutcome = { ok: true } | { ok: false; reason: 'condition-failed' | 'transaction-conflict' };

export interface HistoryPage {
  events: HistoryEvent[];
  /** Opaque; pass back to get the next (older) page. Absent on the last page. */
  cursor?: string;
}

export interface BedStateStore {
  /** A strongly consistent read, so a write based on it meets no conflict it could have avoided. */
  getHome(locationId: string): Promise<StoredHome | undefined>;
  /** Up to 100 homes by id; unknown ids are left out. */
  getHomes(locationIds: readonly string[]): Promise<StoredHome[]>;
  /** Homes of a provider, at most `limit`; `truncated` when there were more. */
  listHomesByProvider(
    providerId: string,
    limit: number,
  ): Promise<{ homes: StoredHome[]; truncated: boolean }>;
  write(write: HomeWrite): Promise<WriteOutcome>;
  /**
   * Several homes' writes in one round trip where the store can (one outcome per write, in order),
   * each as atomic as write() on its own. Used through groupCommit() by batch updates.
   */
  writeMany?(writes: readonly HomeWrite[]): Promise<WriteOutcome[]>;
  /** Newest first. Throws InvalidCursorError for a cursor it did not issue for this home. */
  listHistory(locationId: string, options: { limit: number; cursor?: string }): Promise<HistoryPage>;
}

export class InvalidCursorError extends Error {
  constructor() {
    super('The cursor is not one this service issued for this home');
    this.name = 'InvalidCursorError';
  }
}
