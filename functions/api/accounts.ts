import { createHttpApi } from '../../shared/http/handler';
import { accountsRoutes } from '../../shared/http/routes/accounts';
import { accountsDeps } from '../../shared/infra/accounts-container';

export const handler = createHttpApi(accountsRoutes(accountsDeps));
