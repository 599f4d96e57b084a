import { principalStore } from '../../infra/accounts-repository';
import { awsClients } from '../../infra/aws';
import { DynamoBedStateStore } from '../../infra/bed-state-repository';
import { DynamoBulkJobRepository } from '../../infra/bulk-jobs-repository';
import { S3UploadStorage } from '../../infra/bulk-storage';
import { emailSender } from '../../infra/email';
import { logger } from '../../infra/logger';
import { BULK_TEMPLATE_FORMAT_ID } from '../../infra/xlsx/columns';
import { DEFAULT_BULK_READER_LIMITS, readBulkUpload } from '../../infra/xlsx/reader';
import { groupCommit } from '../bed-state/group-commit';
import { createBedStateService } from '../bed-state/update-bed-state';
import { createUploadProcessor } from './process-upload';
import { createBulkUploads } from './uploads';

/** The upload size limit: the reader's own (S3 enforces it on the presigned PUT, the processor again). */
export const MAX_UPLOAD_BYTES = DEFAULT_BULK_READER_LIMITS.maxFileBytes;
/** The presigned URL works for 15 minutes: enough to upload, short enough not to be worth leaking. */
export const UPLOAD_URL_SECONDS = 15 * 60;
/**
 * The reader's parse budget, more generous per MB than its default: a full 5,000-row template is
 * about 2.7 MB of sheet XML, which a busy or small (1 GB Lambda = about half a vCPU) machine reads
 * in 5-8 s. Hostile files are small or refused by the guard before parsing, so they still get cut
 * off within about 2 s; the Lambda timeout (definitions.ts) is well above the cap.
 */
const READER_LIMITS = { timeoutMsPerMb: 3_000, maxTimeoutMs: 20_000 };
/** A processor that crashed is retried by the next delivery after this long (the Lambda timeout is less). */
export const PROCESSING_LEASE_MS = 5 * 60_000;

/**
 * Wired to the configuration in force when called (per request or event), like bedStateService():
 * the local host and tests change the configuration after modules load.
 */
export function bulkUploads() {
  const { ddb, s3, config } = awsClients();
  return createBulkUploads({
    store: new DynamoBedStateStore(ddb, config.TABLE_NAME),
    jobs: new DynamoBulkJobRepository(ddb, config.TABLE_NAME),
    storage: new S3UploadStorage(s3, config.UPLOADS_BUCKET),
    maxFileBytes: MAX_UPLOAD_BYTES,
    uploadUrlSeconds: UPLOAD_URL_SECONDS,
  });
}

export function uploadProcessor() {
  const { ddb, s3, config } = awsClients();
  const store = new DynamoBedStateStore(ddb, config.TABLE_NAME);
  const email = emailSender(config);
  return createUploadProcessor({
    jobs: new DynamoBulkJobRepository(ddb, config.TABLE_NAME),
    storage: new S3UploadStorage(s3, config.UPLOADS_BUCKET),
    readWorkbook: (bytes) => readBulkUpload(bytes, { limits: READER_LIMITS }),
    getHomes: (ids) => store.getHomes(ids),
    // The upload's homes are written in grouped transactions (each home still all-or-nothing).
    service: createBedStateService({ store: groupCommit(store) }),
    principals: principalStore(),
    sendEmail: (message) => email.send(message),
    appBaseUrl: config.APP_BASE_URL,
    formatId: BULK_TEMPLATE_FORMAT_ID,
    maxFileBytes: MAX_UPLOAD_BYTES,
    leaseMs: PROCESSING_LEASE_MS,
    log: { info: (msg, extra) => logger.info(msg, extra) },
  });
}
