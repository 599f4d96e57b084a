import type { ApiClient } from '../../api';

/** As GET /api/homes/{locationId}/alerts returns them (shared/app/alerts/alerts.ts). */
export interface AlertView {
  id: string;
  text: string;
  category: string;
  categoryLabel: string;
  expiresAt: string | null;
  createdAt: string;
  createdBy?: string;
}

export interface AlertEventView {
  id: string;
  at: string;
  kind: 'alert-added' | 'alert-removed';
  alert: AlertView;
  actor?: string;
}

export interface AlertsView {
  locationId: string;
  name: string;
  canManage: boolean;
  alerts: AlertView[];
  recent: AlertEventView[];
}

export interface NewAlert {
  text: string;
  category: string;
  expiresAt?: string;
}

export type AreaKind = 'la' | 'subIcb' | 'icb' | 'region';

export interface AreaRef {
  kind: AreaKind;
  value: string;
  label: string;
}

export interface NotUpdatingHome {
  locationId: string;
  name: string;
  address: string | null;
  postcode: string | null;
  phone: string | null;
  localAuthority: string | null;
  lastUpdated: string | null;
  daysSinceUpdate: number | null;
  hoursSinceUpdate: number | null;
  neverUpdated: boolean;
  freshness: string;
}

export interface NotUpdatingPage {
  area: AreaRef;
  areas: AreaRef[];
  asOf: string;
  staleAfterHours: number;
  homesInArea: number;
  total: number;
  homes: NotUpdatingHome[];
  nextCursor: string | null;
}

export const AREA_KIND_LABELS: Record<AreaKind, string> = {
  la: 'Local authority',
  subIcb: 'Sub-ICB location code',
  icb: 'ICB code',
  region: 'Region',
};

const alertsPath = (locationId: string) => `/homes/${encodeURIComponent(locationId)}/alerts`;

export const alertsApi = {
  list: (api: ApiClient, locationId: string, signal?: AbortSignal) =>
    api.get<AlertsView>(alertsPath(locationId), { signal }),
  add: (api: ApiClient, locationId: string, alert: NewAlert) =>
    api.post<AlertsView & { alert: AlertView }>(alertsPath(locationId), alert),
  remove: (api: ApiClient, locationId: string, alertId: string) =>
    api.delete<AlertsView>(`${alertsPath(locationId)}/${encodeURIComponent(alertId)}`),
  notUpdating: (api: ApiClient, query: Record<string, string>, signal?: AbortSignal) =>
    api.get<NotUpdatingPage>('/areas/not-updating', { query, signal }),
};

export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/London',
  });
}

export function formatDay(iso: string): string {
  return new Date(iso).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/London',
  });
}
