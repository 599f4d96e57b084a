import { type OutcodeCentroid, parseOutcodeCentroids } from '../../domain/geo/outcodes';
import { chunk, mapLimit } from '../concurrency';
import type { GeoRepository } from './ports';
import { emptyReport, type IngestReport, pushSample, type RunTrigger } from './report';

const same = (a: OutcodeCentroid, b: OutcodeCentroid) =>
  Math.abs(a.lat - b.lat) < 1e-6 &&
  Math.abs(a.lon - b.lon) < 1e-6 &&
  a.town === b.town &&
  a.region === b.region &&
  a.county === b.county &&
  a.country === b.country;

/**
 * Loads outward-code centroids (the fallback that locates homes whose full postcode is unknown).
 * Like the CQC ingester: a file without the needed columns writes nothing, bad rows are skipped
 * with their line, and a repeated run writes nothing.
 */
export async function ingestOutcodes(
  input: { name: string; text: string },
  deps: { geo: GeoRepository; now?: () => Date },
  options: { runId: string; trigger: RunTrigger },
): Promise<IngestReport> {
  const now = deps.now ?? (() => new Date());
  const started = now();
  const report = emptyReport({
    runId: options.runId,
    kind: 'geo',
    trigger: options.trigger,
    sources: [input.name],
    complete: false,
    startedAt: started,
  });
  report.layouts = ['outcode-centroids-csv'];
  try {
    const { centroids, issues } = parseOutcodeCentroids(input.text);
    report.rowsRead = centroids.length + issues.length;
    for (const issue of issues) {
      report.skipped++;
      pushSample(report.skippedRows, { file: input.name, line: issue.line, reason: issue.reason });
    }
    if (centroids.length === 0) {
      throw new Error(
        `${input.name} has no usable outward-code centroids${issues[0] ? `: ${issues[0].reason}` : ''}`,
      );
    }
    const unique = [...new Map(centroids.map((c) => [c.outcode, c])).values()];
    const stored = new Map<string, OutcodeCentroid>();
    for (const part of await mapLimit(chunk(unique, 100), 4, (c) =>
      deps.geo.getOutcodes(c.map((x) => x.outcode)),
    )) {
      for (const [k, v] of part) stored.set(k, v);
    }
    const changed: OutcodeCentroid[] = [];
    for (const c of unique) {
      const s = stored.get(c.outcode);
      if (!s) report.created++;
      else if (!same(s, c)) report.updated++;
      else {
        report.unchanged++;
        continue;
      }
      changed.push(c);
    }
    if (changed.length) await deps.geo.putOutcodes(changed);
    report.geoWritten = changed.length;
    report.writes = changed.length;
  } catch (error) {
    report.status = 'failed';
    report.error = (error as Error).message;
  }
  const finished = now();
  report.finishedAt = finished.toISOString();
  report.durationMs = finished.getTime() - started.getTime();
  return report;
}
