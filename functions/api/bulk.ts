import { bulkUploads, MAX_UPLOAD_BYTES } from '../../shared/app/bulk/container';
import { createHttpApi } from '../../shared/http/handler';
import { bulkRoutes } from '../../shared/http/routes/bulk';
import { principalStore } from '../../shared/infra/accounts-repository';
import { writeBulkTemplate } from '../../shared/infra/xlsx/template';

export const handler = createHttpApi(
  bulkRoutes({
    uploads: bulkUploads,
    principals: principalStore,
    writeTemplate: writeBulkTemplate,
    maxUploadBytes: MAX_UPLOAD_BYTES,
  }),
);
