import { authorize, type PrincipalStore, requirePrincipal } from '../../app/principal';
import {
  exportVacancies,
  type SearchDeps,
  SearchError,
  type SearchMeasures,
  searchOptions,
  searchPageJson,
  searchVacancies,
} from '../../app/search/search-vacancies';
import { searchParamsSchema } from '../../domain/search';
import { logger, logsInfo } from '../../infra/logger';
import type { ApiRequest, RouteHandler } from '../handler';
import { notFound, ProblemError, validationFailed } from '../problem';

/**
 * Find care home vacancies: the search (a page of JSON, or the whole result as CSV / Excel with
 * `format`), the options the form offers, and the map's boundary layer. Discharge teams, LA officers,
 * commissioners and admins may search and export.
 */
export interface SearchRouteDeps {
  /** Built per request, so the clients follow the configuration of the moment. */
  search(): Promise<SearchDeps>;
  principals(): PrincipalStore;
  boundaries(): Promise<string | undefined>;
}

const NOT_ALLOWED =
  'Only discharge and brokerage teams, local authority officers and commissioners can search for vacancies';

export function searchRoutes(deps: SearchRouteDeps): Record<string, RouteHandler> {
  async function allowed(req: ApiRequest, kind: 'search' | 'export'): Promise<void> {
    const principal = await requirePrincipal(req, deps.principals());
    authorize(principal, { kind }, NOT_ALLOWED);
  }

  return {
    'GET /api/search/vacancies': async (req) => {
      const principal = await requirePrincipal(req, deps.principals());
      const request = req.queryWith(searchParamsSchema);
      authorize(principal, { kind: request.format === 'json' ? 'search' : 'export' }, NOT_ALLOWED);
      try {
        if (request.format === 'json') {
          const page = await searchVacancies(await deps.search(), request);
          report('search', page.measures, { results: page.resultsJson.length, total: page.total });
          return {
            raw: { body: searchPageJson(page), contentType: 'application/json' },
            headers: measureHeaders(page.measures),
          };
        }
        const file = await exportVacancies(await deps.search(), { ...request, format: request.format });
        report('export', file.measures, { results: file.rows, format: request.format });
        return {
          raw: { body: file.body, contentType: file.contentType },
          headers: {
            'content-disposition': `attachment; filename="${file.filename}"`,
            'x-result-count': String(file.rows),
            ...measureHeaders(file.measures),
          },
        };
      } catch (error) {
        throw toProblem(error);
      }
    },

    'GET /api/search/options': async (req) => {
      await allowed(req, 'search');
      return { body: await searchOptions(await deps.search()) };
    },

    'GET /api/search/boundaries': async (req) => {
      await allowed(req, 'search');
      const body = await deps.boundaries();
      if (body === undefined)
        throw notFound('Local authority boundaries are not available in this environment');
      return {
        raw: { body, contentType: 'application/geo+json' },
        // Public, slow-changing data: the browser may keep it for a day.
        headers: { 'cache-control': 'private, max-age=86400' },
      };
    },
  };
}

function measureHeaders(m: SearchMeasures): Record<string, string> {
  return {
    'x-items-read': String(m.itemsRead),
    'x-items-read-amortised': m.itemsReadAmortised.toFixed(2),
    'x-homes-in-area': String(m.homesInArea),
    'server-timing': `search;dur=${m.searchMs.toFixed(2)}`,
  };
}

/** One structured line per search: the items-read metric dashboards and alarms are built on. */
function report(kind: 'search' | 'export', m: SearchMeasures, extra: Record<string, unknown>): void {
  if (!logsInfo()) return;
  logger.info(`vacancy ${kind}`, {
    metric: 'search',
    itemsRead: m.itemsRead,
    itemsReadAmortised: Number(m.itemsReadAmortised.toFixed(2)),
    homesInArea: m.homesInArea,
    homesExamined: m.homesExamined,
    indexSize: m.indexSize,
    searchMs: Number(m.searchMs.toFixed(3)),
    ...extra,
  });
}

function toProblem(error: unknown): unknown {
  if (!(error instanceof SearchError)) return error;
  switch (error.kind) {
    case 'unknown-postcode':
    case 'invalid-cursor':
    case 'cursor-mismatch':
      return validationFailed([{ field: error.field, rule: error.kind, message: error.message }]);
    case 'export-too-large':
      return new ProblemError(
        400,
        'Export too large',
        error.message,
        [{ field: error.field, rule: error.kind, message: error.message }],
        error.details,
      );
    default: {
      const never: never = error.kind;
      return never;
    }
  }
}
