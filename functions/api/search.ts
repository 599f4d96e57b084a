import { searchBoundaries, searchDeps } from '../../shared/app/search/container';
import { createHttpApi } from '../../shared/http/handler';
import { searchRoutes } from '../../shared/http/routes/search';
import { principalStore } from '../../shared/infra/accounts-repository';

export const handler = createHttpApi(
  searchRoutes({ search: searchDeps, principals: principalStore, boundaries: searchBoundaries }),
);
