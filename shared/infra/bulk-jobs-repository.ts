import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type {
  BulkJob,
  BulkJobOutcome,
  BulkJobRepository,
  BulkJobStatus,
  ClaimResult,
  NewBulkJob,
} from '../app/bulk/ports';

/** One item per bulk upload job (docs/data-model.d/bulk.md). */
export const bulkJobKeys = {
  pk: (jobId: string) => `BULKJOB#${jobId}`,
  sk: 'BULKJOB',
};

/** Jobs and their error lists are kept for 90 days, long enough to answer "what happened to my upload". */
const JOB_RETENTION_SECONDS = 90 * 24 * 3600;

const isConditionFailure = (e: unknown) =>
  e instanceof ConditionalCheckFailedException ||
  (e instanceof Error && e.name === 'ConditionalCheckFailedException');

export class DynamoBulkJobRepository implements BulkJobRepository {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private key(jobId: string) {
    return { pk: bulkJobKeys.pk(jobId), sk: bulkJobKeys.sk };
  }

  async create(job: NewBulkJob): Promise<void> {
    await this.ddb.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...this.key(job.jobId),
          entity: 'BULKJOB',
          ...job,
          status: 'queued' satisfies BulkJobStatus,
          attempts: 0,
          errors: [],
          errorsTruncated: false,
          ttl: Math.floor(Date.parse(job.createdAt) / 1000) + JOB_RETENTION_SECONDS,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(jobId: string): Promise<BulkJob | undefined> {
    const res = await this.ddb.send(
      new GetCommand({ TableName: this.tableName, Key: this.key(jobId), ConsistentRead: true }),
    );
    return res.Item ? toJob(res.Item) : undefined;
  }

  async claim(jobId: string, now: Date, leaseMs: number): Promise<ClaimResult> {
    const at = now.toISOString();
    try {
      const res = await this.ddb.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(jobId),
          UpdateExpression:
            'SET #status = :processing, attempts = attempts + :one, leaseUntil = :lease, startedAt = :now',
          // ISO timestamps of the same format compare correctly as strings.
          ConditionExpression:
            'attribute_exists(pk) AND (#status = :queued OR (#status = :processing AND leaseUntil < :now))',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':processing': 'processing',
            ':queued': 'queued',
            ':one': 1,
            ':now': at,
            ':lease': new Date(now.getTime() + leaseMs).toISOString(),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      if (!res.Attributes) return { claimed: false, job: await this.get(jobId) };
      return { claimed: true, job: toJob(res.Attributes) };
    } catch (e) {
      if (isConditionFailure(e)) return { claimed: false, job: await this.get(jobId) };
      throw e;
    }
  }

  finish(jobId: string, attempt: number, outcome: BulkJobOutcome): Promise<boolean> {
    return this.updateIf(
      {
        UpdateExpression:
          'SET #status = :status, reason = :reason, summary = :summary, #errors = :errors, errorsTruncated = :truncated, finishedAt = :finishedAt REMOVE leaseUntil',
        ConditionExpression: '#status = :processing AND attempts = :attempt',
        ExpressionAttributeNames: { '#status': 'status', '#errors': 'errors' },
        ExpressionAttributeValues: {
          ':status': outcome.status,
          ':reason': outcome.reason,
          ':summary': outcome.summary,
          ':errors': outcome.errors,
          ':truncated': outcome.errorsTruncated,
          ':finishedAt': outcome.finishedAt,
          ':processing': 'processing',
          ':attempt': attempt,
        },
      },
      jobId,
    );
  }

  async release(jobId: string, attempt: number): Promise<void> {
    await this.updateIf(
      {
        UpdateExpression: 'SET #status = :queued REMOVE leaseUntil',
        ConditionExpression: '#status = :processing AND attempts = :attempt',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':queued': 'queued', ':processing': 'processing', ':attempt': attempt },
      },
      jobId,
    );
  }

  claimEmail(jobId: string, now: Date, leaseMs: number): Promise<boolean> {
    return this.updateIf(
      {
        UpdateExpression: 'SET emailClaimedAt = :now',
        ConditionExpression:
          'attribute_exists(finishedAt) AND attribute_not_exists(emailedAt) AND (attribute_not_exists(emailClaimedAt) OR emailClaimedAt < :stale)',
        ExpressionAttributeValues: {
          ':now': now.toISOString(),
          ':stale': new Date(now.getTime() - leaseMs).toISOString(),
        },
      },
      jobId,
    );
  }

  /** An UpdateItem of the job under its condition: false when the condition did not hold. */
  private async updateIf(
    update: Omit<UpdateCommandInput, 'TableName' | 'Key'>,
    jobId: string,
  ): Promise<boolean> {
    try {
      await this.ddb.send(new UpdateCommand({ ...update, TableName: this.tableName, Key: this.key(jobId) }));
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  }

  async markEmailed(jobId: string, at: string): Promise<void> {
    await this.ddb.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: this.key(jobId),
        UpdateExpression: 'SET emailedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function toJob(item: Record<string, unknown>): BulkJob {
  return {
    jobId: String(item.jobId),
    status: item.status as BulkJobStatus,
    uploaderSub: String(item.uploaderSub),
    uploaderEmail: String(item.uploaderEmail),
    providerIds: Array.isArray(item.providerIds) ? item.providerIds.map(String) : [],
    objectKey: String(item.objectKey),
    declaredBytes: Number(item.declaredBytes ?? 0),
    fileName: str(item.fileName),
    createdAt: String(item.createdAt),
    uploadExpiresAt: String(item.uploadExpiresAt),
    startedAt: str(item.startedAt),
    finishedAt: str(item.finishedAt),
    attempts: Number(item.attempts ?? 0),
    leaseUntil: str(item.leaseUntil),
    reason: str(item.reason),
    summary: (item.summary as BulkJob['summary']) ?? null,
    errors: Array.isArray(item.errors) ? (item.errors as BulkJob['errors']) : [],
    errorsTruncated: item.errorsTruncated === true,
    emailedAt: str(item.emailedAt),
  };
}
