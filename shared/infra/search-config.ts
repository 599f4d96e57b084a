import { z } from 'zod';

/**
 * Settings of the in-memory search index (see docs/capacity.md for why these values). Parsed once
 * from the environment like shared/infra/config.ts; tests set SEARCH_REFRESH_SECONDS=0 so a search
 * always sees the writes made just before it.
 */
const schema = z.object({
  SEARCH_REFRESH_SECONDS: z.coerce.number().min(0).max(3600).default(2),
  SEARCH_FULL_RELOAD_SECONDS: z.coerce.number().min(10).max(86_400).default(300),
  SEARCH_FEED_LOOKBACK_SECONDS: z.coerce.number().min(0).max(600).default(5),
  /** Local mode only: where the LA boundaries GeoJSON is read from when the data bucket has none. */
  SEARCH_BOUNDARIES_FILE: z.string().optional(),
});

export type SearchConfig = z.infer<typeof schema>;

export function loadSearchConfig(env: NodeJS.ProcessEnv = process.env): SearchConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid search configuration: ${detail}`);
  }
  return parsed.data;
}
