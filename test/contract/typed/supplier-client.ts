import createClient from 'openapi-fetch';
// Generated at test time from the served OpenAPI document (test/contract/supplier-api.test.ts);
// this module is type-checked against it there, and excluded from the project's own typecheck.
import type { components, paths } from '../../.tmp/contract/supplier-api';

/**
 * A supplier API client built only from the OpenAPI document: openapi-fetch over the types
 * openapi-typescript generated from it. If the document and this client disagree (a path, a
 * parameter, a field of a body), the contract test's type check fails.
 */
export type PutBody =
  paths['/api/supplier/v1/bed-states']['put']['requestBody']['content']['application/json'];
export type VacancyRow = components['schemas']['VacancyRow'];
export type ListQuery = paths['/api/supplier/v1/bed-states']['get']['parameters']['query'];

export function supplierClient(baseUrl: string, apiKey?: string) {
  const client = createClient<paths>({ baseUrl, headers: apiKey ? { 'x-api-key': apiKey } : {} });
  return {
    putBedStates: (body: PutBody, idempotencyKey?: string) =>
      client.PUT('/api/supplier/v1/bed-states', {
        body,
        params: { header: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {} },
      }),
    listBedStates: (query: ListQuery) => client.GET('/api/supplier/v1/bed-states', { params: { query } }),
    getOpenApiDocument: () => client.GET('/api/supplier/v1/openapi.json'),
    getApiDocs: () => client.GET('/api/supplier/v1/docs', { parseAs: 'text' }),
  };
}

export function row(overrides: Partial<VacancyRow> = {}): VacancyRow {
  return {
    vacancyType: 'general-residential',
    weeklyPriceFrom: 950,
    maximumCapacity: 4,
    occupied: 3,
    vacantReserved: 0,
    vacantAccepting: 1,
    vacantNotAvailable: 0,
    notAvailableReason: null,
    flexible: false,
    ...overrides,
  };
}

/** One home's update, typed by the document. */
export function homeUpdate(locationId: string, asOf: string, rows: VacancyRow[]): PutBody['homes'][number] {
  return { locationId, asOf, vacancies: { rows } };
}

/** The results of a push as the document types them. */
export function resultsOf(data: components['schemas']['BedStatesPutResponse'] | undefined): string[] {
  return (data?.results ?? []).map((r) => `${r.locationId}:${r.result}`);
}
