import type { AlertActor, StoredAlert } from '../../domain/alerts';
import type { HomeScope } from '../../domain/authz';

/** What the alerts use cases need of a HOME item. */
export interface AlertsHome {
  locationId: string;
  name: string;
  scope: HomeScope;
  active: boolean;
  /** Every alert stored on the item, expired ones included until the next write drops them. */
  alerts: StoredAlert[];
  /** Optimistic lock of `alerts`; 0 = never written. */
  alertsVersion: number;
}

export type AlertEventKind = 'alert-added' | 'alert-removed';

/** One change to a home's alerts, kept for good (written in the same transaction as the change). */
export interface AlertHistoryEvent {
  id: string;
  locationId: string;
  at: string;
  kind: AlertEventKind;
  alert: StoredAlert;
  actor: AlertActor;
  /** Ids of expired alerts this write dropped from the HOME item (they had stopped showing at expiry). */
  expiredDropped: string[];
  alertsVersion: number;
}

export interface AlertsWrite {
  locationId: string;
  expectedVersion: number;
  nextVersion: number;
  alerts: StoredAlert[];
  at: string;
  event: AlertHistoryEvent;
}

export interface AlertsStore {
  getHome(locationId: string): Promise<AlertsHome | undefined>;
  /** One transaction: the HOME item's alerts (if alertsVersion is still expected) and the history item. */
  write(write: AlertsWrite): Promise<'ok' | 'conflict'>;
  /** Newest first. */
  listHistory(locationId: string, limit: number): Promise<AlertHistoryEvent[]>;
}
