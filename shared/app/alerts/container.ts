import { alertsStore } from '../../infra/alerts-repository';
import { type AlertsService, createAlertsService } from './alerts';

/** The alerts service on the configured table; call per event, not at module load. */
export function alertsService(): AlertsService {
  return createAlertsService({ store: alertsStore() });
}
