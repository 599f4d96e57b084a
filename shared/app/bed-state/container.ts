import { awsClients } from '../../infra/aws';
import { DynamoBedStateStore } from '../../infra/bed-state-repository';
import { type BedStateService, createBedStateService } from './update-bed-state';

/**
 * The bed-state service wired to the table named in the configuration. Call it when handling an
 * event, not at module load, so the clients use the configuration in force at that moment.
 */
export function bedStateService(): BedStateService {
  const { ddb, config } = awsClients();
  return createBedStateService({ store: new DynamoBedStateStore(ddb, config.TABLE_NAME) });
}
