import { randomUUID } from 'node:crypto';
import {
  type AlertActor,
  alertCategoryLabel,
  alertsInForce,
  MAX_ACTIVE_ALERTS,
  type StoredAlert,
  validateAlertInput,
} from '../../domain/alerts';
import { isAllowed, orgIdFor, type Principal } from '../../domain/authz';
import { conflict, forbidden, notFound, validationFailed } from '../../http/problem';
import type { AlertHistoryEvent, AlertsHome, AlertsStore } from './ports';

/**
 * Local authority alerts on a home: officers of the home's own authority (and admins) add and
 * remove them; everyone who can see the home sees those in force. Each change is one transaction
 * (HOME item + history item) conditioned on `alertsVersion`; a concurrent change makes the write
 * re-read and re-apply, so two officers adding at once both keep their alert.
 */

export interface AlertView {
  id: string;
  text: string;
  category: string;
  categoryLabel: string;
  expiresAt: string | null;
  createdAt: string;
  /** Only for those who may manage the home's alerts. */
  createdBy?: string;
}

export interface AlertEventView {
  id: string;
  at: string;
  kind: AlertHistoryEvent['kind'];
  alert: AlertView;
  /** Only for those who may manage the home's alerts. */
  actor?: string;
}

export interface AlertsView {
  locationId: string;
  name: string;
  canManage: boolean;
  alerts: AlertView[];
  recent: AlertEventView[];
}

export interface AlertsServiceDeps {
  store: AlertsStore;
  now?: () => Date;
  /** Attempts at a write that meets concurrent changes before giving up with 409. */
  maxAttempts?: number;
}

export const RECENT_EVENTS = 20;

export interface AlertsService {
  list(principal: Principal, locationId: string): Promise<AlertsView>;
  /** 404 for an unknown home, 403 unless the principal may manage its alerts. */
  assertCanManage(principal: Principal, locationId: string): Promise<void>;
  add(
    principal: Principal,
    locationId: string,
    body: unknown,
  ): Promise<{ alert: AlertView; view: AlertsView }>;
  remove(principal: Principal, locationId: string, alertId: string): Promise<AlertsView>;
}

const LOCATION_ID = /^[A-Za-z0-9-]{3,30}$/;
const ALERT_ID = /^[A-Za-z0-9-]{1,64}$/;

export function createAlertsService(deps: AlertsServiceDeps): AlertsService {
  const now = deps.now ?? (() => new Date());
  const maxAttempts = deps.maxAttempts ?? 8;

  async function loadHome(locationId: string): Promise<AlertsHome> {
    const home = LOCATION_ID.test(locationId) ? await deps.store.getHome(locationId) : undefined;
    if (!home) throw notFound(`There is no care home with location ID ${locationId}`);
    return home;
  }

  const mayManage = (p: Principal, home: AlertsHome) =>
    isAllowed(p, { kind: 'alerts:manage', home: home.scope });

  function requireManager(p: Principal, home: AlertsHome): void {
    if (!mayManage(p, home)) {
      throw forbidden(
        "Only local authority officers of the home's own authority can add or remove its alerts",
      );
    }
  }

  async function view(p: Principal, home: AlertsHome): Promise<AlertsView> {
    const canManage = mayManage(p, home);
    const events = await deps.store.listHistory(home.locationId, RECENT_EVENTS);
    return {
      locationId: home.locationId,
      name: home.name,
      canManage,
      alerts: alertsInForce(home.alerts, now()).map((a) => toView(a, canManage)),
      recent: events.map((e) => ({
        id: e.id,
        at: e.at,
        kind: e.kind,
        alert: toView(e.alert, canManage),
        ...(canManage ? { actor: e.actor.email } : {}),
      })),
    };
  }

  /** Re-reads and re-applies `change` until the conditional write holds (or attempts run out). */
  async function change(
    locationId: string,
    actor: AlertActor,
    apply: (
      home: AlertsHome,
      at: Date,
    ) => { alerts: StoredAlert[]; alert: StoredAlert; kind: AlertHistoryEvent['kind'] },
  ): Promise<{ home: AlertsHome; alert: StoredAlert }> {
    for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
      const home = await loadHome(locationId);
      const at = now();
      const iso = at.toISOString();
      const next = apply(home, at);
      // Expired alerts stopped showing at their expiry; a write drops them from the item (and says so).
      const inForce = new Set(alertsInForce(home.alerts, at).map((a) => a.id));
      const alerts = next.alerts.filter((a) => inForce.has(a.id) || a.id === next.alert.id);
      const expiredDropped = home.alerts
        .filter((a) => !inForce.has(a.id) && a.id !== next.alert.id)
        .map((a) => a.id);
      const nextVersion = home.alertsVersion + 1;
      const outcome = await deps.store.write({
        locationId,
        expectedVersion: home.alertsVersion,
        nextVersion,
        alerts,
        at: iso,
        event: {
          id: randomUUID(),
          locationId,
          at: iso,
          kind: next.kind,
          alert: next.alert,
          actor,
          expiredDropped,
          alertsVersion: nextVersion,
        },
      });
      if (outcome === 'ok')
        return { home: { ...home, alerts, alertsVersion: nextVersion }, alert: next.alert };
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** Math.min(attempt, 4)));
    }
    throw conflict('The alerts of this home are being changed by someone else right now; try again');
  }

  return {
    async list(principal, locationId) {
      const home = await loadHome(locationId);
      if (!isAllowed(principal, { kind: 'home:read' })) throw forbidden();
      return view(principal, home);
    },

    async assertCanManage(principal, locationId) {
      requireManager(principal, await loadHome(locationId));
    },

    async add(principal, locationId, body) {
      const first = await loadHome(locationId);
      requireManager(principal, first);
      const checked = validateAlertInput(body, now());
      if (!checked.ok) throw validationFailed(checked.errors.map((e) => ({ ...e })));
      const actor = { sub: principal.sub, email: principal.email };
      const createdFor = principal.memberships.find(
        (m) =>
          m.role === 'la-officer' &&
          first.scope.localAuthority &&
          m.orgId === orgIdFor.localAuthority(first.scope.localAuthority),
      )?.orgId;
      const { home, alert } = await change(locationId, actor, (current, at) => {
        if (alertsInForce(current.alerts, at).length >= MAX_ACTIVE_ALERTS) {
          throw conflict(
            `This home already has ${MAX_ACTIVE_ALERTS} alerts in force; remove one before adding another`,
          );
        }
        const alert: StoredAlert = {
          id: randomUUID(),
          text: checked.value.text,
          category: checked.value.category,
          ...(checked.value.expiresAt ? { expiresAt: checked.value.expiresAt } : {}),
          createdAt: at.toISOString(),
          createdBy: actor,
          createdFor: createdFor ?? orgIdFor.national(),
        };
        return { alerts: [...current.alerts, alert], alert, kind: 'alert-added' };
      });
      return { alert: toView(alert, true), view: await view(principal, home) };
    },

    async remove(principal, locationId, alertId) {
      const first = await loadHome(locationId);
      requireManager(principal, first);
      const missing = () => notFound(`This home has no alert with ID ${alertId}`);
      if (!ALERT_ID.test(alertId)) throw missing();
      const actor = { sub: principal.sub, email: principal.email };
      const { home } = await change(locationId, actor, (current) => {
        const alert = current.alerts.find((a) => a.id === alertId);
        if (!alert) throw missing();
        return { alerts: current.alerts.filter((a) => a.id !== alertId), alert, kind: 'alert-removed' };
      });
      return view(principal, home);
    },
  };
}

function toView(a: StoredAlert, withActor: boolean): AlertView {
  return {
    id: a.id,
    text: a.text,
    category: a.category,
    categoryLabel: alertCategoryLabel(a.category),
    expiresAt: a.expiresAt ?? null,
    createdAt: a.createdAt,
    ...(withActor ? { createdBy: a.createdBy.email } : {}),
  };
}
