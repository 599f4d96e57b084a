import { uploadProcessor } from '../../shared/app/bulk/container';
import { createBulkUploadTrigger } from '../../shared/app/bulk/trigger';
import { logger } from '../../shared/infra/logger';

export const handler = createBulkUploadTrigger(uploadProcessor, {
  warn: (msg, extra) => logger.warn(msg, extra),
});
