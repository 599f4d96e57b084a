import { type HomeScope, isAllowed } from '../../domain/authz';
import { vacancyTypeLabel } from '../../domain/vacancy';
import {
  CAPACITIES_SHEET,
  CAPACITY_COLUMNS,
  CARE_HOME_COLUMNS,
  CARE_HOMES_SHEET,
} from '../../infra/xlsx/columns';
import type { BedStateService, StoredHome, UpdateBedStateCommand, UpdateError } from '../bed-state';
import { GROUP_COMMIT_MAX_HOMES } from '../bed-state/group-commit';
import { updateManyHomes } from '../bed-state/update-many';
import { servicesOf } from '../bed-state/views';
import type { PrincipalStore } from '../principal';
import { type BulkEmail, renderResultEmail } from './email';
import {
  type BulkJob,
  type BulkJobOutcome,
  type BulkJobRepository,
  type BulkJobSummary,
  type BulkRowError,
  MAX_STORED_ERRORS,
  type UploadStorage,
} from './ports';
import { type HomeInput, parseUpload, type SheetRow } from './rows';

export type WorkbookReadResult =
  | { ok: true; capacities: SheetRow[]; careHomes: SheetRow[]; formatId?: string }
  | { ok: false; reason: string; detail?: string };

export interface ProcessUploadDeps {
  jobs: BulkJobRepository;
  storage: UploadStorage;
  readWorkbook(bytes: Buffer): Promise<WorkbookReadResult>;
  /** Up to 100 homes by id (unknown ids left out). */
  getHomes(locationIds: readonly string[]): Promise<StoredHome[]>;
  service: BedStateService;
  principals: PrincipalStore;
  sendEmail(message: BulkEmail): Promise<unknown>;
  appBaseUrl: string;
  formatId: string;
  maxFileBytes: number;
  /** How long a claim holds before another delivery may retry a job that crashed mid-way. */
  leaseMs: number;
  concurrency?: number;
  now?: () => Date;
  log?: { info(msg: string, extra: Record<string, unknown>): void };
}

export type ProcessResult =
  | {
      kind: 'processed';
      job: BulkJob;
      status: BulkJobOutcome['status'];
      /** Wall time of each phase, for logs and the benchmark. */
      phases: { readMs: number; applyMs: number; emailMs: number };
    }
  /** Already done or being done by another delivery: nothing to do (at-least-once delivery). */
  | { kind: 'skipped'; reason: 'unknown-job' | 'in-progress' | 'finished'; status?: string }
  | { kind: 'lost-claim' };

const C = CAPACITY_COLUMNS;

/** Domain field -> the template column it is typed in. */
const COLUMN_OF_FIELD: Record<string, string> = {
  weeklyPriceFrom: C.weeklyPriceFrom,
  maximumCapacity: C.maximumCapacity,
  occupied: C.occupied,
  vacantReserved: C.vacantReserved,
  vacantAccepting: C.vacantAccepting,
  vacantNotAvailable: C.vacantNotAvailable,
  notAvailableReason: C.notAvailableReason,
  flexible: C.flexible,
  vacancyType: C.vacancyType,
};

export function createUploadProcessor(deps: ProcessUploadDeps) {
  const now = deps.now ?? (() => new Date());

  /** The result email, sent once: whoever claims it sends it and records it. */
  async function emailResult(job: BulkJob): Promise<void> {
    if (!(await deps.jobs.claimEmail(job.jobId, now(), deps.leaseMs))) return;
    await deps.sendEmail(renderResultEmail(job, deps.appBaseUrl));
    await deps.jobs.markEmailed(job.jobId, now().toISOString());
  }

  async function processJob(jobId: string): Promise<ProcessResult> {
    const claim = await deps.jobs.claim(jobId, now(), deps.leaseMs);
    if (!claim.claimed) {
      const status = claim.job?.status;
      if (!claim.job) return { kind: 'skipped', reason: 'unknown-job' };
      // Finished, but the run that finished it stopped before its email: this delivery sends it.
      if (status !== 'processing' && status !== 'queued' && !claim.job.emailedAt) {
        await emailResult(claim.job);
      }
      return { kind: 'skipped', reason: status === 'processing' ? 'in-progress' : 'finished', status };
    }
    const job = claim.job;
    const phases = { readMs: 0, applyMs: 0, emailMs: 0 };
    let outcome: BulkJobOutcome;
    try {
      outcome = await run(job, phases);
    } catch (error) {
      // Unexpected (the database or S3 unavailable): let the platform's retry claim it again at once.
      await deps.jobs.release(job.jobId, job.attempts).catch(() => undefined);
      throw error;
    }
    const finished = await deps.jobs.finish(job.jobId, job.attempts, outcome);
    if (!finished) return { kind: 'lost-claim' };
    const done: BulkJob = { ...job, ...outcome, leaseUntil: null };
    const emailStarted = performance.now();
    await emailResult(done);
    phases.emailMs = Math.round(performance.now() - emailStarted);
    deps.log?.info('bulk upload processed', {
      jobId,
      status: outcome.status,
      summary: outcome.summary,
      errors: outcome.errors.length,
      phases,
    });
    return { kind: 'processed', job: done, status: outcome.status, phases: { ...phases } };
  }

  const rejected = (reason: string): BulkJobOutcome => ({
    status: 'rejected',
    reason,
    summary: null,
    errors: [],
    errorsTruncated: false,
    finishedAt: now().toISOString(),
  });

  async function run(job: BulkJob, phases: { readMs: number; applyMs: number }): Promise<BulkJobOutcome> {
    const principal = await deps.principals.load(job.uploaderSub);
    if (!principal || principal.disabled) return rejected('The account that uploaded this file is disabled.');
    if (!isAllowed(principal, { kind: 'bulk:use' })) {
      return rejected(
        'The account that uploaded this file no longer has a role that may use the bulk update.',
      );
    }

    const readStarted = performance.now();
    const object = await deps.storage.read(job.objectKey, deps.maxFileBytes);
    if (object.kind === 'missing') return rejected('The uploaded file could not be found.');
    if (object.kind === 'too-large') {
      return rejected(
        `The file is larger than ${mb(deps.maxFileBytes)} (it is ${mb(object.size)}). Upload the template as downloaded.`,
      );
    }
    if (object.body.length === 0)
      return rejected('The file is empty. Upload the completed template (.xlsx).');

    const read = await deps.readWorkbook(object.body);
    phases.readMs = Math.round(performance.now() - readStarted);
    if (!read.ok) return rejected(read.reason);
    const applyStarted = performance.now();
    if (read.formatId !== deps.formatId) {
      return rejected(
        'This is not the bulk update template of this service (or it is an old version). Download the template and fill that in.',
      );
    }

    const parsed = parseUpload(read.capacities, read.careHomes);
    if (parsed.homes.size === 0 && parsed.orphanErrors.length === 0) {
      return rejected('The template has no care home rows: nothing to update.');
    }
    const errors: BulkRowError[] = [...parsed.orphanErrors];
    const summary: BulkJobSummary = {
      homesInFile: parsed.homes.size,
      homesApplied: 0,
      homesUnchanged: 0,
      homesWithErrors: 0,
      rowsInFile: parsed.rowsInFile,
    };

    // The homes as stored now, and the uploader's rights over each, from their STORED memberships.
    const ids = [...parsed.homes.keys()];
    const stored = new Map<string, StoredHome>();
    for (let i = 0; i < ids.length; i += 100) {
      for (const home of await deps.getHomes(ids.slice(i, i + 100))) stored.set(home.locationId, home);
    }
    const canWrite = (home: HomeScope) => isAllowed(principal, { kind: 'home:write', home });
    const actor = { sub: principal.sub, email: principal.email || job.uploaderEmail };

    const commands: UpdateBedStateCommand[] = [];
    const failedHomes = new Set<string>();
    const fail = (home: HomeInput, homeErrors: BulkRowError[]) => {
      failedHomes.add(home.locationId);
      errors.push(...homeErrors);
    };
    for (const home of parsed.homes.values()) {
      const current = stored.get(home.locationId);
      if (!current) {
        fail(
          home,
          homeWide(home, `No care home with location ID ${home.locationId} is known to this service`),
        );
        continue;
      }
      if (!canWrite(scopeOf(current))) {
        fail(
          home,
          homeWide(
            home,
            `You may not update ${current.name ?? home.locationId}: only its staff, its provider's approvers or an administrator can`,
          ),
        );
        continue;
      }
      if (home.errors.length > 0) {
        fail(home, withUnchangedNote(home.errors));
        continue;
      }
      if (
        home.capacityRows.length === 0 &&
        home.careHomeRow !== null &&
        home.outOfHoursAdmissions === undefined
      ) {
        // Only notes (or nothing) on the Care Homes sheet: no bed-state change to make.
        continue;
      }
      const version = home.version ?? current.bedVersion;
      const rows =
        home.capacityRows.length > 0
          ? home.capacityRows.map((r) => r.row)
          : // Only the Care Homes sheet names this home: keep its figures, change out-of-hours.
            (current.bedRows ?? []);
      commands.push({
        locationId: home.locationId,
        input: {
          rows,
          ...(home.outOfHoursAdmissions === undefined
            ? {}
            : { outOfHoursAdmissions: home.outOfHoursAdmissions }),
        },
        expectedVersion: version,
        actor,
        source: 'bulk',
        canWrite,
        prefetched: current,
      });
    }

    const result = await updateManyHomes(deps.service, commands, {
      concurrency: deps.concurrency ?? GROUP_COMMIT_MAX_HOMES,
    });
    const appliedHomes = new Set<string>();
    for (const outcome of result.outcomes) {
      const home = parsed.homes.get(outcome.locationId);
      if (!home) continue;
      if ('error' in outcome) {
        fail(
          home,
          homeWide(
            home,
            'This care home could not be saved because of a temporary problem; upload the file again',
          ),
        );
        continue;
      }
      const r = outcome.result;
      switch (r.kind) {
        case 'applied':
          summary.homesApplied += 1;
          appliedHomes.add(home.locationId);
          break;
        case 'unchanged':
          summary.homesUnchanged += 1;
          appliedHomes.add(home.locationId);
          break;
        case 'rejected':
          fail(home, withUnchangedNote(r.errors.map((e) => toRowError(home, e))));
          break;
        case 'conflict':
        case 'stale': {
          // A retry after a crash finds its own earlier write: that home was applied, not changed by someone else.
          const own =
            job.attempts > 1 &&
            r.current.source === 'bulk' &&
            r.current.updatedBy?.sub === actor.sub &&
            home.version !== null &&
            r.current.version === home.version + 1;
          if (own) {
            summary.homesApplied += 1;
            appliedHomes.add(home.locationId);
          } else {
            fail(
              home,
              homeWide(
                home,
                `${r.current.name ?? home.locationId} was updated by someone else after this template was downloaded, so it was not changed. Download a fresh template and try again`,
              ),
            );
          }
          break;
        }
        case 'not-found':
          fail(
            home,
            homeWide(home, `No care home with location ID ${home.locationId} is known to this service`),
          );
          break;
        case 'forbidden':
          fail(home, homeWide(home, 'You may not update this care home'));
          break;
        default: {
          const never: never = r;
          return never;
        }
      }
    }

    // Notes are part of the services offered: saved once the home's figures are in.
    for (const home of parsed.homes.values()) {
      if (failedHomes.has(home.locationId) || home.notes === undefined) continue;
      const before = stored.get(home.locationId);
      if (!before || servicesOf(before)?.notes === home.notes) continue;
      // Read again: the bed update may have moved the services version (out-of-hours lives on both).
      const current = appliedHomes.has(home.locationId)
        ? await deps.service.getHome(home.locationId)
        : before;
      const services = current ? servicesOf(current) : null;
      if (!current || !services) continue;
      const saved = await deps.service.updateServices({
        locationId: home.locationId,
        input: {
          ...services,
          notes: home.notes,
          // The bed update may just have changed it: keep the file's answer, not the one read before.
          outOfHoursAdmissions: home.outOfHoursAdmissions ?? services.outOfHoursAdmissions,
        },
        expectedVersion: current.servicesVersion,
        actor,
        source: 'bulk',
        canWrite,
      });
      if (saved.kind === 'applied' || saved.kind === 'unchanged') {
        if (!appliedHomes.has(home.locationId)) {
          summary.homesApplied += 1;
          appliedHomes.add(home.locationId);
        }
      } else {
        errors.push({
          sheet: CARE_HOMES_SHEET,
          row: home.careHomeRow,
          column: CARE_HOME_COLUMNS.notes,
          locationId: home.locationId,
          message:
            saved.kind === 'conflict'
              ? "The notes were not saved: the home's services were changed by someone else after the template was downloaded"
              : saved.kind === 'rejected'
                ? `The notes were not saved: ${saved.errors.map((e) => e.message).join('; ')}`
                : 'The notes were not saved',
        });
      }
    }

    summary.homesWithErrors = failedHomes.size;
    phases.applyMs = Math.round(performance.now() - applyStarted);
    const sorted = errors.sort(
      (a, b) =>
        a.sheet.localeCompare(b.sheet) ||
        (a.row ?? 0) - (b.row ?? 0) ||
        (a.column ?? '').localeCompare(b.column ?? ''),
    );
    const status: BulkJobOutcome['status'] =
      sorted.length === 0 ? 'applied' : appliedHomes.size > 0 ? 'applied-with-errors' : 'rejected';
    return {
      status,
      reason:
        status === 'rejected'
          ? 'No care home was updated: every care home in the file has a problem (see the errors).'
          : null,
      summary,
      errors: sorted.slice(0, MAX_STORED_ERRORS),
      errorsTruncated: sorted.length > MAX_STORED_ERRORS,
      finishedAt: now().toISOString(),
    };
  }

  return { processJob };
}

function scopeOf(home: StoredHome): HomeScope {
  return {
    locationId: home.locationId,
    providerId: home.providerId,
    localAuthority: home.localAuthority,
    subIcb: home.subIcb,
    icb: home.icb,
    region: home.region,
  };
}

/** One error per row of the home (so every row of it shows in the table), on the Capacities sheet first. */
function homeWide(home: HomeInput, message: string): BulkRowError[] {
  const rows: BulkRowError[] = home.capacitySheetRows.map((row) => ({
    sheet: CAPACITIES_SHEET,
    row,
    column: null,
    message,
    locationId: home.locationId,
  }));
  if (home.careHomeRow !== null) {
    rows.push({
      sheet: CARE_HOMES_SHEET,
      row: home.careHomeRow,
      column: null,
      message,
      locationId: home.locationId,
    });
  }
  return rows;
}

const UNCHANGED = ' (nothing was changed for this care home)';
function withUnchangedNote(errors: BulkRowError[]): BulkRowError[] {
  return errors.map((e) => ({
    ...e,
    message: e.message.endsWith(UNCHANGED) ? e.message : `${e.message}${UNCHANGED}`,
  }));
}

function toRowError(home: HomeInput, e: UpdateError): BulkRowError {
  if (e.field === 'outOfHoursAdmissions') {
    return {
      sheet: CARE_HOMES_SHEET,
      row: home.careHomeRow,
      column: CARE_HOME_COLUMNS.outOfHoursAdmissions,
      message: e.message,
      locationId: home.locationId,
    };
  }
  const row = e.vacancyType ? home.capacityRows.find((r) => r.vacancyType === e.vacancyType) : undefined;
  const message =
    e.rule === 'vacancy-type-missing' && e.vacancyType
      ? `${vacancyTypeLabel(e.vacancyType)}: the home offers this vacancy type but the file has no row for it; download a fresh template`
      : e.message;
  return {
    sheet: CAPACITIES_SHEET,
    row: row?.sheetRow ?? home.capacitySheetRows[0] ?? null,
    column: COLUMN_OF_FIELD[e.field] ?? null,
    message,
    locationId: home.locationId,
  };
}

const mb = (bytes: number) =>
  `${(bytes / (1024 * 1024)).toLocaleString('en-GB', { maximumFractionDigits: 1 })} MB`;
