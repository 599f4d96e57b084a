import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import {
  authorizers,
  type FunctionDef,
  functions,
  matchPath,
  type RouteDef,
  routes,
} from '../shared/wiring/definitions';
import { invoke } from './lambda';

/**
 * Emulates API Gateway HTTP API (payload 2.0) in front of the same handler modules the cloud runs:
 * route matching from the shared route table, the JWT authorizer (verifies Cognito access tokens
 * against the emulator's JWKS and passes the claims as API Gateway does), Lambda request authorizers,
 * the 10 MB payload limit, and base64 for binary bodies.
 */
export const API_GATEWAY_PAYLOAD_LIMIT = 10 * 1024 * 1024;

export interface ApiHostOptions {
  root: string;
  cognitoEndpoint: string;
  userPoolId: string;
  clientId: string;
}

interface MatchedRoute {
  route: RouteDef;
  params: Record<string, string>;
}

const sortedRoutes = [...routes].sort((a, b) => specificity(b) - specificity(a));

function specificity(r: RouteDef): number {
  const segs = r.path.split('/');
  let score = segs.length * 10;
  for (const s of segs) {
    if (s.endsWith('+}')) score -= 1000;
    else if (s.startsWith('{')) score -= 1;
  }
  return score + (r.method === 'ANY' ? 0 : 5);
}

/**
 * Routes without parameters, by method and path: such a route outranks any other that matches
 * (specificity), so the lookup answers at once. `ANY` routes stay in the ordered walk, since a
 * method-specific route with a parameter outranks them.
 */
const literalRoutes = new Map(
  routes.filter((r) => r.method !== 'ANY' && !r.path.includes('{')).map((r) => [`${r.method} ${r.path}`, r]),
);

export function findRoute(method: string, path: string): MatchedRoute | undefined {
  const literal = literalRoutes.get(`${method} ${path}`);
  if (literal) return { route: literal, params: {} };
  for (const route of sortedRoutes) {
    if (route.method !== 'ANY' && route.method !== method) continue;
    const params = matchPath(route.path, path);
    if (params) return { route, params };
  }
  return undefined;
}

export function createApiHost(opts: ApiHostOptions) {
  const issuer = `${opts.cognitoEndpoint}/${opts.userPoolId}`;
  const jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));

  /**
   * Tokens already verified, until they expire: the signature check is an RSA verification that would
   * otherwise be paid on every request of a session. Only valid tokens are kept, so a tampered one
   * (a different string) is always checked afresh.
   */
  const verified = new Map<string, { claims: Record<string, string>; expiresMs: number }>();
  const VERIFIED_MAX = 10_000;

  async function verifyJwt(header: string | undefined): Promise<Record<string, string> | undefined> {
    const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
    const token = m?.[1];
    if (!token) return undefined;
    const known = verified.get(token);
    if (known) {
      if (Date.now() < known.expiresMs) return { ...known.claims };
      verified.delete(token);
    }
    try {
      const { payload } = await jwtVerify(token, jwks, { issuer, algorithms: ['RS256'] });
      // API Gateway accepts an access token when its client_id is in the authorizer's audience list.
      const audience = payload.client_id ?? payload.aud;
      if (audience !== opts.clientId && !(Array.isArray(audience) && audience.includes(opts.clientId))) {
        return undefined;
      }
      const claims = flattenClaims(payload);
      if (typeof payload.exp === 'number') {
        if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value as string);
        verified.set(token, { claims, expiresMs: payload.exp * 1000 });
      }
      return claims;
    } catch {
      return undefined;
    }
  }

  return async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const body = await readBody(req, API_GATEWAY_PAYLOAD_LIMIT);
    if (body === 'too-large') {
      send(
        res,
        413,
        { 'content-type': 'application/json' },
        JSON.stringify({ message: 'Request Entity Too Large' }),
      );
      return;
    }
    const matched = findRoute(method, url.pathname);
    if (!matched) {
      send(res, 404, { 'content-type': 'application/json' }, JSON.stringify({ message: 'Not Found' }));
      return;
    }
    const { route, params } = matched;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
    }
    const routeKey = `${route.method} ${route.path}`;
    const requestId = randomUUID();
    const contentType = headers['content-type'] ?? '';
    const textual = body.length === 0 || /json|text|xml|x-www-form-urlencoded|javascript/i.test(contentType);
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
    const event = {
      version: '2.0' as const,
      routeKey,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      headers,
      queryStringParameters: Object.keys(query).length ? query : undefined,
      pathParameters: Object.keys(params).length ? params : undefined,
      body: body.length ? (textual ? body.toString('utf8') : body.toString('base64')) : undefined,
      isBase64Encoded: body.length > 0 && !textual,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: headers.host ?? 'localhost',
        domainPrefix: 'local',
        requestId,
        routeKey,
        stage: '$default',
        time: new Date().toUTCString(),
        timeEpoch: Date.now(),
        http: {
          method,
          path: url.pathname,
          protocol: 'HTTP/1.1',
          sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
          userAgent: headers['user-agent'] ?? '',
        },
        authorizer: undefined as unknown,
      },
    };

    if (route.auth === 'jwt') {
      const claims = await verifyJwt(headers.authorization);
      if (!claims) {
        send(res, 401, { 'content-type': 'application/json' }, JSON.stringify({ message: 'Unauthorized' }));
        return;
      }
      event.requestContext.authorizer = { jwt: { claims, scopes: null } };
    } else if (route.auth === 'supplier-key') {
      const authorizer: FunctionDef = authorizers['supplier-key'];
      const result = (await invoke(opts.root, authorizer, 'supplier-authorizer', {
        ...event,
        type: 'REQUEST',
        routeArn: `arn:aws:execute-api:eu-west-2:000000000000:local/$default/${method}${url.pathname}`,
        identitySource: [headers['x-api-key'] ?? ''],
      }).catch(() => ({ isAuthorized: false }))) as {
        isAuthorized?: boolean;
        context?: Record<string, unknown>;
      };
      if (!result?.isAuthorized) {
        // API Gateway answers 401 when the identity source is missing, 403 when the authorizer denies.
        const missing = !headers['x-api-key'];
        send(
          res,
          missing ? 401 : 403,
          { 'content-type': 'application/json' },
          JSON.stringify({ message: missing ? 'Unauthorized' : 'Forbidden' }),
        );
        return;
      }
      event.requestContext.authorizer = { lambda: result.context ?? {} };
    }

    const fnDef: FunctionDef = functions[route.fn];
    let out: {
      statusCode?: number;
      headers?: Record<string, string>;
      body?: string;
      isBase64Encoded?: boolean;
    };
    try {
      out = (await invoke(opts.root, fnDef, route.fn, event)) as typeof out;
    } catch (e) {
      console.error(`handler ${route.fn} failed`, e);
      send(
        res,
        500,
        { 'content-type': 'application/json' },
        JSON.stringify({ message: 'Internal Server Error' }),
      );
      return;
    }
    // A text body goes to the socket as the string it is: Node encodes it straight into the write.
    const payload = !out.body ? '' : out.isBase64Encoded ? Buffer.from(out.body, 'base64') : out.body;
    send(res, out.statusCode ?? 200, out.headers ?? {}, payload);
  };
}

/** API Gateway passes JWT claims to Lambda as strings; arrays become "[a b]". */
function flattenClaims(payload: JWTPayload): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(payload)) {
    out[k] = Array.isArray(v) ? `[${v.join(' ')}]` : typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
  return out;
}

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) tooLarge = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string | Buffer,
): void {
  if (res.headersSent) return;
  // API Gateway sends a Content-Length, not a chunked body; Node then writes head and body in one go.
  const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  const withLength =
    status === 204 || status === 304 || Object.keys(headers).some((k) => k.toLowerCase() === 'content-length')
      ? headers
      : { ...headers, 'content-length': String(length) };
  res.writeHead(status, withLength);
  res.end(body);
}
