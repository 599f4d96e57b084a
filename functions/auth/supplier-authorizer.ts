import { createSupplierAuthorizer } from '../../shared/app/suppliers/keys';
import { logger } from '../../shared/infra/logger';
import { suppliersRepository } from '../../shared/infra/suppliers-repository';

/** API Gateway Lambda REQUEST authorizer for supplier-key routes (x-api-key); the local host calls it too. */
export const handler = createSupplierAuthorizer(suppliersRepository, logger);
