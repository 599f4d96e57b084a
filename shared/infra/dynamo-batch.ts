import { BatchGetCommand, BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { chunk, mapLimit } from '../app/concurrency';

/** Batch reads and writes with the retries DynamoDB asks for (unprocessed items come back under load). */

type Key = Record<string, unknown>;
type Item = Record<string, unknown>;
export type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: Key } };

const MAX_ATTEMPTS = 10;
const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.min(2000, 25 * 2 ** attempt) * (0.5 + Math.random())));

/**
 * Sends a batch, then what DynamoDB hands back unprocessed, with backoff, until nothing is left or
 * MAX_ATTEMPTS is spent. `send` answers with the unprocessed part.
 */
async function untilProcessed<T>(
  batch: T[],
  failure: string,
  send: (pending: T[]) => Promise<T[]>,
): Promise<void> {
  let pending = batch;
  for (let attempt = 0; pending.length; attempt++) {
    if (attempt >= MAX_ATTEMPTS)
      throw new Error(`${failure.replace('%d', String(pending.length))} after retries`);
    if (attempt > 0) await backoff(attempt);
    pending = await send(pending);
  }
}

/** BatchWriteItem in batches of 25, `parallel` at a time, until every request is processed. */
export async function batchWriteAll(
  ddb: DynamoDBDocumentClient,
  tableName: string,
  requests: readonly WriteRequest[],
  parallel = 8,
): Promise<void> {
  await mapLimit(chunk(requests, 25), parallel, (batch) =>
    untilProcessed(batch, 'BatchWrite left %d items unprocessed', async (pending) => {
      const res = await ddb.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      return (res.UnprocessedItems?.[tableName] as WriteRequest[] | undefined) ?? [];
    }),
  );
}

/** BatchGetItem in batches of 100, `parallel` at a time; items in no particular order. */
export async function batchGetAll(
  ddb: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Key[],
  projection?: { expression: string; names: Record<string, string> },
  parallel = 4,
): Promise<Item[]> {
  const out: Item[] = [];
  await mapLimit(chunk(keys, 100), parallel, (batch) =>
    untilProcessed(batch, 'BatchGet left %d keys unread', async (pending) => {
      const res = await ddb.send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: {
              Keys: pending,
              ...(projection
                ? { ProjectionExpression: projection.expression, ExpressionAttributeNames: projection.names }
                : {}),
            },
          },
        }),
      );
      out.push(...(res.Responses?.[tableName] ?? []));
      return (res.UnprocessedKeys?.[tableName]?.Keys as Key[] | undefined) ?? [];
    }),
  );
  return out;
}

/** A projection naming every attribute through placeholders (several registry names are reserved words). */
export function projectionOf(attributes: readonly string[]): {
  expression: string;
  names: Record<string, string>;
} {
  const names: Record<string, string> = {};
  const parts = attributes.map((a, i) => {
    names[`#p${i}`] = a;
    return `#p${i}`;
  });
  return { expression: parts.join(', '), names };
}
