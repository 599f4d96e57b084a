import { z } from 'zod';
import { type PushItem, pushBedStates } from '../../app/suppliers/bed-states';
import type { SupplierApi } from '../../app/suppliers/bed-states-container';
import { InvalidFeedCursorError, pullBedStates } from '../../app/suppliers/bed-states-feed';
import {
  IDEMPOTENCY_KEY_PATTERN,
  requestHash,
  runIdempotent,
  type StoredResponse,
} from '../../app/suppliers/idempotency';
import { requireSupplier } from '../../app/suppliers/keys';
import { checkRateLimit } from '../../app/suppliers/rate-limit';
import type { SupplierAuthContext } from '../../domain/supplier';
import {
  type ApiRequest,
  type ApiResponse,
  errorToResult,
  type RouteHandler,
  zodToFieldErrors,
} from '../handler';
import { renderSupplierDocsPage } from '../openapi/supplier-docs-page';
import {
  SUPPLIER_API_BASE,
  SUPPLIER_BODY_LIMIT_BYTES,
  supplierOpenApiDocument,
} from '../openapi/supplier-document';
import {
  BedStatesQuerySchema,
  FEED_MAX_DAYS,
  FEED_PAGE_DEFAULT,
  HomeBedStateUpdateSchema,
  MAX_HOMES_PER_BATCH,
} from '../openapi/supplier-schemas';
import { badRequest, type FieldError, ProblemError, tooManyRequests, validationFailed } from '../problem';

/**
 * The supplier API (issue 8): push and pull bed states with an API key, plus its OpenAPI document
 * and a readable rendering of it. Handlers parse with the schemas the document is generated from,
 * check the key (the authorizer's verdict), the rate limit, then call one use case.
 */
export interface SupplierRouteDeps {
  /** Built per request, so the clients follow the configuration of the moment. */
  api(): SupplierApi;
  now?: () => Date;
}

export function supplierApiRoutes(deps: SupplierRouteDeps): Record<string, RouteHandler> {
  const now = deps.now ?? (() => new Date());

  async function rateLimited(api: SupplierApi, caller: SupplierAuthContext): Promise<void> {
    const decision = await checkRateLimit(api.rateCounters, api.rateLimit, caller.keyId, now().getTime());
    if (!decision.allowed) throw tooManyRequests(decision.retryAfterSeconds);
  }

  return {
    [`PUT ${SUPPLIER_API_BASE}/bed-states`]: async (req) => {
      const caller = requireSupplier(req);
      const api = deps.api();
      await rateLimited(api, caller);
      const text = req.rawBody(SUPPLIER_BODY_LIMIT_BYTES);
      const key = req.headers['idempotency-key'];

      const work = async (): Promise<StoredResponse> => {
        try {
          const items = parseBatch(text);
          const outcome = await pushBedStates(api.push, caller, items);
          return { status: 200, contentType: 'application/json', body: JSON.stringify(outcome) };
        } catch (error) {
          // Expected refusals of the request are stored too: a replay gets the same answer.
          if (!(error instanceof ProblemError)) throw error;
          const result = errorToResult(error, req.correlationId, req.event.rawPath);
          return { status: result.statusCode, contentType: 'application/problem+json', body: result.body };
        }
      };

      if (key === undefined) return asResponse(await work());
      if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
        throw validationFailed([
          {
            field: 'Idempotency-Key',
            rule: 'invalid-idempotency-key',
            message: 'Idempotency-Key must be 1 to 255 printable ASCII characters without spaces',
          },
        ]);
      }
      const outcome = await runIdempotent(
        api.idempotency,
        { supplierId: caller.supplierId, key, requestHash: requestHash('PUT', req.event.rawPath, text) },
        { ttlHours: api.idempotencyTtlHours },
        work,
      );
      switch (outcome.kind) {
        case 'fresh':
          return asResponse(outcome.response);
        case 'replay':
          return asResponse(outcome.response, { 'idempotency-replayed': 'true' });
        case 'mismatch':
          throw new ProblemError(
            422,
            'Idempotency-Key reused',
            'This Idempotency-Key was used before with a different request body; use a new key for a new request',
          );
        case 'in-progress':
          throw new ProblemError(
            409,
            'Request in progress',
            'A request with this Idempotency-Key is still being processed; retry shortly to get its response',
            undefined,
            undefined,
            { 'retry-after': '1' },
          );
        default:
          return unreachable(outcome);
      }
    },

    [`GET ${SUPPLIER_API_BASE}/bed-states`]: async (req) => {
      const caller = requireSupplier(req);
      const api = deps.api();
      await rateLimited(api, caller);
      const query = req.queryWith(BedStatesQuerySchema);
      const at = now();
      const since = Date.parse(query.since);
      if (since < at.getTime() - FEED_MAX_DAYS * 86_400_000) {
        throw validationFailed([
          {
            field: 'since',
            rule: 'too-old',
            message: `since must be within the last ${FEED_MAX_DAYS} days (got ${query.since})`,
          },
        ]);
      }
      try {
        const page = await pullBedStates(api.feed, {
          since: query.since,
          ...(query.region ? { region: query.region } : {}),
          ...(query.cursor ? { cursor: query.cursor } : {}),
          limit: query.limit ?? FEED_PAGE_DEFAULT,
          now: at,
        });
        return { body: page };
      } catch (error) {
        if (error instanceof InvalidFeedCursorError) {
          throw validationFailed([{ field: 'cursor', rule: 'invalid-cursor', message: error.reason }]);
        }
        throw error;
      }
    },

    [`GET ${SUPPLIER_API_BASE}/openapi.json`]: async (req) => ({
      body: supplierOpenApiDocument(originOf(req)),
      headers: { 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' },
    }),

    [`GET ${SUPPLIER_API_BASE}/docs`]: async (req) => ({
      raw: {
        body: renderSupplierDocsPage(supplierOpenApiDocument(originOf(req))),
        contentType: 'text/html; charset=utf-8',
      },
      headers: {
        'cache-control': 'public, max-age=300',
        // The page is self-contained: inline styles, no scripts, nothing fetched.
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
        'x-content-type-options': 'nosniff',
      },
    }),
  };
}

/**
 * The batch, parsed in two steps so one bad home does not sink the others: the envelope (JSON, a
 * list of 1..100, no duplicate homes) is checked for the whole request (400), then each home against
 * HomeBedStateUpdateSchema. Its vacancy table is left to updateBedState's validateBedState, which
 * knows the vacancy types the home offers and words each error with the vacancy type, field and rule.
 */
export function parseBatch(text: string): PushItem[] {
  if (text.trim() === '') throw badRequest('A JSON request body is required');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw badRequest(`The request body is not valid JSON: ${(e as Error).message}`);
  }
  const envelope = z.strictObject({ homes: z.array(z.unknown()) }).safeParse(data);
  if (!envelope.success) throw validationFailed(zodToFieldErrors(envelope.error));
  const homes = envelope.data.homes;
  if (homes.length === 0 || homes.length > MAX_HOMES_PER_BATCH) {
    throw validationFailed([
      {
        field: 'homes',
        rule: homes.length === 0 ? 'too-few-homes' : 'too-many-homes',
        message: `homes must hold 1 to ${MAX_HOMES_PER_BATCH} homes per request (got ${homes.length}); split larger updates into several requests`,
      },
    ]);
  }

  const firstIndexOf = new Map<string, number>();
  const duplicates: FieldError[] = [];
  homes.forEach((home, index) => {
    const id = isRecord(home) && typeof home.locationId === 'string' ? home.locationId : undefined;
    if (id === undefined) return;
    const first = firstIndexOf.get(id);
    if (first === undefined) firstIndexOf.set(id, index);
    else {
      duplicates.push({
        field: `homes/${index}/locationId`,
        rule: 'duplicate-home',
        message: `Care home ${id} appears more than once (homes/${first} and homes/${index}); send each home once per request`,
      });
    }
  });
  if (duplicates.length > 0) throw validationFailed(duplicates);

  return homes.map((home, index): PushItem => {
    const locationId = isRecord(home) && typeof home.locationId === 'string' ? home.locationId : null;
    if (!isRecord(home)) {
      return {
        index,
        locationId,
        errors: [{ field: '', rule: 'not-an-object', message: `homes/${index} must be an object` }],
      };
    }
    const parsed = HomeBedStateUpdateSchema.safeParse(home);
    const errors = parsed.success
      ? []
      : zodToFieldErrors(parsed.error)
          .filter(
            (e) =>
              !(e.field === 'vacancies' || e.field.startsWith('vacancies/')) || !isRecord(home.vacancies),
          )
          .map((e) =>
            e.field === 'asOf' ? { ...e, rule: 'invalid-date-time', message: asOfMessage(home.asOf) } : e,
          )
          .map(({ field, rule, message }) => ({ field, rule, message }));
    if (errors.length > 0 || locationId === null) return { index, locationId, errors };
    return { index, locationId, asOf: String(home.asOf), vacancies: home.vacancies };
  });
}

function asOfMessage(value: unknown): string {
  const got =
    typeof value === 'string' ? `'${value.slice(0, 40)}'` : value === undefined ? 'nothing' : typeof value;
  return `asOf must be an ISO 8601 date and time with a time zone offset, such as 2026-11-23T09:30:00Z (got ${got})`;
}

function asResponse(stored: StoredResponse, headers: Record<string, string> = {}): ApiResponse {
  return { status: stored.status, raw: { body: stored.body, contentType: stored.contentType }, headers };
}

/** The origin the caller reached us on, for the document's servers entry. */
function originOf(req: ApiRequest): string {
  const host = req.headers['x-forwarded-host'] ?? req.headers.host ?? 'localhost';
  const local = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(host);
  const proto = req.headers['x-forwarded-proto'] ?? (local ? 'http' : 'https');
  return `${proto === 'http' ? 'http' : 'https'}://${host}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unreachable(value: never): never {
  throw new Error(`unexpected outcome ${JSON.stringify(value)}`);
}
