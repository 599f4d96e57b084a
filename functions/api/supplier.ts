import { supplierApi } from '../../shared/app/suppliers/bed-states-container';
import { createHttpApi } from '../../shared/http/handler';
import { supplierApiRoutes } from '../../shared/http/routes/supplier-api';

export const handler = createHttpApi(supplierApiRoutes({ api: supplierApi }));
