import { z } from 'zod';
import { jobIdOfKey } from './ports';
import type { ProcessResult } from './process-upload';

/** The parts of an S3 object-created notification the processor reads. */
const s3EventSchema = z.object({
  Records: z
    .array(
      z.object({
        eventName: z.string().optional(),
        s3: z.object({
          bucket: z.object({ name: z.string() }),
          object: z.object({ key: z.string().max(1024) }),
        }),
      }),
    )
    .max(100),
});

export interface TriggerResult {
  results: Array<{ key: string; result: ProcessResult | { kind: 'ignored'; reason: string } }>;
}

/**
 * S3 object-created -> process the bulk upload job the key names. S3 delivers at least once (and the
 * same event may arrive several times, even at once): the processor's conditional claim makes every
 * delivery after the first a no-op.
 */
export function createBulkUploadTrigger(
  processor: () => { processJob(jobId: string): Promise<ProcessResult> },
  log?: { warn(msg: string, extra: Record<string, unknown>): void },
) {
  return async (event: unknown): Promise<TriggerResult> => {
    const parsed = s3EventSchema.safeParse(event);
    if (!parsed.success) {
      log?.warn('bulk upload trigger: not an S3 event', { issues: parsed.error.issues.slice(0, 5) });
      return { results: [] };
    }
    const results: TriggerResult['results'] = [];
    const p = processor();
    for (const record of parsed.data.Records) {
      // S3 notifications carry keys form-encoded (space as '+').
      const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
      const jobId = jobIdOfKey(key);
      if (!jobId) {
        log?.warn('bulk upload trigger: key is not a bulk upload', { key });
        results.push({ key, result: { kind: 'ignored', reason: 'not a bulk upload key' } });
        continue;
      }
      results.push({ key, result: await p.processJob(jobId) });
    }
    return { results };
  };
}
