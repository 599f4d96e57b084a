import type { CareHomeRecord, CqcReadItem } from '../../domain/registry/types';
import { chunk, mapLimit, TaskPool } from '../concurrency';
import { Locator } from './locator';
import {
  archivedContent,
  contentHash,
  mergeRecord,
  type RegistryHome,
  statusOf,
  withBookkeeping,
} from './model';
import type { GeoRepository, HomesRepository, PostcodePoint } from './ports';
import { emptyReport, type IngestReport, pushSample, type RunTrigger } from './report';

/** A CQC input that can be read from the start more than once (one pass for postcodes, one for homes). */
export interface IngestSource {
  /** File name or S3 key, as shown in reports. */
  name: string;
  open(): AsyncIterable<CqcReadItem>;
  /** The layout, once known (after the first open). */
  layout?(): string | undefined;
}

export interface IngestProgress {
  /** A new phase; `total` rows when known. */
  phase(label: string, total?: number): void;
  advance(rows: number): void;
  done(): void;
}

export interface IngestDeps {
  homes: HomesRepository;
  geo: GeoRepository;
  now?: () => Date;
  progress?: IngestProgress;
  /** Told about every active home the run saw (the local seed picks demo homes from them). */
  onActiveHome?: (home: RegistryHome) => void;
}

export interface IngestOptions {
  runId: string;
  trigger: RunTrigger;
  /**
   * The input is a complete national snapshot: active homes it does not list are archived. Only set
   * for full national files (see docs/data-model.d/registry.md, "Archiving").
   */
  complete: boolean;
  /** Absence archiving is refused when it would archive more than this share of active homes. */
  maxAbsentShare?: number;
  chunkSize?: number;
  concurrency?: number;
  /** From this many rows the register is listed first (default ACTIVE_LIST_FROM_ROWS; tests lower it). */
  listRegisterFromRows?: number;
}

/** Below this many, absence archiving is never refused by the share limit (small test and demo tables). */
const ABSENT_FLOOR = 25;
/**
 * From this many rows, the ids of active homes are listed once up front, so the many records of
 * locations that are not (or no longer) care homes need no lookup at all.
 */
const ACTIVE_LIST_FROM_ROWS = 2000;

/**
 * The one code path for CQC data, whichever way it arrives (CLI, S3 trigger, monthly schedule, CQC
 * API delta): read, locate, compare with what is stored, write only what changed. Each home is one
 * item written in one request, so a run that stops part-way leaves whole homes and can be re-run.
 * Failures come back as a report with status 'failed'; a source that cannot be read at all fails
 * in the first pass, before anything is written.
 */
export async function ingestCqc(
  sources: readonly IngestSource[],
  deps: IngestDeps,
  options: IngestOptions,
): Promise<IngestReport> {
  const now = deps.now ?? (() => new Date());
  const started = now();
  const report = emptyReport({
    runId: options.runId,
    kind: 'cqc',
    trigger: options.trigger,
    sources: sources.map((s) => s.name),
    complete: options.complete,
    startedAt: started,
  });
  const run = new Run(deps, options, report, started.toISOString());
  try {
    const rows = await run.learnPostcodes(sources);
    await run.ingestHomes(sources, rows);
    if (options.complete) await run.archiveAbsent();
  } catch (error) {
    report.status = 'failed';
    report.error = (error as Error).message || String(error);
  } finally {
    deps.progress?.done();
  }
  const finished = now();
  report.finishedAt = finished.toISOString();
  report.durationMs = finished.getTime() - started.getTime();
  return report;
}

class Run {
  private readonly locator: Locator;
  /** Location ids the input mentioned, readable or not: never archived as absent. */
  private readonly seen = new Set<string>();
  /** Skipped rows without a location id: some home may be hiding behind one, so absence is unsafe. */
  private unidentifiedSkips = 0;
  /** Homes found in more than one source: their records are folded together and written once. */
  private readonly inSeveralSources = new Set<string>();
  private readonly folded = new Map<string, { record: CareHomeRecord; source: string }>();
  /** Ids of the homes that were active when the run started (large inputs, and absence checks). */
  private activeIds: Set<string> | undefined;
  /** Ids of the homes that were archived when the run started (listed with the active ones). */
  private archivedIds: Set<string> | undefined;
  private readonly chunkSize: number;
  private readonly concurrency: number;

  constructor(
    private readonly deps: IngestDeps,
    private readonly options: IngestOptions,
    private readonly report: IngestReport,
    private readonly nowIso: string,
  ) {
    this.locator = new Locator(deps.geo);
    this.chunkSize = options.chunkSize ?? 100;
    this.concurrency = options.concurrency ?? 6;
  }

  /** Pass 1: check every source can be read, count rows, and store postcodes learnt from coordinates. */
  async learnPostcodes(sources: readonly IngestSource[]): Promise<number> {
    const learnt = new Map<string, PostcodePoint>();
    let rows = 0;
    const firstSource = new Map<string, number>();
    this.deps.progress?.phase('checking input');
    for (const [sourceIndex, source] of sources.entries()) {
      for await (const item of source.open()) {
        rows++;
        if (rows % 500 === 0) this.deps.progress?.advance(500);
        const r = item.record;
        if (r && sources.length > 1) {
          const first = firstSource.get(r.locationId);
          if (first === undefined) firstSource.set(r.locationId, sourceIndex);
          else if (first !== sourceIndex) this.inSeveralSources.add(r.locationId);
        }
        if (r?.postcode && r.latitude !== undefined && r.longitude !== undefined && !learnt.has(r.postcode)) {
          learnt.set(r.postcode, { postcode: r.postcode, latitude: r.latitude, longitude: r.longitude });
        }
      }
      const layout = source.layout?.();
      if (layout && !this.report.layouts.includes(layout)) this.report.layouts.push(layout);
    }
    this.locator.learn(learnt.values());
    const points = [...learnt.values()];
    // One call: the table keeps a district's postcodes together, so it reads each district once.
    const stored = points.length
      ? await this.deps.geo.getPostcodes(points.map((p) => p.postcode))
      : new Map();
    const changed = points.filter((p) => {
      const s = stored.get(p.postcode);
      return !s || Math.abs(s.latitude - p.latitude) > 1e-6 || Math.abs(s.longitude - p.longitude) > 1e-6;
    });
    if (changed.length) await this.deps.geo.putPostcodes(changed);
    this.report.geoWritten += changed.length;
    this.report.writes += changed.length;
    return rows;
  }

  /** Pass 2: the homes, in chunks read and written in parallel. */
  async ingestHomes(sources: readonly IngestSource[], totalRows: number): Promise<void> {
    if (totalRows >= (this.options.listRegisterFromRows ?? ACTIVE_LIST_FROM_ROWS)) await this.loadActiveIds();
    this.deps.progress?.phase('ingesting', totalRows);
    for (const source of sources) {
      const pool = new TaskPool(this.concurrency);
      try {
        await this.readSource(source, pool);
      } finally {
        // On failure, let the writes in flight finish before the run reports: nothing writes after it.
        await pool.settle();
      }
      await pool.drain();
    }
    const pool = new TaskPool(this.concurrency);
    try {
      for (const part of chunk([...this.folded.values()], this.chunkSize)) {
        await pool.run(() =>
          this.ingestChunk(
            part.map((f) => f.record),
            part[part.length - 1]?.source ?? '',
          ),
        );
      }
    } finally {
      await pool.settle();
    }
    await pool.drain();
  }

  private async readSource(source: IngestSource, pool: TaskPool): Promise<void> {
    const firstLine = new Map<string, number>();
    let pending: CareHomeRecord[] = [];
    const flush = async () => {
      const records = pending;
      pending = [];
      if (records.length) await pool.run(() => this.ingestChunk(records, source.name));
    };
    for await (const item of source.open()) {
      this.report.rowsRead++;
      this.deps.progress?.advance(1);
      const file = item.file || source.name;
      if (item.issue) {
        this.skip({
          file,
          line: item.issue.line ?? item.line,
          reason: item.issue.reason,
          locationId: item.issue.locationId,
        });
        continue;
      }
      const record = item.record;
      if (!record) continue;
      for (const warning of item.warnings ?? []) {
        this.report.warnings++;
        pushSample(this.report.warningSamples, {
          file,
          line: item.line,
          reason: warning,
          locationId: record.locationId,
        });
      }
      const earlier = firstLine.get(record.locationId);
      if (earlier !== undefined) {
        this.skip({
          file,
          line: item.line,
          reason: `location ID ${record.locationId} appears again (first on line ${earlier}); the first row was used`,
          locationId: record.locationId,
        });
        continue;
      }
      firstLine.set(record.locationId, item.line);
      this.seen.add(record.locationId);
      if (this.inSeveralSources.has(record.locationId)) {
        // Applying each file's record in turn would write the home once per file, and again on
        // every re-run; folding them first makes the run's result (and its writes) one per home.
        const earlierRecord = this.folded.get(record.locationId);
        this.folded.set(record.locationId, {
          record: earlierRecord ? foldRecords(earlierRecord.record, record) : record,
          source: source.name,
        });
        continue;
      }
      pending.push(record);
      if (pending.length >= this.chunkSize) await flush();
    }
    await flush();
  }

  private skip(row: { file: string; line: number; reason: string; locationId?: string }): void {
    this.report.skipped++;
    if (row.locationId) this.seen.add(row.locationId);
    else this.unidentifiedSkips++;
    pushSample(
      this.report.skippedRows,
      row.locationId ? row : { file: row.file, line: row.line, reason: row.reason },
    );
  }

  /** Lists every home there is (active and archived ids), once per run. */
  private async loadActiveIds(): Promise<Set<string>> {
    if (!this.activeIds) {
      const active = new Set<string>();
      const archived = new Set<string>();
      for await (const page of this.deps.homes.activeLocationIds()) for (const id of page) active.add(id);
      for await (const page of this.deps.homes.archivedLocationIds()) for (const id of page) archived.add(id);
      this.activeIds = active;
      this.archivedIds = archived;
    }
    return this.activeIds;
  }

  private async ingestChunk(records: readonly CareHomeRecord[], sourceName: string): Promise<void> {
    const active = this.activeIds;
    const archived = this.archivedIds;
    // With the register listed, only homes that exist are read: a record of an active home, or one
    // that may restore an archived home. Every other record is a new home (or ignored), read-free.
    const wanted = records.filter((r) =>
      active && archived
        ? active.has(r.locationId) || (archived.has(r.locationId) && statusOf(r).status === 'active')
        : true,
    );
    const stored = wanted.length ? await this.deps.homes.getMany(wanted.map((r) => r.locationId)) : new Map();
    await this.locator.prefetch(wanted, stored);
    const creates: RegistryHome[] = [];
    const updates: Array<{ next: RegistryHome; previous: RegistryHome; record: CareHomeRecord }> = [];
    for (const record of records) {
      const previous = stored.get(record.locationId);
      // Records of locations that are not active care homes only matter to homes that are active
      // here (they archive them); an archived home keeps its last facts until it is a care home again.
      if (statusOf(record).status === 'archived' && previous?.registryStatus !== 'active') {
        this.report.ignored++;
        continue;
      }
      const content = mergeRecord(previous, record, this.locator.locate(record, previous));
      if (previous && previous.registryHash === contentHash(content)) {
        this.report.unchanged++;
        this.noteActive(previous);
        continue;
      }
      const next = withBookkeeping(content, previous, {
        runId: this.options.runId,
        source: sourceName,
        now: this.nowIso,
      });
      if (previous) updates.push({ next, previous, record });
      else creates.push(next);
    }
    if (creates.length) {
      await this.deps.homes.create(creates);
      this.report.created += creates.length;
      this.report.writes += creates.length;
      for (const h of creates) this.noteActive(h);
    }
    await mapLimit(updates, 8, async ({ next, previous, record }) => {
      let outcome = await this.deps.homes.update(next, previous);
      let written = next;
      let before = previous;
      if (outcome === 'conflict') {
        // Another writer got there first: apply the record to what is there now, once.
        const fresh = (await this.deps.homes.getMany([record.locationId])).get(record.locationId);
        if (fresh) {
          await this.locator.prefetch([record], new Map([[record.locationId, fresh]]));
          const content = mergeRecord(fresh, record, this.locator.locate(record, fresh));
          if (fresh.registryHash === contentHash(content)) {
            this.report.unchanged++;
            this.noteActive(fresh);
            return;
          }
          written = withBookkeeping(content, fresh, {
            runId: this.options.runId,
            source: sourceName,
            now: this.nowIso,
          });
          before = fresh;
          outcome = await this.deps.homes.update(written, fresh);
        }
      }
      if (outcome === 'conflict') {
        this.report.conflicts++;
        return;
      }
      this.countChange(before, written);
      this.noteActive(written);
    });
  }

  private countChange(previous: RegistryHome, next: RegistryHome): void {
    this.report.writes++;
    if (previous.registryStatus === 'active' && next.registryStatus === 'archived') {
      this.report.archived++;
      return;
    }
    this.report.updated++;
    if (previous.registryStatus === 'archived' && next.registryStatus === 'active') this.report.restored++;
  }

  private noteActive(home: RegistryHome): void {
    if (home.registryStatus !== 'active') return;
    if (!home.geohash) {
      this.report.notLocated++;
      pushSample(this.report.notLocatedIds, home.locationId);
    }
    this.deps.onActiveHome?.(home);
  }

  /**
   * Archives active homes a complete snapshot does not list. Refused when some skipped row had no
   * location id (that row may be one of them), or when it would archive an implausible share of the
   * register (a truncated file flagged complete must not empty the service).
   */
  async archiveAbsent(): Promise<void> {
    if (this.unidentifiedSkips > 0) {
      this.report.absence = {
        applied: false,
        archived: 0,
        reason: `${this.unidentifiedSkips} skipped rows had no readable location ID, so absence proves nothing`,
      };
      return;
    }
    // Homes created by this run were all seen; the list from the start of the run is the one to check.
    const activeIds = await this.loadActiveIds();
    const active = activeIds.size;
    const absent = [...activeIds].filter((id) => !this.seen.has(id));
    const share = this.options.maxAbsentShare ?? 0.1;
    if (absent.length > Math.max(ABSENT_FLOOR, share * active)) {
      this.report.absence = {
        applied: false,
        archived: 0,
        reason: `the input lacks ${absent.length} of ${active} active homes, more than the ${Math.round(share * 100)}% a complete snapshot may archive at once; check the file is complete`,
      };
      return;
    }
    const before = this.report.archived;
    await mapLimit(chunk(absent, 100), 4, async (ids) => {
      const stored = await this.deps.homes.getMany(ids);
      await mapLimit([...stored.values()], 8, async (previous) => {
        if (previous.registryStatus !== 'active') return;
        const next = withBookkeeping(archivedContent(previous, 'absent-from-complete-snapshot'), previous, {
          runId: this.options.runId,
          source: previous.registrySource,
          now: this.nowIso,
        });
        if ((await this.deps.homes.update(next, previous)) === 'conflict') this.report.conflicts++;
        else this.countChange(previous, next);
      });
    });
    this.report.absence = { applied: true, archived: this.report.archived - before };
  }
}

/**
 * Two records of one home from different files, as if the second were applied after the first:
 * what the second carries wins, what it lacks is kept (see mergeRecord); coordinates stay only
 * while the postcode they belong to does.
 */
export function foldRecords(first: CareHomeRecord, second: CareHomeRecord): CareHomeRecord {
  const out: Record<string, unknown> = { ...first };
  for (const [key, value] of Object.entries(second)) {
    if (value === undefined || value === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    out[key] = value;
  }
  const merged = out as unknown as CareHomeRecord;
  merged.isCareHome = second.isCareHome;
  merged.registrationStatus = second.registrationStatus;
  if (second.registrationStatus === 'registered') delete merged.deregistrationDate;
  if (second.latitude === undefined || second.longitude === undefined) {
    const samePlace = second.postcode === undefined || second.postcode === first.postcode;
    if (!samePlace) {
      delete merged.latitude;
      delete merged.longitude;
    }
  }
  if (second.overallRating && !second.ratingDate) delete merged.ratingDate;
  return merged;
}
