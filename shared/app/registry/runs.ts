import { ingestOutcodes } from './geo-ingest';
import { type IngestProgress, type IngestSource, ingestCqc } from './ingest';
import type { RegistryHome } from './model';
import type { GeoRepository, HomesRepository, RegistryRunRepository } from './ports';
import { type IngestReport, newRunId, type RunTrigger } from './report';

export interface RegistryDeps {
  homes: HomesRepository;
  geo: GeoRepository;
  runs: RegistryRunRepository;
  now?: () => Date;
}

/** One CQC ingestion run, recorded as an INGEST item whatever its outcome. */
export async function runCqcIngestion(
  sources: readonly IngestSource[],
  deps: RegistryDeps,
  options: {
    trigger: RunTrigger;
    complete?: boolean;
    progress?: IngestProgress;
    onActiveHome?: (home: RegistryHome) => void;
  },
): Promise<IngestReport> {
  const now = deps.now ?? (() => new Date());
  const report = await ingestCqc(
    sources,
    { homes: deps.homes, geo: deps.geo, now, progress: options.progress, onActiveHome: options.onActiveHome },
    { runId: newRunId(now()), trigger: options.trigger, complete: options.complete ?? false },
  );
  await deps.runs.save(report);
  return report;
}

/** One outward-code centroid load, recorded like a CQC run. */
export async function runOutcodeIngestion(
  input: { name: string; text: string },
  deps: RegistryDeps,
  options: { trigger: RunTrigger },
): Promise<IngestReport> {
  const now = deps.now ?? (() => new Date());
  const report = await ingestOutcodes(
    input,
    { geo: deps.geo, now },
    { runId: newRunId(now()), trigger: options.trigger },
  );
  await deps.runs.save(report);
  return report;
}
