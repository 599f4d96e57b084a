import { z } from 'zod';
import {
  BedStatesPageSchema,
  BedStatesPutRequestSchema,
  BedStatesPutResponseSchema,
  BedStatesQuerySchema,
  FEED_MAX_DAYS,
  GatewayErrorSchema,
  MAX_HOMES_PER_BATCH,
  ProblemSchema,
} from './supplier-schemas';

/**
 * The supplier API's OpenAPI 3.1 document, generated from the zod schemas the handlers parse with
 * (supplier-schemas.ts), so the published contract cannot drift from the enforced one. JSON Schema
 * 2020-12 is OpenAPI 3.1's schema dialect, which is what z.toJSONSchema emits.
 */

export const SUPPLIER_API_BASE = '/api/supplier/v1';
export const SUPPLIER_API_VERSION = '1.0.0';
export const SUPPLIER_BODY_LIMIT_BYTES = 1024 * 1024;

type JsonObject = Record<string, unknown>;

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const idOf = (schema: z.ZodType): string => {
  const id = z.globalRegistry.get(schema)?.id;
  if (!id) throw new Error('schema has no registered id');
  return id;
};

/** Component schemas reachable from the roots, with zod's $schema/$id stripped (OpenAPI keys them itself). */
function componentSchemas(roots: z.ZodType[]): Record<string, JsonObject> {
  const all = z.toJSONSchema(z.globalRegistry, {
    target: 'draft-2020-12',
    io: 'input',
    uri: (id) => `#/components/schemas/${id}`,
  }).schemas as Record<string, JsonObject>;
  const out: Record<string, JsonObject> = {};
  const visit = (id: string) => {
    if (out[id]) return;
    const schema = all[id];
    if (!schema) throw new Error(`schema ${id} is not registered`);
    const { $schema: _s, $id: _i, ...rest } = schema;
    out[id] = rest;
    JSON.stringify(rest, (key, value) => {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/')) {
        visit(value.slice('#/components/schemas/'.length));
      }
      return value;
    });
  };
  for (const root of roots) visit(idOf(root));
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/** Query parameters from the query schema: one parameter per property, its schema and description. */
function queryParameters(schema: z.ZodObject): JsonObject[] {
  const json = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' }) as {
    properties: Record<string, JsonObject>;
    required?: string[];
  };
  return Object.entries(json.properties).map(([name, property]) => {
    const { description, examples, ...rest } = property as JsonObject & {
      description?: string;
      examples?: unknown[];
    };
    return {
      name,
      in: 'query',
      required: json.required?.includes(name) ?? false,
      ...(description ? { description } : {}),
      schema: rest,
      ...(examples?.[0] !== undefined ? { example: examples[0] } : {}),
    };
  });
}

const problem = (description: string, headers?: JsonObject) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/problem+json': { schema: ref('Problem') } },
});

const retryAfter = {
  'Retry-After': {
    description: 'Seconds to wait before retrying.',
    schema: { type: 'integer', minimum: 1 },
  },
};

const rateLimited = problem(
  'Too many requests for this API key (sliding window per key; see the API description).',
  retryAfter,
);
const unauthorised = {
  description:
    'No x-api-key header (answered by the gateway: `{"message":"Unauthorized"}`), or an unknown or revoked key, or a disabled supplier (problem details naming the reason).',
  content: {
    'application/json': { schema: ref('GatewayError') },
    'application/problem+json': { schema: ref('Problem') },
  },
};

export function supplierOpenApiDocument(serverUrl: string): JsonObject {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Care Capacity Tracker supplier API',
      version: SUPPLIER_API_VERSION,
      description: [
        'For bed-tracker platforms that already hold care homes\u2019 bed states: push them here so homes do not enter data twice, and pull the pooled national picture.',
        '',
        '- Authenticate with the API key an administrator issued to your platform, in the `x-api-key` header.',
        `- Push up to ${MAX_HOMES_PER_BATCH} homes per request, each with its whole vacancy table (as on the provider update page) and the time it was true at your end (\`asOf\`). Each home gets its own result; one home\u2019s problem never holds back another.`,
        '- Send an `Idempotency-Key` header to make retries safe: a replay within 24 hours returns the first response unchanged and changes nothing.',
        `- Rate limit per key: 10 requests a second with bursts of 20 by default (429 with Retry-After when exceeded). Request bodies are limited to ${SUPPLIER_BODY_LIMIT_BYTES} bytes (413).`,
        `- Pull: homes whose bed state changed since a time (at most ${FEED_MAX_DAYS} days ago), optionally in one region, in pages with an opaque cursor.`,
      ].join('\n'),
      license: {
        name: 'Open Government Licence v3.0',
        url: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
      },
    },
    servers: [{ url: serverUrl, description: 'This service' }],
    tags: [
      { name: 'Bed states', description: 'Push and pull care home bed states.' },
      { name: 'Documentation', description: 'This document and its readable rendering.' },
    ],
    paths: {
      [`${SUPPLIER_API_BASE}/bed-states`]: {
        put: {
          operationId: 'putBedStates',
          tags: ['Bed states'],
          summary: 'Push the bed states of up to 100 care homes',
          description:
            'Each home is validated and written on its own (one transaction each) through the same rules as the provider update page; history records the source as `supplier:<your id>`. Duplicate location ids in one request are refused as a whole (400), because it is not clear which figures are meant.',
          security: [{ supplierKey: [] }],
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              description:
                'Any printable ASCII string up to 255 characters, unique per logical request (a UUID is ideal). Same key and same body within 24 hours: the first response is returned again and nothing changes. Same key with a different body: 422. While the first request is still running: 409.',
              schema: { type: 'string', minLength: 1, maxLength: 255 },
            },
          ],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref(idOf(BedStatesPutRequestSchema)) } },
          },
          responses: {
            '200': {
              description: 'A result per home, in request order.',
              headers: {
                'Idempotency-Replayed': {
                  description:
                    '`true` when this is the stored response of an earlier request with the same key.',
                  schema: { type: 'string', enum: ['true'] },
                },
              },
              content: { 'application/json': { schema: ref(idOf(BedStatesPutResponseSchema)) } },
            },
            '400': problem('The request is malformed: not JSON, wrong shape, too many homes or duplicates.'),
            '401': unauthorised,
            '409': problem('A request with this Idempotency-Key is still being processed.', retryAfter),
            '413': problem(`The body is larger than ${SUPPLIER_BODY_LIMIT_BYTES} bytes.`),
            '422': problem('The Idempotency-Key was used before with a different request body.'),
            '429': rateLimited,
          },
        },
        get: {
          operationId: 'listBedStates',
          tags: ['Bed states'],
          summary: 'Pull current bed states changed since a time',
          description:
            'Every care home in England (or one region) whose bed state was updated or confirmed after `since`, oldest change first, each with its current table. Not limited to your own homes: regions pool the data. A home appears once, at its latest change; a home that changes again while you page through appears again later.',
          security: [{ supplierKey: [] }],
          parameters: queryParameters(BedStatesQuerySchema),
          responses: {
            '200': {
              description: 'A page of homes.',
              content: { 'application/json': { schema: ref(idOf(BedStatesPageSchema)) } },
            },
            '400': problem(
              'A parameter is invalid (named in errors), or the cursor does not match the query.',
            ),
            '401': unauthorised,
            '429': rateLimited,
          },
        },
      },
      [`${SUPPLIER_API_BASE}/openapi.json`]: {
        get: {
          operationId: 'getOpenApiDocument',
          tags: ['Documentation'],
          summary: 'This OpenAPI document',
          security: [],
          responses: {
            '200': {
              description: 'The OpenAPI 3.1 document.',
              content: { 'application/json': { schema: { type: 'object' } } },
            },
            '404': problem('Not found.'),
          },
        },
      },
      [`${SUPPLIER_API_BASE}/docs`]: {
        get: {
          operationId: 'getApiDocs',
          tags: ['Documentation'],
          summary: 'This API, readable',
          security: [],
          responses: {
            '200': {
              description: 'An HTML page rendering this document.',
              content: { 'text/html': { schema: { type: 'string' } } },
            },
            '404': problem('Not found.'),
          },
        },
      },
    },
    components: {
      securitySchemes: {
        supplierKey: {
          type: 'apiKey',
          in: 'header',
          name: 'x-api-key',
          description: 'The API key issued to your platform by an administrator (shown once).',
        },
      },
      schemas: componentSchemas([
        BedStatesPutRequestSchema,
        BedStatesPutResponseSchema,
        BedStatesPageSchema,
        ProblemSchema,
        GatewayErrorSchema,
      ]),
    },
  };
}
