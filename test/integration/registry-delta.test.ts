import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { countingRepositories } from '../../shared/app/registry/counting';
import { DELTA_WATERMARK, syncCqcChanges } from '../../shared/app/registry/cqc-api-sync';
import { createDeltaJob, type RegistryJobDeps } from '../../shared/app/registry/jobs';
import type { RegistryDeps } from '../../shared/app/registry/runs';
import { runCqcIngestion } from '../../shared/app/registry/runs';
import { sourcesFromPaths } from '../../shared/app/registry/sources';
import { DynamoGeoRepository } from '../../shared/infra/geo-repository';
import { DynamoHomesRepository } from '../../shared/infra/homes-repository';
import { homeKeys } from '../../shared/infra/keys';
import { CqcApiClient, cqcApiFromEnvironment } from '../../shared/infra/registry-cqc-api';
import { DynamoRegistryRunRepository } from '../../shared/infra/registry-runs-repository';
import { useTestTable } from '../support/service';
import { hscaCsv, writeFixture } from '../unit/registry-app/fixtures';

const BASE = 'https://api.service.cqc.org.uk/public/v1';
const recorded = JSON.parse(
  readFileSync(join(__dirname, '..', 'unit', 'registry-app', 'recorded', 'cqc-api-delta.json'), 'utf8'),
) as { responses: Record<string, { status: number; body: unknown }> };

/** The outside world: serves recorded CQC API responses by path, and remembers what was asked. */
function recordedFetch(overrides: Record<string, { status: number; body: unknown }> = {}) {
  const calls: Array<{ path: string; key: string | undefined }> = [];
  const fetch = async (url: string, init: { headers: Record<string, string> }) => {
    const path = url.replace(BASE, '');
    calls.push({ path, key: init.headers['Ocp-Apim-Subscription-Key'] });
    const hit = overrides[path] ?? recorded.responses[path];
    const status = hit?.status ?? 599;
    return {
      ok: status >= 200 && status < 300,
      status,
      json: async () => hit?.body,
      text: async () => JSON.stringify(hit?.body ?? `no recording for ${path}`),
    };
  };
  return { fetch, calls };
}

let ddb: DynamoDBDocumentClient;
let table: string;
let deps: RegistryDeps & { counts: ReturnType<typeof countingRepositories>['counts'] };

beforeEach(async () => {
  ({ ddb, tableName: table } = await useTestTable('regdelta'));
  const counted = countingRepositories(
    new DynamoHomesRepository(ddb, table),
    new DynamoGeoRepository(ddb, table),
  );
  deps = { ...counted, runs: new DynamoRegistryRunRepository(ddb, table) };
  await runCqcIngestion(await sourcesFromPaths([await writeFixture('hsca.csv', hscaCsv())]), deps, {
    trigger: 'cli',
  });
  await deps.runs.setState(DELTA_WATERMARK, '2026-03-01T04:00:00.000Z');
  deps.counts.homesCreated = 0;
  deps.counts.postcodes = 0;
});

const until = new Date('2026-03-02T04:00:00Z');

async function home(id: string) {
  return (await ddb.send(new GetCommand({ TableName: table, Key: { pk: homeKeys.pk(id), sk: homeKeys.sk } })))
    .Item;
}

describe('CQC API delta sync (recorded responses)', () => {
  it('applies the changed locations through the ingester and moves the mark', async () => {
    const { fetch, calls } = recordedFetch();
    const api = new CqcApiClient({ baseUrl: BASE, key: 'test-key', fetch, retries: 0 });
    const report = await syncCqcChanges(api, deps, { until });
    expect(report).toMatchObject({
      status: 'succeeded',
      trigger: 'delta',
      updated: 1,
      archived: 1,
      skipped: 1,
    });
    expect(report.skippedRows[0]).toMatchObject({
      locationId: '1-8000000099',
      reason: expect.stringMatching(/no location/),
    });
    expect(await home('1-8000000001')).toMatchObject({ registeredBeds: 46, overallRating: 'Outstanding' });
    expect(await home('1-8000000003')).toMatchObject({
      registryStatus: 'archived',
      archivedReason: 'deregistered',
    });
    expect(await deps.runs.getState(DELTA_WATERMARK)).toBe(until.toISOString());
    expect(calls.map((c) => c.path)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^\/changes\/location\?startTimestamp=2026-03-01T04%3A00%3A00Z&endTimestamp=2026-03-02T04%3A00%3A00Z/,
        ),
        expect.stringMatching(/^\/changes\/location\?page=2/),
        '/locations/1-8000000001',
        '/locations/1-8000000003',
        '/locations/1-8000000099',
      ]),
    );
    expect(new Set(calls.map((c) => c.key))).toEqual(new Set(['test-key']));
  });

  it('writes nothing when the same changes are applied again', async () => {
    const api = new CqcApiClient({ baseUrl: BASE, key: 'k', fetch: recordedFetch().fetch, retries: 0 });
    await syncCqcChanges(api, deps, { until });
    await deps.runs.setState(DELTA_WATERMARK, '2026-03-01T04:00:00.000Z');
    deps.counts.homesUpdated = 0;
    const again = await syncCqcChanges(api, deps, { until });
    expect(again).toMatchObject({ writes: 0, unchanged: 1, ignored: 1 });
    expect(deps.counts.total()).toBe(0);
  });

  it('keeps the mark when a location could not be fetched, so the next run retries it', async () => {
    const { fetch } = recordedFetch({
      '/locations/1-8000000001': { status: 503, body: { message: 'busy' } },
    });
    const api = new CqcApiClient({ baseUrl: BASE, key: 'k', fetch, retries: 0 });
    const report = await syncCqcChanges(api, deps, { until });
    expect(report.skippedRows.map((s) => s.reason)).toContainEqual(
      expect.stringMatching(/fetching 1-8000000001 failed: CQC API 503/),
    );
    expect((await home('1-8000000001'))?.registeredBeds).toBe(40);
    expect(await deps.runs.getState(DELTA_WATERMARK)).toBe('2026-03-01T04:00:00.000Z');
  });

  it('runs as the daily job, and skips cleanly without a subscription key', async () => {
    const files = {
      latest: async () => undefined,
      describe: async () => ({ size: 0, complete: false }),
      source: () => {
        throw new Error('unused');
      },
      text: async () => '',
    };
    const base: RegistryJobDeps = { ...deps, files, maxFileBytes: 1, cqcApi: async () => undefined };
    expect(await createDeltaJob(() => base)({ job: 'cqc-delta', time: until.toISOString() })).toEqual({
      skipped: expect.stringMatching(/no CQC API key/),
    });
    const api = new CqcApiClient({ baseUrl: BASE, key: 'k', fetch: recordedFetch().fetch, retries: 0 });
    const outcome = await createDeltaJob(() => ({ ...base, cqcApi: async () => api }))({
      job: 'cqc-delta',
      time: until.toISOString(),
    });
    expect(outcome).toMatchObject({ report: { trigger: 'delta', updated: 1, archived: 1 } });
    // The deployed secret holds a placeholder until the real key is pasted in: CQC answers 401.
    const refused = new CqcApiClient({
      baseUrl: BASE,
      key: 'placeholder',
      fetch: async () => ({ ok: false, status: 401, json: async () => ({}), text: async () => '' }),
    });
    expect(
      await createDeltaJob(() => ({ ...base, cqcApi: async () => refused }))({ job: 'cqc-delta' }),
    ).toEqual({
      skipped: expect.stringMatching(/refused the subscription key/),
    });
    // No secret configured: no client, and no call to Secrets Manager.
    expect(await cqcApiFromEnvironment({})).toBeUndefined();
  });
});
