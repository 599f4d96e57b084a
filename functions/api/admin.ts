import { createHttpApi } from '../../shared/http/handler';
import { adminRoutes } from '../../shared/http/routes/admin';
import { accountsDeps } from '../../shared/infra/accounts-container';
import { organisationDirectory } from '../../shared/infra/accounts-organisations';
import type { ScheduledJobEvent } from '../../shared/wiring/definitions';

const deps = () => ({ ...accountsDeps(), directory: organisationDirectory() });

export const handler = createHttpApi(adminRoutes(deps));

/** Scheduled job: refresh the organisation directory from the registry's homes. */
export const syncOrganisations = async (_event: ScheduledJobEvent) => organisationDirectory().syncFromHomes();
