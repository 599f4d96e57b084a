import { z } from 'zod';
import { STATUS_LABELS } from '../../app/bulk/email';
import { type BulkJob, JOB_ID_PATTERN } from '../../app/bulk/ports';
import type { BulkUploads } from '../../app/bulk/uploads';
import { authorize, type PrincipalStore, requirePrincipal } from '../../app/principal';
import type { Principal } from '../../domain/authz';
import type { BulkTemplateInput } from '../../infra/xlsx/template';
import type { ApiRequest, RouteHandler } from '../handler';
import { badRequest, forbidden, notFound, ProblemError, payloadTooLarge, validationFailed } from '../problem';

/**
 * Bulk update: the template download, the upload request (a presigned S3 PUT) and the job status.
 * The processing itself runs on the S3 trigger (functions/triggers/bulk-upload.ts).
 */
export interface BulkRouteDeps {
  uploads(): BulkUploads;
  principals(): PrincipalStore;
  writeTemplate(input: BulkTemplateInput): Promise<Buffer>;
  maxUploadBytes: number;
}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const uploadRequestSchema = z.strictObject({
  declarationConfirmed: z.boolean().optional(),
  sizeBytes: z.number().int().min(1).optional(),
  fileName: z
    .string()
    .trim()
    .min(1)
    .max(200)
    // Shown back to people (page, email): no path separators or control characters.
    .refine((name) => !/[\\/]/.test(name) && ![...name].some((ch) => ch.charCodeAt(0) < 32), {
      message: 'must not contain slashes or control characters',
    })
    .optional(),
});

export function bulkRoutes(deps: BulkRouteDeps): Record<string, RouteHandler> {
  async function bulkUser(req: ApiRequest): Promise<Principal> {
    const principal = await requirePrincipal(req, deps.principals());
    authorize(
      principal,
      { kind: 'bulk:use' },
      'Only care home staff and provider approvers can use the bulk update',
    );
    return principal;
  }

  return {
    'GET /api/bulk/template': async (req) => {
      const principal = await bulkUser(req);
      const result = await deps.uploads().template(principal);
      if (result.kind === 'too-many') {
        throw new ProblemError(
          422,
          'Too many care homes',
          `You can update ${result.homes.toLocaleString('en-GB')} or more care homes; the bulk template holds at most 2,000. Ask the service desk for a template per region.`,
        );
      }
      const xlsx = await deps.writeTemplate(result.input);
      const day = result.input.generatedAt.slice(0, 10);
      return {
        raw: { body: xlsx, contentType: XLSX_CONTENT_TYPE },
        headers: {
          'content-disposition': `attachment; filename="bulk-update-template-${day}.xlsx"`,
          'cache-control': 'no-store',
          'x-homes-in-template': String(result.input.homes.length),
          'x-homes-without-services': String(result.skippedWithoutServices),
        },
      };
    },

    'POST /api/bulk/uploads': async (req) => {
      const principal = await bulkUser(req);
      const body = req.json(uploadRequestSchema, 4 * 1024);
      const errors = [];
      if (body.declarationConfirmed !== true) {
        errors.push({
          field: 'declarationConfirmed',
          rule: 'required',
          message:
            'declarationConfirmed must be true: confirm that the information in the file has been reviewed and is accurate and current',
        });
      }
      if (body.sizeBytes === undefined) {
        errors.push({
          field: 'sizeBytes',
          rule: 'required',
          message:
            'sizeBytes is required: the size of the file in bytes (the upload URL is signed for exactly that size)',
        });
      }
      if (errors.length > 0) throw validationFailed(errors);
      const sizeBytes = body.sizeBytes ?? 0;
      if (sizeBytes > deps.maxUploadBytes) {
        const problem = payloadTooLarge(deps.maxUploadBytes);
        throw new ProblemError(
          413,
          problem.title,
          `sizeBytes: the file is ${mb(sizeBytes)}; the largest accepted is ${mb(deps.maxUploadBytes)}. Upload the template as downloaded.`,
          [
            {
              field: 'sizeBytes',
              rule: 'too-large',
              message: `The file must be ${mb(deps.maxUploadBytes)} or smaller`,
            },
          ],
        );
      }
      const { job, uploadUrl } = await deps.uploads().createUpload(principal, {
        sizeBytes,
        ...(body.fileName ? { fileName: body.fileName } : {}),
      });
      return {
        status: 201,
        headers: { location: `/api/bulk/uploads/${job.jobId}` },
        body: {
          jobId: job.jobId,
          uploadUrl,
          uploadMethod: 'PUT',
          uploadHeaders: { 'content-type': XLSX_CONTENT_TYPE },
          maxBytes: deps.maxUploadBytes,
          expiresAt: job.uploadExpiresAt,
          status: job.status,
        },
      };
    },

    'GET /api/bulk/uploads/{jobId}': async (req) => {
      const jobId = req.param('jobId');
      const principal = await bulkUser(req);
      if (!JOB_ID_PATTERN.test(jobId)) {
        throw badRequest('jobId must be the id returned when the upload was requested', [
          { field: 'jobId', rule: 'invalid-format', message: 'jobId must be a job id (a UUID)' },
        ]);
      }
      const result = await deps.uploads().readJob(principal, jobId);
      if (result.kind === 'not-found') throw notFound(`There is no bulk upload with id ${jobId}`);
      if (result.kind === 'forbidden') {
        throw forbidden(
          "Only the person who uploaded the file, their provider's approvers or an administrator can see it",
        );
      }
      return { body: jobBody(result.job), headers: { 'cache-control': 'no-store' } };
    },
  };
}

function jobBody(job: BulkJob) {
  return {
    jobId: job.jobId,
    status: job.status,
    statusLabel: STATUS_LABELS[job.status],
    final: job.status !== 'queued' && job.status !== 'processing',
    fileName: job.fileName,
    uploadedBy: job.uploaderEmail,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    reason: job.reason,
    summary: job.summary,
    errors: job.errors,
    errorsTruncated: job.errorsTruncated,
    emailed: job.emailedAt !== null,
  };
}

const mb = (bytes: number) =>
  `${(bytes / (1024 * 1024)).toLocaleString('en-GB', { maximumFractionDigits: 1 })} MB`;
