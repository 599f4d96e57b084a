import { authorize, type PrincipalStore, requirePrincipal } from '../../app/principal';
import { getHomeDetail, homeListQuery, listHomes } from '../../app/registry/homes-query';
import type { HomesRepository } from '../../app/registry/ports';
import type { RouteHandler } from '../handler';
import { notFound } from '../problem';

/** The care home register: a filtered, paginated list and one home's registry facts, for anyone signed in with a membership. */
export interface HomesRouteDeps {
  homes(): HomesRepository;
  principals(): PrincipalStore;
}

const LOCATION_ID = /^[A-Za-z0-9-]{3,30}$/;

export function homesRoutes(deps: HomesRouteDeps): Record<string, RouteHandler> {
  return {
    'GET /api/homes': async (req) => {
      authorize(await requirePrincipal(req, deps.principals()), { kind: 'home:read' });
      const query = req.queryWith(homeListQuery);
      return { body: await listHomes(deps.homes(), query) };
    },
    'GET /api/homes/{locationId}': async (req) => {
      authorize(await requirePrincipal(req, deps.principals()), { kind: 'home:read' });
      const locationId = req.param('locationId');
      if (!LOCATION_ID.test(locationId))
        throw notFound(`There is no care home with location ID ${locationId}`);
      const home = await getHomeDetail(deps.homes(), locationId);
      if (!home) throw notFound(`There is no care home with location ID ${locationId}`);
      return { body: home };
    },
  };
}
