import { isRole, type Role } from './roles';

/**
 * The one way the frontend calls the service API: adds the bearer token, retries once after a
 * refresh when the token was rejected, and turns RFC 9457 problem+json answers into ApiError.
 */

export interface FieldProblem {
  /** Path to the field, e.g. 'postcode' or 'rows/2/weeklyPriceFrom'. */
  field: string;
  message: string;
  rule?: string;
  [extra: string]: unknown;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }

  get status(): number {
    return this.problem.status;
  }

  get fieldErrors(): FieldProblem[] {
    return this.problem.errors ?? [];
  }

  /** The first message for a field (exact path), for showing beside that field. */
  messageFor(field: string): string | undefined {
    return this.fieldErrors.find((e) => e.field === field)?.message;
  }
}

export interface Membership {
  orgId: string;
  orgType: string;
  orgName: string;
  role: Role;
}

export interface Me {
  sub: string;
  email: string;
  roles: Role[];
  memberships: Membership[];
}

export type QueryValue = string | number | boolean | undefined | null | readonly (string | number)[];

export interface ApiRequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON unless it is FormData, Blob or URLSearchParams. */
  body?: unknown;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Send the access token (default true). */
  auth?: boolean;
  responseType?: 'json' | 'text' | 'blob';
}

export interface ApiResponse<T> {
  data: T;
  status: number;
  headers: Headers;
}

export interface ApiClientOptions {
  /** e.g. '/api' (from config.json). Paths given to the client are relative to it: api.get('/me'). */
  apiBase: string;
  /** Returns a valid access token; `forceRefresh` asks for a new one after a 401. */
  getAccessToken(forceRefresh?: boolean): Promise<string | undefined>;
  /** Called when the API still answers 401 after a refresh: the session is over. */
  onUnauthorized?(): void;
  fetchImpl?: typeof fetch;
}

export interface ApiClient {
  url(path: string, query?: Record<string, QueryValue>): string;
  send<T>(path: string, options?: ApiRequestOptions): Promise<ApiResponse<T>>;
  request<T>(path: string, options?: ApiRequestOptions): Promise<T>;
  get<T>(path: string, options?: Omit<ApiRequestOptions, 'method' | 'body'>): Promise<T>;
  post<T>(path: string, body?: unknown, options?: Omit<ApiRequestOptions, 'method' | 'body'>): Promise<T>;
  put<T>(path: string, body?: unknown, options?: Omit<ApiRequestOptions, 'method' | 'body'>): Promise<T>;
  patch<T>(path: string, body?: unknown, options?: Omit<ApiRequestOptions, 'method' | 'body'>): Promise<T>;
  delete<T>(path: string, options?: Omit<ApiRequestOptions, 'method' | 'body'>): Promise<T>;
  getMe(signal?: AbortSignal): Promise<Me>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toFieldProblems(value: unknown): FieldProblem[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: FieldProblem[] = [];
  for (const item of value) {
    if (isRecord(item) && typeof item.message === 'string') {
      out.push({ ...item, field: typeof item.field === 'string' ? item.field : '', message: item.message });
    }
  }
  return out;
}

/** Reads a problem+json body; tolerates plain JSON or text error bodies from proxies. */
export function toProblem(status: number, statusText: string, body: unknown): Problem {
  const fallbackTitle = statusText || (status === 0 ? 'Network error' : `HTTP ${status}`);
  if (!isRecord(body)) {
    return {
      type: 'about:blank',
      title: fallbackTitle,
      status,
      detail: typeof body === 'string' && body.trim() !== '' && body.length < 500 ? body.trim() : undefined,
    };
  }
  return {
    ...body,
    type: typeof body.type === 'string' ? body.type : 'about:blank',
    title: typeof body.title === 'string' ? body.title : fallbackTitle,
    status: typeof body.status === 'number' ? body.status : status,
    detail:
      typeof body.detail === 'string'
        ? body.detail
        : typeof body.message === 'string'
          ? body.message
          : undefined,
    errors: toFieldProblems(body.errors),
  };
}

export function parseMe(raw: unknown): Me {
  if (!isRecord(raw) || typeof raw.sub !== 'string') {
    throw new ApiError({
      type: 'about:blank',
      title: 'Unexpected response',
      status: 200,
      detail: '/me is malformed',
    });
  }
  const roles = Array.isArray(raw.roles) ? raw.roles.filter(isRole) : [];
  const memberships: Membership[] = [];
  if (Array.isArray(raw.memberships)) {
    for (const m of raw.memberships) {
      if (isRecord(m) && typeof m.orgId === 'string' && isRole(m.role)) {
        memberships.push({
          orgId: m.orgId,
          orgType: typeof m.orgType === 'string' ? m.orgType : '',
          orgName: typeof m.orgName === 'string' ? m.orgName : m.orgId,
          role: m.role,
        });
      }
    }
  }
  return { sub: raw.sub, email: typeof raw.email === 'string' ? raw.email : '', roles, memberships };
}

function appendQuery(url: string, query: Record<string, QueryValue> | undefined): string {
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
    else params.append(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${url}${url.includes('?') ? '&' : '?'}${qs}` : url;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const base = options.apiBase.replace(/\/+$/, '');
  const doFetch = options.fetchImpl ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  const url = (path: string, query?: Record<string, QueryValue>) =>
    appendQuery(`${base}${path.startsWith('/') ? path : `/${path}`}`, query);

  async function attempt(
    path: string,
    opts: ApiRequestOptions,
    token: string | undefined,
  ): Promise<Response> {
    const headers = new Headers(opts.headers);
    if (!headers.has('Accept')) {
      headers.set('Accept', opts.responseType === 'json' || !opts.responseType ? 'application/json' : '*/*');
    }
    if (token) headers.set('Authorization', `Bearer ${token}`);
    let body: BodyInit | undefined;
    if (opts.body instanceof FormData || opts.body instanceof Blob || opts.body instanceof URLSearchParams) {
      body = opts.body;
    } else if (opts.body !== undefined) {
      headers.set('Content-Type', 'application/json');
      body = JSON.stringify(opts.body);
    }
    try {
      return await doFetch(url(path, opts.query), {
        method: opts.method ?? (body === undefined ? 'GET' : 'POST'),
        headers,
        body,
        signal: opts.signal,
        credentials: 'same-origin',
      });
    } catch (cause) {
      if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
      const error = new ApiError({
        type: 'about:blank',
        title: 'Network error',
        status: 0,
        detail: 'Could not reach the service. Check your connection and try again.',
      });
      error.cause = cause;
      throw error;
    }
  }

  async function readBody(
    response: Response,
    responseType: ApiRequestOptions['responseType'],
  ): Promise<unknown> {
    if (response.status === 204 || response.status === 205) return undefined;
    if (responseType === 'blob') return response.blob();
    const text = await response.text();
    if (responseType === 'text') return text;
    if (text === '') return undefined;
    const type = response.headers.get('Content-Type') ?? '';
    if (/json/i.test(type)) {
      try {
        return JSON.parse(text);
      } catch {
        return text;
      }
    }
    return text;
  }

  async function send<T>(path: string, opts: ApiRequestOptions = {}): Promise<ApiResponse<T>> {
    const useAuth = opts.auth !== false;
    let token = useAuth ? await options.getAccessToken() : undefined;
    let response = await attempt(path, opts, token);
    if (response.status === 401 && useAuth && token) {
      token = await options.getAccessToken(true);
      if (token) response = await attempt(path, opts, token);
      if (response.status === 401) options.onUnauthorized?.();
    }
    if (!response.ok) {
      const errorBody = await readBody(response, 'json');
      throw new ApiError(toProblem(response.status, response.statusText, errorBody));
    }
    const data = (await readBody(response, opts.responseType)) as T;
    return { data, status: response.status, headers: response.headers };
  }

  const request = async <T>(path: string, opts: ApiRequestOptions = {}) => (await send<T>(path, opts)).data;

  return {
    url,
    send,
    request,
    get: (path, opts) => request(path, { ...opts, method: 'GET' }),
    post: (path, body, opts) => request(path, { ...opts, method: 'POST', body }),
    put: (path, body, opts) => request(path, { ...opts, method: 'PUT', body }),
    patch: (path, body, opts) => request(path, { ...opts, method: 'PATCH', body }),
    delete: (path, opts) => request(path, { ...opts, method: 'DELETE' }),
    getMe: async (signal) => parseMe(await request<unknown>('/me', { signal })),
  };
}
