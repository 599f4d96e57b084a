import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ChangesFeedPage, ChangesFeedQuery, ChangesFeedReader } from '../app/suppliers/bed-states-feed';
import { toStoredHome } from './bed-state-repository';
import { feedPartitions } from './search-repository';

/**
 * The supplier pull reads the bed-state changes feed (gsi7: `BEDCHANGE#<day>` / `<iso>#<locationId>`,
 * one entry per home, its latest bed-state write) day partition by day partition, never a Scan.
 * gsi7 projects every attribute, so each entry is the whole HOME item: no second read.
 */
const DAYS_IN_PARALLEL = 4;
/** Items a single Query evaluates; with a region filter most may be dropped, so it loops. */
const QUERY_PAGE = 200;

export class DynamoChangesFeedReader implements ChangesFeedReader {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async read(query: ChangesFeedQuery): Promise<ChangesFeedPage> {
    const from = query.afterSk && query.afterSk > query.sinceIso ? query.afterSk : query.sinceIso;
    const partitions = feedPartitions(from, query.nowIso);
    const items: ChangesFeedPage['items'] = [];
    for (let i = 0; i < partitions.length && items.length <= query.limit; i += DAYS_IN_PARALLEL) {
      const chunk = partitions.slice(i, i + DAYS_IN_PARALLEL);
      const wanted = query.limit + 1 - items.length;
      const results = await Promise.all(chunk.map((pk) => this.queryDay(pk, from, query.region, wanted)));
      for (const day of results) items.push(...day);
    }
    const more = items.length > query.limit;
    return { items: items.slice(0, query.limit), more };
  }

  private async queryDay(
    pk: string,
    lower: string,
    region: string | undefined,
    wanted: number,
  ): Promise<ChangesFeedPage['items']> {
    const out: ChangesFeedPage['items'] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const res = await this.ddb.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi7',
          KeyConditionExpression: 'gsi7pk = :pk AND gsi7sk > :lower',
          ExpressionAttributeValues: { ':pk': pk, ':lower': lower, ...(region ? { ':region': region } : {}) },
          ...(region
            ? { FilterExpression: '#region = :region', ExpressionAttributeNames: { '#region': 'region' } }
            : {}),
          Limit: region ? QUERY_PAGE : Math.min(QUERY_PAGE, wanted),
          ExclusiveStartKey: start,
        }),
      );
      for (const item of res.Items ?? []) {
        if (typeof item.gsi7sk !== 'string') continue;
        out.push({ feedSk: item.gsi7sk, home: toStoredHome(item) });
      }
      start = res.LastEvaluatedKey;
    } while (start && out.length < wanted);
    return out.slice(0, wanted);
  }
}
