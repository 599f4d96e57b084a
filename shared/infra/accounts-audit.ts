import { randomBytes } from 'node:crypto';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent, AuditLog, Page } from '../app/accounts/ports';
import { decodeCursor, encodeCursor } from './accounts-cursor';

/**
 * Audit trail of accounts: one partition per UTC day, sorted by time, so a day reads newest-first
 * with one Query. Items are never updated or deleted by the app.
 */
export const auditKeys = {
  pk: (isoAt: string) => `AUDIT#${isoAt.slice(0, 10)}`,
  sk: (isoAt: string) => `${isoAt}#${randomBytes(4).toString('hex')}`,
};

export function auditItem(event: AuditEvent): Record<string, unknown> {
  return { pk: auditKeys.pk(event.at), sk: auditKeys.sk(event.at), entity: 'audit', ...event };
}

function toEvent(item: Record<string, unknown>): AuditEvent {
  const { pk: _pk, sk: _sk, entity: _entity, ...rest } = item;
  return rest as unknown as AuditEvent;
}

export class DynamoAuditLog implements AuditLog {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(event: AuditEvent): Promise<void> {
    await this.ddb.send(new PutCommand({ TableName: this.tableName, Item: auditItem(event) }));
  }

  async list(day: string, limit: number, cursor?: string): Promise<Page<AuditEvent>> {
    const out = await this.ddb.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `AUDIT#${day}` },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor),
      }),
    );
    return { items: (out.Items ?? []).map(toEvent), cursor: encodeCursor(out.LastEvaluatedKey) };
  }
}
