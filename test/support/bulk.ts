import type { RunningService } from '../../local/service';
import { api } from './service';

/** Helpers for the bulk update tests and benchmark: the API calls the web page makes. */

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function downloadTemplate(svc: RunningService, token: string): Promise<Buffer> {
  const res = await fetch(`${svc.url}/api/bulk/template`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`template download failed: ${res.status} ${await res.text()}`);
  return Buffer.from(await res.arrayBuffer());
}

export interface UploadTicket {
  jobId: string;
  uploadUrl: string;
  expiresAt: string;
}

export async function requestUpload(
  svc: RunningService,
  token: string,
  sizeBytes: number,
  fileName = 'bulk.xlsx',
): Promise<UploadTicket> {
  const res = await api(svc, '/api/bulk/uploads', {
    method: 'POST',
    token,
    body: { declarationConfirmed: true, sizeBytes, fileName },
  });
  if (res.status !== 201) throw new Error(`upload request failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as UploadTicket;
}

/** PUT to the presigned URL as a browser would (Content-Length is set by fetch from the body). */
export async function putFile(url: string, body: Buffer): Promise<number> {
  const res = await fetch(url, {
    method: 'PUT',
    headers: { 'content-type': XLSX },
    body: new Uint8Array(body),
  });
  await res.text();
  return res.status;
}

export async function jobStatus(svc: RunningService, token: string, jobId: string) {
  return api(svc, `/api/bulk/uploads/${jobId}`, { token });
}

/** Polls the job until it is final (no fixed sleeps: short polls up to a generous deadline). */
export async function waitForJob(
  svc: RunningService,
  token: string,
  jobId: string,
  timeoutMs = 60_000,
  pollMs = 25,
): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await jobStatus(svc, token, jobId);
    if (res.status !== 200) throw new Error(`job status ${res.status}: ${JSON.stringify(res.body)}`);
    if (res.body.final) return res.body;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${res.body.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Upload a file end to end: request, PUT, wait for the trigger to finish. */
export async function uploadAndWait(
  svc: RunningService,
  token: string,
  file: Buffer,
  fileName = 'bulk.xlsx',
) {
  const ticket = await requestUpload(svc, token, file.length, fileName);
  const put = await putFile(ticket.uploadUrl, file);
  if (put !== 200) throw new Error(`PUT to the presigned URL failed: ${put}`);
  return { ticket, job: await waitForJob(svc, token, ticket.jobId) };
}
