/**
 * The one table of routes, S3 triggers and scheduled jobs. `lib/` builds API Gateway routes,
 * S3 notifications and EventBridge schedules from it; `local/` hosts the same handlers from it,
 * so the local and cloud wiring cannot drift. Handlers are named by file path (relative to the
 * repository root) and export name, so nothing here imports a function module.
 */

import { REMINDER_TIME_ZONE, reminderCron } from '../domain/reminders/schedule';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'ANY';

/** How a route is authenticated before its handler runs. Authorisation (role x organisation) is the handler's job. */
export type RouteAuth =
  /** API Gateway JWT authorizer (Cognito access token); claims reach the handler in the event. */
  | 'jwt'
  /** Supplier API key checked by a request (Lambda) authorizer. */
  | 'supplier-key'
  /** Public: no credentials. */
  | 'none';

/** Lambda function groups: one Lambda per group in the cloud, so related routes share warm containers. */
export interface FunctionDef {
  /** Entry file relative to the repository root. */
  entry: string;
  /** Exported handler name in the entry file. */
  handler: string;
  memoryMb?: number;
  timeoutSeconds?: number;
  /**
   * Packages shipped as node_modules in the Lambda bundle instead of bundled by esbuild: for code
   * that resolves files of a package at run time (exceljs's streaming reader, loaded in a worker).
   */
  nodeModules?: readonly string[];
}

export interface RouteDef {
  method: HttpMethod;
  /** API Gateway path syntax, e.g. /api/homes/{locationId}. */
  path: string;
  fn: FunctionName;
  auth: RouteAuth;
}

export interface TriggerDef {
  name: string;
  bucket: BucketName;
  /** Only objects whose key starts with this prefix trigger the handler. */
  prefix: string;
  fn: FunctionName;
}

export interface ScheduleDef {
  /** Job name for `npm run job -- <name>`. */
  name: string;
  description: string;
  /** EventBridge Scheduler cron expression: cron(minutes hours day-of-month month day-of-week year). */
  cron: string;
  /** IANA time zone the cron expression is evaluated in (EventBridge Scheduler supports this natively). */
  timezone: string;
  fn: FunctionName;
}

export const buckets = {
  uploads: { description: 'Bulk update spreadsheets uploaded by providers (presigned PUT)' },
  data: {
    description:
      'Public data files (CQC, geography, NHS England statistics) whose arrival triggers ingestion',
  },
  web: { description: 'The built static web frontend' },
} as const;
export type BucketName = keyof typeof buckets;

export const functions = {
  system: { entry: 'functions/api/system.ts', handler: 'handler' },
  accounts: { entry: 'functions/api/accounts.ts', handler: 'handler' },
  admin: { entry: 'functions/api/admin.ts', handler: 'handler' },
  organisationsSync: {
    entry: 'functions/api/admin.ts',
    handler: 'syncOrganisations',
    timeoutSeconds: 900,
    memoryMb: 1024,
  },
  cognitoPostAuthentication: { entry: 'functions/auth/cognito-post-authentication.ts', handler: 'handler' },
  cognitoPostConfirmation: { entry: 'functions/auth/cognito-post-confirmation.ts', handler: 'handler' },
  // Holds the in-memory search index (~15,500 homes); memory also buys CPU (docs/capacity.md).
  search: { entry: 'functions/api/search.ts', handler: 'handler', memoryMb: 1769, timeoutSeconds: 29 },
  // Services offered, provider update, history, my care homes (issue 5).
  vacancies: { entry: 'functions/api/vacancies.ts', handler: 'handler' },
  // Care home register from CQC data (issue 3): lists, runs, and the ingestion paths.
  homes: { entry: 'functions/api/homes.ts', handler: 'handler' },
  registry: { entry: 'functions/api/registry.ts', handler: 'handler' },
  // Supplier API (issue 8): push and pull bed states with an API key; its OpenAPI document and docs page.
  supplier: { entry: 'functions/api/supplier.ts', handler: 'handler', memoryMb: 1024, timeoutSeconds: 29 },
  // Local authority alerts and the "Not updating" list (issue 7).
  alerts: { entry: 'functions/api/alerts.ts', handler: 'handler' },
  dataFile: {
    entry: 'functions/triggers/data-file.ts',
    handler: 'handler',
    memoryMb: 2048,
    timeoutSeconds: 900,
  },
  cqcMonthly: {
    entry: 'functions/jobs/cqc-monthly.ts',
    handler: 'handler',
    memoryMb: 2048,
    timeoutSeconds: 900,
  },
  cqcDelta: { entry: 'functions/jobs/cqc-delta.ts', handler: 'handler', memoryMb: 1024, timeoutSeconds: 900 },
  // Bulk update (issue 6): template and upload requests; the S3-triggered processor (exceljs in a
  // worker with a 256 MB heap, so 1 GB leaves room for the rest; a 5,000-row file takes a few seconds).
  bulk: {
    entry: 'functions/api/bulk.ts',
    handler: 'handler',
    memoryMb: 1024,
    timeoutSeconds: 29,
    nodeModules: ['exceljs'],
  },
  bulkUpload: {
    entry: 'functions/triggers/bulk-upload.ts',
    handler: 'handler',
    memoryMb: 1024,
    timeoutSeconds: 120,
    nodeModules: ['exceljs'],
  },
  // Nightly reminders and digests, the one-click confirm link, email settings, SES bounces (issue 7).
  reminders: { entry: 'functions/api/reminders.ts', handler: 'handler' },
  remindersJob: {
    entry: 'functions/jobs/reminders.ts',
    handler: 'handler',
    memoryMb: 1024,
    timeoutSeconds: 900,
  },
  sesEvents: { entry: 'functions/triggers/ses-events.ts', handler: 'handler' },
} as const satisfies Record<string, FunctionDef>;
export type FunctionName = keyof typeof functions;

export const routes: RouteDef[] = [
  { method: 'GET', path: '/api/health', fn: 'system', auth: 'none' },
  // Unknown /api paths get a problem+json 404 from our code rather than API Gateway's own body.
  { method: 'ANY', path: '/api/{proxy+}', fn: 'system', auth: 'none' },
  // Find care home vacancies (issue 9): search, export (format=csv|xlsx), form options, map boundaries.
  { method: 'GET', path: '/api/search/vacancies', fn: 'search', auth: 'jwt' },
  { method: 'GET', path: '/api/search/options', fn: 'search', auth: 'jwt' },
  { method: 'GET', path: '/api/search/boundaries', fn: 'search', auth: 'jwt' },
  // Accounts, organisations and access requests (issue 4); who may call what: shared/wiring/route-policy.ts.
  { method: 'GET', path: '/api/me', fn: 'accounts', auth: 'jwt' },
  { method: 'POST', path: '/api/accounts/register', fn: 'accounts', auth: 'none' },
  { method: 'POST', path: '/api/accounts/password-check', fn: 'accounts', auth: 'none' },
  { method: 'POST', path: '/api/accounts/session', fn: 'accounts', auth: 'jwt' },
  { method: 'POST', path: '/api/accounts/sign-in-failed', fn: 'accounts', auth: 'none' },
  { method: 'GET', path: '/api/organisations', fn: 'accounts', auth: 'jwt' },
  { method: 'POST', path: '/api/access-requests', fn: 'accounts', auth: 'jwt' },
  { method: 'GET', path: '/api/access-requests', fn: 'accounts', auth: 'jwt' },
  { method: 'GET', path: '/api/access-requests/mine', fn: 'accounts', auth: 'jwt' },
  { method: 'POST', path: '/api/access-requests/{requestId}/decision', fn: 'accounts', auth: 'jwt' },
  { method: 'GET', path: '/api/admin/users', fn: 'admin', auth: 'jwt' },
  { method: 'GET', path: '/api/admin/users/{sub}', fn: 'admin', auth: 'jwt' },
  { method: 'PUT', path: '/api/admin/users/{sub}/status', fn: 'admin', auth: 'jwt' },
  { method: 'POST', path: '/api/admin/users/{sub}/memberships', fn: 'admin', auth: 'jwt' },
  { method: 'DELETE', path: '/api/admin/users/{sub}/memberships/{orgId}/{role}', fn: 'admin', auth: 'jwt' },
  { method: 'GET', path: '/api/admin/audit', fn: 'admin', auth: 'jwt' },
  { method: 'POST', path: '/api/admin/organisations', fn: 'admin', auth: 'jwt' },
  { method: 'POST', path: '/api/admin/organisations/sync', fn: 'admin', auth: 'jwt' },
  // Supplier platforms, their scope and API keys (issue 8); the supplier API itself uses auth 'supplier-key'.
  { method: 'GET', path: '/api/admin/suppliers', fn: 'admin', auth: 'jwt' },
  { method: 'POST', path: '/api/admin/suppliers', fn: 'admin', auth: 'jwt' },
  { method: 'GET', path: '/api/admin/suppliers/{supplierId}', fn: 'admin', auth: 'jwt' },
  { method: 'PUT', path: '/api/admin/suppliers/{supplierId}', fn: 'admin', auth: 'jwt' },
  { method: 'POST', path: '/api/admin/suppliers/{supplierId}/keys', fn: 'admin', auth: 'jwt' },
  { method: 'DELETE', path: '/api/admin/suppliers/{supplierId}/keys/{keyId}', fn: 'admin', auth: 'jwt' },
  // Supplier API v1 (issue 8): key checked by the supplier-key authorizer; docs are public.
  { method: 'PUT', path: '/api/supplier/v1/bed-states', fn: 'supplier', auth: 'supplier-key' },
  { method: 'GET', path: '/api/supplier/v1/bed-states', fn: 'supplier', auth: 'supplier-key' },
  { method: 'GET', path: '/api/supplier/v1/openapi.json', fn: 'supplier', auth: 'none' },
  { method: 'GET', path: '/api/supplier/v1/docs', fn: 'supplier', auth: 'none' },
  // Services offered and provider update (issue 5): writes need If-Match (ETag of the GET) or a version.
  { method: 'GET', path: '/api/homes/{locationId}/services', fn: 'vacancies', auth: 'jwt' },
  { method: 'PUT', path: '/api/homes/{locationId}/services', fn: 'vacancies', auth: 'jwt' },
  { method: 'GET', path: '/api/homes/{locationId}/vacancies', fn: 'vacancies', auth: 'jwt' },
  { method: 'PUT', path: '/api/homes/{locationId}/vacancies', fn: 'vacancies', auth: 'jwt' },
  { method: 'POST', path: '/api/homes/{locationId}/vacancies/confirm', fn: 'vacancies', auth: 'jwt' },
  { method: 'GET', path: '/api/homes/{locationId}/history', fn: 'vacancies', auth: 'jwt' },
  { method: 'GET', path: '/api/my/homes', fn: 'vacancies', auth: 'jwt' },
  // Care home register (issue 3).
  { method: 'GET', path: '/api/homes', fn: 'homes', auth: 'jwt' },
  { method: 'GET', path: '/api/homes/{locationId}', fn: 'homes', auth: 'jwt' },
  { method: 'GET', path: '/api/registry/runs', fn: 'registry', auth: 'jwt' },
  // Local authority alerts on homes and the "Not updating" list of an area (issue 7).
  { method: 'GET', path: '/api/homes/{locationId}/alerts', fn: 'alerts', auth: 'jwt' },
  { method: 'POST', path: '/api/homes/{locationId}/alerts', fn: 'alerts', auth: 'jwt' },
  { method: 'DELETE', path: '/api/homes/{locationId}/alerts/{alertId}', fn: 'alerts', auth: 'jwt' },
  { method: 'GET', path: '/api/areas/not-updating', fn: 'alerts', auth: 'jwt' },
  // Bulk update (issue 6): template download, presigned upload, job status.
  { method: 'GET', path: '/api/bulk/template', fn: 'bulk', auth: 'jwt' },
  { method: 'POST', path: '/api/bulk/uploads', fn: 'bulk', auth: 'jwt' },
  { method: 'GET', path: '/api/bulk/uploads/{jobId}', fn: 'bulk', auth: 'jwt' },
  // Reminders (issue 7): the one-click "nothing has changed" link (public: the signed token is the
  // credential) and the caller's email settings.
  { method: 'POST', path: '/api/reminders/confirm', fn: 'reminders', auth: 'none' },
  { method: 'GET', path: '/api/me/notifications', fn: 'reminders', auth: 'jwt' },
  { method: 'PUT', path: '/api/me/notifications', fn: 'reminders', auth: 'jwt' },
];

/** Request authorizers; the cloud runs them as API Gateway Lambda authorizers, the local host calls them itself. */
export const authorizers = {
  'supplier-key': { entry: 'functions/auth/supplier-authorizer.ts', handler: 'handler' },
} as const satisfies Partial<Record<RouteAuth, FunctionDef>>;

/** The event every scheduled job receives: its name and the scheduled time (EventBridge Scheduler fills `time`). */
export interface ScheduledJobEvent {
  job: string;
  time?: string;
}

/** Input template for EventBridge Scheduler targets: the scheduler substitutes its scheduled time. */
export function scheduleInput(name: string): string {
  return JSON.stringify({ job: name, time: '<aws.scheduler.scheduled-time>' });
}

export const triggers: TriggerDef[] = [
  // CQC files (cqc/complete/... marks a complete national snapshot) and outward-code centroid CSVs.
  { name: 'cqc-data-file', bucket: 'data', prefix: 'cqc/', fn: 'dataFile' },
  { name: 'geo-data-file', bucket: 'data', prefix: 'geo/', fn: 'dataFile' },
  // Bulk update spreadsheets PUT with a presigned URL (key bulk/<jobId>.xlsx).
  { name: 'bulk-upload', bucket: 'uploads', prefix: 'bulk/', fn: 'bulkUpload' },
];

export const schedules: ScheduleDef[] = [
  {
    name: 'organisations-sync',
    description: 'Refresh the organisation directory (homes, providers, areas) from the registry',
    cron: 'cron(30 4 * * ? *)',
    timezone: 'Europe/London',
    fn: 'organisationsSync',
  },
  {
    name: 'cqc-monthly',
    description: 'Re-ingest the newest CQC file under cqc/ in the data bucket (else the CQC API, if keyed)',
    cron: 'cron(0 3 2 * ? *)',
    timezone: 'Europe/London',
    fn: 'cqcMonthly',
  },
  {
    name: 'cqc-delta',
    description: 'Apply the CQC API changes feed since the last sync (skipped without an API key)',
    cron: 'cron(0 4 * * ? *)',
    timezone: 'Europe/London',
    fn: 'cqcDelta',
  },
  {
    name: 'reminders',
    description: 'Remind homes not updated in 48 hours; daily digest to commissioners and LA officers',
    // REMINDER_TIME (HH:MM, default 19:00) is read when the stack is synthesised / the service starts.
    cron: reminderCron(process.env.REMINDER_TIME),
    timezone: REMINDER_TIME_ZONE,
    fn: 'remindersJob',
  },
];

/**
 * Cognito user pool triggers (cloud only: the Cognito emulator runs none; see docs/authorisation.md).
 * The auth wiring attaches these functions to the user pool.
 */
export const cognitoTriggers = {
  postAuthentication: 'cognitoPostAuthentication',
  postConfirmation: 'cognitoPostConfirmation',
} as const satisfies Record<string, FunctionName>;

/** SNS topics whose messages a function handles: SES bounce and complaint events (the auth stack's topic). */
export const snsSubscriptions = {
  emailEvents: 'sesEvents',
} as const satisfies Record<string, FunctionName>;

/** Converts an API Gateway path template to a matcher; used by the local host and tests. */
export function matchPath(template: string, path: string): Record<string, string> | undefined {
  const t = template.split('/');
  const p = path.split('/');
  if (t.length !== p.length) {
    const last = t[t.length - 1] ?? '';
    // {proxy+} greedy segments
    if (!(last.endsWith('+}') && p.length >= t.length)) return undefined;
  }
  const params: Record<string, string> = Object.create(null);
  for (let i = 0; i < t.length; i++) {
    const seg = t[i] ?? '';
    if (seg.startsWith('{') && seg.endsWith('+}')) {
      params[seg.slice(1, -2)] = decodeURIComponent(p.slice(i).join('/'));
      return params;
    }
    const actual = p[i];
    if (actual === undefined) return undefined;
    if (seg.startsWith('{') && seg.endsWith('}')) {
      if (actual === '') return undefined;
      params[seg.slice(1, -1)] = decodeURIComponent(actual);
    } else if (seg !== actual) {
      return undefined;
    }
  }
  return params;
}
