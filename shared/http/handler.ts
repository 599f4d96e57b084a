import { randomUUID } from 'node:crypto';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { z } from 'zod';
import { logger, logsInfo } from '../infra/logger';
import {
  badRequest,
  type FieldError,
  notFound,
  ProblemError,
  payloadTooLarge,
  validationFailed,
} from './problem';

/** API Gateway HTTP API payload 2.0 event, as the cloud and the local host deliver it. */
export interface HttpEvent {
  version: '2.0';
  routeKey: string;
  rawPath: string;
  rawQueryString: string;
  headers: Record<string, string | undefined>;
  queryStringParameters?: Record<string, string | undefined>;
  pathParameters?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded: boolean;
  requestContext: {
    requestId: string;
    routeKey: string;
    http: { method: string; path: string; sourceIp: string; userAgent: string; protocol?: string };
    time?: string;
    timeEpoch: number;
    authorizer?: {
      jwt?: { claims: Record<string, string | number | boolean | string[]>; scopes?: string[] | null };
      lambda?: Record<string, unknown>;
    };
    [k: string]: unknown;
  };
}

export interface HttpResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded?: boolean;
}

export interface ApiResponse {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A non-JSON body (CSV, xlsx, HTML). Buffers are sent base64-encoded, as API Gateway requires. */
  raw?: { body: string | Buffer; contentType: string };
}

/** Claims of a verified Cognito access token (verified by API Gateway's JWT authorizer, or the local host). */
export interface JwtClaims {
  sub: string;
  username?: string;
  'cognito:groups'?: string[] | string;
  [k: string]: unknown;
}

export const DEFAULT_BODY_LIMIT_BYTES = 256 * 1024;

export class ApiRequest {
  readonly correlationId: string;
  readonly headers: Record<string, string>;
  readonly params: Record<string, string>;
  readonly query: Record<string, string>;

  constructor(
    readonly event: HttpEvent,
    readonly context: Context | undefined,
  ) {
    const headers: Record<string, string> = Object.create(null);
    for (const [k, v] of Object.entries(event.headers ?? {}))
      if (v !== undefined) headers[k.toLowerCase()] = v;
    this.headers = headers;
    this.correlationId = headers['x-correlation-id'] ?? event.requestContext.requestId ?? randomUUID();
    this.params = copyDefined(event.pathParameters);
    this.query = copyDefined(event.queryStringParameters);
  }

  get method(): string {
    return this.event.requestContext.http.method;
  }

  get routeKey(): string {
    return this.event.routeKey;
  }

  /** Claims put in the event by the JWT authorizer; undefined on public routes. */
  get claims(): JwtClaims | undefined {
    const claims = this.event.requestContext.authorizer?.jwt?.claims;
    if (!claims || typeof claims.sub !== 'string') return undefined;
    return claims as JwtClaims;
  }

  /** Context set by the supplier-key Lambda authorizer. */
  get authorizerContext(): Record<string, unknown> | undefined {
    return this.event.requestContext.authorizer?.lambda;
  }

  param(name: string): string {
    const v = this.params[name];
    if (v === undefined || v === '') throw badRequest(`Path parameter ${name} is required`);
    return v;
  }

  rawBody(limitBytes = DEFAULT_BODY_LIMIT_BYTES): string {
    const body = this.event.body ?? '';
    const text = this.event.isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
    if (Buffer.byteLength(text, 'utf8') > limitBytes) throw payloadTooLarge(limitBytes);
    return text;
  }

  /** Parses the JSON body with a zod schema: 413 over the limit, 400 for malformed JSON or invalid fields. */
  json<S extends z.ZodType>(schema: S, limitBytes = DEFAULT_BODY_LIMIT_BYTES): z.infer<S> {
    const text = this.rawBody(limitBytes);
    if (text.trim() === '') throw badRequest('A JSON request body is required');
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw badRequest(`The request body is not valid JSON: ${(e as Error).message}`);
    }
    return parseWith(schema, data);
  }

  /** Validates query parameters with a zod schema (400 naming each invalid parameter). */
  queryWith<S extends z.ZodType>(schema: S): z.infer<S> {
    return parseWith(schema, this.query);
  }
}

export function parseWith<S extends z.ZodType>(schema: S, data: unknown): z.infer<S> {
  const result = schema.safeParse(data);
  if (!result.success) throw validationFailed(zodToFieldErrors(result.error));
  return result.data;
}

export function zodToFieldErrors(error: z.ZodError): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of error.issues) {
    const base = issue.path.map(String).join('/');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const field = base ? `${base}/${key}` : key;
        out.push({ field, rule: 'unknown-field', message: `${field} is not a recognised field` });
      }
      continue;
    }
    const field = base || '(body)';
    out.push({ field, rule: issue.code, message: `${field}: ${issue.message}` });
  }
  return out;
}

export type RouteHandler = (req: ApiRequest) => Promise<ApiResponse>;

/**
 * One Lambda serves a group of routes; it dispatches on the API Gateway route key
 * (e.g. "GET /api/homes/{locationId}"), wrapped in the middy pipeline that sets the correlation id,
 * maps expected errors to problem+json and hides the internals of unexpected ones.
 */
export function createHttpApi(routes: Record<string, RouteHandler>) {
  const core = async (event: HttpEvent, context: Context): Promise<HttpResult> => {
    const req = new ApiRequest(event, context);
    logger.appendKeys({ correlationId: req.correlationId, routeKey: event.routeKey });
    const started = Date.now();
    let result: HttpResult;
    try {
      const route = routes[event.routeKey];
      if (!route) throw notFound(`No route for ${event.requestContext.http.method} ${event.rawPath}`);
      result = toHttpResult(await route(req), req.correlationId);
    } catch (error) {
      result = errorToResult(error, req.correlationId, event.rawPath);
    }
    if (logsInfo()) {
      logger.info('request', {
        method: event.requestContext.http.method,
        path: event.rawPath,
        status: result.statusCode,
        ms: Date.now() - started,
      });
    }
    logger.removeKeys(['correlationId', 'routeKey']);
    return result;
  };
  return middy(core);
}

function toHttpResult(res: ApiResponse, correlationId: string): HttpResult {
  const headers: Record<string, string> = {
    'cache-control': 'no-store',
    'x-correlation-id': correlationId,
    ...res.headers,
  };
  if (res.raw) {
    headers['content-type'] = res.raw.contentType;
    if (Buffer.isBuffer(res.raw.body)) {
      return {
        statusCode: res.status ?? 200,
        headers,
        body: res.raw.body.toString('base64'),
        isBase64Encoded: true,
      };
    }
    return { statusCode: res.status ?? 200, headers, body: res.raw.body };
  }
  if (res.body === undefined) return { statusCode: res.status ?? 204, headers, body: '' };
  headers['content-type'] = 'application/json';
  return { statusCode: res.status ?? 200, headers, body: JSON.stringify(res.body) };
}

export function errorToResult(error: unknown, correlationId: string, instance: string): HttpResult {
  if (error instanceof ProblemError) {
    const body = {
      type: 'about:blank',
      title: error.title,
      status: error.status,
      detail: error.detail,
      instance,
      correlationId,
      ...(error.errors ? { errors: error.errors } : {}),
      ...error.extensions,
    };
    return {
      statusCode: error.status,
      headers: {
        'content-type': 'application/problem+json',
        'cache-control': 'no-store',
        'x-correlation-id': correlationId,
        ...error.headers,
      },
      body: JSON.stringify(body),
    };
  }
  logger.error('unhandled error', { error: error as Error });
  return {
    statusCode: 500,
    headers: {
      'content-type': 'application/problem+json',
      'cache-control': 'no-store',
      'x-correlation-id': correlationId,
    },
    body: JSON.stringify({
      type: 'about:blank',
      title: 'Internal server error',
      status: 500,
      detail: `Something went wrong. Quote reference ${correlationId} if you contact support.`,
      instance,
      correlationId,
    }),
  };
}

function copyDefined(src: Record<string, string | undefined> | undefined): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [k, v] of Object.entries(src ?? {})) if (v !== undefined) out[k] = v;
  return out;
}
