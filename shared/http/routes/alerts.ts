import type { AlertsService } from '../../app/alerts/alerts';
import { type AreaHomesReader, listNotUpdating, notUpdatingQuery } from '../../app/not-updating/not-updating';
import { type PrincipalStore, requirePrincipal } from '../../app/principal';
import { ALERT_TEXT_MAX } from '../../domain/alerts';
import type { RouteHandler } from '../handler';
import { badRequest } from '../problem';

/**
 * Local authority alerts on a home, and the "Not updating" list of an area (issue 7).
 * The use cases decide who may do what (shared/domain/authz.ts); this maps HTTP to them.
 */
export interface AlertsRouteDeps {
  alerts(): AlertsService;
  areaHomes(): AreaHomesReader;
  principals(): PrincipalStore;
  now?: () => Date;
}

/** Room for 500 characters of text at 4 bytes each, with the other fields. */
const BODY_LIMIT_BYTES = ALERT_TEXT_MAX * 4 + 1024;

export function alertsRoutes(deps: AlertsRouteDeps): Record<string, RouteHandler> {
  return {
    'GET /api/homes/{locationId}/alerts': async (req) => {
      const principal = await requirePrincipal(req, deps.principals());
      return { body: await deps.alerts().list(principal, req.param('locationId')) };
    },
    'POST /api/homes/{locationId}/alerts': async (req) => {
      const principal = await requirePrincipal(req, deps.principals());
      const service = deps.alerts();
      const locationId = req.param('locationId');
      // The home and the officer's authority are checked before the body is read: 404 / 403 first.
      await service.assertCanManage(principal, locationId);
      const text = req.rawBody(BODY_LIMIT_BYTES);
      let body: unknown;
      try {
        body = text.trim() === '' ? {} : JSON.parse(text);
      } catch (e) {
        throw badRequest(`The request body is not valid JSON: ${(e as Error).message}`);
      }
      const { alert, view } = await service.add(principal, locationId, body);
      return { status: 201, body: { alert, ...view } };
    },
    'DELETE /api/homes/{locationId}/alerts/{alertId}': async (req) => {
      const principal = await requirePrincipal(req, deps.principals());
      return {
        body: await deps.alerts().remove(principal, req.param('locationId'), req.param('alertId')),
      };
    },
    'GET /api/areas/not-updating': async (req) => {
      const principal = await requirePrincipal(req, deps.principals());
      const query = req.queryWith(notUpdatingQuery);
      return {
        body: await listNotUpdating({ reader: deps.areaHomes(), now: deps.now }, principal, query),
      };
    },
  };
}
