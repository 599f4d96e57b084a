import type { BulkJob, BulkJobStatus } from './ports';

export interface BulkEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  kind: 'bulk-result';
}

/** Errors listed in the email itself; the rest are on the page the email links to. */
export const EMAIL_ERROR_LIMIT = 50;

export const STATUS_LABELS: Record<BulkJobStatus, string> = {
  queued: 'Waiting for the file',
  processing: 'Being processed',
  applied: 'Applied',
  'applied-with-errors': 'Applied with errors',
  rejected: 'Rejected',
};

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** The result of a bulk upload for the person who uploaded it, as plain text and HTML. */
export function renderResultEmail(job: BulkJob, appBaseUrl: string): BulkEmail {
  const link = `${appBaseUrl.replace(/\/$/, '')}/bulk-update?job=${encodeURIComponent(job.jobId)}`;
  const label = STATUS_LABELS[job.status];
  const s = job.summary;
  const lines: string[] = [];
  if (job.reason) lines.push(job.reason);
  if (s) {
    lines.push(
      `Care homes in the file: ${s.homesInFile}`,
      `Updated: ${s.homesApplied}`,
      `Confirmed with no change: ${s.homesUnchanged}`,
      `Left unchanged because of errors: ${s.homesWithErrors}`,
    );
  }
  const shown = job.errors.slice(0, EMAIL_ERROR_LIMIT);
  const more = job.errors.length - shown.length + (job.errorsTruncated ? 1 : 0);
  const where = (e: BulkJob['errors'][number]) =>
    `${e.sheet}${e.row === null ? '' : ` row ${e.row}`}${e.column ? `, ${e.column}` : ''}`;

  const text = [
    `Your bulk update${job.fileName ? ` (${job.fileName})` : ''}: ${label}.`,
    '',
    ...lines,
    ...(shown.length > 0 ? ['', 'Errors:', ...shown.map((e) => `- ${where(e)}: ${e.message}`)] : []),
    ...(more > 0 ? [`...and more: see ${link}`] : []),
    '',
    `See the result: ${link}`,
    '',
    'Care Capacity Tracker',
  ].join('\n');

  const html = `<!doctype html><html lang="en"><body style="font-family: Arial, sans-serif">
<h1 style="font-size: 20px">Bulk update: ${escapeHtml(label)}</h1>
${job.fileName ? `<p>File: ${escapeHtml(job.fileName)}</p>` : ''}
${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n')}
${
  shown.length > 0
    ? `<table style="border-collapse: collapse"><caption style="text-align: left; font-weight: bold">Errors</caption>
<thead><tr><th scope="col" align="left">Sheet</th><th scope="col" align="left">Row</th><th scope="col" align="left">Column</th><th scope="col" align="left">Message</th></tr></thead>
<tbody>${shown
        .map(
          (e) =>
            `<tr><td>${escapeHtml(e.sheet)}</td><td>${e.row ?? ''}</td><td>${escapeHtml(e.column ?? '')}</td><td>${escapeHtml(e.message)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : ''
}
${more > 0 ? '<p>There are more errors than shown here.</p>' : ''}
<p><a href="${escapeHtml(link)}">See the result of your bulk update</a></p>
<p>Care Capacity Tracker</p>
</body></html>`;

  return {
    to: job.uploaderEmail,
    subject: `Bulk update ${label.toLowerCase()}${s ? `: ${s.homesApplied} of ${s.homesInFile} care homes updated` : ''}`,
    text,
    html,
    kind: 'bulk-result',
  };
}
