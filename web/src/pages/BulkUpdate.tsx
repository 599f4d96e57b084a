import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api';
import { useApi } from '../auth/AuthContext';
import { Button, ErrorSummary, errorFor, type FormError } from '../components/forms';
import { usePageTitle } from '../components/page';
import { JobResult } from './bulk/JobResult';
import { type BulkJob, bulkApi, MAX_UPLOAD_BYTES, putToS3 } from './bulk/model';

const FILE_FIELD = 'bulk-file';
const DECLARATION_FIELD = 'bulk-declaration';
/** How often the status is asked for while the file is processed. */
const POLL_MS = 1500;

/**
 * Bulk update: download the template of your homes, upload it filled in (straight to S3 with a
 * presigned URL), then watch its status until the result (applied, or the rows to correct).
 */
export default function BulkUpdate() {
  usePageTitle();
  const api = useApi();
  const [errors, setErrors] = useState<FormError[]>([]);
  const [downloading, setDownloading] = useState(false);
  const [downloadNote, setDownloadNote] = useState<string | undefined>();
  const [file, setFile] = useState<File | undefined>();
  const [declared, setDeclared] = useState(false);
  const [uploading, setUploading] = useState(false);
  const [jobId, setJobId] = useState<string | undefined>(
    () => new URLSearchParams(window.location.search).get('job') ?? undefined,
  );
  const [job, setJob] = useState<BulkJob | undefined>();
  const [pollFailed, setPollFailed] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  // Live status: poll until the job is final.
  useEffect(() => {
    if (!jobId) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await bulkApi.job(api, jobId, controller.signal);
        setJob(next);
        setPollFailed(false);
        if (!next.final) timer = setTimeout(poll, POLL_MS);
      } catch (error) {
        if (controller.signal.aborted) return;
        if (
          error instanceof ApiError &&
          (error.status === 404 || error.status === 403 || error.status === 400)
        ) {
          setErrors([{ message: error.message }]);
          setJobId(undefined);
          return;
        }
        setPollFailed(true);
        timer = setTimeout(poll, POLL_MS * 2);
      }
    };
    void poll();
    return () => {
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }, [api, jobId]);

  const download = async () => {
    setDownloading(true);
    setErrors([]);
    try {
      const { blob, filename, homes } = await bulkApi.downloadTemplate(api);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = filename;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setDownloadNote(`Template downloaded for ${homes} care home${homes === 1 ? '' : 's'}.`);
    } catch (error) {
      setErrors([
        { message: error instanceof Error ? error.message : 'The template could not be downloaded' },
      ]);
    } finally {
      setDownloading(false);
    }
  };

  const upload = async (event: FormEvent) => {
    event.preventDefault();
    const found: FormError[] = [];
    if (!file) found.push({ field: FILE_FIELD, message: 'Select the completed bulk update template' });
    else if (!/\.xlsx$/i.test(file.name))
      found.push({ field: FILE_FIELD, message: 'The selected file must be an .xlsx spreadsheet' });
    else if (file.size === 0) found.push({ field: FILE_FIELD, message: 'The selected file is empty' });
    else if (file.size > MAX_UPLOAD_BYTES)
      found.push({ field: FILE_FIELD, message: 'The selected file must be smaller than 10 MB' });
    if (!declared) {
      found.push({
        field: DECLARATION_FIELD,
        message: 'Confirm that the information in the file has been reviewed and is accurate and current',
      });
    }
    setErrors(found);
    if (found.length > 0 || !file) return;
    setUploading(true);
    try {
      const ticket = await bulkApi.requestUpload(api, file, declared);
      await putToS3(ticket, file);
      setJob(undefined);
      setJobId(ticket.jobId);
      window.history.replaceState(null, '', `/bulk-update?job=${encodeURIComponent(ticket.jobId)}`);
      setFile(undefined);
      setDeclared(false);
      if (fileInput.current) fileInput.current.value = '';
    } catch (error) {
      if (error instanceof ApiError && error.fieldErrors.length > 0) {
        setErrors(
          error.fieldErrors.map((e) => ({
            field: e.field === 'declarationConfirmed' ? DECLARATION_FIELD : FILE_FIELD,
            message: e.message,
          })),
        );
      } else {
        setErrors([{ message: error instanceof Error ? error.message : 'The file could not be uploaded' }]);
      }
    } finally {
      setUploading(false);
    }
  };

  const fileError = errorFor(errors, FILE_FIELD);
  const declarationError = errorFor(errors, DECLARATION_FIELD);

  return (
    <>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} />
          <h1>Bulk update</h1>
          <p className="nhsuk-lede-text">
            If you update 5 or more care homes, you can update them all at once with a spreadsheet.
          </p>

          <h2 className="nhsuk-heading-m">1. Download the template</h2>
          <p>
            The template is filled in with the current figures for every care home you can update. Change the
            light yellow cells on the Capacities sheet (prices, capacity, occupancy and vacancies) and the
            Care Homes sheet (out-of-hours admissions, notes). The Instructions sheet explains each column.
          </p>
          <p>A care home must have its services offered set before it appears in the template.</p>
          <Button type="button" variant="secondary" disabled={downloading} onClick={() => void download()}>
            {downloading ? 'Downloading…' : 'Download the bulk update template'}
          </Button>
          {downloadNote ? (
            <p className="nhsuk-body" role="status">
              {downloadNote}
            </p>
          ) : null}

          <h2 className="nhsuk-heading-m">2. Upload the completed template</h2>
          <form onSubmit={(event) => void upload(event)} noValidate>
            <div className={`nhsuk-form-group${fileError ? ' nhsuk-form-group--error' : ''}`}>
              <label className="nhsuk-label" htmlFor={FILE_FIELD}>
                Completed template (.xlsx, up to 10 MB)
              </label>
              {fileError ? (
                <span className="nhsuk-error-message" id={`${FILE_FIELD}-error`}>
                  <span className="nhsuk-u-visually-hidden">Error: </span>
                  {fileError}
                </span>
              ) : null}
              <input
                ref={fileInput}
                className={`nhsuk-file-upload${fileError ? ' nhsuk-file-upload--error' : ''}`}
                id={FILE_FIELD}
                name={FILE_FIELD}
                type="file"
                accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                aria-describedby={fileError ? `${FILE_FIELD}-error` : undefined}
                onChange={(event) => setFile(event.target.files?.[0])}
              />
            </div>

            <div className={`nhsuk-form-group${declarationError ? ' nhsuk-form-group--error' : ''}`}>
              <fieldset
                className="nhsuk-fieldset"
                aria-describedby={declarationError ? `${DECLARATION_FIELD}-error` : undefined}
              >
                <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Declaration</legend>
                {declarationError ? (
                  <span className="nhsuk-error-message" id={`${DECLARATION_FIELD}-error`}>
                    <span className="nhsuk-u-visually-hidden">Error: </span>
                    {declarationError}
                  </span>
                ) : null}
                <div className="nhsuk-checkboxes">
                  <div className="nhsuk-checkboxes__item">
                    <input
                      className="nhsuk-checkboxes__input"
                      id={DECLARATION_FIELD}
                      name={DECLARATION_FIELD}
                      type="checkbox"
                      checked={declared}
                      onChange={(event) => setDeclared(event.target.checked)}
                    />
                    <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={DECLARATION_FIELD}>
                      I confirm that the information in this file has been reviewed and is accurate and
                      current for each care home listed
                    </label>
                  </div>
                </div>
              </fieldset>
            </div>
            <Button disabled={uploading}>{uploading ? 'Uploading…' : 'Upload and apply'}</Button>
          </form>
        </div>
      </div>

      {jobId ? (
        <div className="nhsuk-grid-row">
          <div className="nhsuk-grid-column-full">
            <JobResult job={job} pollFailed={pollFailed} />
          </div>
        </div>
      ) : null}
    </>
  );
}
