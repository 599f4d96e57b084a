import { createHttpApi } from '../../shared/http/handler';
import { adminRoutes } from '../../shared/http/routes/admin';
import { supplierAdminRoutes } from '../../shared/http/routes/suppliers-admin';
import { accountsDeps } from '../../shared/infra/accounts-container';
import { organisationDirectory } from '../../shared/infra/accounts-organisations';
import { suppliersRepository } from '../../shared/infra/suppliers-repository';
import type { ScheduledJobEvent } from '../../shared/wiring/definitions';

const deps = () => ({ ...accountsDeps(), directory: organisationDirectory() });

export const handler = createHttpApi({
  ...adminRoutes(deps),
  // Supplier platforms and their API keys (issue 8).
  ...supplierAdminRoutes(() => ({ ...accountsDeps(), suppliers: suppliersRepository() })),
});

/** Scheduled job: refresh the organisation directory from the registry's homes. */
export const syncOrganisations = async (_event: ScheduledJobEvent) => organisationDirectory().syncFromHomes();
