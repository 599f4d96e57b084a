import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RunningService } from '../../local/service';
import { bedStateService } from '../../shared/app/bed-state';
import { suppliersRepository } from '../../shared/infra/suppliers-repository';
import { newLocationId, putHome, servicesInput } from '../support/fixtures-homes';
import { startTestService } from '../support/service';

/**
 * Contract test of the supplier API (issue 8). The OpenAPI document is fetched from the running
 * service, linted with Redocly, turned into TypeScript types with openapi-typescript, and a client
 * written only against those types (test/contract/typed/supplier-client.ts, openapi-fetch) must
 * type-check against them. That client then calls every operation of the document on the local
 * service, success and error responses alike, and every JSON body is validated against the
 * document's own schema for that operation and status.
 */
const execFileAsync = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const OUT = join(ROOT, 'test/.tmp/contract');
const LOOSE_LIMITS = { SUPPLIER_RATE_PER_SECOND: '1000', SUPPLIER_RATE_BURST: '5000' };

type Json = Record<string, any>;
interface Client {
  putBedStates(
    body: unknown,
    idempotencyKey?: string,
  ): Promise<{ data?: any; error?: any; response: Response }>;
  listBedStates(query: Record<string, unknown>): Promise<{ data?: any; error?: any; response: Response }>;
  getOpenApiDocument(): Promise<{ data?: any; error?: any; response: Response }>;
  getApiDocs(): Promise<{ data?: any; error?: any; response: Response }>;
}
interface TypedModule {
  supplierClient(baseUrl: string, apiKey?: string): Client;
  row(overrides?: Record<string, unknown>): Json;
  homeUpdate(locationId: string, asOf: string, rows: Json[]): Json;
  resultsOf(data: unknown): string[];
}

describe('supplier API contract (client generated from the OpenAPI document)', () => {
  let svc: RunningService;
  let doc: Json;
  let typed: TypedModule;
  let client: Client;
  let key: string;
  let inScope: string;
  let outOfScope: string;
  const covered = new Set<string>();

  /** The document's schema for an operation's response, as zod (from JSON Schema), $refs resolved. */
  function responseSchema(path: string, method: string, status: number, contentType: string): z.ZodType {
    const response = doc.paths[path]?.[method]?.responses?.[String(status)];
    expect(response, `${method.toUpperCase()} ${path} documents status ${status}`).toBeDefined();
    const media = response.content?.[contentType];
    expect(media, `${method.toUpperCase()} ${path} ${status} documents ${contentType}`).toBeDefined();
    const defs = JSON.parse(
      JSON.stringify(doc.components.schemas).replaceAll('#/components/schemas/', '#/$defs/'),
    );
    const root = JSON.parse(
      JSON.stringify(media?.schema ?? {}).replaceAll('#/components/schemas/', '#/$defs/'),
    );
    return z.fromJSONSchema({ ...root, $defs: defs });
  }

  /** Checks status and body against the document, and records the operation as exercised. */
  function conforms(
    operationId: string,
    path: string,
    method: string,
    res: { data?: unknown; error?: unknown; response: Response },
    status: number,
  ) {
    expect(res.response.status, JSON.stringify(res.data ?? res.error).slice(0, 500)).toBe(status);
    const body = res.response.ok ? res.data : res.error;
    const type = (res.response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
    if (type.endsWith('json')) {
      const parsed = responseSchema(path, method, status, type).safeParse(body);
      expect(parsed.success, `${operationId} ${status}: ${parsed.error?.message}`).toBe(true);
    }
    covered.add(`${operationId} ${status}`);
  }

  const BED_STATES = '/api/supplier/v1/bed-states';
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

  beforeAll(async () => {
    Object.assign(process.env, LOOSE_LIMITS);
    svc = await startTestService();
    const providerId = `1-7${String(Date.now()).slice(-8)}`;
    inScope = newLocationId();
    outOfScope = newLocationId();
    for (const [locationId, provider] of [
      [inScope, providerId],
      [outOfScope, `1-6${String(Date.now()).slice(-8)}`],
    ] as const) {
      await putHome({ locationId, name: `Home ${locationId}`, providerId: provider });
      const saved = await bedStateService().updateServices({
        locationId,
        input: servicesInput({ vacancyTypes: ['general-residential'] }),
        expectedVersion: 0,
        actor: { sub: 'test', email: 'test@example.org' },
        source: 'web',
      });
      expect(saved.kind).toBe('applied');
    }
    const repo = suppliersRepository();
    const supplierId = `contract-${randomUUID().slice(0, 6)}`;
    await repo.createSupplier({
      supplierId,
      name: 'Contract Beds',
      status: 'active',
      providerIds: [providerId],
      locationIds: [],
    });
    const issued = await repo.createKey(supplierId, 'contract');
    if (issued === 'not-found') throw new Error('supplier missing');
    key = issued.key;

    // The document as served, not as imported: the contract is what a supplier downloads.
    const res = await fetch(`${svc.url}/api/supplier/v1/openapi.json`);
    expect(res.status).toBe(200);
    doc = (await res.json()) as Json;
    mkdirSync(OUT, { recursive: true });
    writeFileSync(join(OUT, 'supplier-openapi.json'), JSON.stringify(doc, null, 2));
    const ast = await openapiTS(doc as never);
    writeFileSync(join(OUT, 'supplier-api.d.ts'), astToString(ast));
    const modulePath = join(ROOT, 'test/contract/typed/supplier-client.ts');
    typed = (await import(modulePath)) as TypedModule;
    client = typed.supplierClient(svc.url, key);
  });

  afterAll(async () => {
    await svc?.stop();
    delete process.env.SUPPLIER_RATE_PER_SECOND;
    delete process.env.SUPPLIER_RATE_BURST;
  });

  it('passes redocly lint with no errors or warnings', async () => {
    const { stdout } = await execFileAsync(
      join(ROOT, 'node_modules/.bin/redocly'),
      ['lint', '--config', join(ROOT, 'redocly.yaml'), '--format=json', join(OUT, 'supplier-openapi.json')],
      {
        cwd: ROOT,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      },
    );
    const report = JSON.parse(stdout) as {
      totals: { errors: number; warnings: number };
      problems: unknown[];
    };
    expect(report.problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('is OpenAPI 3.1 generated from the zod schemas, and the client type-checks against it', async () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        'BedStatesPutRequest',
        'HomeBedStateUpdate',
        'VacancyTable',
        'VacancyRow',
        'Problem',
      ]),
    );
    // The vacancy table is the provider update's own schema.
    expect(doc.components.schemas.VacancyRow.required).toContain('notAvailableReason');
    await execFileAsync(
      join(ROOT, 'node_modules/.bin/tsc'),
      ['-p', join(ROOT, 'test/contract/tsconfig.json')],
      {
        cwd: ROOT,
      },
    ).catch((e: { stdout?: string }) => {
      throw new Error(`the generated client does not type-check:\n${e.stdout ?? e}`);
    });
  }, 120_000);

  it('putBedStates: applied and forbidden items, then idempotent replay', async () => {
    const body = {
      homes: [
        typed.homeUpdate(inScope, minutesAgo(5), [typed.row()]),
        typed.homeUpdate(outOfScope, minutesAgo(5), [typed.row()]),
      ],
    };
    const idem = randomUUID();
    const first = await client.putBedStates(body, idem);
    conforms('putBedStates', BED_STATES, 'put', first, 200);
    expect(typed.resultsOf(first.data)).toEqual([`${inScope}:applied`, `${outOfScope}:forbidden`]);

    const replay = await client.putBedStates(body, idem);
    conforms('putBedStates', BED_STATES, 'put', replay, 200);
    expect(replay.data).toEqual(first.data);
    expect(replay.response.headers.get('idempotency-replayed')).toBe('true');

    const changed = await client.putBedStates(
      { homes: [typed.homeUpdate(inScope, minutesAgo(4), [typed.row()])] },
      idem,
    );
    conforms('putBedStates', BED_STATES, 'put', changed, 422);
  });

  it('putBedStates: 400, 401 and 413', async () => {
    const duplicate = typed.homeUpdate(inScope, minutesAgo(3), [typed.row()]);
    conforms(
      'putBedStates',
      BED_STATES,
      'put',
      await client.putBedStates({ homes: [duplicate, duplicate] }),
      400,
    );

    // No key: the gateway answers; an unknown key: our problem details.
    const anonymous = typed.supplierClient(svc.url);
    conforms('putBedStates', BED_STATES, 'put', await anonymous.putBedStates({ homes: [duplicate] }), 401);
    const unknown = typed.supplierClient(svc.url, `cct_live_${'0'.repeat(12)}_${'A'.repeat(43)}`);
    const refused = await unknown.putBedStates({ homes: [duplicate] });
    conforms('putBedStates', BED_STATES, 'put', refused, 401);
    expect(refused.response.headers.get('content-type')).toContain('application/problem+json');

    // 100 homes of 50 rows each, times padded to 2 kB: well-typed, and over the 1 MiB body limit.
    const rows = Array.from({ length: 50 }, () => typed.row());
    const asOf = `${minutesAgo(1)}${' '.repeat(2048)}`;
    const huge = { homes: Array.from({ length: 100 }, () => typed.homeUpdate(newLocationId(), asOf, rows)) };
    expect(JSON.stringify(huge).length).toBeGreaterThan(1024 * 1024);
    conforms('putBedStates', BED_STATES, 'put', await client.putBedStates(huge), 413);
  });

  it('listBedStates: a page of pooled bed states, then 400 and 401', async () => {
    const page = await client.listBedStates({ since: minutesAgo(60), limit: 10 });
    conforms('listBedStates', BED_STATES, 'get', page, 200);
    expect(page.data.homes.map((h: { locationId: string }) => h.locationId)).toContain(inScope);

    conforms('listBedStates', BED_STATES, 'get', await client.listBedStates({ since: 'last tuesday' }), 400);
    const anonymous = typed.supplierClient(svc.url);
    conforms(
      'listBedStates',
      BED_STATES,
      'get',
      await anonymous.listBedStates({ since: minutesAgo(60) }),
      401,
    );
  });

  it('getOpenApiDocument and getApiDocs', async () => {
    conforms(
      'getOpenApiDocument',
      '/api/supplier/v1/openapi.json',
      'get',
      await client.getOpenApiDocument(),
      200,
    );
    const docs = await client.getApiDocs();
    conforms('getApiDocs', '/api/supplier/v1/docs', 'get', docs, 200);
    expect(docs.response.headers.get('content-type')).toContain('text/html');
    for (const operationId of ['putBedStates', 'listBedStates', 'getOpenApiDocument', 'getApiDocs']) {
      expect(docs.data).toContain(`id="op-${operationId}"`);
    }
    expect(docs.data).not.toMatch(/<script|https?:\/\/[^"]*\.(js|css)/);
  });

  it('429 with Retry-After on both bed-state operations when the key is over its limit', async () => {
    // One request per 20 s window: the next is refused however slow the machine.
    Object.assign(process.env, { SUPPLIER_RATE_PER_SECOND: '0.05', SUPPLIER_RATE_BURST: '1' });
    try {
      let put: Awaited<ReturnType<Client['putBedStates']>> | undefined;
      let get: Awaited<ReturnType<Client['listBedStates']>> | undefined;
      for (let i = 0; i < 6 && (!put || !get); i++) {
        const p = await client.putBedStates({
          homes: [typed.homeUpdate(inScope, minutesAgo(0), [typed.row()])],
        });
        if (p.response.status === 429) put ??= p;
        const g = await client.listBedStates({ since: minutesAgo(1) });
        if (g.response.status === 429) get ??= g;
      }
      if (!put || !get) throw new Error('no 429 within 6 attempts');
      conforms('putBedStates', BED_STATES, 'put', put, 429);
      conforms('listBedStates', BED_STATES, 'get', get, 429);
      expect(Number(put.response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    } finally {
      Object.assign(process.env, LOOSE_LIMITS);
    }
  });

  it('exercised every operation of the document', () => {
    const operations = Object.values(doc.paths).flatMap((item) =>
      Object.values(item as Json).map((op) => (op as Json).operationId as string),
    );
    for (const operationId of operations) {
      expect(
        [...covered].some((c) => c.startsWith(`${operationId} 2`)),
        operationId,
      ).toBe(true);
    }
    for (const required of [
      'putBedStates 401',
      'putBedStates 413',
      'putBedStates 429',
      'listBedStates 429',
    ]) {
      expect(covered).toContain(required);
    }
  });
});
