import { randomBytes } from 'node:crypto';

/** How a run was started. */
export type RunTrigger = 'cli' | 's3' | 'schedule' | 'delta' | 'seed' | 'api';
export type RunKind = 'cqc' | 'geo';

export interface SkippedRow {
  file: string;
  line: number;
  reason: string;
  locationId?: string;
}

/** At most this many skipped rows, warnings and ids are kept on a run: the item must stay well under 400 KB. */
export const REPORT_SAMPLE_LIMIT = 200;

export interface IngestReport {
  runId: string;
  kind: RunKind;
  trigger: RunTrigger;
  sources: string[];
  layouts: string[];
  /** The input claimed to be a complete national snapshot (absence may archive). */
  complete: boolean;
  status: 'succeeded' | 'failed';
  error?: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  rowsRead: number;
  created: number;
  updated: number;
  unchanged: number;
  archived: number;
  /** Archived homes that a record made active again (also counted in updated). */
  restored: number;
  /** Records of locations that are not care homes, or are inactive, and were never homes here. */
  ignored: number;
  skipped: number;
  skippedRows: SkippedRow[];
  warnings: number;
  warningSamples: SkippedRow[];
  /** Active homes without coordinates (not in the geo index). */
  notLocated: number;
  notLocatedIds: string[];
  /** POSTCODE / OUTCODE items written. */
  geoWritten: number;
  /** Items written (homes, postcodes, outcodes): 0 on a repeated run. */
  writes: number;
  /** Homes another writer changed between read and write; re-running picks them up. */
  conflicts: number;
  absence?: { applied: boolean; archived: number; reason?: string };
}

export function newRunId(now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

export function emptyReport(init: {
  runId: string;
  kind: RunKind;
  trigger: RunTrigger;
  sources: string[];
  complete: boolean;
  startedAt: Date;
}): IngestReport {
  return {
    runId: init.runId,
    kind: init.kind,
    trigger: init.trigger,
    sources: init.sources,
    layouts: [],
    complete: init.complete,
    status: 'succeeded',
    startedAt: init.startedAt.toISOString(),
    finishedAt: init.startedAt.toISOString(),
    durationMs: 0,
    rowsRead: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    archived: 0,
    restored: 0,
    ignored: 0,
    skipped: 0,
    skippedRows: [],
    warnings: 0,
    warningSamples: [],
    notLocated: 0,
    notLocatedIds: [],
    geoWritten: 0,
    writes: 0,
    conflicts: 0,
  };
}

export function pushSample<T>(list: T[], item: T): void {
  if (list.length < REPORT_SAMPLE_LIMIT) list.push(item);
}

/** The report as people read it (CLI output, job logs). */
export function formatReport(r: IngestReport): string {
  const lines = [
    `${r.kind === 'geo' ? 'Geography' : 'CQC registry'} ingestion ${r.runId}: ${r.status}${r.error ? ` — ${r.error}` : ''}`,
    `  sources:     ${r.sources.join(', ') || '-'}${r.layouts.length ? ` (${r.layouts.join(', ')})` : ''}`,
    `  rows read:   ${r.rowsRead}`,
  ];
  if (r.kind === 'cqc') {
    lines.push(
      `  homes:       ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged, ${r.archived} archived` +
        (r.restored ? `, ${r.restored} restored` : ''),
      `  ignored:     ${r.ignored} (not care homes, or not registered, and not active here)`,
      `  not located: ${r.notLocated}${r.notLocatedIds.length ? ` (e.g. ${r.notLocatedIds.slice(0, 5).join(', ')})` : ''}`,
    );
    if (r.absence) {
      lines.push(
        `  absence:     ${r.absence.applied ? `${r.absence.archived} archived as missing from the complete snapshot` : `not applied: ${r.absence.reason ?? ''}`}`,
      );
    }
    if (r.conflicts) lines.push(`  conflicts:   ${r.conflicts} (changed by another writer; re-run to apply)`);
  }
  lines.push(
    `  geo items:   ${r.geoWritten} written`,
    `  writes:      ${r.writes}`,
    `  skipped:     ${r.skipped} rows`,
  );
  for (const s of r.skippedRows.slice(0, 20)) {
    lines.push(`    ${s.file}:${s.line}${s.locationId ? ` (${s.locationId})` : ''} ${s.reason}`);
  }
  if (r.skipped > 20)
    lines.push(`    … ${r.skipped - 20} more (first ${r.skippedRows.length} stored on the run)`);
  if (r.warnings) lines.push(`  warnings:    ${r.warnings} (values dropped from otherwise good rows)`);
  lines.push(`  duration:    ${(r.durationMs / 1000).toFixed(1)} s`);
  return lines.join('\n');
}
