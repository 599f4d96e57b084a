import type { ApiClient } from '../../api';

/** The bulk update API as the page uses it (shared/http/routes/bulk.ts). */

export type BulkJobStatus = 'queued' | 'processing' | 'applied' | 'applied-with-errors' | 'rejected';

export interface BulkRowError {
  sheet: string;
  row: number | null;
  column: string | null;
  message: string;
  locationId?: string;
}

export interface BulkJob {
  jobId: string;
  status: BulkJobStatus;
  statusLabel: string;
  final: boolean;
  fileName: string | null;
  uploadedBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  reason: string | null;
  summary: {
    homesInFile: number;
    homesApplied: number;
    homesUnchanged: number;
    homesWithErrors: number;
    rowsInFile: number;
  } | null;
  errors: BulkRowError[];
  errorsTruncated: boolean;
  emailed: boolean;
}

export interface UploadTicket {
  jobId: string;
  uploadUrl: string;
  uploadHeaders: Record<string, string>;
  maxBytes: number;
  expiresAt: string;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The same limit the server signs into the upload URL (10 MB). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export const bulkApi = {
  async downloadTemplate(api: ApiClient): Promise<{ blob: Blob; filename: string; homes: number }> {
    const res = await api.send<Blob>('/bulk/template', { responseType: 'blob' });
    const disposition = res.headers.get('content-disposition') ?? '';
    return {
      blob: res.data,
      filename: /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'bulk-update-template.xlsx',
      homes: Number(res.headers.get('x-homes-in-template') ?? 0),
    };
  },
  requestUpload(api: ApiClient, file: File, declarationConfirmed: boolean): Promise<UploadTicket> {
    return api.post<UploadTicket>('/bulk/uploads', {
      declarationConfirmed,
      sizeBytes: file.size,
      fileName: file.name.slice(0, 200),
    });
  },
  job(api: ApiClient, jobId: string, signal?: AbortSignal): Promise<BulkJob> {
    return api.get<BulkJob>(`/bulk/uploads/${encodeURIComponent(jobId)}`, { signal });
  },
};

/** PUT straight to S3 with the presigned URL (not through the API: files never pass through Lambda). */
export async function putToS3(ticket: UploadTicket, file: File): Promise<void> {
  const res = await fetch(ticket.uploadUrl, {
    method: 'PUT',
    headers: { 'content-type': ticket.uploadHeaders['content-type'] ?? XLSX_TYPE },
    body: file,
  });
  if (!res.ok) throw new Error(`The file could not be uploaded (storage answered ${res.status}). Try again.`);
}
