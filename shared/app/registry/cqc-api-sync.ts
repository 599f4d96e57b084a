import { mapApiLocation } from '../../domain/registry/rows';
import type { CqcReadItem } from '../../domain/registry/types';
import { mapLimit } from '../concurrency';
import type { IngestReport, RunTrigger } from './report';
import { type RegistryDeps, runCqcIngestion } from './runs';
import { itemsSource } from './sources';

/** The CQC public API, as the registry needs it (implemented over fetch in shared/infra). */
export interface CqcApi {
  /** Ids of locations that changed in [start, end). */
  changedLocationIds(start: Date, end: Date): Promise<string[]>;
  /** Ids of every location CQC lists as a care home. */
  careHomeLocationIds(): Promise<string[]>;
  /** A `/locations/{id}` body, or undefined when CQC does not know the id. */
  location(locationId: string): Promise<unknown | undefined>;
}

/**
 * CQC refused the subscription key. The deployed secret starts as a generated placeholder until
 * someone pastes the real key in, so the jobs treat this as "not configured" rather than failing.
 */
export class CqcApiKeyRejectedError extends Error {
  override readonly name = 'CqcApiKeyRejectedError';
}

/** State name of the delta sync's high-water mark (ISO time the last successful sync reached). */
export const DELTA_WATERMARK = 'cqc-delta-synced-until';
const DAY_MS = 24 * 3600 * 1000;

/**
 * Fetches location details and turns them into the same items a file gives, so the API feeds the one
 * ingestion path. A location that cannot be fetched becomes a skipped row naming it.
 */
async function fetchItems(
  api: CqcApi,
  ids: readonly string[],
  source: string,
): Promise<{ items: CqcReadItem[]; failures: number }> {
  let failures = 0;
  const items = await mapLimit(ids, 8, async (id): Promise<CqcReadItem> => {
    const base = { line: 1, index: 1, file: source };
    try {
      const body = await api.location(id);
      if (body === undefined) {
        return { ...base, issue: { line: 1, reason: `CQC API has no location ${id}`, locationId: id } };
      }
      const outcome = mapApiLocation(body);
      if (outcome.kind === 'record') return { ...base, record: outcome.record, warnings: outcome.warnings };
      if (outcome.kind === 'issue')
        return { ...base, issue: { line: 1, reason: outcome.reason, locationId: id } };
      return { ...base, issue: { line: 1, reason: `CQC API record for ${id} is empty`, locationId: id } };
    } catch (error) {
      if (error instanceof CqcApiKeyRejectedError) throw error;
      failures++;
      return {
        ...base,
        issue: { line: 1, reason: `fetching ${id} failed: ${(error as Error).message}`, locationId: id },
      };
    }
  });
  return { items: items.map((item, i) => ({ ...item, index: i + 1 })), failures };
}

/**
 * The daily delta: locations CQC reports as changed since the last successful sync (or the last
 * day), applied through the ordinary ingestion. The mark only moves when every change was fetched,
 * so a failed day is retried next time (re-applying is harmless: unchanged homes are not written).
 */
export async function syncCqcChanges(
  api: CqcApi,
  deps: RegistryDeps,
  options: { until: Date; trigger?: RunTrigger },
): Promise<IngestReport> {
  const since = await deps.runs.getState(DELTA_WATERMARK);
  const start = since ? new Date(since) : new Date(options.until.getTime() - DAY_MS);
  const name = `cqc-api changes ${start.toISOString()}..${options.until.toISOString()}`;
  const ids = [...new Set(await api.changedLocationIds(start, options.until))];
  const { items, failures } = await fetchItems(api, ids, name);
  const report = await runCqcIngestion([itemsSource(name, items)], deps, {
    trigger: options.trigger ?? 'delta',
  });
  if (report.status === 'succeeded' && failures === 0)
    await deps.runs.setState(DELTA_WATERMARK, options.until.toISOString());
  return report;
}

/**
 * Every care home from the API (the monthly refresh when no file is in the data bucket). Complete,
 * so homes CQC no longer lists are archived, but only when every location was fetched.
 */
export async function syncAllCareHomes(api: CqcApi, deps: RegistryDeps): Promise<IngestReport> {
  const ids = [...new Set(await api.careHomeLocationIds())];
  const name = 'cqc-api care homes';
  const { items, failures } = await fetchItems(api, ids, name);
  return runCqcIngestion([itemsSource(name, items)], deps, {
    trigger: 'schedule',
    complete: failures === 0 && ids.length > 0,
  });
}
