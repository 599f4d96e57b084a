import { z } from 'zod';
import { authorize, type PrincipalStore, requirePrincipal } from '../../app/principal';
import type { RegistryRunRepository } from '../../app/registry/ports';
import type { RouteHandler } from '../handler';
import { validationFailed } from '../problem';

/** Registry operations for service admins: the recent ingestion runs and their reports. */
export interface RegistryRouteDeps {
  runs(): RegistryRunRepository;
  principals(): PrincipalStore;
}

const runsQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(2000).optional(),
  })
  .strict();

const cursorKey = z.record(z.string(), z.string());

export function registryRoutes(deps: RegistryRouteDeps): Record<string, RouteHandler> {
  return {
    'GET /api/registry/runs': async (req) => {
      authorize(
        await requirePrincipal(req, deps.principals()),
        { kind: 'admin' },
        'Only service admins can see registry runs',
      );
      const q = req.queryWith(runsQuery);
      let start: Record<string, string> | undefined;
      if (q.cursor) {
        try {
          start = cursorKey.parse(JSON.parse(Buffer.from(q.cursor, 'base64url').toString('utf8')));
        } catch {
          throw validationFailed([
            { field: 'cursor', rule: 'cursor', message: 'cursor: not a cursor from this list' },
          ]);
        }
      }
      const page = await deps.runs().listRecent(q.limit, start);
      return {
        body: {
          runs: page.runs,
          ...(page.next ? { nextCursor: Buffer.from(JSON.stringify(page.next)).toString('base64url') } : {}),
        },
      };
    },
  };
}
