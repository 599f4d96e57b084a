/**
 * Bulk update: a provider downloads a template of their homes, fills it in and uploads it to S3
 * with a presigned PUT; the object-created event runs the processor, which applies each home
 * through the bed-state service and emails the uploader the result.
 */

export const BULK_JOB_STATUSES = [
  'queued',
  'processing',
  'applied',
  'applied-with-errors',
  'rejected',
] as const;
export type BulkJobStatus = (typeof BULK_JOB_STATUSES)[number];

export const FINAL_STATUSES: readonly BulkJobStatus[] = ['applied', 'applied-with-errors', 'rejected'];

/** One problem with one cell (or row, when column is null) of the upload, as the uploader sees it. */
export interface BulkRowError {
  sheet: string;
  /** 1-based row number as shown in Excel; null for a problem with the whole file. */
  row: number | null;
  /** Column header; null for a problem with the whole row. */
  column: string | null;
  message: string;
  /** The home the row is about, for a link to its provider update page. */
  locationId?: string;
}

export interface BulkJobSummary {
  homesInFile: number;
  homesApplied: number;
  homesUnchanged: number;
  homesWithErrors: number;
  rowsInFile: number;
}

export interface BulkJob {
  jobId: string;
  status: BulkJobStatus;
  uploaderSub: string;
  uploaderEmail: string;
  /** Providers of the uploader's memberships when the upload was requested: their approvers may read the job. */
  providerIds: string[];
  objectKey: string;
  /** Size the uploader declared (the presigned URL is signed for exactly this many bytes). */
  declaredBytes: number;
  fileName: string | null;
  createdAt: string;
  /** When the presigned URL stops working. */
  uploadExpiresAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Processing attempts so far (an attempt that crashes is retried once its lease expires). */
  attempts: number;
  leaseUntil: string | null;
  /** Whole-file reason when rejected. */
  reason: string | null;
  summary: BulkJobSummary | null;
  errors: BulkRowError[];
  /** More errors than are stored (the first MAX_STORED_ERRORS are kept). */
  errorsTruncated: boolean;
  emailedAt: string | null;
}

export interface NewBulkJob {
  jobId: string;
  uploaderSub: string;
  uploaderEmail: string;
  providerIds: string[];
  objectKey: string;
  declaredBytes: number;
  fileName: string | null;
  createdAt: string;
  uploadExpiresAt: string;
}

export interface BulkJobOutcome {
  status: Extract<BulkJobStatus, 'applied' | 'applied-with-errors' | 'rejected'>;
  reason: string | null;
  summary: BulkJobSummary | null;
  errors: BulkRowError[];
  errorsTruncated: boolean;
  finishedAt: string;
}

export type ClaimResult =
  | { claimed: true; job: BulkJob }
  /** Another delivery holds it, or it is finished, or there is no such job. */
  | { claimed: false; job: BulkJob | undefined };

export interface BulkJobRepository {
  create(job: NewBulkJob): Promise<void>;
  get(jobId: string): Promise<BulkJob | undefined>;
  /**
   * queued -> processing, or processing whose lease expired -> processing (a retry), as one
   * conditional write: of several deliveries of the same event, exactly one gets `claimed`.
   */
  claim(jobId: string, now: Date, leaseMs: number): Promise<ClaimResult>;
  /** processing (this attempt) -> a final status; false when the claim was lost to a later attempt. */
  finish(jobId: string, attempt: number, outcome: BulkJobOutcome): Promise<boolean>;
  /**
   * The right to send a finished job's result email: true for one caller only, while no email is
   * recorded and no other claim younger than `leaseMs` holds it (a sender that crashed is retried).
   */
  claimEmail(jobId: string, now: Date, leaseMs: number): Promise<boolean>;
  markEmailed(jobId: string, at: string): Promise<void>;
  /** processing (this attempt) -> queued after an unexpected failure, so the redelivery may claim it at once. */
  release(jobId: string, attempt: number): Promise<void>;
}

export interface UploadStorage {
  /** A presigned PUT URL for exactly `bytes` bytes of an .xlsx under `key`. */
  presignPut(key: string, bytes: number, expiresInSeconds: number): Promise<string>;
  /** The object's bytes, or `too-large` without reading it when it is over `maxBytes`. */
  read(
    key: string,
    maxBytes: number,
  ): Promise<{ kind: 'ok'; body: Buffer } | { kind: 'too-large'; size: number } | { kind: 'missing' }>;
}

/** Stored uploads live under this prefix; the trigger in shared/wiring/definitions.ts watches it. */
export const BULK_UPLOAD_PREFIX = 'bulk/';
export const objectKeyFor = (jobId: string) => `${BULK_UPLOAD_PREFIX}${jobId}.xlsx`;
const KEY_PATTERN = /^bulk\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.xlsx$/;
export function jobIdOfKey(key: string): string | undefined {
  return KEY_PATTERN.exec(key)?.[1];
}
export const JOB_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Errors kept on the job item (a DynamoDB item is at most 400 KB). */
export const MAX_STORED_ERRORS = 1000;
