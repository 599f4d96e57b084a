import { z } from 'zod';
import { ENGLISH_REGIONS } from '../../domain/geo/regions';
import {
  ADMISSION_STATUS_CODES,
  bedStateInputSchema,
  bedStateRowInputSchema,
  VACANCY_TYPE_CODES,
} from '../../domain/vacancy';

/**
 * The supplier API's request and response shapes (issue 8). The route handlers parse with these
 * schemas and the OpenAPI document is generated from them (supplier-document.ts), so the contract
 * published is the contract enforced. The vacancy table is the provider update's own schema
 * (shared/domain/vacancy): suppliers send exactly what the provider update page sends.
 */

export const MAX_HOMES_PER_BATCH = 100;
export const FEED_PAGE_DEFAULT = 100;
export const FEED_PAGE_MAX = 500;
/** How far back `since` may reach: the changes feed is read one day partition at a time. */
export const FEED_MAX_DAYS = 366;

export const LOCATION_ID_PATTERN = /^1-\d{1,15}$/;

const locationId = z
  .string()
  .regex(LOCATION_ID_PATTERN, 'must be a CQC location id such as 1-1000000001')
  .meta({ description: 'CQC location id of the care home.', examples: ['1-10000302982'] });

const isoWithOffset = z.iso.datetime({ offset: true });

/**
 * The vacancy table: the provider update's own schemas, registered (not cloned) under component
 * names so every schema that embeds them refers to one definition in the document.
 */
export const VacancyRowSchema = registered(bedStateRowInputSchema, {
  id: 'VacancyRow',
  description:
    'One vacancy type of the home. Maximum capacity must equal occupied + vacant reserved + vacant accepting + vacant not available; weekly price from is required (>= 100) when maximum capacity > 0; a reason is required exactly when vacant not available > 0.',
});

export const VacancyTableSchema = registered(bedStateInputSchema, {
  id: 'VacancyTable',
  description:
    'The whole provider update table: a row for every vacancy type the home offers (see its services offered), and optionally whether it accepts out-of-hours admissions (omitted: unchanged).',
});

function registered<S extends z.ZodType>(schema: S, meta: { id: string; description: string }): S {
  if (!z.globalRegistry.has(schema)) z.globalRegistry.add(schema, meta);
  return schema;
}

export const HomeBedStateUpdateSchema = z
  .strictObject({
    locationId,
    asOf: isoWithOffset.meta({
      description:
        'When the figures were true at the source: ISO 8601 date-time with a time zone offset. An update older than the figures held is ignored (result `stale`); more than 5 minutes in the future is rejected.',
      examples: ['2026-11-23T09:30:00Z'],
    }),
    vacancies: VacancyTableSchema,
  })
  .meta({ id: 'HomeBedStateUpdate', description: "One home's bed state as the supplier holds it." });

export const BedStatesPutRequestSchema = z
  .strictObject({
    homes: z
      .array(HomeBedStateUpdateSchema)
      .min(1)
      .max(MAX_HOMES_PER_BATCH)
      .meta({
        description: `1 to ${MAX_HOMES_PER_BATCH} homes; each home at most once per request.`,
      }),
  })
  .meta({ id: 'BedStatesPutRequest' });

export const FieldErrorSchema = z
  .object({
    field: z.string().meta({ description: 'Path of the field, e.g. `vacancies/rows/0/occupied` or `asOf`.' }),
    vacancyType: z.enum(VACANCY_TYPE_CODES).optional(),
    rule: z.string().meta({ description: 'Machine-readable rule, e.g. `capacity-mismatch`.' }),
    message: z.string().meta({ description: 'Human-readable message naming the field and the rule.' }),
  })
  .meta({ id: 'FieldError' });

export const HOME_RESULTS = [
  'applied',
  'unchanged',
  'stale',
  'rejected',
  'forbidden',
  'not-found',
  'conflict',
  'error',
] as const;
export type HomeResultKind = (typeof HOME_RESULTS)[number];

export const HomeResultSchema = z
  .object({
    index: z.int().min(0).meta({ description: 'Position of the home in the request.' }),
    locationId: z.string().nullable(),
    result: z.enum(HOME_RESULTS).meta({
      description:
        'applied: figures changed. unchanged: same figures as held (recorded as a confirmation, freshness refreshed). stale: older than the figures held, ignored. rejected: see errors. forbidden: the home is outside this supplier\u2019s scope. not-found: no such care home. conflict: the home kept changing under the write; retry. error: an unexpected failure for this home only; retry with a new Idempotency-Key.',
    }),
    version: z.int().optional().meta({ description: 'Bed-state version after the write.' }),
    heldAsOf: z
      .string()
      .nullable()
      .optional()
      .meta({ description: 'stale: the source time of the figures held.' }),
    errors: z.array(FieldErrorSchema).optional(),
    warnings: z.array(FieldErrorSchema).optional(),
  })
  .meta({ id: 'HomeResult' });

export const BedStatesPutResponseSchema = z
  .object({
    results: z.array(HomeResultSchema),
    counts: z
      .strictObject(
        Object.fromEntries(HOME_RESULTS.map((k) => [k, z.int().min(0)])) as Record<HomeResultKind, z.ZodInt>,
      )
      .meta({ description: 'How many homes got each result.' }),
  })
  .meta({ id: 'BedStatesPutResponse' });

export const BedStatesQuerySchema = z.strictObject({
  since: isoWithOffset.meta({
    description: `Homes whose bed state changed after this time (ISO 8601 with offset), at most ${FEED_MAX_DAYS} days ago.`,
    examples: ['2026-11-22T00:00:00Z'],
  }),
  region: z
    .enum(ENGLISH_REGIONS)
    .optional()
    .meta({ description: 'Only homes in this English region (ONS name).' }),
  cursor: z
    .string()
    .max(600)
    .optional()
    .meta({ description: 'Opaque: `nextCursor` of the previous page, with the same since and region.' }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(FEED_PAGE_MAX)
    .optional()
    .meta({ description: `Homes per page, default ${FEED_PAGE_DEFAULT}.` }),
});

const nullableString = z.string().nullable();

export const PooledBedStateSchema = z
  .object({
    locationId: z.string(),
    name: nullableString,
    providerId: nullableString,
    region: nullableString,
    localAuthority: nullableString,
    registeredBeds: z.int().nullable(),
    version: z.int(),
    offeredVacancyTypes: z.array(z.enum(VACANCY_TYPE_CODES)),
    vacancies: z.object({
      rows: z.array(VacancyRowSchema),
      outOfHoursAdmissions: z.boolean(),
    }),
    admissionStatus: z.enum(ADMISSION_STATUS_CODES),
    totals: z.object({
      capacity: z.int(),
      residents: z.int(),
      accepting: z.int(),
      reserved: z.int(),
      notAvailable: z.int(),
    }),
    updatedAt: nullableString.meta({ description: 'Last update or confirmation (freshness).' }),
    changedAt: nullableString.meta({ description: 'Last time the figures changed.' }),
    source: nullableString.meta({ description: '`web`, `bulk` or `supplier:<id>`.' }),
    sourceTime: nullableString.meta({ description: 'When the source observed the figures.' }),
  })
  .meta({ id: 'PooledBedState', description: "A care home's current bed state." });

export const BedStatesPageSchema = z
  .object({
    homes: z.array(PooledBedStateSchema),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: 'Pass as `cursor` for the next page; null on the last page.' }),
  })
  .meta({ id: 'BedStatesPage' });

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    correlationId: z.string().optional(),
    errors: z.array(FieldErrorSchema).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details.' });

/** What API Gateway itself answers when the x-api-key header is missing (the authorizer is not called). */
export const GatewayErrorSchema = z.object({ message: z.string() }).meta({
  id: 'GatewayError',
  description: 'An error answered by the API gateway itself, e.g. `Unauthorized`.',
});

export type BedStatesPutResponse = z.infer<typeof BedStatesPutResponseSchema>;
export type HomeResult = z.infer<typeof HomeResultSchema>;
export type PooledBedState = z.infer<typeof PooledBedStateSchema>;
export type BedStatesPage = z.infer<typeof BedStatesPageSchema>;
export type SupplierFieldError = z.infer<typeof FieldErrorSchema>;
