import { randomUUID } from 'node:crypto';
import { isAllowed, orgIdFor, type Principal } from '../../domain/authz';
import { NOT_AVAILABLE_REASONS, notAvailableReasonLabel, vacancyTypeLabel } from '../../domain/vacancy';
import type { BulkTemplateHome, BulkTemplateInput } from '../../infra/xlsx/template';
import type { BedStateStore, StoredHome } from '../bed-state';
import { currentTable, servicesOf } from '../bed-state/views';
import { type BulkJob, type BulkJobRepository, objectKeyFor, type UploadStorage } from './ports';

export interface BulkUploadsDeps {
  store: Pick<BedStateStore, 'getHomes' | 'listHomesByProvider'>;
  jobs: BulkJobRepository;
  storage: UploadStorage;
  maxFileBytes: number;
  /** Lifetime of the presigned URL. */
  uploadUrlSeconds: number;
  now?: () => Date;
  newId?: () => string;
}

/** A provider's template beyond this many homes is refused rather than made slowly (about 20,000 rows). */
export const MAX_TEMPLATE_HOMES = 2000;

export type TemplateResult =
  | { kind: 'ok'; input: BulkTemplateInput; skippedWithoutServices: number }
  | { kind: 'too-many'; homes: number };

export type CreateUploadResult = { kind: 'created'; job: BulkJob; uploadUrl: string };

export function createBulkUploads(deps: BulkUploadsDeps) {
  const now = deps.now ?? (() => new Date());
  const newId = deps.newId ?? (() => randomUUID());

  /** The homes the person may update: their care homes and every home of their providers (stored memberships). */
  async function homesOf(principal: Principal): Promise<{ homes: StoredHome[]; truncated: boolean }> {
    const careHomeIds = new Set<string>();
    const providerIds = new Set<string>();
    for (const m of principal.memberships) {
      if (m.role === 'care-home-staff' && m.orgType === 'care-home') {
        careHomeIds.add(m.orgId.slice(orgIdFor.careHome('').length));
      }
      if ((m.role === 'provider-approver' || m.role === 'care-home-staff') && m.orgType === 'provider') {
        providerIds.add(m.orgId.slice(orgIdFor.provider('').length));
      }
    }
    const found = new Map<string, StoredHome>();
    let truncated = false;
    for (const providerId of providerIds) {
      const page = await deps.store.listHomesByProvider(providerId, MAX_TEMPLATE_HOMES + 1);
      truncated ||= page.truncated;
      for (const home of page.homes) found.set(home.locationId, home);
    }
    const ids = [...careHomeIds].filter((id) => !found.has(id));
    for (let i = 0; i < ids.length; i += 100) {
      for (const home of await deps.store.getHomes(ids.slice(i, i + 100))) found.set(home.locationId, home);
    }
    const homes = [...found.values()]
      .filter((h) => h.status === undefined || h.status === 'active')
      .filter((h) =>
        isAllowed(principal, {
          kind: 'home:write',
          home: { locationId: h.locationId, providerId: h.providerId },
        }),
      );
    return { homes, truncated: truncated || homes.length > MAX_TEMPLATE_HOMES };
  }

  async function template(principal: Principal): Promise<TemplateResult> {
    const { homes, truncated } = await homesOf(principal);
    if (truncated) return { kind: 'too-many', homes: homes.length };
    const rows: BulkTemplateHome[] = [];
    let skipped = 0;
    const sorted = homes.sort(
      (a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.locationId.localeCompare(b.locationId),
    );
    for (const home of sorted) {
      const services = servicesOf(home);
      if (!services) {
        // No services offered yet: there is no table to fill in (the provider update page says the same).
        skipped += 1;
        continue;
      }
      const table = currentTable(home);
      rows.push({
        locationId: home.locationId,
        name: home.name ?? home.locationId,
        postcode: home.postcode ?? '',
        ...(home.registeredBeds === undefined ? {} : { registeredBeds: home.registeredBeds }),
        ...(home.outOfHoursAdmissions === null ? {} : { outOfHoursAdmissions: home.outOfHoursAdmissions }),
        notes: services.notes,
        version: home.bedVersion,
        rows: table.rows.map((r) => ({
          vacancyType: r.vacancyType,
          vacancyTypeLabel: vacancyTypeLabel(r.vacancyType),
          weeklyPriceFrom: r.weeklyPriceFrom,
          maximumCapacity: r.maximumCapacity,
          occupied: r.occupied,
          vacantReserved: r.vacantReserved,
          vacantAccepting: r.vacantAccepting,
          vacantNotAvailable: r.vacantNotAvailable,
          notAvailableReasonLabel: r.notAvailableReason
            ? notAvailableReasonLabel(r.notAvailableReason)
            : null,
          flexible: r.flexible,
        })),
      });
    }
    return {
      kind: 'ok',
      input: {
        generatedAt: now().toISOString(),
        homes: rows,
        reasons: NOT_AVAILABLE_REASONS.map((r) => r.label),
      },
      skippedWithoutServices: skipped,
    };
  }

  async function createUpload(
    principal: Principal,
    request: { sizeBytes: number; fileName?: string },
  ): Promise<CreateUploadResult> {
    const jobId = newId();
    const at = now();
    const key = objectKeyFor(jobId);
    // Approvers of the uploader's providers may read the job (care-home staff: their home's provider).
    const providerIds = new Set<string>();
    const careHomeIds: string[] = [];
    for (const m of principal.memberships) {
      if (m.orgType === 'provider') providerIds.add(m.orgId.slice(orgIdFor.provider('').length));
      if (m.orgType === 'care-home') careHomeIds.push(m.orgId.slice(orgIdFor.careHome('').length));
    }
    for (let i = 0; i < careHomeIds.length && i < 500; i += 100) {
      for (const home of await deps.store.getHomes(careHomeIds.slice(i, i + 100))) {
        if (home.providerId) providerIds.add(home.providerId);
      }
    }
    const uploadUrl = await deps.storage.presignPut(key, request.sizeBytes, deps.uploadUrlSeconds);
    const job = {
      jobId,
      uploaderSub: principal.sub,
      uploaderEmail: principal.email,
      providerIds: [...providerIds],
      objectKey: key,
      declaredBytes: request.sizeBytes,
      fileName: request.fileName ?? null,
      createdAt: at.toISOString(),
      uploadExpiresAt: new Date(at.getTime() + deps.uploadUrlSeconds * 1000).toISOString(),
    };
    await deps.jobs.create(job);
    return {
      kind: 'created',
      uploadUrl,
      job: {
        ...job,
        status: 'queued',
        startedAt: null,
        finishedAt: null,
        attempts: 0,
        leaseUntil: null,
        reason: null,
        summary: null,
        errors: [],
        errorsTruncated: false,
        emailedAt: null,
      },
    };
  }

  /** The job if this person may read it: its uploader, an approver of the uploader's providers, or an admin. */
  async function readJob(
    principal: Principal,
    jobId: string,
  ): Promise<{ kind: 'ok'; job: BulkJob } | { kind: 'not-found' } | { kind: 'forbidden' }> {
    const job = await deps.jobs.get(jobId);
    if (!job) return { kind: 'not-found' };
    if (job.uploaderSub === principal.sub || isAllowed(principal, { kind: 'admin' }))
      return { kind: 'ok', job };
    const approves = principal.memberships.some(
      (m) =>
        m.role === 'provider-approver' &&
        job.providerIds.some((providerId) => m.orgId === orgIdFor.provider(providerId)),
    );
    return approves ? { kind: 'ok', job } : { kind: 'forbidden' };
  }

  return { template, createUpload, readJob, homesOf };
}

export type BulkUploads = ReturnType<typeof createBulkUploads>;
