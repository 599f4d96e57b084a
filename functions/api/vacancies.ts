import { bedStateService } from '../../shared/app/bed-state';
import { createHttpApi } from '../../shared/http/handler';
import { vacancyRoutes } from '../../shared/http/routes/vacancies';
import { principalStore } from '../../shared/infra/accounts-repository';

export const handler = createHttpApi(vacancyRoutes({ service: bedStateService, principals: principalStore }));
