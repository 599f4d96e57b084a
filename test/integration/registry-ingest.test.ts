import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { countingRepositories } from '../../shared/app/registry/counting';
import { listHomes } from '../../shared/app/registry/homes-query';
import { ingestCqc } from '../../shared/app/registry/ingest';
import type { HomesRepository } from '../../shared/app/registry/ports';
import { newRunId } from '../../shared/app/registry/report';
import { runCqcIngestion, runOutcodeIngestion } from '../../shared/app/registry/runs';
import { sourcesFromPaths } from '../../shared/app/registry/sources';
import { DynamoGeoRepository } from '../../shared/infra/geo-repository';
import { DynamoHomesRepository } from '../../shared/infra/homes-repository';
import { homeKeys } from '../../shared/infra/keys';
import { DynamoRegistryRunRepository } from '../../shared/infra/registry-runs-repository';
import { useTestTable } from '../support/service';
import {
  apiJson,
  ascCsv,
  CARE_HOME_IDS,
  directoryCsv,
  driftedHscaCsv,
  hscaCsv,
  LOCATIONS,
  with_,
  writeFixture,
} from '../unit/registry-app/fixtures';

const SHARED_DATA = resolve(__dirname, '..', '..', '..', 'shared', 'data');
const HAS_SHARED_CQC = existsSync(join(SHARED_DATA, 'cqc'));
if (!HAS_SHARED_CQC) {
  console.warn(`skipping the real CQC sample test: ${join(SHARED_DATA, 'cqc')} is not there`);
}

/** Homes in Leeds with coordinates, ids 1-80000030nn: enough for several chunks. */
const LEEDS: typeof LOCATIONS = Array.from({ length: 24 }, (_, i) => ({
  ...(LOCATIONS[0] as (typeof LOCATIONS)[number]),
  id: `1-80000030${String(i).padStart(2, '0')}`,
  name: `Harewood House ${String(i).padStart(2, '0')}`,
}));

let ddb: DynamoDBDocumentClient;
let table: string;

beforeEach(async () => {
  ({ ddb, tableName: table } = await useTestTable('reg'));
});

function repos() {
  return countingRepositories(new DynamoHomesRepository(ddb, table), new DynamoGeoRepository(ddb, table));
}

async function ingest(paths: string[], opts: { complete?: boolean } = {}) {
  const r = repos();
  const report = await ingestCqc(await sourcesFromPaths(paths), r, {
    runId: newRunId(new Date()),
    trigger: 'cli',
    complete: opts.complete ?? false,
  });
  return { report, writes: r.counts };
}

async function item(id: string): Promise<Record<string, unknown> | undefined> {
  const res = await ddb.send(
    new GetCommand({ TableName: table, Key: { pk: homeKeys.pk(id), sk: homeKeys.sk } }),
  );
  return res.Item;
}

async function countItems(prefix: string): Promise<number> {
  // Only used on small test tables; the service itself never scans.
  const { ScanCommand } = await import('@aws-sdk/lib-dynamodb');
  const res = await ddb.send(new ScanCommand({ TableName: table }));
  return (res.Items ?? []).filter((i) => String(i.pk).startsWith(prefix)).length;
}

describe('CQC ingestion into DynamoDB', () => {
  it('ingests the HSCA layout: only care homes become homes, with every registry fact and index key', async () => {
    const { report } = await ingest([await writeFixture('hsca.csv', hscaCsv())]);
    expect(report).toMatchObject({
      status: 'succeeded',
      rowsRead: 5,
      created: 3,
      ignored: 2,
      skipped: 0,
      notLocated: 0,
    });
    expect(report.layouts).toEqual(['hsca-active-locations-csv']);
    const willows = await item('1-8000000001');
    expect(willows).toMatchObject({
      entity: 'HOME',
      locationId: '1-8000000001',
      providerId: '1-8000000100',
      providerName: 'Willow Care Ltd',
      name: 'The Willows Care Home',
      postcode: 'LS1 4AP',
      latitude: 53.7965,
      longitude: -1.5478,
      locatedBy: 'record',
      region: 'Yorkshire and the Humber',
      localAuthority: 'Leeds',
      subIcbCode: 'E38000225',
      icbCode: 'E54000054',
      registeredBeds: 40,
      overallRating: 'Good',
      ratingDate: '2024-03-14',
      serviceTypes: ['Care home service with nursing'],
      brand: 'Willow Homes',
      registryStatus: 'active',
      gsi2pk: 'LA#leeds',
      gsi2sk: 'the willows care home#1-8000000001',
      gsi3pk: 'SUBICB#E38000225',
      gsi4pk: 'ICB#E54000054',
      gsi5pk: 'REGION#yorkshire-and-the-humber',
      gsi6pk: 'PROVIDER#1-8000000100',
    });
    expect(String(willows?.gsi1pk)).toMatch(/^GEO#gcwf/);
    expect(String(willows?.gsi1sk)).toMatch(/^gcwf\w{3}#1-8000000001$/);
    expect(willows?.registryHash).toEqual(expect.any(String));
    // Not care homes, and dormant ones never listed before, do not become homes.
    expect(await item('1-8000000004')).toBeUndefined();
    expect(await item('1-8000000005')).toBeUndefined();
    // Postcodes learnt from records with coordinates go into the postcode table.
    expect((await new DynamoGeoRepository(ddb, table).locate('LS1 4AP'))?.precision).toBe('postcode');
  });

  it('ingests the adult social care export (no postcode: homes are reported as not located)', async () => {
    const { report } = await ingest([await writeFixture('asc.csv', ascCsv())]);
    expect(report).toMatchObject({
      status: 'succeeded',
      created: 3,
      notLocated: 3,
      layouts: ['cqc-asc-locations-csv'],
    });
    expect(report.notLocatedIds.sort()).toEqual(CARE_HOME_IDS);
    const rose = await item('1-8000000003');
    expect(rose).toMatchObject({
      registeredBeds: 20,
      overallRating: 'Outstanding',
      localAuthority: 'Kent',
      gsi2pk: 'LA#kent',
    });
    expect(rose?.gsi1pk).toBeUndefined();
  });

  it('ingests the care directory and locates homes from outward-code centroids', async () => {
    await runOutcodeIngestion(
      {
        name: 'centroids.csv',
        text: 'postcode,latitude,longitude,town\nLS1,53.797,-1.548,Leeds\nLS6,53.82,-1.577,Leeds\n',
      },
      { ...repos(), runs: new DynamoRegistryRunRepository(ddb, table) },
      { trigger: 'cli' },
    );
    const { report } = await ingest([await writeFixture('directory.csv', directoryCsv())]);
    expect(report).toMatchObject({ status: 'succeeded', layouts: ['cqc-directory-csv'] });
    // Old Mill House is a care home in this layout (it has no dormancy column).
    expect(report.created).toBe(4);
    expect(await item('1-8000000001')).toMatchObject({
      locatedBy: 'outcode',
      latitude: 53.797,
      postcode: 'LS1 4AP',
    });
    expect((await item('1-8000000003'))?.locatedBy).toBeUndefined();
    expect(report.notLocated).toBe(2);
  });

  it('ingests CQC API JSON', async () => {
    const { report } = await ingest([await writeFixture('locations.json', apiJson())]);
    expect(report).toMatchObject({ status: 'succeeded', created: 3, ignored: 2, layouts: ['cqc-api-json'] });
    expect(await item('1-8000000002')).toMatchObject({
      icbCode: 'E54000054',
      regulatedActivities: ['Accommodation for persons who require nursing or personal care'],
      locatedBy: 'record',
    });
  });

  it('reads drifted headers (title row, renamed, reordered, line break in a header) the same way', async () => {
    const { report } = await ingest([await writeFixture('drifted.csv', driftedHscaCsv())]);
    expect(report).toMatchObject({ status: 'succeeded', created: 3, skipped: 0 });
    expect(await item('1-8000000002')).toMatchObject({
      registeredBeds: 30,
      subIcbCode: 'E38000225',
      localAuthority: 'Leeds',
      gsi3pk: 'SUBICB#E38000225',
    });
  });

  it('refuses a file of the wrong kind, writing nothing', async () => {
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6300010000050001',
      'hex',
    );
    for (const [name, content] of [
      ['logo.png', png],
      ['people.csv', 'Name,Email\nAda,ada@example.org\n'],
      ['empty.csv', ''],
      ['broken.json', '{"locationId": '],
    ] as const) {
      const { report, writes } = await ingest([await writeFixture(name, content)]);
      expect(report.status, name).toBe('failed');
      expect(report.error, name).toBeTruthy();
      expect(writes.total(), name).toBe(0);
    }
    expect(await countItems('HOME#')).toBe(0);
  });

  it('refuses a path that does not exist', async () => {
    await expect(sourcesFromPaths([join(tmpdir(), 'no-such-cqc-file.csv')])).rejects.toThrow(
      /does not exist/,
    );
  });

  it('skips malformed rows with their line and reason, and ingests the rest', async () => {
    const lines = hscaCsv().split('\r\n');
    // Line 3 loses its location id; line 4 gets a bed count that is not a number.
    lines[2] = lines[2]?.replace('1-8000000002', '') ?? '';
    lines[3] = lines[3]?.replace(',20,', ',twenty,') ?? '';
    const { report } = await ingest([await writeFixture('bad-rows.csv', lines.join('\r\n'))]);
    expect(report.status).toBe('succeeded');
    expect(report.created).toBe(1);
    expect(report.skipped).toBe(2);
    expect(report.skippedRows).toEqual([
      expect.objectContaining({
        file: 'bad-rows.csv',
        line: 3,
        reason: expect.stringMatching(/location ID/),
      }),
      expect.objectContaining({
        line: 4,
        locationId: '1-8000000003',
        reason: expect.stringMatching(/bed count/),
      }),
    ]);
  });

  it('writes nothing when the same input is ingested again', async () => {
    const files = [
      await writeFixture('hsca.csv', hscaCsv()),
      await writeFixture('asc.csv', ascCsv()),
      await writeFixture('locations.json', apiJson()),
    ];
    const first = await ingest(files);
    expect(first.writes.total()).toBeGreaterThan(0);
    const second = await ingest(files);
    expect(second.writes.total()).toBe(0);
    expect(second.report).toMatchObject({ created: 0, updated: 0, archived: 0, unchanged: 3, writes: 0 });
  });

  it('updates only the changed home, and never touches the attributes other features keep on it', async () => {
    await ingest([await writeFixture('hsca.csv', hscaCsv())]);
    // Services and bed state are written on the same item by another module.
    await ddb.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: homeKeys.pk('1-8000000001'), sk: homeKeys.sk },
        UpdateExpression:
          'SET services = :s, bedState = :b, bedVersion = :v, admissionStatus = :a, alerts = :al, gsi7pk = :g, gsi7sk = :g',
        ExpressionAttributeValues: {
          ':s': { shortStay: ['Respite Care'] },
          ':b': [{ type: 'General Nursing', capacity: 10 }],
          ':v': 3,
          ':a': 'accepting',
          ':al': [{ id: 'a1', text: 'Norovirus' }],
          ':g': 'BEDCHANGE#2026-01-01',
        },
      }),
    );
    const changed = with_('1-8000000001', { beds: 44, name: 'The Willows', rating: 'Outstanding' });
    const { report, writes } = await ingest([await writeFixture('hsca.csv', hscaCsv(changed))]);
    expect(report).toMatchObject({ updated: 1, unchanged: 2, created: 0 });
    expect(writes.homesUpdated).toBe(1);
    expect(writes.homesCreated).toBe(0);
    const willows = await item('1-8000000001');
    expect(willows).toMatchObject({
      name: 'The Willows',
      registeredBeds: 44,
      overallRating: 'Outstanding',
      gsi2sk: 'the willows#1-8000000001',
      services: { shortStay: ['Respite Care'] },
      bedState: [{ type: 'General Nursing', capacity: 10 }],
      bedVersion: 3,
      admissionStatus: 'accepting',
      alerts: [{ id: 'a1', text: 'Norovirus' }],
      gsi7pk: 'BEDCHANGE#2026-01-01',
    });
    // The name index follows the rename: the new word finds it, the dropped words do not.
    const homes = new DynamoHomesRepository(ddb, table);
    expect((await listHomes(homes, { name: 'willows', limit: 10 })).homes.map((h) => h.name)).toEqual([
      'The Willows',
    ]);
    const stale = await ddb.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': homeKeys.wordPk('willows') },
      }),
    );
    expect(stale.Items?.map((i) => i.sk)).toEqual(['the willows#1-8000000001']);
  });

  it('archives homes whose record says deregistered, dormant or no longer a care home, keeping item and history', async () => {
    await ingest([await writeFixture('hsca.csv', hscaCsv())]);
    await ddb.send(
      new PutCommand({
        TableName: table,
        Item: {
          pk: homeKeys.pk('1-8000000002'),
          sk: homeKeys.historySk('2026-01-01T00:00:00Z', 'h1'),
          note: 'history',
        },
      }),
    );
    const locs = with_('1-8000000002', { dormant: true }).map((l) =>
      l.id === '1-8000000003' ? { ...l, careHome: false, serviceType: 'Domiciliary care service' } : l,
    );
    const { report } = await ingest([await writeFixture('hsca.csv', hscaCsv(locs))]);
    expect(report).toMatchObject({ archived: 2, unchanged: 1 });
    const abbey = await item('1-8000000002');
    expect(abbey).toMatchObject({
      registryStatus: 'archived',
      archivedReason: 'dormant',
      name: 'Abbey Court Nursing Home',
    });
    expect(abbey?.archivedAt).toEqual(expect.any(String));
    // Out of every search index; only listed among the archived homes (so ingestion knows it exists).
    for (const k of ['gsi1pk', 'gsi2pk', 'gsi3pk', 'gsi4pk', 'gsi6pk']) expect(abbey?.[k], k).toBeUndefined();
    expect(abbey?.gsi5pk).toBe('HOMES#archived');
    expect((await item('1-8000000003'))?.archivedReason).toBe('not-a-care-home');
    const history = await ddb.send(
      new GetCommand({
        TableName: table,
        Key: { pk: homeKeys.pk('1-8000000002'), sk: homeKeys.historySk('2026-01-01T00:00:00Z', 'h1') },
      }),
    );
    expect(history.Item?.note).toBe('history');
    // Archived homes leave the searches.
    const homes = new DynamoHomesRepository(ddb, table);
    expect((await listHomes(homes, { la: 'Leeds', limit: 10 })).homes.map((h) => h.locationId)).toEqual([
      '1-8000000001',
    ]);
    expect((await listHomes(homes, { name: 'abbey', limit: 10 })).homes).toEqual([]);
    // Registered again: restored, searchable again.
    const back = await ingest([await writeFixture('hsca.csv', hscaCsv())]);
    expect(back.report).toMatchObject({ restored: 2, updated: 2 });
    expect(await item('1-8000000002')).toMatchObject({ registryStatus: 'active', gsi2pk: 'LA#leeds' });
    expect((await item('1-8000000002'))?.archivedAt).toBeUndefined();
  });

  it('with the register listed first (large inputs), reads only homes that exist and restores archived ones in place', async () => {
    await ingest([await writeFixture('hsca.csv', hscaCsv())]);
    await ddb.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: homeKeys.pk('1-8000000002'), sk: homeKeys.sk },
        UpdateExpression: 'SET services = :s, bedVersion = :v',
        ExpressionAttributeValues: { ':s': { shortStay: ['Respite Care'] }, ':v': 4 },
      }),
    );
    await ingest([await writeFixture('hsca.csv', hscaCsv(with_('1-8000000002', { dormant: true })))]);
    expect((await item('1-8000000002'))?.registryStatus).toBe('archived');

    const real = new DynamoHomesRepository(ddb, table);
    const read: string[] = [];
    const reading: HomesRepository = {
      getMany: (ids) => {
        read.push(...ids);
        return real.getMany(ids);
      },
      activeLocationIds: () => real.activeLocationIds(),
      archivedLocationIds: () => real.archivedLocationIds(),
      get: (id) => real.get(id),
      list: (plan, limit, start) => real.list(plan, limit, start),
      create: (homes) => real.create(homes),
      update: (next, previous) => real.update(next, previous),
    };
    const newcomer = {
      ...(LOCATIONS[0] as (typeof LOCATIONS)[number]),
      id: '1-8000000060',
      name: 'Kirkstall Grange',
    };
    const report = await ingestCqc(
      await sourcesFromPaths([await writeFixture('hsca.csv', hscaCsv([...LOCATIONS, newcomer]))]),
      { homes: reading, geo: new DynamoGeoRepository(ddb, table) },
      { runId: newRunId(new Date()), trigger: 'cli', complete: false, listRegisterFromRows: 0 },
    );
    expect(report).toMatchObject({ status: 'succeeded', created: 1, restored: 1, unchanged: 2, ignored: 2 });
    // Active homes and the archived one coming back are read; the new home and the other locations are not.
    expect(read.sort()).toEqual(['1-8000000001', '1-8000000002', '1-8000000003']);
    expect(await item('1-8000000002')).toMatchObject({
      registryStatus: 'active',
      gsi5pk: 'REGION#yorkshire-and-the-humber',
      services: { shortStay: ['Respite Care'] },
      bedVersion: 4,
    });
    expect(await item('1-8000000060')).toMatchObject({ name: 'Kirkstall Grange', registryStatus: 'active' });
  });

  it('archives homes missing from a complete snapshot, and only from a complete one', async () => {
    await ingest([await writeFixture('hsca.csv', hscaCsv())]);
    const withoutRose = LOCATIONS.filter((l) => l.id !== '1-8000000003');
    const partial = await ingest([await writeFixture('hsca.csv', hscaCsv(withoutRose))]);
    expect(partial.report.archived).toBe(0);
    expect(partial.report.absence).toBeUndefined();
    expect((await item('1-8000000003'))?.registryStatus).toBe('active');

    const complete = await ingest([await writeFixture('hsca.csv', hscaCsv(withoutRose))], { complete: true });
    expect(complete.report.absence).toEqual({ applied: true, archived: 1 });
    expect(await item('1-8000000003')).toMatchObject({
      registryStatus: 'archived',
      archivedReason: 'absent-from-complete-snapshot',
    });
  });

  it('does not archive by absence when a skipped row had no location id', async () => {
    await ingest([await writeFixture('hsca.csv', hscaCsv())]);
    const lines = hscaCsv().split('\r\n');
    lines[3] = lines[3]?.replace('1-8000000003', '') ?? '';
    const { report } = await ingest([await writeFixture('hsca.csv', lines.join('\r\n'))], { complete: true });
    expect(report.absence).toMatchObject({ applied: false, archived: 0 });
    expect(report.absence?.reason).toMatch(/no readable location ID/);
    expect((await item('1-8000000003'))?.registryStatus).toBe('active');
  });

  it('refuses absence archiving that would empty a large share of the register', async () => {
    const many = Array.from({ length: 40 }, (_, i) => ({
      ...LOCATIONS[0],
      id: `1-80000010${String(i).padStart(2, '0')}`,
      name: `Home ${i}`,
    })) as typeof LOCATIONS;
    await ingest([await writeFixture('hsca.csv', hscaCsv(many))]);
    const { report } = await ingest([await writeFixture('hsca.csv', hscaCsv(many.slice(0, 5)))], {
      complete: true,
    });
    expect(report.absence).toMatchObject({ applied: false, archived: 0 });
    expect(report.absence?.reason).toMatch(/35 of 40/);
    expect(report.archived).toBe(0);
  });

  it('folds one home found in several files into one write, later files winning for what they carry', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cct-registry-'));
    await writeFixture('a-asc.csv', ascCsv(), dir);
    await writeFixture('b-directory.csv', directoryCsv(), dir);
    const first = await ingest([dir]);
    expect(first.report.created).toBe(4);
    const willows = await item('1-8000000001');
    // Beds and rating from the ASC export, postcode from the directory.
    expect(willows).toMatchObject({ registeredBeds: 40, overallRating: 'Good', postcode: 'LS1 4AP' });
    const again = await ingest([dir]);
    expect(again.writes.total()).toBe(0);
  });

  it('records every run, listable newest first', async () => {
    const deps = { ...repos(), runs: new DynamoRegistryRunRepository(ddb, table) };
    const path = await writeFixture('hsca.csv', hscaCsv());
    const a = await runCqcIngestion(await sourcesFromPaths([path]), deps, { trigger: 'cli' });
    const b = await runCqcIngestion(await sourcesFromPaths([path]), deps, { trigger: 'cli' });
    const page = await deps.runs.listRecent(10);
    expect(page.runs.map((r) => r.runId)).toEqual([b.runId, a.runId]);
    expect(page.runs[0]).toMatchObject({ kind: 'cqc', created: 0, unchanged: 3, sources: ['hsca.csv'] });
  });

  it('locates a record without coordinates from the postcode table learnt from records that had them', async () => {
    await ingest([await writeFixture('hsca.csv', hscaCsv())]);
    // A new home at the Willows' postcode, known only from the directory (no coordinates there).
    const neighbour = {
      ...(LOCATIONS[0] as (typeof LOCATIONS)[number]),
      id: '1-8000000050',
      name: 'Park Square House',
      lat: undefined,
      lon: undefined,
    };
    const { report } = await ingest([await writeFixture('directory.csv', directoryCsv([neighbour]))]);
    expect(report).toMatchObject({ created: 1, notLocated: 0 });
    expect(await item('1-8000000050')).toMatchObject({
      locatedBy: 'postcode',
      latitude: 53.7965,
      longitude: -1.5478,
      postcode: 'LS1 4AP',
    });
  });

  it('a run that fails part-way leaves only whole homes, and running it again completes it', async () => {
    const real = new DynamoHomesRepository(ddb, table);
    const geo = new DynamoGeoRepository(ddb, table);
    /** The writer dies on its third batch, after writing the first two homes of it. */
    const dying = (failOn: 'create' | 'update', after: number): HomesRepository => {
      let calls = 0;
      return {
        getMany: (ids) => real.getMany(ids),
        activeLocationIds: () => real.activeLocationIds(),
        archivedLocationIds: () => real.archivedLocationIds(),
        get: (id) => real.get(id),
        list: (plan, limit, start) => real.list(plan, limit, start),
        create: async (homes) => {
          if (failOn === 'create' && ++calls === 3) {
            await real.create(homes.slice(0, 2));
            throw new Error('injected failure: connection lost');
          }
          await real.create(homes);
        },
        update: async (next, previous) => {
          if (failOn === 'update' && ++calls > after) throw new Error('injected failure: connection lost');
          return real.update(next, previous);
        },
      };
    };
    const file = await writeFixture('leeds.csv', hscaCsv(LEEDS));
    const options = { trigger: 'cli' as const, complete: false, chunkSize: 5, concurrency: 2 };
    const failed = await ingestCqc(
      await sourcesFromPaths([file]),
      { homes: dying('create', 0), geo },
      { ...options, runId: newRunId(new Date()) },
    );
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/injected failure/);
    const ids = LEEDS.map((l) => l.id);
    const written = await real.getMany(ids);
    expect(written.size).toBeGreaterThanOrEqual(2);
    expect(written.size).toBeLessThan(LEEDS.length);
    // Every home that is there is whole: all its facts and its index keys, as a clean run writes them.
    for (const id of written.keys()) {
      const stored = await item(id);
      expect(stored, id).toMatchObject({
        name: expect.stringMatching(/^Harewood House/),
        registeredBeds: 40,
        registryStatus: 'active',
        registryHash: expect.any(String),
        gsi1pk: expect.stringMatching(/^GEO#/),
        gsi2pk: 'LA#leeds',
        gsi5pk: 'REGION#yorkshire-and-the-humber',
      });
    }
    const rerun = await ingest([file]);
    expect(rerun.report).toMatchObject({
      status: 'succeeded',
      created: LEEDS.length - written.size,
      unchanged: written.size,
    });
    expect((await real.getMany(ids)).size).toBe(LEEDS.length);
    const leeds = await listHomes(real, { name: 'harewood', limit: 100 });
    expect(leeds.homes).toHaveLength(LEEDS.length);

    // The same for a change: each home has either its old facts or its new ones, never a mix.
    const changed = await writeFixture(
      'leeds.csv',
      hscaCsv(LEEDS.map((l) => ({ ...l, beds: 50, rating: 'Outstanding' }))),
    );
    const failedUpdate = await ingestCqc(
      await sourcesFromPaths([changed]),
      { homes: dying('update', 7), geo },
      { ...options, runId: newRunId(new Date()) },
    );
    expect(failedUpdate.status).toBe('failed');
    let updatedCount = 0;
    for (const id of ids) {
      const stored = await item(id);
      const pair = [stored?.registeredBeds, stored?.overallRating];
      expect([
        [40, 'Good'],
        [50, 'Outstanding'],
      ]).toContainEqual(pair);
      if (stored?.registeredBeds === 50) updatedCount++;
    }
    expect(updatedCount).toBe(7);
    const finish = await ingest([changed]);
    expect(finish.report).toMatchObject({ status: 'succeeded', updated: LEEDS.length - 7, unchanged: 7 });
    expect(finish.writes.homesUpdated).toBe(LEEDS.length - 7);
  });

  it.skipIf(!HAS_SHARED_CQC)(
    'ingests the real CQC samples in ../shared/data, twice',
    async () => {
      const text = await readFile(join(SHARED_DATA, 'geo', 'outcode-centroids.csv'), 'utf8');
      await runOutcodeIngestion(
        { name: 'outcode-centroids.csv', text },
        { ...repos(), runs: new DynamoRegistryRunRepository(ddb, table) },
        { trigger: 'cli' },
      );
      const first = await ingest([join(SHARED_DATA, 'cqc')]);
      expect(first.report.status).toBe('succeeded');
      expect(first.report.layouts.sort()).toEqual([
        'cqc-api-json',
        'cqc-asc-locations-csv',
        'cqc-directory-csv',
      ]);
      expect(first.report.created).toBeGreaterThan(400);
      expect(first.report.skipped).toBeGreaterThan(0);
      // Other services and deregistered locations in the samples do not become homes.
      expect(first.report.ignored).toBeGreaterThan(400);
      const second = await ingest([join(SHARED_DATA, 'cqc')]);
      expect(second.writes.total()).toBe(0);
      expect(second.report).toMatchObject({ created: 0, updated: 0, unchanged: first.report.created });
    },
    180_000,
  );
});
