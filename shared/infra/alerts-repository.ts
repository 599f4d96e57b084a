import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AlertHistoryEvent, AlertsHome, AlertsStore, AlertsWrite } from '../app/alerts/ports';
import { isAlertCategory, type StoredAlert } from '../domain/alerts';
import { awsClients } from './aws';
import { homeKeys } from './keys';

/**
 * The `alerts` attributes of the HOME item and the home's alert history items
 * (docs/data-model.d/alerts.md). Every write is an UpdateItem naming only these attributes, in one
 * transaction with the history item, conditioned on `alertsVersion`. It also moves the changes feed
 * keys (gsi7), so each search container picks the change up on its next feed read.
 */
export const alertKeys = {
  historySk: (iso: string, id: string) => `ALERTHIST#${iso}#${id}`,
  historyPrefix: 'ALERTHIST#',
};
export const ALERT_HISTORY_ENTITY = 'HomeAlertHistory';

export class DynamoAlertsStore implements AlertsStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getHome(locationId: string): Promise<AlertsHome | undefined> {
    const res = await this.ddb.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: homeKeys.pk(locationId), sk: homeKeys.sk },
        ConsistentRead: true,
        ProjectionExpression:
          'locationId, #name, providerId, localAuthority, subIcbCode, subIcb, icbCode, icb, #region, registryStatus, #status, alerts, alertsVersion',
        ExpressionAttributeNames: { '#name': 'name', '#region': 'region', '#status': 'status' },
      }),
    );
    const item = res.Item;
    if (!item) return undefined;
    const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
    const status = str(item.registryStatus) ?? str(item.status);
    return {
      locationId,
      name: str(item.name) ?? locationId,
      scope: {
        locationId,
        providerId: str(item.providerId),
        localAuthority: str(item.localAuthority),
        subIcb: str(item.subIcbCode) ?? str(item.subIcb),
        icb: str(item.icbCode) ?? str(item.icb),
        region: str(item.region),
      },
      active: status === undefined || status === 'active',
      alerts: storedAlerts(item.alerts),
      alertsVersion: typeof item.alertsVersion === 'number' ? item.alertsVersion : 0,
    };
  }

  async write(w: AlertsWrite): Promise<'ok' | 'conflict'> {
    const versionCondition =
      w.expectedVersion === 0 ? '(attribute_not_exists(#v) OR #v = :zero)' : '#v = :expected';
    try {
      await this.ddb.send(
        new TransactWriteCommand({
          ClientRequestToken: w.event.id.slice(0, 36),
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: { pk: homeKeys.pk(w.locationId), sk: homeKeys.sk },
                UpdateExpression: 'SET #alerts = :alerts, #v = :next, #at = :at, #fpk = :fpk, #fsk = :fsk',
                ConditionExpression: `attribute_exists(pk) AND ${versionCondition}`,
                ExpressionAttributeNames: {
                  '#alerts': 'alerts',
                  '#v': 'alertsVersion',
                  '#at': 'alertsUpdatedAt',
                  '#fpk': 'gsi7pk',
                  '#fsk': 'gsi7sk',
                },
                ExpressionAttributeValues: {
                  ':alerts': w.alerts,
                  ':next': w.nextVersion,
                  ':at': w.at,
                  ':fpk': homeKeys.changesPk(w.at),
                  ':fsk': `${w.at}#${w.locationId}`,
                  ...(w.expectedVersion === 0 ? { ':zero': 0 } : { ':expected': w.expectedVersion }),
                },
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  pk: homeKeys.pk(w.locationId),
                  sk: alertKeys.historySk(w.event.at, w.event.id),
                  entity: ALERT_HISTORY_ENTITY,
                  ...w.event,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return 'ok';
    } catch (error) {
      if (error instanceof Error && error.name === 'TransactionCanceledException') {
        const reasons = (error as Error & { CancellationReasons?: Array<{ Code?: string }> })
          .CancellationReasons;
        const codes = (reasons ?? []).map((r) => r.Code ?? 'None');
        if (codes.includes('ConditionalCheckFailed') || codes.includes('TransactionConflict'))
          return 'conflict';
      }
      throw error;
    }
  }

  async listHistory(locationId: string, limit: number): Promise<AlertHistoryEvent[]> {
    const res = await this.ddb.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': homeKeys.pk(locationId), ':prefix': alertKeys.historyPrefix },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (res.Items ?? []).map((item) => {
      const { pk: _pk, sk: _sk, entity: _entity, ...event } = item;
      return event as AlertHistoryEvent;
    });
  }
}

function storedAlerts(value: unknown): StoredAlert[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (a): a is StoredAlert =>
      !!a &&
      typeof a === 'object' &&
      typeof (a as StoredAlert).id === 'string' &&
      typeof (a as StoredAlert).text === 'string' &&
      isAlertCategory((a as StoredAlert).category),
  );
}

export function alertsStore(): DynamoAlertsStore {
  const { ddb, config } = awsClients();
  return new DynamoAlertsStore(ddb, config.TABLE_NAME);
}
