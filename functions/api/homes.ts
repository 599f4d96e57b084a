import { createHttpApi } from '../../shared/http/handler';
import { homesRoutes } from '../../shared/http/routes/homes';
import { principalStore } from '../../shared/infra/accounts-repository';
import { registryDeps } from '../../shared/infra/registry-container';

export const handler = createHttpApi(
  homesRoutes({ homes: () => registryDeps().homes, principals: principalStore }),
);
