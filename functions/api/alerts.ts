import { alertsService } from '../../shared/app/alerts/container';
import { createHttpApi } from '../../shared/http/handler';
import { alertsRoutes } from '../../shared/http/routes/alerts';
import { principalStore } from '../../shared/infra/accounts-repository';
import { areaHomesReader } from '../../shared/infra/alerts-not-updating';

export const handler = createHttpApi(
  alertsRoutes({ alerts: alertsService, areaHomes: areaHomesReader, principals: principalStore }),
);
