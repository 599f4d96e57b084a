import { slug } from '../../domain/authz';
import { parsePostcodeQuery } from '../../domain/geo/postcode';
import {
  compileFilter,
  cursorPayload,
  EXPORT_COLUMNS,
  EXPORT_ROW_LIMIT,
  exportRows,
  queryFingerprint,
  type ResolvedArea,
  type SearchLimits,
  type SearchQuery,
  type SearchRequest,
  searchResultJson,
  sortKeyOf,
  toCsv,
  toSearchResult,
} from '../../domain/search';
import { type CursorCodec, fingerprintDigest } from './cursor';
import type { SearchIndexCache } from './index-cache';
import type { PostcodeLocator, XlsxWriter } from './ports';

export interface SearchDeps {
  cache: SearchIndexCache;
  locator: PostcodeLocator;
  cursors: CursorCodec;
  writeXlsx: XlsxWriter;
  now?: () => number;
}

/** Expected failures, mapped to problem responses by the route. */
export class SearchError extends Error {
  constructor(
    readonly kind: 'unknown-postcode' | 'invalid-cursor' | 'cursor-mismatch' | 'export-too-large',
    readonly field: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'SearchError';
  }
}

export type SearchedFrom =
  | {
      kind: 'postcode';
      postcode: string;
      /** 'outcode': the district centroid stands in for the point (an outward code, or a postcode we have no point for). */
      precision: 'postcode' | 'outcode';
      lat: number;
      lon: number;
      radiusMiles: number;
    }
  | { kind: 'la' | 'subIcb' | 'icb'; value: string };

export interface SearchMeasures {
  /** Items read from DynamoDB during this search (postcode lookup, changes feed, a cold load). */
  itemsRead: number;
  /** Items this container has read per search served, loads and feed reads included. */
  itemsReadAmortised: number;
  /** Homes inside the radius or area before any filter. */
  homesInArea: number;
  /** Homes the index visited to find them (the cells covering the radius). */
  homesExamined: number;
  indexSize: number;
  searchMs: number;
}

export interface SearchPage {
  searchedFrom: SearchedFrom;
  sort: 'distance' | 'freshness';
  total: number;
  /** Each result as the JSON text of its SearchResult (searchResultJson): sent as it is. */
  resultsJson: string[];
  nextCursor: string | null;
  measures: SearchMeasures;
}

/** The response body of a page: `{searchedFrom, sort, total, results, nextCursor, itemsRead}` as JSON. */
export function searchPageJson(page: SearchPage): string {
  const head = JSON.stringify({ searchedFrom: page.searchedFrom, sort: page.sort, total: page.total });
  const tail = JSON.stringify({ nextCursor: page.nextCursor, itemsRead: page.measures.itemsRead });
  return `${head.slice(0, -1)},"results":[${page.resultsJson.join(',')}],${tail.slice(1)}`;
}

export interface SearchExport {
  filename: string;
  contentType: string;
  body: string | Buffer;
  rows: number;
  measures: SearchMeasures;
}

async function run(deps: SearchDeps, query: SearchQuery, limits: SearchLimits = {}) {
  const now = deps.now ?? Date.now;
  const { index, itemsRead: refreshRead } = await deps.cache.current();
  let itemsRead = refreshRead;
  // The cache counts its own reads; the search adds what it read besides (the postcode lookup).
  let lookupRead = 0;
  let area: ResolvedArea;
  let searchedFrom: SearchedFrom;
  if (query.area.kind === 'postcode') {
    const parsed = parsePostcodeQuery(query.area.input);
    const label =
      parsed.kind === 'full'
        ? parsed.postcode
        : parsed.kind === 'outcode'
          ? parsed.outcode
          : query.area.input;
    const located = await deps.locator.locate(query.area.input);
    itemsRead += located.itemsRead;
    lookupRead += located.itemsRead;
    if (!located.point) {
      deps.cache.recordSearch(lookupRead);
      throw new SearchError(
        'unknown-postcode',
        'postcode',
        `postcode: we do not know where ${label} is; check it, or search by its outward code (the part before the space) or by local authority`,
      );
    }
    area = {
      kind: 'radius',
      lat: located.point.lat,
      lon: located.point.lon,
      radiusMiles: query.area.radiusMiles,
    };
    searchedFrom = {
      kind: 'postcode',
      postcode: label,
      precision: located.point.precision,
      lat: located.point.lat,
      lon: located.point.lon,
      radiusMiles: query.area.radiusMiles,
    };
  } else {
    area = { kind: query.area.kind, value: query.area.value };
    searchedFrom = { kind: query.area.kind, value: query.area.value };
  }
  const started = performance.now();
  const nowMs = now();
  const outcome = index.search(area, compileFilter(query, nowMs), limits);
  const searchMs = performance.now() - started;
  deps.cache.recordSearch(lookupRead);
  const measures: SearchMeasures = {
    itemsRead,
    itemsReadAmortised: deps.cache.amortisedItemsPerSearch(),
    homesInArea: outcome.inArea,
    homesExamined: outcome.examined,
    indexSize: index.size,
    searchMs,
  };
  return { outcome, searchedFrom, measures, nowMs };
}

/** One page of results. */
export async function searchVacancies(deps: SearchDeps, request: SearchRequest): Promise<SearchPage> {
  const fingerprint = fingerprintDigest(queryFingerprint(request.query));
  let after = null;
  if (request.cursor) {
    const payload = deps.cursors.decode(request.cursor);
    if (!payload)
      throw new SearchError('invalid-cursor', 'cursor', 'cursor: this is not a cursor this service issued');
    if (payload.q !== fingerprint) {
      throw new SearchError(
        'cursor-mismatch',
        'cursor',
        'cursor: it belongs to a different search; start again from the first page when the filters change',
      );
    }
    after = sortKeyOf(payload);
  }
  const { outcome, searchedFrom, measures, nowMs } = await run(deps, request.query, {
    limit: request.pageSize,
    after,
  });
  const last = outcome.matches[outcome.matches.length - 1];
  const next = outcome.remaining > request.pageSize && last ? last.sortKey : null;
  return {
    searchedFrom,
    sort: request.query.area.kind === 'postcode' ? 'distance' : 'freshness',
    total: outcome.total,
    resultsJson: outcome.matches.map((m) => searchResultJson(m, nowMs)),
    nextCursor: next ? deps.cursors.encode(cursorPayload(fingerprint, next)) : null,
    measures,
  };
}

/** Every result of a search, as CSV or an Excel workbook, in the order the results page shows them. */
export async function exportVacancies(
  deps: SearchDeps,
  request: SearchRequest & { format: 'csv' | 'xlsx' },
): Promise<SearchExport> {
  const { outcome, measures, nowMs } = await run(deps, request.query);
  const total = outcome.total;
  if (total > EXPORT_ROW_LIMIT) {
    throw new SearchError(
      'export-too-large',
      'format',
      `This search finds ${total} care homes; an export can hold at most ${EXPORT_ROW_LIMIT}. Narrow the search (a smaller radius or more filters) and export again.`,
      { total, limit: EXPORT_ROW_LIMIT },
    );
  }
  const results = outcome.matches.map((m) => toSearchResult(m, nowMs));
  const stamp = new Date(nowMs).toISOString().slice(0, 16).replace(/[-:T]/g, '');
  if (request.format === 'csv') {
    return {
      filename: `care-home-vacancies-${stamp}.csv`,
      contentType: 'text/csv; charset=utf-8',
      body: toCsv(results),
      rows: results.length,
      measures,
    };
  }
  const body = await deps.writeXlsx(
    'Vacancies',
    EXPORT_COLUMNS.map((c) => c.header),
    EXPORT_COLUMNS.map((c) => c.width),
    exportRows(results),
  );
  return {
    filename: `care-home-vacancies-${stamp}.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    body,
    rows: results.length,
    measures,
  };
}

export interface SearchOptions {
  localAuthorities: string[];
  subIcbs: Array<{ code: string | null; name: string | null }>;
  icbs: Array<{ code: string | null; name: string | null }>;
  specialisms: Array<{ code: string; label: string }>;
  serviceTypes: Array<{ code: string; label: string }>;
}

/** The open vocabularies the search form offers, as the register has them now. */
export async function searchOptions(deps: SearchDeps): Promise<SearchOptions> {
  const { index } = await deps.cache.current();
  const las = new Set<string>();
  const subIcbs = new Map<string, { code: string | null; name: string | null }>();
  const icbs = new Map<string, { code: string | null; name: string | null }>();
  const specialisms = new Map<string, string>();
  const serviceTypes = new Map<string, string>();
  for (const home of index.all()) {
    if (home.localAuthority) las.add(home.localAuthority);
    const sub = home.subIcbCode ?? home.subIcbName;
    if (sub) subIcbs.set(sub, { code: home.subIcbCode ?? null, name: home.subIcbName ?? null });
    const icb = home.icbCode ?? home.icbName;
    if (icb) icbs.set(icb, { code: home.icbCode ?? null, name: home.icbName ?? null });
    for (const s of [...(home.specialisms ?? []), ...(home.regulatedActivities ?? [])])
      addLabel(specialisms, s);
    for (const s of home.serviceTypes ?? []) addLabel(serviceTypes, s);
  }
  const byName = (
    a: { name: string | null; code: string | null },
    b: { name: string | null; code: string | null },
  ) => (a.name ?? a.code ?? '').localeCompare(b.name ?? b.code ?? '');
  const labelled = (m: Map<string, string>) =>
    [...m].map(([code, label]) => ({ code, label })).sort((a, b) => a.label.localeCompare(b.label));
  return {
    localAuthorities: [...las].sort((a, b) => a.localeCompare(b)),
    subIcbs: [...subIcbs.values()].sort(byName),
    icbs: [...icbs.values()].sort(byName),
    specialisms: labelled(specialisms),
    serviceTypes: labelled(serviceTypes),
  };
}

function addLabel(map: Map<string, string>, label: string): void {
  const code = slug(label);
  if (code && !map.has(code)) map.set(code, label);
}
