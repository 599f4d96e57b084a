import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { homeKeys } from '../../shared/infra/keys';
import { DynamoRegistryRunRepository } from '../../shared/infra/registry-runs-repository';
import { useTestTable } from '../support/service';
import {
  apiLocation,
  directoryCsv,
  hscaCsv,
  LOCATIONS,
  with_,
  writeFixture,
} from '../unit/registry-app/fixtures';

/**
 * `npm run ingest:cqc` and `npm run ingest:geo` as a person runs them: the scripts in a child
 * process, writing to this test's table through TABLE_NAME / DYNAMODB_ENDPOINT.
 */
const ROOT = resolve(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

let ddb: DynamoDBDocumentClient;
let table: string;

beforeEach(async () => {
  ({ ddb, tableName: table } = await useTestTable('regcli'));
});

function run(
  script: string,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((res, rej) => {
    const child = spawn(TSX, [join(ROOT, 'scripts', script), ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        TABLE_NAME: table,
        DYNAMODB_ENDPOINT: process.env.DYNAMODB_ENDPOINT,
        LOG_LEVEL: 'WARN',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', rej);
    child.on('close', (code) => res({ code, stdout, stderr }));
  });
}

async function home(id: string) {
  return (await ddb.send(new GetCommand({ TableName: table, Key: { pk: homeKeys.pk(id), sk: homeKeys.sk } })))
    .Item;
}

// Each test starts a few tsx processes: generous time on a busy machine.
describe('npm run ingest:cqc / ingest:geo', { timeout: 180_000 }, () => {
  it('ingests a file, prints the report with progress, and reports unchanged with 0 writes on a re-run', async () => {
    const file = await writeFixture('hsca.csv', hscaCsv());
    const first = await run('ingest-cqc.ts', [file]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/CQC registry ingestion \S+: succeeded/);
    expect(first.stdout).toMatch(/homes:\s+3 created, 0 updated, 0 unchanged, 0 archived/);
    expect(first.stdout).toMatch(/ignored:\s+2/);
    // Not a terminal: the progress bar prints a line per phase instead.
    expect(first.stderr).toMatch(/checking input/);
    expect(await home('1-8000000001')).toMatchObject({ name: 'The Willows Care Home', registeredBeds: 40 });

    const again = await run('ingest-cqc.ts', [file]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/homes:\s+0 created, 0 updated, 3 unchanged, 0 archived/);
    expect(again.stdout).toMatch(/writes:\s+0\n/);

    // The runs are stored, not only printed.
    const runs = await new DynamoRegistryRunRepository(ddb, table).listRecent(5);
    expect(runs.runs.map((r) => [r.trigger, r.created, r.unchanged])).toEqual([
      ['cli', 0, 3],
      ['cli', 3, 0],
    ]);
  });

  it('ingests a folder of one-record CQC API files (single and wrapped records) as one source', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cct-cli-api-'));
    const [willows, abbey, rose] = LOCATIONS;
    if (!willows || !abbey || !rose) throw new Error('fixtures changed');
    await writeFixture('1.json', JSON.stringify(apiLocation(willows)), dir);
    await writeFixture(
      '2.json',
      JSON.stringify({ req: { url: '/locations/1-8000000002' }, loc: apiLocation(abbey), postcode: null }),
      dir,
    );
    await writeFixture(
      '3.json',
      JSON.stringify(apiLocation(rose, { registrationStatus: 'Deregistered' })),
      dir,
    );
    const res = await run('ingest-cqc.ts', [dir]);
    expect(res.code, `${res.stdout}\n${res.stderr}`).toBe(0);
    expect(res.stdout).toMatch(/cqc-api-json/);
    expect(res.stdout).toMatch(/homes:\s+2 created/);
    expect(await home('1-8000000002')).toMatchObject({ locatedBy: 'record', registryStatus: 'active' });
    expect(await home('1-8000000003')).toBeUndefined();
  });

  it('locates homes by outward-code centroid after ingest:geo, and reports the rest as not located', async () => {
    const centroids = await writeFixture(
      'centroids.csv',
      'postcode,latitude,longitude,town\nLS1,53.797,-1.548,Leeds\n',
    );
    const geo = await run('ingest-geo.ts', [centroids]);
    expect(geo.code, geo.stderr).toBe(0);
    expect(geo.stdout).toMatch(/Geography ingestion \S+: succeeded/);
    const res = await run('ingest-cqc.ts', [await writeFixture('directory.csv', directoryCsv())]);
    expect(res.code, res.stderr).toBe(0);
    expect(await home('1-8000000001')).toMatchObject({ locatedBy: 'outcode', latitude: 53.797 });
    // LS6, CT1 and CT2 have no centroid loaded and no coordinates: not located, and said so.
    expect(res.stdout).toMatch(/not located: 3 \(e\.g\. /);
    expect((await home('1-8000000002'))?.gsi1pk).toBeUndefined();
  });

  it('applies only what changed in a changed file', async () => {
    await run('ingest-cqc.ts', [await writeFixture('hsca.csv', hscaCsv())]);
    const res = await run('ingest-cqc.ts', [
      await writeFixture('hsca.csv', hscaCsv(with_('1-8000000003', { beds: 25 }))),
    ]);
    expect(res.stdout).toMatch(/homes:\s+0 created, 1 updated, 2 unchanged/);
    expect(res.stdout).toMatch(/writes:\s+1\n/);
    expect((await home('1-8000000003'))?.registeredBeds).toBe(25);
  });

  it('fails clearly, writing nothing, for a missing path or a file of the wrong kind', async () => {
    const missing = await run('ingest-cqc.ts', [join(tmpdir(), 'no-such-cqc-file.csv')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/does not exist or cannot be read/);
    const wrong = await run('ingest-cqc.ts', [
      await writeFixture('people.csv', 'Name,Email\nAda,ada@example.org\n'),
    ]);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toMatch(/: failed — /);
    expect(wrong.stdout).toMatch(/writes:\s+0\n/);
    const usage = await run('ingest-cqc.ts', []);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toMatch(/usage: npm run ingest:cqc/);
  });
});
