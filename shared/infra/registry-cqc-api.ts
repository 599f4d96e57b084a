import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import { type CqcApi, CqcApiKeyRejectedError } from '../app/registry/cqc-api-sync';

/**
 * The CQC public API over fetch. The subscription key lives in Secrets Manager (its ARN in
 * CQC_API_KEY_SECRET_ARN, set by the API stack); with no key configured the API jobs skip cleanly.
 */
const settingsSchema = z.object({
  CQC_API_BASE_URL: z.string().url().default('https://api.service.cqc.org.uk/public/v1'),
  /** Secrets Manager id (ARN or name) of the subscription key: a plain string or {"key": "..."}. */
  CQC_API_KEY_SECRET_ARN: z.string().min(1).optional(),
  CQC_API_KEY_SECRET: z.string().min(1).optional(),
  AWS_REGION: z.string().default('eu-west-2'),
});

type FetchLike = (
  url: string,
  init: { headers: Record<string, string> },
) => Promise<{
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
  text(): Promise<string>;
}>;

const changesPage = z.object({
  changes: z.array(z.string()).default([]),
  page: z.number().optional(),
  totalPages: z.number().optional(),
  nextPageUri: z.string().nullable().optional(),
});

const locationsPage = z.object({
  locations: z.array(z.object({ locationId: z.string() }).passthrough()).default([]),
  page: z.number().optional(),
  totalPages: z.number().optional(),
  nextPageUri: z.string().nullable().optional(),
});

/** Enough pages for the whole register at 1,000 a page, with room to spare; stops a broken API looping forever. */
const MAX_PAGES = 500;

export class CqcApiClient implements CqcApi {
  constructor(
    private readonly options: { baseUrl: string; key: string; fetch?: FetchLike; retries?: number },
  ) {}

  private async getJson(pathAndQuery: string): Promise<{ status: number; body: unknown }> {
    const doFetch: FetchLike = this.options.fetch ?? ((url, init) => fetch(url, init));
    const url = pathAndQuery.startsWith('http') ? pathAndQuery : `${this.options.baseUrl}${pathAndQuery}`;
    const retries = this.options.retries ?? 3;
    for (let attempt = 0; ; attempt++) {
      const res = await doFetch(url, {
        headers: { 'Ocp-Apim-Subscription-Key': this.options.key, accept: 'application/json' },
      });
      if (res.ok) return { status: res.status, body: await res.json() };
      if (res.status === 404) return { status: 404, body: undefined };
      if (res.status === 401 || res.status === 403) {
        throw new CqcApiKeyRejectedError(`CQC API refused the subscription key (${res.status})`);
      }
      // Rate limiting and transient server errors are retried; anything else is a real failure.
      if ((res.status === 429 || res.status >= 500) && attempt < retries) {
        await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
        continue;
      }
      throw new Error(`CQC API ${res.status} for ${url.replace(this.options.baseUrl, '')}`);
    }
  }

  private nextUrl(
    current: string,
    page: { page?: number; totalPages?: number; nextPageUri?: string | null },
  ): string | undefined {
    if (page.nextPageUri) {
      // CQC gives next-page links relative to the API root (e.g. "/changes/location?page=2&...").
      return page.nextPageUri.startsWith('http')
        ? page.nextPageUri
        : `${this.options.baseUrl}${page.nextPageUri.replace(/^\/public\/v1/, '')}`;
    }
    if (page.page !== undefined && page.totalPages !== undefined && page.page < page.totalPages) {
      const u = new URL(current.startsWith('http') ? current : `${this.options.baseUrl}${current}`);
      u.searchParams.set('page', String(page.page + 1));
      return u.toString();
    }
    return undefined;
  }

  async changedLocationIds(start: Date, end: Date): Promise<string[]> {
    const ids: string[] = [];
    const q = new URLSearchParams({
      startTimestamp: start.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      endTimestamp: end.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      perPage: '1000',
    });
    let url: string | undefined = `/changes/location?${q.toString()}`;
    for (let pages = 0; url && pages < MAX_PAGES; pages++) {
      const { body } = await this.getJson(url);
      const page = changesPage.parse(body ?? {});
      ids.push(...page.changes);
      url = this.nextUrl(url, page);
    }
    return ids;
  }

  async careHomeLocationIds(): Promise<string[]> {
    const ids: string[] = [];
    let url: string | undefined = '/locations?careHome=Y&perPage=1000&page=1';
    for (let pages = 0; url && pages < MAX_PAGES; pages++) {
      const { body } = await this.getJson(url);
      const page = locationsPage.parse(body ?? {});
      ids.push(...page.locations.map((l) => l.locationId));
      url = this.nextUrl(url, page);
    }
    return ids;
  }

  async location(locationId: string): Promise<unknown | undefined> {
    const { status, body } = await this.getJson(`/locations/${encodeURIComponent(locationId)}`);
    return status === 404 ? undefined : body;
  }
}

/** The API client when a subscription key is configured; undefined otherwise (the jobs then skip). */
export async function cqcApiFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  fetchImpl?: FetchLike,
): Promise<CqcApi | undefined> {
  const settings = settingsSchema.parse(env);
  const secretId = settings.CQC_API_KEY_SECRET_ARN ?? settings.CQC_API_KEY_SECRET;
  if (!secretId) return undefined;
  const secrets = new SecretsManagerClient({ region: settings.AWS_REGION });
  try {
    const res = await secrets.send(new GetSecretValueCommand({ SecretId: secretId }));
    const raw = res.SecretString?.trim();
    if (!raw) return undefined;
    let key = raw;
    if (raw.startsWith('{')) {
      const parsed = z.object({ key: z.string().min(1) }).safeParse(JSON.parse(raw));
      if (!parsed.success) throw new Error('the CQC API key secret must be a string or {"key": "..."}');
      key = parsed.data.key;
    }
    return new CqcApiClient({ baseUrl: settings.CQC_API_BASE_URL, key, fetch: fetchImpl });
  } finally {
    secrets.destroy();
  }
}
