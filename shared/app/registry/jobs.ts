import { z } from 'zod';
import { logger } from '../../infra/logger';
import { type CqcApi, CqcApiKeyRejectedError, syncAllCareHomes, syncCqcChanges } from './cqc-api-sync';
import type { IngestSource } from './ingest';
import { formatReport, type IngestReport, type RunTrigger } from './report';
import { type RegistryDeps, runCqcIngestion, runOutcodeIngestion } from './runs';

/** Data files in the data bucket (S3 in the cloud and locally through the emulator). */
export interface DataFileStore {
  latest(prefix: string): Promise<{ key: string; size: number; lastModified: Date } | undefined>;
  describe(key: string): Promise<{ size: number; complete: boolean }>;
  source(key: string): IngestSource;
  text(key: string): Promise<string>;
}

export interface RegistryJobDeps extends RegistryDeps {
  files: DataFileStore;
  /** The CQC API client, or undefined when no subscription key is configured. */
  cqcApi(): Promise<CqcApi | undefined>;
  maxFileBytes: number;
}

export const CQC_PREFIX = 'cqc/';
export const GEO_PREFIX = 'geo/';

const s3Event = z.object({
  Records: z.array(
    z.object({
      s3: z.object({
        bucket: z.object({ name: z.string() }),
        object: z.object({ key: z.string(), size: z.number().optional() }),
      }),
    }),
  ),
});

const scheduledEvent = z.object({ job: z.string(), time: z.string().optional() });

export type JobOutcome = { report: IngestReport } | { skipped: string };

function logReport(report: IngestReport): void {
  const summary = { runId: report.runId, sources: report.sources, report: formatReport(report) };
  if (report.status === 'failed') logger.error('registry ingestion failed', summary);
  else logger.info('registry ingestion finished', summary);
}

/**
 * S3 object-created events on the data bucket: CQC files under cqc/ go through the registry
 * ingester, outward-code centroid CSVs under geo/ through the geography loader. A failed run is
 * recorded (GET /api/registry/runs) rather than retried: a bad file stays bad, and a re-run after
 * a transient failure is one `npm run job -- cqc-monthly` away and harmless.
 */
export function createDataFileHandler(deps: () => RegistryJobDeps) {
  return async (event: unknown): Promise<JobOutcome[]> => {
    const parsed = s3Event.parse(event);
    const d = deps();
    const outcomes: JobOutcome[] = [];
    for (const record of parsed.Records) {
      // S3 notifications form-encode keys: '+' is a space.
      const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
      outcomes.push(await ingestDataFile(key, d, 's3'));
    }
    return outcomes;
  };
}

async function ingestDataFile(key: string, d: RegistryJobDeps, trigger: RunTrigger): Promise<JobOutcome> {
  if (key.endsWith('/')) return { skipped: `${key} is a folder` };
  const { size, complete } = await d.files.describe(key);
  if (size > d.maxFileBytes) {
    logger.error('data file too large', { key, size });
    return { skipped: `${key} is ${size} bytes, over the ${d.maxFileBytes}-byte limit for data files` };
  }
  let report: IngestReport;
  if (key.startsWith(GEO_PREFIX)) {
    report = await runOutcodeIngestion({ name: key, text: await d.files.text(key) }, d, { trigger });
  } else if (key.startsWith(CQC_PREFIX)) {
    report = await runCqcIngestion([d.files.source(key)], d, { trigger, complete });
  } else {
    return { skipped: `${key} is not under ${CQC_PREFIX} or ${GEO_PREFIX}` };
  }
  logReport(report);
  return { report };
}

/**
 * Monthly refresh: the newest file under cqc/ in the data bucket; without one, the whole register
 * from the CQC API when a key is configured; otherwise nothing to do.
 */
export function createMonthlyJob(deps: () => RegistryJobDeps) {
  return async (event: unknown): Promise<JobOutcome> => {
    scheduledEvent.parse(event);
    const d = deps();
    const latest = await d.files.latest(CQC_PREFIX);
    if (latest) return ingestDataFile(latest.key, d, 'schedule');
    const api = await d.cqcApi();
    if (!api)
      return { skipped: `no file under ${CQC_PREFIX} in the data bucket and no CQC API key configured` };
    return withApiKey(async () => {
      const report = await syncAllCareHomes(api, d);
      logReport(report);
      return { report };
    });
  };
}

async function withApiKey(task: () => Promise<JobOutcome>): Promise<JobOutcome> {
  try {
    return await task();
  } catch (error) {
    if (!(error instanceof CqcApiKeyRejectedError)) throw error;
    logger.warn('CQC API job skipped: the subscription key was refused', { error: error.message });
    return { skipped: `${error.message}: put the real key in the CQC API key secret` };
  }
}

/** Daily delta from the CQC API changes feed; skipped cleanly without a subscription key. */
export function createDeltaJob(deps: () => RegistryJobDeps) {
  return async (event: unknown): Promise<JobOutcome> => {
    const { time } = scheduledEvent.parse(event);
    const d = deps();
    const api = await d.cqcApi();
    if (!api) {
      logger.info('CQC API delta sync skipped: no subscription key configured');
      return { skipped: 'no CQC API key configured (CQC_API_KEY_SECRET_ARN)' };
    }
    const until = time ? new Date(time) : (d.now?.() ?? new Date());
    if (Number.isNaN(until.getTime())) throw new Error(`scheduled time '${time}' is not a date`);
    return withApiKey(async () => {
      const report = await syncCqcChanges(api, d, { until });
      logReport(report);
      return { report };
    });
  };
}
