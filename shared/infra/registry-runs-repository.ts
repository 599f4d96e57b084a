import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { RegistryRunRepository, RunPage } from '../app/registry/ports';
import type { IngestReport } from '../app/registry/report';

/**
 * INGEST run items (one per registry or geography ingestion, listed newest first through gsi5) and
 * small REGISTRY state values (how far the CQC API delta sync has got).
 */
export const registryRunKeys = {
  pk: (runId: string) => `INGEST#${runId}`,
  sk: 'INGEST',
  /** gsi5 listing partition of registry runs (sorted by start time). */
  listPk: 'INGESTS#registry',
  listSk: (startedAt: string, runId: string) => `${startedAt}#${runId}`,
  statePk: 'REGISTRY',
  stateSk: (name: string) => `STATE#${name}`,
};

/** Runs are kept for a year: enough history to compare months, without growing forever. */
const RUN_RETENTION_SECONDS = 366 * 24 * 3600;

export class DynamoRegistryRunRepository implements RegistryRunRepository {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async save(report: IngestReport): Promise<void> {
    await this.ddb.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: registryRunKeys.pk(report.runId),
          sk: registryRunKeys.sk,
          entity: 'INGEST',
          gsi5pk: registryRunKeys.listPk,
          gsi5sk: registryRunKeys.listSk(report.startedAt, report.runId),
          ttl: Math.floor(Date.parse(report.startedAt) / 1000) + RUN_RETENTION_SECONDS,
          report,
        },
      }),
    );
  }

  async listRecent(limit: number, start?: Record<string, unknown>): Promise<RunPage> {
    const res = await this.ddb.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi5',
        KeyConditionExpression: 'gsi5pk = :pk',
        ExpressionAttributeValues: { ':pk': registryRunKeys.listPk },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: start,
      }),
    );
    const runs = (res.Items ?? [])
      .map((i) => i.report as IngestReport)
      .filter((r) => !!r && typeof r.runId === 'string');
    return res.LastEvaluatedKey ? { runs, next: res.LastEvaluatedKey } : { runs };
  }

  async getState(name: string): Promise<string | undefined> {
    const res = await this.ddb.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: registryRunKeys.statePk, sk: registryRunKeys.stateSk(name) },
        ConsistentRead: true,
      }),
    );
    return typeof res.Item?.value === 'string' ? res.Item.value : undefined;
  }

  async setState(name: string, value: string): Promise<void> {
    await this.ddb.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: registryRunKeys.statePk,
          sk: registryRunKeys.stateSk(name),
          entity: 'REGISTRY_STATE',
          value,
        },
      }),
    );
  }
}
