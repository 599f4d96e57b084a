import { createHttpApi } from '../../shared/http/handler';
import { registryRoutes } from '../../shared/http/routes/registry';
import { principalStore } from '../../shared/infra/accounts-repository';
import { registryDeps } from '../../shared/infra/registry-container';

export const handler = createHttpApi(
  registryRoutes({ runs: () => registryDeps().runs, principals: principalStore }),
);
