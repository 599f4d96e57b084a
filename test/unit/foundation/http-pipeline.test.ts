import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHttpApi, type HttpEvent, type HttpResult } from '../../../shared/http/handler';
import { forbidden } from '../../../shared/http/problem';

const context = { awsRequestId: 'req-1', getRemainingTimeInMillis: () => 1000 } as unknown as Context;

function event(routeKey: string, body?: string, headers: Record<string, string> = {}): HttpEvent {
  const [method = 'GET', path = '/'] = routeKey.split(' ');
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers,
    body,
    isBase64Encoded: false,
    requestContext: {
      requestId: 'rid-1',
      routeKey,
      timeEpoch: Date.now(),
      http: { method, path, sourceIp: '127.0.0.1', userAgent: 'test' },
      authorizer: { jwt: { claims: { sub: 'user-1' } } },
    },
  };
}

const schema = z.strictObject({ name: z.string().min(1), beds: z.number().int().min(0) });
const handler = createHttpApi({
  'POST /api/things': async (req) => ({ status: 201, body: req.json(schema, 100) }),
  'GET /api/secret': async () => {
    throw forbidden('Only admins may see this');
  },
  'GET /api/boom': async () => {
    throw new Error('database password is hunter2');
  },
  'GET /api/csv': async () => ({ raw: { body: Buffer.from('a,b\n'), contentType: 'text/csv' } }),
});
const call = (e: HttpEvent) => handler(e, context) as Promise<HttpResult>;
const body = (r: HttpResult) => JSON.parse(r.body);

describe('HTTP pipeline', () => {
  it('parses a valid body', async () => {
    const r = await call(event('POST /api/things', JSON.stringify({ name: 'Oak', beds: 3 })));
    expect(r.statusCode).toBe(201);
    expect(body(r)).toEqual({ name: 'Oak', beds: 3 });
  });

  it('answers malformed JSON with 400 problem+json', async () => {
    const r = await call(event('POST /api/things', '{"name": '));
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toBe('application/problem+json');
    expect(body(r).detail).toMatch(/not valid JSON/);
  });

  it('names each invalid and each unknown field', async () => {
    const r = await call(event('POST /api/things', JSON.stringify({ name: '', beds: -1, colour: 'red' })));
    expect(r.statusCode).toBe(400);
    const fields = body(r).errors.map((e: { field: string; rule: string }) => `${e.field}:${e.rule}`);
    expect(fields).toEqual(
      expect.arrayContaining(['name:too_small', 'beds:too_small', 'colour:unknown-field']),
    );
  });

  it('answers a body over the route limit with 413', async () => {
    const r = await call(event('POST /api/things', JSON.stringify({ name: 'x'.repeat(200), beds: 1 })));
    expect(r.statusCode).toBe(413);
    expect(body(r).title).toBe('Payload too large');
  });

  it('maps a refusal to 403', async () => {
    const r = await call(event('GET /api/secret'));
    expect(r.statusCode).toBe(403);
    expect(body(r).detail).toBe('Only admins may see this');
  });

  it('never leaks internals in a 500, and gives a reference', async () => {
    const r = await call(event('GET /api/boom', undefined, { 'x-correlation-id': 'corr-42' }));
    expect(r.statusCode).toBe(500);
    expect(r.body).not.toContain('hunter2');
    expect(body(r).detail).toContain('corr-42');
    expect(r.headers['x-correlation-id']).toBe('corr-42');
  });

  it('answers a route key it does not serve with 404', async () => {
    const r = await call(event('GET /api/unknown'));
    expect(r.statusCode).toBe(404);
  });

  it('sends binary bodies base64-encoded, as API Gateway requires', async () => {
    const r = await call(event('GET /api/csv'));
    expect(r.isBase64Encoded).toBe(true);
    expect(Buffer.from(r.body, 'base64').toString()).toBe('a,b\n');
  });
});
