import type { StoredHome } from '../bed-state';
import { bedStateView } from '../bed-state';

/**
 * Supplier pull (issue 8): current bed states of every home whose bed state changed after a time,
 * optionally in one region, oldest change first, in pages. It reads the changes feed (gsi7, one entry
 * per home at its latest bed-state write) by day partition; the cursor is the feed position of the
 * last home returned, so paging is stable while the feed keeps moving (a home that changes again
 * moves to the end and is returned again there: a consumer sees every home's latest state).
 */

export interface ChangesFeedQuery {
  /** UTC ISO instant (toISOString form): entries strictly after it. */
  sinceIso: string;
  /** The last day partition read is this instant's day. */
  nowIso: string;
  region?: string;
  /** Feed position (gsi7sk) of the last home of the previous page. */
  afterSk?: string;
  limit: number;
}

export interface ChangesFeedPage {
  items: Array<{ feedSk: string; home: StoredHome }>;
  /** More entries follow the last item. */
  more: boolean;
}

export interface ChangesFeedReader {
  read(query: ChangesFeedQuery): Promise<ChangesFeedPage>;
}

export interface PooledBedStateView {
  locationId: string;
  name: string | null;
  providerId: string | null;
  region: string | null;
  localAuthority: string | null;
  registeredBeds: number | null;
  version: number;
  offeredVacancyTypes: string[];
  vacancies: ReturnType<typeof bedStateView>['state'];
  admissionStatus: string;
  totals: ReturnType<typeof bedStateView>['totals'];
  updatedAt: string | null;
  changedAt: string | null;
  source: string | null;
  sourceTime: string | null;
}

export class InvalidFeedCursorError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'InvalidFeedCursorError';
  }
}

interface CursorBody {
  v: 1;
  since: string;
  region: string | null;
  after: string;
}

export function encodeFeedCursor(body: Omit<CursorBody, 'v'>): string {
  return Buffer.from(JSON.stringify({ v: 1, ...body }), 'utf8').toString('base64url');
}

/** The position in a cursor this service issued for the same since and region; throws otherwise. */
export function decodeFeedCursor(cursor: string, sinceIso: string, region: string | null): string {
  let body: Partial<CursorBody>;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorBody>;
  } catch {
    throw new InvalidFeedCursorError('The cursor is not one this service issued');
  }
  if (
    body?.v !== 1 ||
    typeof body.after !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}T[\d:.]+Z#[\w-]+$/.test(body.after)
  ) {
    throw new InvalidFeedCursorError('The cursor is not one this service issued');
  }
  if (body.since !== sinceIso || (body.region ?? null) !== region) {
    throw new InvalidFeedCursorError(
      'The cursor belongs to a different query: send the same since and region as the request that returned it',
    );
  }
  return body.after;
}

export function pooledView(home: StoredHome): PooledBedStateView {
  const view = bedStateView(home);
  return {
    locationId: view.locationId,
    name: view.name,
    providerId: view.providerId,
    region: home.region ?? null,
    localAuthority: home.localAuthority ?? null,
    registeredBeds: view.registeredBeds,
    version: view.version,
    offeredVacancyTypes: view.offeredVacancyTypes,
    vacancies: view.state,
    admissionStatus: view.admissionStatus,
    totals: view.totals,
    updatedAt: view.updatedAt,
    changedAt: view.changedAt,
    source: view.source,
    sourceTime: view.sourceTime,
  };
}

export async function pullBedStates(
  reader: ChangesFeedReader,
  query: { since: string; region?: string; cursor?: string; limit: number; now: Date },
): Promise<{ homes: PooledBedStateView[]; nextCursor: string | null }> {
  const sinceIso = new Date(query.since).toISOString();
  const region = query.region ?? null;
  const afterSk = query.cursor ? decodeFeedCursor(query.cursor, sinceIso, region) : undefined;
  const page = await reader.read({
    sinceIso,
    nowIso: query.now.toISOString(),
    ...(query.region ? { region: query.region } : {}),
    ...(afterSk ? { afterSk } : {}),
    limit: query.limit,
  });
  const last = page.items[page.items.length - 1];
  return {
    homes: page.items.map((item) => pooledView(item.home)),
    nextCursor: page.more && last ? encodeFeedCursor({ since: sinceIso, region, after: last.feedSk }) : null,
  };
}
