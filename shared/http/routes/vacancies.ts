import { z } from 'zod';
import {
  type BedStateService,
  type BedStateView,
  bedStateView,
  type HistoryEvent,
  homeScope,
  type ServicesView,
  servicesView,
  type UpdateError,
} from '../../app/bed-state';
import { InvalidCursorError } from '../../app/bed-state/ports';
import { authorize, type PrincipalStore, requirePrincipal } from '../../app/principal';
import { type HomeScope, isAllowed, type Principal } from '../../domain/authz';
import { admissionStatusLabel, freshness, type Warning } from '../../domain/vacancy';
import type { ApiRequest, ApiResponse, RouteHandler } from '../handler';
import {
  badRequest,
  type FieldError,
  forbidden,
  notFound,
  ProblemError,
  preconditionRequired,
  validationFailed,
} from '../problem';

/**
 * Services offered, provider update (vacancies), "nothing has changed", history and "my care homes".
 * Handlers only parse, authorise and map: the rules and the transaction live in
 * shared/app/bed-state (the same use cases the bulk upload and the supplier API call).
 */
export interface VacancyRouteDeps {
  /** Built per request, so the clients follow the configuration of the moment. */
  service(): BedStateService;
  principals(): PrincipalStore;
  now?: () => Date;
}

export const HISTORY_PAGE_DEFAULT = 20;
export const HISTORY_PAGE_MAX = 100;
export const MY_HOMES_MAX = 1000;
/** A provider update is ten rows of numbers; anything near this is not one. */
const BODY_LIMIT_BYTES = 64 * 1024;

export function vacancyRoutes(deps: VacancyRouteDeps): Record<string, RouteHandler> {
  const now = deps.now ?? (() => new Date());

  async function caller(req: ApiRequest): Promise<Principal> {
    const principal = await requirePrincipal(req, deps.principals());
    authorize(
      principal,
      { kind: 'home:read' },
      'Only members of an organisation using this service can see care homes',
    );
    return principal;
  }
  /**
   * The caller and the home, read at the same time (a round trip saved on every request); a
   * problem with the caller (401/403) takes precedence over an unknown home (404).
   */
  async function callerAndHome(req: ApiRequest, service: BedStateService) {
    const locationId = req.param('locationId');
    const [principal, home] = await Promise.allSettled([caller(req), service.getHome(locationId)]);
    if (principal.status === 'rejected') throw principal.reason;
    if (home.status === 'rejected') throw home.reason;
    if (!home.value) throw homeNotFound(locationId);
    return { principal: principal.value, home: home.value };
  }
  const writerCheck = (principal: Principal) => (home: HomeScope) =>
    isAllowed(principal, { kind: 'home:write', home });
  /**
   * The caller and the home for a write, authorised before the body or its version is looked at:
   * someone who may not write this home gets 403 whatever they sent (not 400 or 428 first).
   */
  async function writerAndHome(req: ApiRequest, service: BedStateService) {
    const found = await callerAndHome(req, service);
    if (!writerCheck(found.principal)(homeScope(found.home))) throw cannotWrite();
    return found;
  }
  const actorOf = (principal: Principal) => ({ sub: principal.sub, email: principal.email });
  const cannotWrite = () =>
    forbidden(
      "Only the care home's staff, its provider's approvers or an administrator can update this care home",
    );

  return {
    'GET /api/homes/{locationId}/vacancies': async (req) => {
      const { principal, home } = await callerAndHome(req, deps.service());
      const view = bedStateView(home);
      const canWrite = writerCheck(principal)(homeScopeOf(view));
      return withEtag(vacanciesBody(view, canWrite, now()), view.version);
    },

    'PUT /api/homes/{locationId}/vacancies': async (req) => {
      const service = deps.service();
      const { principal, home } = await writerAndHome(req, service);
      const { body, version } = readVersionedBody(req, true);
      const { version: _ignored, ...input } = body;
      const result = await service.updateBedState({
        locationId: home.locationId,
        prefetched: home,
        input,
        expectedVersion: expectedVersion(req, version),
        actor: actorOf(principal),
        source: 'web',
        canWrite: writerCheck(principal),
      });
      switch (result.kind) {
        case 'applied':
        case 'unchanged':
          return withEtag(
            {
              outcome: result.kind,
              ...vacanciesBody(result.view, true, now()),
              warnings: result.warnings.map(toWarning),
            },
            result.view.version,
          );
        case 'rejected':
          throw validationFailed(result.errors.map(toFieldError));
        case 'conflict':
        case 'stale':
          throw bedConflict(result.current, now(), result.kind);
        case 'not-found':
          throw homeNotFound(req.param('locationId'));
        case 'forbidden':
          throw cannotWrite();
        default:
          return unreachable(result);
      }
    },

    'POST /api/homes/{locationId}/vacancies/confirm': async (req) => {
      const service = deps.service();
      const { principal, home } = await writerAndHome(req, service);
      const { body, version } = readVersionedBody(req, false);
      const extras = Object.keys(body).filter((key) => key !== 'version');
      if (extras.length > 0) {
        throw validationFailed(
          extras.map((key) => ({
            field: key,
            rule: 'unknown-field',
            message: `${key} is not a recognised field`,
          })),
        );
      }
      const result = await service.confirmNoChange({
        locationId: home.locationId,
        prefetched: home,
        expectedVersion: expectedVersion(req, version),
        actor: actorOf(principal),
        source: 'web',
        canWrite: writerCheck(principal),
      });
      switch (result.kind) {
        case 'confirmed':
          return withEtag(
            { outcome: 'confirmed', ...vacanciesBody(result.view, true, now()) },
            result.view.version,
          );
        case 'rejected':
          throw validationFailed(result.errors.map(toFieldError));
        case 'conflict':
        case 'stale':
          throw bedConflict(result.current, now(), result.kind);
        case 'not-found':
          throw homeNotFound(req.param('locationId'));
        case 'forbidden':
          throw cannotWrite();
        default:
          return unreachable(result);
      }
    },

    'GET /api/homes/{locationId}/services': async (req) => {
      const { principal, home } = await callerAndHome(req, deps.service());
      const view = servicesView(home);
      const canWrite = writerCheck(principal)(homeScopeOf(view));
      return withEtag(servicesBody(view, canWrite), view.version);
    },

    'PUT /api/homes/{locationId}/services': async (req) => {
      const service = deps.service();
      const { principal, home } = await writerAndHome(req, service);
      const { body, version } = readVersionedBody(req, true);
      const { version: _ignored, ...input } = body;
      const result = await service.updateServices({
        locationId: home.locationId,
        prefetched: home,
        input,
        expectedVersion: expectedVersion(req, version),
        actor: actorOf(principal),
        source: 'web',
        canWrite: writerCheck(principal),
      });
      switch (result.kind) {
        case 'applied':
          return withEtag(
            {
              outcome: 'applied',
              ...servicesBody(result.view, true),
              vacanciesVersion: result.bedView.version,
            },
            result.view.version,
          );
        case 'unchanged':
          return withEtag({ outcome: 'unchanged', ...servicesBody(result.view, true) }, result.view.version);
        case 'rejected':
          throw validationFailed(result.errors.map(toFieldError));
        case 'conflict':
          throw new ProblemError(
            409,
            'Conflict',
            `The services offered were changed by someone else since you loaded them (now version ${result.current.version}); nothing was saved. Check the current services in "current" and send your change again with that version.`,
            undefined,
            { current: servicesBody(result.current, true), currentVersion: result.current.version },
            { etag: etag(result.current.version) },
          );
        case 'not-found':
          throw homeNotFound(req.param('locationId'));
        case 'forbidden':
          throw cannotWrite();
        default:
          return unreachable(result);
      }
    },

    'GET /api/homes/{locationId}/history': async (req) => {
      const query = req.queryWith(historyQuerySchema);
      const service = deps.service();
      const locationId = req.param('locationId');
      // All three at once; answered in order of precedence: who you are, then the home, then the page.
      const [principal, home, page] = await Promise.allSettled([
        caller(req),
        service.getHome(locationId),
        service.listHistory(locationId, { limit: query.limit ?? HISTORY_PAGE_DEFAULT, cursor: query.cursor }),
      ]);
      if (principal.status === 'rejected') throw principal.reason;
      if (home.status === 'rejected') throw home.reason;
      if (!home.value) throw homeNotFound(locationId);
      if (page.status === 'rejected') {
        if (page.reason instanceof InvalidCursorError) {
          throw validationFailed([{ field: 'cursor', rule: 'invalid-cursor', message: page.reason.message }]);
        }
        throw page.reason;
      }
      const canWrite = writerCheck(principal.value)({
        locationId: home.value.locationId,
        providerId: home.value.providerId,
      });
      return {
        body: {
          locationId: home.value.locationId,
          events: page.value.events.map((event) => historyBody(event, canWrite)),
          ...(page.value.cursor ? { cursor: page.value.cursor } : {}),
        },
      };
    },

    'GET /api/my/homes': async (req) => {
      const principal = await requirePrincipal(req, deps.principals());
      const { homes, truncated } = await deps
        .service()
        .homesForMemberships(principal.memberships, MY_HOMES_MAX);
      const at = now();
      return {
        body: {
          homes: homes.map(({ home, via }) => ({
            locationId: home.locationId,
            name: home.name,
            providerId: home.providerId,
            registeredBeds: home.registeredBeds,
            via,
            version: home.version,
            servicesSet: home.servicesSet,
            offeredVacancyTypes: home.offeredVacancyTypes,
            admissionStatus: home.admissionStatus,
            admissionStatusLabel: admissionStatusLabel(home.admissionStatus),
            outOfHoursAdmissions: home.state.outOfHoursAdmissions,
            totals: home.totals,
            updatedAt: home.updatedAt,
            freshness: freshness(home.updatedAt, at),
          })),
          truncated,
        },
      };
    },
  };
}

const historyQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(HISTORY_PAGE_MAX).optional(),
  cursor: z.string().min(1).max(400).optional(),
});

function homeScopeOf(view: { locationId: string; providerId: string | null }): HomeScope {
  return { locationId: view.locationId, providerId: view.providerId ?? undefined };
}

function homeNotFound(locationId: string): ProblemError {
  return notFound(`There is no care home with location ID ${locationId.slice(0, 40)}`);
}

export function etag(version: number): string {
  return `"${version}"`;
}

function withEtag(body: unknown, version: number): ApiResponse {
  return { body, headers: { etag: etag(version) } };
}

function vacanciesBody(view: BedStateView, canWrite: boolean, now: Date) {
  return {
    locationId: view.locationId,
    name: view.name,
    providerId: view.providerId,
    registeredBeds: view.registeredBeds,
    version: view.version,
    servicesVersion: view.servicesVersion,
    servicesSet: view.servicesSet,
    offeredVacancyTypes: view.offeredVacancyTypes,
    rows: view.state.rows,
    outOfHoursAdmissions: view.state.outOfHoursAdmissions,
    admissionStatus: view.admissionStatus,
    admissionStatusLabel: admissionStatusLabel(view.admissionStatus),
    totals: view.totals,
    updatedAt: view.updatedAt,
    changedAt: view.changedAt,
    source: view.source,
    // Who updated is for the people responsible for the home, not for everyone who can look it up.
    ...(canWrite && view.updatedBy ? { updatedBy: { email: view.updatedBy.email } } : {}),
    freshness: freshness(view.updatedAt, now),
    canWrite,
  };
}

function servicesBody(view: ServicesView, canWrite: boolean) {
  return {
    locationId: view.locationId,
    name: view.name,
    providerId: view.providerId,
    registeredBeds: view.registeredBeds,
    version: view.version,
    services: view.services,
    updatedAt: view.updatedAt,
    ...(canWrite && view.updatedBy ? { updatedBy: { email: view.updatedBy.email } } : {}),
    vacancyTypesWithBeds: view.vacancyTypesWithBeds,
    canWrite,
  };
}

function historyBody(event: HistoryEvent, canWrite: boolean) {
  const { actor, locationId: _locationId, ...rest } = event;
  return canWrite ? { ...rest, actor } : rest;
}

function bedConflict(current: BedStateView, now: Date, kind: 'conflict' | 'stale'): ProblemError {
  const when = freshness(current.updatedAt, now).label;
  const detail =
    kind === 'stale'
      ? `These figures are older than the ones held (${when}); nothing was saved.`
      : `The vacancies were changed by someone else since you loaded them (${when}, now version ${current.version}); nothing was saved. Check the current figures in "current" and send your update again with that version.`;
  return new ProblemError(
    409,
    'Conflict',
    detail,
    undefined,
    { current: vacanciesBody(current, true, now), currentVersion: current.version, reason: kind },
    { etag: etag(current.version) },
  );
}

function toFieldError(error: UpdateError): FieldError {
  return {
    field: error.path || error.field || '(body)',
    fieldName: error.field,
    ...(error.vacancyType ? { vacancyType: error.vacancyType } : {}),
    rule: error.rule,
    message: error.message,
  };
}

function toWarning(warning: Warning) {
  return {
    field: warning.path || warning.field,
    fieldName: warning.field,
    rule: warning.rule,
    message: warning.message,
  };
}

/** The JSON body as an object (or {} when optional and empty), and its `version` field if any. */
function readVersionedBody(
  req: ApiRequest,
  required: boolean,
): { body: Record<string, unknown>; version: unknown } {
  const text = req.rawBody(BODY_LIMIT_BYTES);
  if (text.trim() === '') {
    if (required) throw badRequest('A JSON request body is required');
    return { body: {}, version: undefined };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw badRequest(`The request body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw validationFailed([
      { field: '(body)', rule: 'not-an-object', message: 'The request body must be a JSON object' },
    ]);
  }
  const body = data as Record<string, unknown>;
  return { body, version: Object.hasOwn(body, 'version') ? body.version : undefined };
}

const versionSchema = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31);
const IF_MATCH = /^(?:W\/)?"(\d{1,10})"$/;

/**
 * The version the change is based on, from If-Match (the ETag of the GET) or the body's `version`.
 * Required: without it a write could silently replace figures the sender never saw (428).
 */
function expectedVersion(req: ApiRequest, bodyVersion: unknown): number {
  const header = req.headers['if-match'];
  let fromHeader: number | undefined;
  if (header !== undefined) {
    const match = IF_MATCH.exec(header.trim());
    if (!match?.[1]) {
      throw validationFailed([
        {
          field: 'If-Match',
          rule: 'invalid-etag',
          message: 'If-Match must be the ETag from the GET of this resource, such as "3"',
        },
      ]);
    }
    fromHeader = Number(match[1]);
  }
  let fromBody: number | undefined;
  if (bodyVersion !== undefined) {
    const parsed = versionSchema.safeParse(bodyVersion);
    if (!parsed.success) {
      throw validationFailed([
        {
          field: 'version',
          rule: 'invalid-version',
          message: 'version must be a whole number from the GET of this resource',
        },
      ]);
    }
    fromBody = parsed.data;
  }
  if (fromHeader !== undefined && fromBody !== undefined && fromHeader !== fromBody) {
    throw validationFailed([
      {
        field: 'version',
        rule: 'version-mismatch',
        message: `The version in the body (${fromBody}) differs from If-Match (${fromHeader}); send one of them`,
      },
    ]);
  }
  const version = fromHeader ?? fromBody;
  if (version === undefined) {
    throw preconditionRequired(
      'Say which version your change is based on: send the ETag from GET as If-Match, or a version field, so a change made meanwhile is never overwritten',
    );
  }
  return version;
}

function unreachable(value: never): never {
  throw new Error(`Unexpected result ${JSON.stringify(value)}`);
}
