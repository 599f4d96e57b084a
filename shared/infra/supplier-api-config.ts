import { z } from 'zod';

/**
 * Limits of the supplier API (issue 8), from the environment so an operator can tune them per stage
 * without a release. Parsed with zod; bad values fail loudly at the first request.
 */
const schema = z.object({
  /** Sustained requests per second allowed per API key. */
  SUPPLIER_RATE_PER_SECOND: z.coerce.number().positive().max(1000).default(10),
  /** Requests a key may make in a burst: the counter window is burst / rate seconds. */
  SUPPLIER_RATE_BURST: z.coerce.number().int().positive().max(10_000).default(20),
  /** How long a replayable Idempotency-Key response is kept. */
  SUPPLIER_IDEMPOTENCY_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 7)
    .default(24),
  /** Homes updated in parallel within one batch (each is its own transaction). */
  SUPPLIER_BATCH_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(25),
});

export type SupplierApiConfig = z.infer<typeof schema>;

export function supplierApiConfig(env: NodeJS.ProcessEnv = process.env): SupplierApiConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid supplier API configuration: ${detail}`);
  }
  return parsed.data;
}
