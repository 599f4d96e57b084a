import { awsClients } from '../../infra/aws';
import { DynamoBedStateStore } from '../../infra/bed-state-repository';
import { supplierApiConfig } from '../../infra/supplier-api-config';
import { DynamoChangesFeedReader } from '../../infra/supplier-api-feed';
import { DynamoIdempotencyStore } from '../../infra/supplier-api-idempotency';
import { DynamoRateCounterStore } from '../../infra/supplier-api-rate-limit';
import { suppliersRepository } from '../../infra/suppliers-repository';
import { groupCommit } from '../bed-state/group-commit';
import { createBedStateService } from '../bed-state/update-bed-state';
import type { SupplierPushDeps } from './bed-states';
import type { ChangesFeedReader } from './bed-states-feed';
import { type IdempotencyStore, requestHash } from './idempotency';
import type { RateCounterStore, RateLimitPolicy } from './rate-limit';

/**
 * The supplier API's use cases wired to the configured table. Built per request (cheap: the SDK
 * clients are cached per container), so tests that switch tables get the right one.
 */
export interface SupplierApi {
  push: SupplierPushDeps;
  feed: ChangesFeedReader;
  idempotency: IdempotencyStore;
  idempotencyTtlHours: number;
  rateCounters: RateCounterStore;
  rateLimit: RateLimitPolicy;
}

export function supplierApi(): SupplierApi {
  const { ddb, config } = awsClients();
  const limits = supplierApiConfig();
  const store = new DynamoBedStateStore(ddb, config.TABLE_NAME);
  const suppliers = suppliersRepository();
  return {
    push: {
      // A batch's homes are written in grouped transactions (each home still all-or-nothing).
      service: createBedStateService({ store: groupCommit(store) }),
      getHomes: (ids) => store.getHomes(ids),
      getSupplier: (id) => suppliers.getSupplier(id),
      concurrency: limits.SUPPLIER_BATCH_CONCURRENCY,
    },
    feed: new DynamoChangesFeedReader(ddb, config.TABLE_NAME),
    idempotency: new DynamoIdempotencyStore(ddb, config.TABLE_NAME, (key) => requestHash('KEY', '', key)),
    idempotencyTtlHours: limits.SUPPLIER_IDEMPOTENCY_TTL_HOURS,
    rateCounters: new DynamoRateCounterStore(ddb, config.TABLE_NAME),
    rateLimit: { perSecond: limits.SUPPLIER_RATE_PER_SECOND, burst: limits.SUPPLIER_RATE_BURST },
  };
}
